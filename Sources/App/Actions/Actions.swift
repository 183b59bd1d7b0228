import Fluent
import SQLKit
import TandemCore
import Vapor

/// Action items (journey J9): an owner on either side, a due date, open, done or dropped; carried
/// into the next meeting's agenda until done or dropped; overdue ones highlighted and reminded.
enum Actions {
    struct Input: Content {
        var title: String?
        /// The person who does it: the mentor's or the mentee's id. The creator by default.
        var ownerId: UUID?
        var dueOn: String?
        var meetingId: UUID?
        var status: String?
    }

    static func isOverdue(_ item: ActionItem, today: CalendarDate) -> Bool {
        item.status == .open && (item.dueOn.flatMap(CalendarDate.init).map { $0 < today } ?? false)
    }

    static func create(_ input: Input, in access: Mentorships.Access, by user: User, _ context: ActionContext) async throws -> ActionItem {
        let mentorship = access.mentorship
        var v = InputValidator()
        let title = v.text("title", input.title, label: "Action", max: 300)
        let ownerID = input.ownerId ?? access.viewerID
        if !mentorship.pair.contains(ownerID) { v.add("ownerId", "An action belongs to \(mentorship.mentor.displayName) or \(mentorship.mentee.displayName).") }
        let dueOn = input.dueOn.flatMap { v.optionalDate("dueOn", $0) }?.description
        try v.check()
        if let meetingID = input.meetingId {
            guard try await Meeting.query(on: context.db).filter(\.$id == meetingID).filter(\.$mentorship.$id == mentorship.requireID()).count() == 1 else {
                throw ValidationFailure("meetingId", "That meeting is not one of this mentorship's.")
            }
        }
        let item = ActionItem(mentorshipID: try mentorship.requireID(), meetingID: input.meetingId, ownerID: ownerID,
                              createdByID: access.viewerID, title: title, dueOn: dueOn)
        let owner = ownerID == mentorship.$mentor.id ? mentorship.mentor : mentorship.mentee
        try await context.db.writeTransaction { db in
            try await item.save(on: db)
            if ownerID != user.id {
                try await Notifier.notify(owner, title: "\(user.displayName) noted an action for you",
                                          body: "“\(title)”\(dueOn.flatMap(CalendarDate.init).map { ", due \(DateVoice.spoken($0))" } ?? "").",
                                          link: Paths.mentorship(try mentorship.requireID(), .actions), email: false,
                                          publicURL: context.publicURL, on: db, logger: context.logger)
            }
        }
        item.$owner.value = owner
        return item
    }

    static func find(_ id: UUID?, for user: User, on db: any Database) async throws -> (ActionItem, Mentorships.Access) {
        guard let id, let item = try await ActionItem.query(on: db).filter(\.$id == id).with(\.$owner).first() else {
            throw DomainError.notFound("Action item")
        }
        let access = try await Mentorships.pairAccess(item.$mentorship.id, for: user, on: db)
        return (item, access)
    }

    /// Either side may tick an action off, rename it or move its date; both are in it together.
    static func update(_ id: UUID?, _ input: Input, by user: User, on db: any Database) async throws -> ActionItem {
        let (item, access) = try await find(id, for: user, on: db)
        var v = InputValidator()
        if let title = input.title { item.title = v.text("title", title, label: "Action", max: 300) }
        if let raw = input.dueOn { item.dueOn = v.optionalDate("dueOn", raw)?.description }
        if let owner = input.ownerId {
            if access.mentorship.pair.contains(owner) { item.$owner.id = owner } else {
                v.add("ownerId", "An action belongs to \(access.mentorship.mentor.displayName) or \(access.mentorship.mentee.displayName).")
            }
        }
        if let raw = input.status {
            if let status = ActionItem.Status(rawValue: raw) {
                if status != item.status { item.doneAt = status == .done ? Date() : nil }
                item.status = status
            } else {
                v.add("status", "Status is “open”, “done” or “dropped”.")
            }
        }
        try v.check()
        try await item.save(on: db)
        try await item.$owner.load(on: db)
        return item
    }

    struct List {
        let open: [ActionItem]
        let done: [ActionItem]
        let dropped: [ActionItem]
        let count: [ActionItem.Status: Int]
    }

    /// Open items first (by due date), then the latest done and dropped; `limit` bounds a long history.
    static func list(in mentorshipID: UUID, limit: Int = 50, on db: any Database) async throws -> List {
        let base = ActionItem.query(on: db).filter(\.$mentorship.$id == mentorshipID)
        let open = try await base.copy().filter(\.$status == .open).with(\.$owner).sort(\.$dueOn).sort(\.$createdAt).limit(limit).all()
        let done = try await base.copy().filter(\.$status == .done).with(\.$owner).sort(\.$doneAt, .descending).limit(limit).all()
        let dropped = try await base.copy().filter(\.$status == .dropped).with(\.$owner).sort(\.$updatedAt, .descending).limit(limit).all()
        return List(open: open, done: done, dropped: dropped, count: try await counts(in: mentorshipID, on: db))
    }

    /// How many action items a mentorship has in each state, in one grouped query.
    static func counts(in mentorshipID: UUID, on db: any Database) async throws -> [ActionItem.Status: Int] {
        struct Row: Decodable { let status: String; let n: Int }
        guard let sql = db as? any SQLDatabase else { throw Abort(.internalServerError, reason: "Tandem runs on an SQL database.") }
        let rows = try await sql.select().column("status").column(SQLFunction("count", args: SQLLiteral.all), as: "n")
            .from(ActionItem.schema).where("mentorship_id", .equal, SQLBind(mentorshipID)).groupBy("status").all(decoding: Row.self)
        var counts = Dictionary(uniqueKeysWithValues: ActionItem.Status.allCases.map { ($0, 0) })
        for row in rows { if let status = ActionItem.Status(rawValue: row.status) { counts[status] = row.n } }
        return counts
    }
}
