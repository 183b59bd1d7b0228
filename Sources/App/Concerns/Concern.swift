import Fluent
import TandemCore
import Vapor

/// A concern one side of a mentorship raised with the program's coordinators (journey J13).
/// It is the raiser's: the other side learns of it only when `otherInvolved`.
final class Concern: Model, @unchecked Sendable {
    static let schema = "concerns"

    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Parent(key: "program_id") var program: Program
    @Parent(key: "mentorship_id") var mentorship: Mentorship
    @Parent(key: "raiser_id") var raiser: User
    @Parent(key: "other_id") var other: User
    @Enum(key: "category") var category: ConcernCategory
    @Field(key: "description") var description: String
    @Field(key: "cites_code_of_conduct") var citesCodeOfConduct: Bool
    @Enum(key: "state") var state: CaseState
    @OptionalEnum(key: "outcome") var outcome: CaseOutcome?
    /// The raiser agrees that the coordinators may bring the other side in.
    @Field(key: "consent_to_mediation") var consentToMediation: Bool
    /// The other side knows of the case (the raiser told them, or mediation opened with consent).
    @Field(key: "other_involved") var otherInvolved: Bool
    @OptionalField(key: "acknowledged_at") var acknowledgedAt: Date?
    @OptionalField(key: "resolved_at") var resolvedAt: Date?
    @OptionalField(key: "closed_at") var closedAt: Date?

    init() {}

    init(mentorship: Mentorship, raiserID: UUID, draft: ConcernDraft) throws {
        self.$program.id = mentorship.$program.id
        self.$mentorship.id = try mentorship.requireID()
        self.$raiser.id = raiserID
        self.$other.id = mentorship.counterpart(of: raiserID)!
        self.category = draft.category
        self.description = draft.description
        self.citesCodeOfConduct = draft.citesCodeOfConduct
        self.state = .raised
        self.consentToMediation = draft.consentToMediation
        self.otherInvolved = draft.tellOther
    }

    /// How a viewer stands to this case: the raiser is its author, the other side its counterpart.
    func relation(of viewerID: UUID, coordinators: Set<UUID>) -> ViewerRelation {
        ViewerRelation.of(viewer: viewerID, author: $raiser.id, pair: [$raiser.id, $other.id], coordinators: coordinators, participants: [])
    }

    func access(_ relation: ViewerRelation, to part: ConcernPart) -> Access {
        AccessPolicy.access(relation, to: .concern(part, otherInvolved: otherInvolved))
    }
}

/// A record the raiser chose to share with the coordinators, copied as it was when shared.
final class ConcernSharedRecord: Model, @unchecked Sendable {
    static let schema = "concern_shared_records"

    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Parent(key: "concern_id") var concern: Concern
    /// `ConcernShare.choice`.
    @Field(key: "choice") var choice: String
    @Field(key: "label") var label: String
    @Field(key: "excerpt") var excerpt: String

    init() {}

    init(concernID: UUID, share: ConcernShare, label: String, excerpt: String) {
        self.$concern.id = concernID
        self.choice = share.choice
        self.label = label
        self.excerpt = excerpt
    }
}

/// One timestamped line of a case: a move, a case note, a word between a party and the
/// coordinators, an agreed action. Who reads it follows from its `part`.
final class ConcernEntry: Model, @unchecked Sendable {
    static let schema = "concern_entries"

    enum Kind: String, Codable, Sendable {
        case move
        case note
        case message
        case action
    }

    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Parent(key: "concern_id") var concern: Concern
    @Parent(key: "author_id") var author: User
    @Enum(key: "kind") var kind: Kind
    /// For messages: "raiser" or "other", the party the conversation is with.
    @OptionalField(key: "party") var party: String?
    @Field(key: "body") var body: String
    @OptionalEnum(key: "from_state") var fromState: CaseState?
    @OptionalEnum(key: "to_state") var toState: CaseState?
    @OptionalParent(key: "action_owner_id") var actionOwner: User?
    @OptionalField(key: "action_due_on") var actionDueOn: String?

    init() {}

    init(concernID: UUID, authorID: UUID, kind: Kind, body: String, party: String? = nil) {
        self.$concern.id = concernID
        self.$author.id = authorID
        self.kind = kind
        self.body = body
        self.party = party
    }

    var part: ConcernPart {
        switch kind {
        case .move: .outline
        case .note: .caseNote
        case .action: .agreedAction
        case .message: party == "other" ? .otherThread : .raiserThread
        }
    }
}

/// A coordinator read a case: the raiser reads every entry.
final class ConcernRead: Model, @unchecked Sendable {
    static let schema = "concern_reads"

    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Parent(key: "concern_id") var concern: Concern
    @Parent(key: "actor_id") var actor: User
    @Field(key: "channel") var channel: String

    init() {}

    init(concernID: UUID, actorID: UUID, channel: String) {
        self.$concern.id = concernID
        self.$actor.id = actorID
        self.channel = channel
    }
}

struct CreateConcerns: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Concern.schema)
            .id()
            .field("program_id", .uuid, .required, .references(Program.schema, "id", onDelete: .cascade))
            .field("mentorship_id", .uuid, .required, .references(Mentorship.schema, "id", onDelete: .cascade))
            .field("raiser_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("other_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("category", .string, .required)
            .field("description", .string, .required)
            .field("cites_code_of_conduct", .bool, .required)
            .field("state", .string, .required)
            .field("outcome", .string)
            .field("consent_to_mediation", .bool, .required)
            .field("other_involved", .bool, .required)
            .field("acknowledged_at", .datetime)
            .field("resolved_at", .datetime)
            .field("closed_at", .datetime)
            .field("created_at", .datetime)
            .create()
        try await database.schema(ConcernSharedRecord.schema)
            .id()
            .field("concern_id", .uuid, .required, .references(Concern.schema, "id", onDelete: .cascade))
            .field("choice", .string, .required)
            .field("label", .string, .required)
            .field("excerpt", .string, .required)
            .field("created_at", .datetime)
            .create()
        try await database.schema(ConcernEntry.schema)
            .id()
            .field("concern_id", .uuid, .required, .references(Concern.schema, "id", onDelete: .cascade))
            .field("author_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("party", .string)
            .field("body", .string, .required)
            .field("from_state", .string)
            .field("to_state", .string)
            .field("action_owner_id", .uuid, .references(User.schema, "id", onDelete: .setNull))
            .field("action_due_on", .string)
            .field("created_at", .datetime)
            .create()
        try await database.schema(ConcernRead.schema)
            .id()
            .field("concern_id", .uuid, .required, .references(Concern.schema, "id", onDelete: .cascade))
            .field("actor_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("channel", .string, .required)
            .field("created_at", .datetime)
            .create()
        // The program's promise to answer, its code of conduct, who accepted it, and the pause a safety concern sets.
        try await database.schema(Program.schema).field("response_time_days", .int).update()
        try await database.schema(Program.schema).field("code_of_conduct", .string).update()
        try await database.schema(ProgramMembership.schema).field("conduct_accepted_at", .datetime).update()
        try await database.schema(Mentorship.schema).field("paused_at", .datetime).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Mentorship.schema).deleteField("paused_at").update()
        try await database.schema(ProgramMembership.schema).deleteField("conduct_accepted_at").update()
        try await database.schema(Program.schema).deleteField("code_of_conduct").update()
        try await database.schema(Program.schema).deleteField("response_time_days").update()
        try await database.schema(ConcernRead.schema).delete()
        try await database.schema(ConcernEntry.schema).delete()
        try await database.schema(ConcernSharedRecord.schema).delete()
        try await database.schema(Concern.schema).delete()
    }
}
