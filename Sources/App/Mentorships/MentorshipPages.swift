import Fluent
import TandemCore
import Vapor

/// The pages of one mentorship: an overview, then a tab per kind of work (meetings, goals,
/// actions, the conversation, wins and setbacks, resources, the charter). What the viewer may
/// read of it, and nothing more: a coordinator gets the outline only.
enum MentorshipPages {
    static func register(signedIn routes: any RoutesBuilder) {
        routes.get("mentorships", ":mentorshipID", use: overview)
        for tab in [MentorshipTab.goals, .conversation, .wins, .resources] {
            routes.get("mentorships", ":mentorshipID", PathComponent(stringLiteral: tab.rawValue)) { req in
                try await render(req, try await Mentorships.pairAccess(req), tab: tab)
            }
        }
        routes.post("mentorships", ":mentorshipID", "conversation", use: converse)
        routes.post("mentorships", ":mentorshipID", "notes", use: addNote)
    }

    /// One entry of the conversation: a message (e-mailed) or a note (shared, or private to its author).
    struct ThreadItem: Encodable {
        let authorName: String
        let avatar: Avatar
        let kindLabel: String
        let body: String
        let at: String
        let isMine: Bool
        let isPrivate: Bool
        /// When it was written: where the next page of the conversation starts.
        let date: Date
    }

    /// The conversation's page cursor: an instant in whole microseconds, one before the oldest item
    /// shown. SQLite keeps a finer time than it gives back (rounded to the microsecond, sometimes
    /// up), so the item's own time would show it again on the earlier page.
    enum ThreadCursor {
        static func text(_ date: Date) -> String { String(Int64((date.timeIntervalSince1970 * 1_000_000).rounded(.down)) - 1) }
        static func date(_ text: String) -> Date? { Int64(text).map { Date(timeIntervalSince1970: Double($0) / 1_000_000) } }
    }

    /// One entry of the wins-and-setbacks timeline: a milestone, an achieved goal or a journal entry.
    struct TimelineItem: Encodable {
        let kind: String
        let heading: String
        let body: String
        let link: String?
        let at: String
        let visibilityLabel: String
    }

    struct AuditRow: Encodable {
        let actorName: String
        let action: String
        let channel: String
        let at: String
    }

    struct VisibilityOption: Encodable {
        let value: String
        let label: String
        let hint: String
    }

    struct Page: Encodable {
        let id: UUID
        let header: MentorshipHeader
        let tab: String
        let isPair: Bool
        let isMentee: Bool
        let menteeName: String
        let charterText: String
        let charterLink: String
        /// The first coming meeting that is not cancelled.
        let next: MeetingPages.MeetingRow?
        /// The meeting rhythm: an SVG strip of the months, and the sentence it says.
        let rhythm: String
        let rhythmSummary: String
        let goals: [GoalPages.GoalRow]
        let thread: [ThreadItem]
        /// The conversation tab pages back: "" when there is nothing earlier / nothing later.
        let earlierLink: String
        let latestLink: String
        let timeline: [TimelineItem]
        let audit: [AuditRow]
        let sendOptions: [VisibilityOption]
        let together: MentorshipTogether?
        /// What a coordinator may count.
        let outline: Outline?
        let forms: [String: FormState]
    }

    /// A coordinator's view: that the mentorship exists and how active it is, never its content.
    struct Outline: Encodable {
        let notesCounted: Int
        let goalsCounted: Int
        let winsCounted: Int
        let counts: MentorshipTogether.Counts
    }

    static let threadLimit = 40

