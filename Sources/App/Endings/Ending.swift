import Fluent
import TandemCore
import Vapor

/// A proposal to end a mentorship, and how it ended. One per mentorship (the unique index makes
/// a second proposal, or ending twice, a conflict).
final class MentorshipEnding: Model, @unchecked Sendable {
    static let schema = "mentorship_endings"

    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var proposedAt: Date?
    @Parent(key: "mentorship_id") var mentorship: Mentorship
    @Parent(key: "proposed_by_id") var proposedBy: User
    @Enum(key: "reason") var reason: EndingReason
    @Field(key: "words") var words: String
    /// The other side asked for a last meeting before the end.
    @OptionalField(key: "last_meeting_asked_at") var lastMeetingAskedAt: Date?
    @OptionalField(key: "ended_at") var endedAt: Date?
    @OptionalParent(key: "ended_by_id") var endedBy: User?
    /// Ended by one side alone (the other did not answer in time, or after a safety concern).
    @Field(key: "ended_alone") var endedAlone: Bool

    init() {}

    init(mentorshipID: UUID, proposedByID: UUID, draft: EndingProposalDraft) {
        self.$mentorship.id = mentorshipID
        self.$proposedBy.id = proposedByID
        self.reason = draft.reason
        self.words = draft.words
        self.endedAlone = false
    }
}

/// What each side writes at the close: a reflection (shared or private) and a note of gratitude
/// (always delivered to the other side). One of each per person.
final class ClosingNote: Model, @unchecked Sendable {
    static let schema = "closing_notes"

    enum Kind: String, Codable, Sendable { case reflection, gratitude }

    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Parent(key: "mentorship_id") var mentorship: Mentorship
    @Parent(key: "author_id") var author: User
    @Enum(key: "kind") var kind: Kind
    @Field(key: "learned") var learned: String
    @Field(key: "differently") var differently: String
    @Field(key: "keep_doing") var keepDoing: String
    @Field(key: "body") var body: String
    @Enum(key: "visibility") var visibility: Visibility

    init() {}

    init(mentorshipID: UUID, authorID: UUID, reflection: ReflectionDraft, visibility: Visibility) {
        self.$mentorship.id = mentorshipID
        self.$author.id = authorID
        self.kind = .reflection
        self.learned = reflection.learned
        self.differently = reflection.differently
        self.keepDoing = reflection.keepDoing
        self.body = ""
        self.visibility = visibility
    }

    init(mentorshipID: UUID, authorID: UUID, gratitude: String) {
        self.$mentorship.id = mentorshipID
        self.$author.id = authorID
        self.kind = .gratitude
        self.learned = ""
        self.differently = ""
        self.keepDoing = ""
        self.body = gratitude
        self.visibility = .pair
    }
}

struct CreateEndings: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(MentorshipEnding.schema)
            .id()
            .field("mentorship_id", .uuid, .required, .references(Mentorship.schema, "id", onDelete: .cascade))
            .field("proposed_by_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("reason", .string, .required)
            .field("words", .string, .required)
            .field("last_meeting_asked_at", .datetime)
            .field("ended_at", .datetime)
            .field("ended_by_id", .uuid, .references(User.schema, "id", onDelete: .setNull))
            .field("ended_alone", .bool, .required)
            .field("created_at", .datetime)
            .unique(on: "mentorship_id", name: "mentorship_endings_one_per_mentorship")
            .create()
        try await database.schema(ClosingNote.schema)
            .id()
            .field("mentorship_id", .uuid, .required, .references(Mentorship.schema, "id", onDelete: .cascade))
            .field("author_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("learned", .string, .required)
            .field("differently", .string, .required)
            .field("keep_doing", .string, .required)
            .field("body", .string, .required)
            .field("visibility", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "mentorship_id", "author_id", "kind", name: "closing_notes_one_of_each")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ClosingNote.schema).delete()
        try await database.schema(MentorshipEnding.schema).delete()
    }
}

/// Records of a pair's working life. Once the mentorship has ended none is created or changed:
/// the mentorship is read-only for both, whichever path the write takes (page, API, a link
/// from a meeting or a feedback request).
protocol PairWorkRecord: Model {
    var pairMentorshipID: UUID { get }
}

