import Fluent
import TandemCore
import Vapor

/// Reading and writing inside a mentorship. Every read decides access through `AccessPolicy`.
enum Mentorships {
    /// A mentorship as one viewer may see it.
    struct Access {
        let mentorship: Mentorship
        let viewerID: UUID
        /// `.counterpart` for either person in the pair (each is the other's counterpart),
        /// `.coordinator` for a coordinator outside the pair.
        let relation: ViewerRelation

        var isPairMember: Bool { relation == .counterpart }

        /// How the viewer stands to one record of this mentorship.
        func relation(toRecordBy authorID: UUID) -> ViewerRelation {
            authorID == viewerID ? .author : relation
        }

        func canRead(_ visibility: Visibility, authoredBy authorID: UUID) -> Bool {
            AccessPolicy.canRead(relation(toRecordBy: authorID), visibility)
        }
    }

    enum Channel: String {
        case web = "web page"
        case api = "API"
    }

    /// The pair reads their mentorship; a coordinator of its program may see its outline, and
    /// that look is written to the audit log the pair can read. Anyone else gets 404.
    static func access(_ id: UUID?, for user: User, via channel: Channel, on db: any Database) async throws -> Access {
        let userID = try user.requireID()
        let mentorship = try await find(id, on: db)
        if mentorship.pair.contains(userID) {
            return Access(mentorship: mentorship, viewerID: userID, relation: .counterpart)
        }
        let isCoordinator = try await ProgramMembership.query(on: db)
            .filter(\.$program.$id == mentorship.$program.id).filter(\.$user.$id == userID)
            .filter(\.$isCoordinator == true).count() > 0
        guard isCoordinator else { throw DomainError.notFound("Mentorship") }
        try await AccessAuditEntry(mentorshipID: try mentorship.requireID(), actorID: userID, action: "viewed the mentorship outline",
                                   channel: channel.rawValue).save(on: db)
        return Access(mentorship: mentorship, viewerID: userID, relation: .coordinator)
    }

    /// For what only the pair ever reads: anyone else, a coordinator included, gets 404 (and no
    /// audit entry, since nothing was shown).
    static func pairAccess(_ id: UUID?, for user: User, on db: any Database) async throws -> Access {
        let userID = try user.requireID()
        let mentorship = try await find(id, on: db)
        guard mentorship.pair.contains(userID) else { throw DomainError.notFound("Mentorship") }
        return Access(mentorship: mentorship, viewerID: userID, relation: .counterpart)
    }

    /// The same, for the mentorship a request's path names (`:mentorshipID`) and its signed-in user.
    static func pairAccess(_ req: Request) async throws -> Access {
        try await pairAccess(req.parameters.get("mentorshipID", as: UUID.self), for: try req.user, on: req.db)
    }

    /// A mentorship with both people and its program, or 404.
    private static func find(_ id: UUID?, on db: any Database) async throws -> Mentorship {
        guard let id, let mentorship = try await Mentorship.query(on: db).filter(\.$id == id)
            .with(\.$mentor).with(\.$mentee).with(\.$program).first() else {
            throw DomainError.notFound("Mentorship")
        }
        return mentorship
    }

    static func mentorships(of user: User, on db: any Database) async throws -> [Mentorship] {
        let userID = try user.requireID()
        return try await Mentorship.query(on: db)
            .group(.or) { $0.filter(\.$mentor.$id == userID).filter(\.$mentee.$id == userID) }
            .with(\.$mentor).with(\.$mentee).with(\.$program)
            .sort(\.$startedAt, .descending).all()
    }

    static func mentorships(inProgram programID: UUID, on db: any Database) async throws -> [Mentorship] {
        try await Mentorship.query(on: db).filter(\.$program.$id == programID)
            .with(\.$mentor).with(\.$mentee).sort(\.$startedAt, .descending).all()
    }

    /// Notes the viewer may read, newest first. Notes they may only count are counted.
    static func notes(in access: Access, on db: any Database) async throws -> (readable: [MentorshipNote], counted: Int) {
        let all = try await MentorshipNote.query(on: db).filter(\.$mentorship.$id == access.mentorship.requireID())
            .with(\.$author).sort(\.$createdAt, .descending).all()
        var readable: [MentorshipNote] = []
        var counted = 0
        for note in all {
            switch AccessPolicy.access(access.relation(toRecordBy: note.$author.id), to: note.visibility) {
            case .read: readable.append(note)
            case .aggregate: counted += 1
            case .none: continue
            }
        }
        return (readable, counted)
    }

    struct NoteInput: Content {
        var body: String?
        var visibility: String?
    }

    static func addNote(_ input: NoteInput, in access: Access, on db: any Database) async throws -> MentorshipNote {
        guard access.isPairMember else {
            throw DomainError.forbidden("Only the mentor and the mentee write in a mentorship.")
        }
        var v = InputValidator()
        let body = v.text("body", input.body, label: "Note", max: Limits.noteBody)
        let visibility = Visibility(rawValue: input.visibility ?? Visibility.pair.rawValue)
        if visibility == nil {
            v.add("visibility", "Visibility must be one of: \(Visibility.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        try v.check()
        if visibility == .pair { try Concerns.requireNotPaused(access.mentorship) }
        let note = try MentorshipNote(mentorshipID: access.mentorship.requireID(), authorID: access.viewerID,
                                      visibility: visibility!, body: body)
        try await note.save(on: db)
        try await note.$author.load(on: db)
        return note
    }

    /// Who outside the pair looked at this mentorship: for the pair's eyes only.
    static func auditLog(of access: Access, on db: any Database) async throws -> [AccessAuditEntry] {
        guard access.isPairMember else { throw DomainError.forbidden("Only the pair reads its access log.") }
        return try await AccessAuditEntry.query(on: db).filter(\.$mentorship.$id == access.mentorship.requireID())
            .with(\.$actor).sort(\.$createdAt, .descending).limit(200).all()
    }
}