    static func render(_ req: Request, _ access: Mentorships.Access, tab: MentorshipTab = .overview,
                       forms: [String: FormState] = [:]) async throws -> Response {
        let m = access.mentorship
        let id = try m.requireID()
        let user = try req.user
        let now = Date()
        let voice = user.voice
        let charter = try await Charters.history(of: id, on: req.db)
        let header = MentorshipHeader(access, tab: tab, charter: charter, viewer: user, now: now)
        let notes = try await Mentorships.notes(in: access, on: req.db)
        let goals = try await Goals.goals(in: access, on: req.db)
        let wins = try await Goals.wins(in: access, on: req.db)
        let title = "\(m.mentor.displayName) & \(m.mentee.displayName)"

        guard access.isPairMember else {
            let outline = Outline(notesCounted: notes.counted, goalsCounted: goals.counted, winsCounted: wins.counted,
                                  counts: try await MentorshipTogether.counts(of: id, now: now, on: req.db))
            return try await req.render("mentorship", title: title, Page(
                id: id, header: header, tab: tab.rawValue, isPair: false, isMentee: false, menteeName: m.mentee.displayName,
                charterText: CharterPages.statusText(charter, access), charterLink: Paths.charter(id), next: nil,
                rhythm: "", rhythmSummary: "", goals: [],
                thread: [], earlierLink: "", latestLink: "", timeline: [], audit: [], sendOptions: [], together: nil, outline: outline, forms: [:]))
        }

        let together = try await MentorshipTogether.build(access, viewer: user, now: now, on: req.db)
        let latest = try await GoalPages.latestProgress(of: goals.readable.map(\.goal), on: req.db)
        let order: [GoalStatus] = [.active, .draft, .achieved, .dropped]
        let goalRows = goals.readable
            .sorted { order.firstIndex(of: $0.goal.status)! < order.firstIndex(of: $1.goal.status)! }
            .map { GoalPages.row($0.goal, shares: [$0], latest: latest[$0.$goal.id], today: user.today) }
        // The conversation tab pages back by time: ?before= the oldest shown item, in microseconds.
        let before = tab == .conversation ? req.query[String.self, at: "before"].flatMap(ThreadCursor.date) : nil
        let messages = try await FollowUp.messages(in: id, olderThan: before, limit: threadLimit + 1, on: req.db)
        let olderNotes = before.map { b in notes.readable.filter { ($0.createdAt ?? .distantPast) < b } } ?? notes.readable
        let entries = Self.thread(messages: messages, notes: olderNotes, access: access, voice: voice, now: now)
        let thread = Array(entries.prefix(threadLimit))
        let earlierLink = entries.count > threadLimit ? thread.last.map { MentorshipTab.conversation.path(id) + "?before=\(ThreadCursor.text($0.date))" } ?? "" : ""
        let journal = try await FollowUp.journal(of: access, on: req.db).readable
        let audit = tab == .overview ? try await Mentorships.auditLog(of: access, on: req.db).prefix(5).map {
            AuditRow(actorName: $0.actor.displayName, action: $0.action, channel: $0.channel, at: $0.createdAt.map { voice.moment($0, now: now) } ?? "")
        } : []
        var forms = forms
        var composer = forms["conversation"] ?? FormState()
        if composer.values["send"] == nil { composer.values["send"] = "message" }
        forms["conversation"] = composer
        let other = together.otherName
        var rhythm: MeetingRhythm?
        if tab == .overview {
            rhythm = try await Meetings.rhythm(of: m, meetings: try await Meetings.meetings(in: id, on: req.db),
                                               terms: try await Meetings.terms(of: m, history: charter, on: req.db), viewer: user, now: now, on: req.db)
        }
        let page = Page(
            id: id, header: header, tab: tab.rawValue, isPair: true, isMentee: access.viewerID == m.$mentee.id,
            menteeName: m.mentee.displayName, charterText: CharterPages.statusText(charter, access), charterLink: Paths.charter(id),
            next: together.upcoming.first { $0.status != "cancelled" },
            rhythm: rhythm?.svg(title: "Meeting rhythm") ?? "", rhythmSummary: rhythm?.summary ?? "",
            goals: tab == .overview ? Array(goalRows.filter { $0.status == "active" || $0.status == "draft" }.prefix(3)) : goalRows,
            thread: tab == .overview ? Array(thread.prefix(3)) : thread,
            earlierLink: tab == .conversation ? earlierLink : "", latestLink: before == nil ? "" : MentorshipTab.conversation.path(id),
            timeline: timeline(wins: wins.readable, journal: journal, voice: voice, now: now, limit: tab == .overview ? 3 : 60),
            audit: Array(audit),
            sendOptions: [
                VisibilityOption(value: "message", label: "Message to \(other)", hint: "\(other) gets it by e-mail too."),
                VisibilityOption(value: Visibility.pair.rawValue, label: "Shared note", hint: "\(other) can read it here; no e-mail."),
                VisibilityOption(value: Visibility.authorOnly.rawValue, label: "Private note", hint: "Only you ever read it."),
            ],
            together: together, outline: nil, forms: forms)
        let template = tab == .overview ? "mentorship" : "mentorship-\(tab.rawValue)"
        return try await req.render(template, title: tab == .overview ? title : "\(tab.label) · \(title)", page)
    }