extension Message: PairWorkRecord { var pairMentorshipID: UUID { $mentorship.id } }
extension MentorshipNote: PairWorkRecord { var pairMentorshipID: UUID { $mentorship.id } }
extension Meeting: PairWorkRecord { var pairMentorshipID: UUID { $mentorship.id } }
extension ActionItem: PairWorkRecord { var pairMentorshipID: UUID { $mentorship.id } }
extension JournalEntry: PairWorkRecord { var pairMentorshipID: UUID { $mentorship.id } }
extension Resource: PairWorkRecord { var pairMentorshipID: UUID { $mentorship.id } }
extension Feedback: PairWorkRecord { var pairMentorshipID: UUID { $mentorship.id } }
extension CheckIn: PairWorkRecord { var pairMentorshipID: UUID { $mentorship.id } }
extension CharterVersion: PairWorkRecord { var pairMentorshipID: UUID { $mentorship.id } }

struct ReadOnlyAfterEnd<M: PairWorkRecord>: AsyncModelMiddleware {
    func create(model: M, on db: any Database, next: any AnyAsyncModelResponder) async throws {
        try await check(model, on: db)
        try await next.create(model, on: db)
    }

    func update(model: M, on db: any Database, next: any AnyAsyncModelResponder) async throws {
        try await check(model, on: db)
        try await next.update(model, on: db)
    }

    private func check(_ model: M, on db: any Database) async throws {
        let ended = try await Mentorship.query(on: db).filter(\.$id == model.pairMentorshipID).filter(\.$status == .ended).count() > 0
        if ended { throw DomainError.conflict(Endings.readOnly) }
    }
}

extension Databases.Middleware {
    /// Every pair work record refuses writes once its mentorship has ended.
    func useReadOnlyAfterEnd() {
        use(ReadOnlyAfterEnd<Message>())
        use(ReadOnlyAfterEnd<MentorshipNote>())
        use(ReadOnlyAfterEnd<Meeting>())
        use(ReadOnlyAfterEnd<ActionItem>())
        use(ReadOnlyAfterEnd<JournalEntry>())
        use(ReadOnlyAfterEnd<Resource>())
        use(ReadOnlyAfterEnd<Feedback>())
        use(ReadOnlyAfterEnd<CheckIn>())
        use(ReadOnlyAfterEnd<CharterVersion>())
    }
}

/// "I would prefer not to be matched with this person again": the author's alone, never shown to
/// the other side or to coordinators; suggestions and bulk matching leave the pair out, in either
/// direction, for the rest of the program.
final class MatchPreference: Model, @unchecked Sendable {
    static let schema = "match_preferences"

    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Parent(key: "program_id") var program: Program
    @Parent(key: "author_id") var author: User
    @Parent(key: "other_id") var other: User

    init() {}

    init(programID: UUID, authorID: UUID, otherID: UUID) {
        self.$program.id = programID
        self.$author.id = authorID
        self.$other.id = otherID
    }

    /// People the given one is not to be matched with in a program, whoever asked.
    static func avoided(by personID: UUID, in programID: UUID, on db: any Database) async throws -> Set<UUID> {
        let rows = try await MatchPreference.query(on: db).filter(\.$program.$id == programID)
            .group(.or) { $0.filter(\.$author.$id == personID).filter(\.$other.$id == personID) }.all()
        return Set(rows.map { $0.$author.id == personID ? $0.$other.id : $0.$author.id })
    }

    /// Every avoided pair of a program as "a|b" keys, both orders.
    static func avoidedPairs(in programID: UUID, on db: any Database) async throws -> Set<String> {
        let rows = try await MatchPreference.query(on: db).filter(\.$program.$id == programID).all()
        return Set(rows.flatMap { ["\($0.$author.id)|\($0.$other.id)", "\($0.$other.id)|\($0.$author.id)"] })
    }
}

/// A mentee may ask a second mentor alongside the first, for named goals, up to the program's limit.
struct UpdateForSecondMentors: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Program.schema).field("max_mentors_per_mentee", .int).update()
        try await database.schema(MentorshipRequest.schema).field("goal_ids", .array(of: .uuid)).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(MentorshipRequest.schema).deleteField("goal_ids").update()
        try await database.schema(Program.schema).deleteField("max_mentors_per_mentee").update()
    }
}

struct CreateMatchPreferences: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(MatchPreference.schema)
            .id()
            .field("program_id", .uuid, .required, .references(Program.schema, "id", onDelete: .cascade))
            .field("author_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("other_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("created_at", .datetime)
            .unique(on: "program_id", "author_id", "other_id", name: "match_preferences_once")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(MatchPreference.schema).delete()
    }
}
