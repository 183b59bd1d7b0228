import Fluent
import FluentSQL
import TandemCore
import Vapor

/// Keeping in touch (journey J10): the message thread with thank-yous and reflections after
/// meetings, the mentee's journal of wins and setbacks, and the mentor's recommended resources.
enum FollowUp {
    // MARK: messages

    struct MessageInput: Content {
        var body: String?
        /// "message" (default), "thank_you" or "reflection"; the last two name a meeting.
        var kind: String?
        var meetingId: UUID?
    }

    /// A page of the thread, oldest first: the latest `limit` messages, or the `limit` just before
    /// the message `before` names. Keyset paging on (createdAt, id), so messages written while a
    /// client pages back neither repeat nor go missing.
    /// `olderThan` serves the page's conversation, which pages by time across messages and notes.
    static func messages(in mentorshipID: UUID, before: UUID? = nil, olderThan: Date? = nil, limit: Int = 100,
                         on db: any Database) async throws -> [Message] {
        let query = Message.query(on: db).filter(\.$mentorship.$id == mentorshipID)
        if let olderThan { query.filter(\.$createdAt < olderThan) }
        if let before {
            guard try await Message.query(on: db).filter(\.$id == before).filter(\.$mentorship.$id == mentorshipID).count() == 1 else {
                throw ValidationFailure("before", "That is not a message of this mentorship.")
            }
            // The anchor's time is compared inside the database: a date read into Swift and bound
            // again can come back a hair different, and the page would repeat.
            let at: SQLQueryString = "(SELECT \(ident: "created_at") FROM \(ident: Message.schema) WHERE \(ident: "id") = \(bind: before))"
            query.filter(.sql(embed: "(\(ident: "created_at") < \(at) OR (\(ident: "created_at") = \(at) AND \(ident: "id") < \(bind: before)))"))
        }
        return try await query.with(\.$author).sort(\.$createdAt, .descending).sort(\.$id, .descending).limit(limit).all().reversed()
    }

    static func post(_ input: MessageInput, in access: Mentorships.Access, by user: User, _ context: ActionContext) async throws -> Message {
        var v = InputValidator()
        let body = v.text("body", input.body, label: "Message", max: 4000)
        let kind = Message.Kind(rawValue: input.kind ?? Message.Kind.message.rawValue)
        if kind == nil { v.add("kind", "Kind is one of: \(Message.Kind.allCases.map(\.rawValue).joined(separator: ", ")).") }
        if kind != .message && kind != nil && input.meetingId == nil { v.add("meetingId", "Say which meeting the thank-you or reflection is about.") }
        try v.check()
        let mentorship = access.mentorship
        try Concerns.requireNotPaused(mentorship)
        let mentorshipID = try mentorship.requireID()
        if let meetingID = input.meetingId {
            guard let meeting = try await Meeting.query(on: context.db).filter(\.$id == meetingID).filter(\.$mentorship.$id == mentorshipID).first() else {
                throw ValidationFailure("meetingId", "That meeting is not one of this mentorship's.")
            }
            if kind != .message && !meeting.isHeld() {
                throw DomainError.conflict("A thank-you or reflection follows a meeting that took place.")
            }
        }
        let message = Message(mentorshipID: mentorshipID, authorID: access.viewerID, kind: kind!, body: body, meetingID: input.meetingId)
        let other = access.viewerID == mentorship.$mentor.id ? mentorship.mentee : mentorship.mentor
        let title = switch kind! {
        case .message: "\(user.displayName) wrote to you"
        case .thankYou: "\(user.displayName) says thank you"
        case .reflection: "\(user.displayName) shared a reflection"
        }
        try await context.db.writeTransaction { db in
            try await message.save(on: db)
            try await Notifier.notify(other, title: title, body: String(body.prefix(300)), link: Paths.mentorship(mentorshipID, .conversation),
                                      email: true, publicURL: context.publicURL, on: db, logger: context.logger)
        }
        message.$author.value = user
        return message
    }

    /// Held meetings the mentee has not yet followed up on: the invitation to say thank you.
    static func awaitingFollowUp(in mentorship: Mentorship, now: Date = Date(), on db: any Database) async throws -> [Meeting] {
        let mentorshipID = try mentorship.requireID()
        let held = try await Meeting.query(on: db).filter(\.$mentorship.$id == mentorshipID).filter(\.$status == .accepted)
            .filter(\.$endsAt <= now).filter(\.$endsAt > now.addingTimeInterval(-14 * 86_400)).sort(\.$startsAt, .descending).all()
        guard !held.isEmpty else { return [] }
        let answered = Set(try await Message.query(on: db).filter(\.$mentorship.$id == mentorshipID).filter(\.$kind != .message)
            .filter(\.$author.$id == mentorship.$mentee.id).all().compactMap(\.$meeting.id))
        return held.filter { !answered.contains($0.id!) }
    }

    // MARK: journal

    struct JournalInput: Content {
        var kind: String?
        var body: String?
        /// "pair" to share with the mentor, "author_only" to keep it to yourself.
        var visibility: String?
    }