    /// Messages and the notes the viewer may read, as one conversation, newest first.
    static func thread(messages: [Message], notes: [MentorshipNote], access: Mentorships.Access, voice: DateVoice, now: Date) -> [ThreadItem] {
        let kindLabels: [Message.Kind: String] = [.message: "message", .thankYou: "thank-you", .reflection: "reflection"]
        var entries: [(Date, ThreadItem)] = messages.map { message in
            (message.createdAt ?? .distantPast, ThreadItem(
                authorName: message.author.displayName, avatar: Avatar(name: message.author.displayName),
                kindLabel: kindLabels[message.kind] ?? "message", body: message.body,
                at: message.createdAt.map { voice.moment($0, now: now) } ?? "", isMine: message.$author.id == access.viewerID, isPrivate: false,
                date: message.createdAt ?? .distantPast))
        }
        entries += notes.map { note in
            (note.createdAt ?? .distantPast, ThreadItem(
                authorName: note.author.displayName, avatar: Avatar(name: note.author.displayName),
                kindLabel: note.visibility == .authorOnly ? "private note · only you" : "shared note", body: note.body,
                at: note.createdAt.map { voice.moment($0, now: now) } ?? "", isMine: note.$author.id == access.viewerID,
                isPrivate: note.visibility == .authorOnly, date: note.createdAt ?? .distantPast))
        }
        return entries.sorted { $0.0 > $1.0 }.map(\.1)
    }

    /// Milestones reached, goals achieved and the journal's wins and setbacks in one timeline.
    static func timeline(wins: [Goals.Win], journal: [JournalEntry], voice: DateVoice, now: Date, limit: Int) -> [TimelineItem] {
        var entries: [(Date, TimelineItem)] = wins.map { win in
            (win.at, TimelineItem(kind: win.kind, heading: win.title, body: win.title == win.goalTitle ? "" : "Goal: \(win.goalTitle)",
                                  link: Paths.goal(win.goalId), at: voice.moment(win.at, now: now), visibilityLabel: ""))
        }
        entries += journal.map { entry in
            (entry.createdAt ?? .distantPast, TimelineItem(
                kind: entry.kind.rawValue, heading: entry.kind == .win ? "Win" : "Setback", body: entry.body, link: nil,
                at: entry.createdAt.map { voice.moment($0, now: now) } ?? "", visibilityLabel: entry.visibility.label))
        }
        return entries.sorted { $0.0 > $1.0 }.prefix(limit).map(\.1)
    }

    @Sendable static func overview(req: Request) async throws -> Response {
        let access = try await Mentorships.access(req.parameters.get("mentorshipID", as: UUID.self), for: try req.user, via: .web, on: req.db)
        return try await render(req, access)
    }

    /// The conversation's one composer: a message (e-mailed), a shared note or a private note.
    @Sendable static func converse(req: Request) async throws -> Response {
        let access = try await Mentorships.pairAccess(req)
        let user = try req.user
        let values = try req.form([String: String].self).values
        let send = values["send"] ?? "message"
        return try await req.handleForm(values: values, rerender: { state in
            try await render(req, access, tab: .conversation, forms: ["conversation": state])
        }) {
            if send == "message" {
                _ = try await FollowUp.post(FollowUp.MessageInput(body: values["body"]), in: access, by: user, req.actions)
                Flash.set("Sent. \(access.mentorship.other(than: access.viewerID).firstName) gets an e-mail too.", on: req)
            } else {
                let note = try await Mentorships.addNote(Mentorships.NoteInput(body: values["body"], visibility: send), in: access, on: req.db)
                Flash.set(note.visibility == .authorOnly ? "Your private note is saved. Only you can read it." : "Your note is shared.", on: req)
            }
            return req.redirect(to: MentorshipTab.conversation.path(try access.mentorship.requireID()))
        }
    }

    /// The older note form (also what scripts post to): a note lands in the conversation.
    @Sendable static func addNote(req: Request) async throws -> Response {
        let access = try await Mentorships.pairAccess(req)
        let (input, values) = try req.form(Mentorships.NoteInput.self)
        var shown = values
        shown["send"] = values["visibility"] ?? Visibility.pair.rawValue
        return try await req.handleForm(values: shown, rerender: { state in
            try await render(req, access, tab: .conversation, forms: ["conversation": state])
        }) {
            _ = try await Mentorships.addNote(input, in: access, on: req.db)
            Flash.set("Your note is saved.", on: req)
            return req.redirect(to: MentorshipTab.conversation.path(try access.mentorship.requireID()))
        }
    }
}
