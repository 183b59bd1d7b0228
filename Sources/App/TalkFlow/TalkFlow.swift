import Fluent
import TandemCore
import Vapor

/// The talk flow of a meeting (journey J8): the guides' five parts, the questions brought, and
/// notes shared with the pair or private to their author.
enum TalkFlow {
    struct AgendaInput: Content {
        var section: String?
        var body: String?
    }

    static func addItem(_ input: AgendaInput, in access: Meetings.Access, on db: any Database) async throws -> AgendaItem {
        var v = InputValidator()
        let section = AgendaItem.Section(rawValue: input.section ?? "")
        if section == nil {
            v.add("section", "Choose a part of the talk flow: \(AgendaItem.Section.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        let body = v.text("body", input.body, label: "Agenda item", max: 2000)
        try v.check()
        if access.meeting.status == .cancelled { throw DomainError.conflict("This meeting was cancelled.") }
        let item = AgendaItem(meetingID: try access.meeting.requireID(), authorID: access.viewerID, section: section!, body: body)
        try await item.save(on: db)
        try await item.$author.load(on: db)
        return item
    }

    static func deleteItem(_ id: UUID?, in access: Meetings.Access, on db: any Database) async throws {
        guard let id, let item = try await AgendaItem.query(on: db).filter(\.$id == id).filter(\.$meeting.$id == access.meeting.requireID()).first() else {
            throw DomainError.notFound("Agenda item")
        }
        guard item.$author.id == access.viewerID else { throw DomainError.forbidden("Only its author removes an agenda item.") }
        try await item.delete(on: db)
    }

    struct Agenda {
        let items: [AgendaItem.Section: [AgendaItem]]
        /// Open action items, carried into every meeting still to come until they are done.
        let carried: [ActionItem]
        /// Resources the mentee put on the next agenda (shown on the next meeting to come).
        let resources: [Resource]
    }

    static func agenda(of access: Meetings.Access, now: Date = Date(), on db: any Database) async throws -> Agenda {
        let meeting = access.meeting
        let items = try await AgendaItem.query(on: db).filter(\.$meeting.$id == meeting.requireID()).with(\.$author).sort(\.$createdAt).all()
        var carried: [ActionItem] = []
        var resources: [Resource] = []
        if meeting.endsAt > now && meeting.status != .cancelled {
            carried = try await ActionItem.query(on: db).filter(\.$mentorship.$id == meeting.$mentorship.id).filter(\.$status == .open)
                .with(\.$owner).sort(\.$dueOn).limit(100).all().filter { $0.$meeting.id != meeting.id }
            let next = try await Meeting.query(on: db).filter(\.$mentorship.$id == meeting.$mentorship.id).filter(\.$status != .cancelled)
                .filter(\.$endsAt > now).sort(\.$startsAt).first()
            if next?.id == meeting.id {
                resources = try await Resource.query(on: db).filter(\.$mentorship.$id == meeting.$mentorship.id).filter(\.$onNextAgenda == true).with(\.$addedBy).all()
            }
        }
        return Agenda(items: Dictionary(grouping: items, by: \.section), carried: carried, resources: resources)
    }

    // MARK: notes

    struct NoteInput: Content {
        var body: String?
        var visibility: String?
    }

    /// Notes the viewer may read, by `AccessPolicy`: shared ones and their own private ones.
    static func notes(of access: Meetings.Access, on db: any Database) async throws -> [MeetingNote] {
        try await MeetingNote.query(on: db).filter(\.$meeting.$id == access.meeting.requireID()).with(\.$author).sort(\.$createdAt).all()
            .filter { AccessPolicy.canRead($0.$author.id == access.viewerID ? .author : .counterpart, $0.visibility) }
    }

    static func validate(_ input: NoteInput, defaultVisibility: Visibility) throws -> (String, Visibility) {
        var v = InputValidator()
        let body = v.text("body", input.body, label: "Note", max: Limits.noteBody)
        let visibility = input.visibility.map { Visibility(rawValue: $0) } ?? defaultVisibility
        if visibility == nil || visibility == .programAggregate {
            v.add("visibility", "A meeting note is “pair” (both of you) or “author_only” (you alone).")
        }
        try v.check()
        return (body, visibility!)
    }

    static func addNote(_ input: NoteInput, in access: Meetings.Access, on db: any Database) async throws -> MeetingNote {
        let (body, visibility) = try validate(input, defaultVisibility: .pair)
        let note = MeetingNote(meetingID: try access.meeting.requireID(), authorID: access.viewerID, visibility: visibility, body: body)
        try await note.save(on: db)
        try await note.$author.load(on: db)
        return note
    }

    /// Only a note's author edits it. Another person's private note does not exist for the viewer.
    static func editNote(_ id: UUID?, _ input: NoteInput, in access: Meetings.Access, on db: any Database) async throws -> MeetingNote {
        guard let id, let note = try await MeetingNote.query(on: db).filter(\.$id == id).filter(\.$meeting.$id == access.meeting.requireID())
            .with(\.$author).first(), AccessPolicy.canRead(note.$author.id == access.viewerID ? .author : .counterpart, note.visibility) else {
            throw DomainError.notFound("Note")
        }
        guard note.$author.id == access.viewerID else { throw DomainError.forbidden("Only \(note.author.displayName) edits their note.") }
        let (body, visibility) = try validate(input, defaultVisibility: note.visibility)
        note.body = body
        note.visibility = visibility
        try await note.save(on: db)
        return note
    }
}