    static func journal(of access: Mentorships.Access, on db: any Database) async throws -> (readable: [JournalEntry], counted: Int) {
        let entries = try await JournalEntry.query(on: db).filter(\.$mentorship.$id == access.mentorship.requireID())
            .with(\.$author).sort(\.$createdAt, .descending).limit(200).all()
        var readable: [JournalEntry] = []
        var counted = 0
        for entry in entries {
            switch AccessPolicy.access(access.relation(toRecordBy: entry.$author.id), to: entry.visibility) {
            case .read: readable.append(entry)
            case .aggregate: counted += 1
            case .none: continue
            }
        }
        return (readable, counted)
    }

    static func addJournalEntry(_ input: JournalInput, in access: Mentorships.Access, by user: User, _ context: ActionContext) async throws -> JournalEntry {
        guard access.viewerID == access.mentorship.$mentee.id else {
            throw DomainError.forbidden("The journal of wins and setbacks is the mentee's to write.")
        }
        var v = InputValidator()
        let kind = JournalEntry.Kind(rawValue: input.kind ?? "")
        if kind == nil { v.add("kind", "Is it a “win” or a “setback”?") }
        let body = v.text("body", input.body, label: "Entry", max: 4000)
        let visibility = Visibility(rawValue: input.visibility ?? Visibility.pair.rawValue)
        if visibility == nil || visibility == .programAggregate { v.add("visibility", "Share it (“pair”) or keep it to yourself (“author_only”).") }
        try v.check()
        let entry = JournalEntry(mentorshipID: try access.mentorship.requireID(), authorID: access.viewerID, kind: kind!, body: body, visibility: visibility!)
        let mentor = access.mentorship.mentor
        try await context.db.writeTransaction { db in
            try await entry.save(on: db)
            if visibility == .pair {
                try await Notifier.notify(mentor, title: "\(user.displayName) shared a \(kind == .win ? "win" : "setback")", body: String(body.prefix(300)),
                                          link: Paths.mentorship(try access.mentorship.requireID(), .wins), email: false,
                                          publicURL: context.publicURL, on: db, logger: context.logger)
            }
        }
        entry.$author.value = user
        return entry
    }

    // MARK: resources

    struct ResourceInput: Content {
        var title: String?
        var url: String?
        var kind: String?
        var why: String?
        var impressions: String?
        var onNextAgenda: Bool?
    }

    static func resources(in mentorshipID: UUID, on db: any Database) async throws -> [Resource] {
        try await Resource.query(on: db).filter(\.$mentorship.$id == mentorshipID).with(\.$addedBy).sort(\.$createdAt, .descending).limit(200).all()
    }

    static func recommend(_ input: ResourceInput, in access: Mentorships.Access, by user: User, _ context: ActionContext) async throws -> Resource {
        guard access.viewerID == access.mentorship.$mentor.id else {
            throw DomainError.forbidden("Resources are the mentor's recommendations; ask for one in the messages.")
        }
        var v = InputValidator()
        let title = v.text("title", input.title, label: "Title", max: 300)
        let url = v.optionalText("url", input.url, label: "Link", max: 1000)
        if !url.isEmpty && !MeetingDraft.isWebLink(url) { v.add("url", "The link must be a web address starting with https:// (or http://).") }
        let kind = Resource.Kind(rawValue: input.kind ?? "")
        if kind == nil { v.add("kind", "Kind is one of: \(Resource.Kind.allCases.map(\.rawValue).joined(separator: ", ")).") }
        let why = v.optionalText("why", input.why, label: "Why", max: 2000)
        try v.check()
        let resource = Resource(mentorshipID: try access.mentorship.requireID(), addedByID: access.viewerID, title: title, url: url, kind: kind!, why: why)
        let mentee = access.mentorship.mentee
        try await context.db.writeTransaction { db in
            try await resource.save(on: db)
            try await Notifier.notify(mentee, title: "\(user.displayName) recommends a \(kind!.rawValue)", body: "“\(title)”\(why.isEmpty ? "" : " — \(why.prefix(200))")",
                                      link: Paths.mentorship(try access.mentorship.requireID(), .resources), email: true,
                                      publicURL: context.publicURL, on: db, logger: context.logger)
        }
        resource.$addedBy.value = user
        return resource
    }

    /// The mentee reports back: impressions, and whether to talk about it at the next meeting.
    static func respond(to id: UUID?, _ input: ResourceInput, by user: User, on db: any Database) async throws -> Resource {
        guard let id, let resource = try await Resource.query(on: db).filter(\.$id == id).with(\.$addedBy).first() else {
            throw DomainError.notFound("Resource")
        }
        let access = try await Mentorships.pairAccess(resource.$mentorship.id, for: user, on: db)
        guard access.viewerID == access.mentorship.$mentee.id else {
            throw DomainError.forbidden("Impressions are the mentee's to write.")
        }
        var v = InputValidator()
        if let impressions = input.impressions {
            resource.impressions = v.optionalText("impressions", impressions, label: "Impressions", max: 4000)
            resource.impressionsAt = resource.impressions.isEmpty ? nil : Date()
        }
        try v.check()
        if let next = input.onNextAgenda { resource.onNextAgenda = next }
        try await resource.save(on: db)
        return resource
    }
}
