import Fluent
import TandemCore
import Vapor

/// Planning a meeting, and the meeting page: time in both zones, accept or propose another
/// time, the talk flow, notes, action items, the thank-you afterwards.
enum MeetingPages {
    static func register(signedIn routes: any RoutesBuilder) {
        routes.get("mentorships", ":mentorshipID", "meetings", "new", use: newForm)
        routes.post("mentorships", ":mentorshipID", "meetings", use: propose)
        routes.get("mentorships", ":mentorshipID", "meetings", use: all)
        routes.get("meetings", ":meetingID", use: show)
        routes.get("meetings", ":meetingID", "meeting.ics", use: ics)
        routes.post("meetings", ":meetingID", "accept", use: accept)
        routes.post("meetings", ":meetingID", "reschedule", use: reschedule)
        routes.post("meetings", ":meetingID", "cancel", use: cancel)
        routes.post("meetings", ":meetingID", "agenda", use: addAgendaItem)
        routes.post("meetings", ":meetingID", "agenda", ":itemID", "delete", use: deleteAgendaItem)
        routes.post("meetings", ":meetingID", "notes", use: addNote)
        routes.post("meetings", ":meetingID", "notes", ":noteID", use: editNote)
        routes.post("meetings", ":meetingID", "actions", use: addAction)
        routes.post("meetings", ":meetingID", "thanks", use: thank)
    }

    struct MeetingRow: Encodable {
        let id: UUID
        let link: String
        let when: String
        /// "in 3 days", "tomorrow"; empty once it is past.
        let relative: String
        let otherWhen: String
        let minutes: Int
        let status: String
        let statusLabel: String
        let awaitingYou: Bool
        let held: Bool
    }

    static func statusLabel(_ meeting: Meeting, now: Date) -> String {
        if meeting.isHeld(now: now) { return "held" }
        return switch meeting.status {
        case .proposed: "proposed"
        case .accepted: "agreed"
        case .cancelled: "cancelled"
        }
    }

    /// How a list of meetings reads: in the viewer's voice, with the other's clock beside it
    /// when they live in another zone.
    struct Clock {
        let viewerID: UUID
        let mine: DateVoice
        let theirs: DateVoice?
        let otherFirstName: String

        init(viewer: User, other: User) {
            viewerID = viewer.id!
            mine = viewer.voice
            theirs = viewer.timeZone == other.timeZone ? nil : other.voice
            otherFirstName = other.firstName
        }
    }

    static func row(_ meeting: Meeting, clock: Clock, now: Date = Date()) -> MeetingRow {
        MeetingRow(id: meeting.id!, link: Paths.meeting(meeting.id!), when: clock.mine.dateTime(meeting.startsAt, now: now),
                   relative: meeting.status == .cancelled ? "" : clock.mine.until(meeting.startsAt, now: now),
                   otherWhen: clock.theirs.map { "\(otherDay($0, meeting.startsAt, mine: clock.mine))\($0.time(meeting.startsAt)) for \(clock.otherFirstName)" } ?? "",
                   minutes: meeting.minutes, status: meeting.status.rawValue, statusLabel: statusLabel(meeting, now: now),
                   awaitingYou: meeting.status == .proposed && meeting.$proposedBy.id != clock.viewerID && meeting.endsAt > now,
                   held: meeting.isHeld(now: now))
    }

    /// The other's day only when it differs from the viewer's ("Mon 7 Dec, 04:00 for Zoe").
    static func otherDay(_ theirs: DateVoice, _ date: Date, mine: DateVoice) -> String {
        let their = CalendarDate(date, in: theirs.timeZone), our = CalendarDate(date, in: mine.timeZone)
        return their == our ? "" : "\(theirs.day(date)), "
    }

    // MARK: planning

    struct SlotView: Encodable {
        let local: String
        let label: String
    }

    struct NewPage: Encodable {
        let mentorshipID: UUID
        let mentorshipLink: String
        let otherName: String
        let timeZone: String
        let cadenceDays: Int
        let noticeHours: Int
        let slots: [SlotView]
        let hasAvailability: Bool
        let timeZones: [String]
        let form: FormState
    }

    private static func renderNew(_ req: Request, _ access: Mentorships.Access, form: FormState? = nil) async throws -> Response {
        let user = try req.user
        let mentorship = access.mentorship
        let terms = try await Meetings.terms(of: mentorship, on: req.db)
        let slots = try await Meetings.freeSlots(in: access, minutes: Int(form?.values["minutes"] ?? "") ?? terms.meetingMinutes, on: req.db)
        let zone = TimeZone(identifier: user.timeZone) ?? .gmt
        let voice = user.voice
        let other = access.viewerID == mentorship.$mentor.id ? mentorship.mentee : mentorship.mentor
        let values = form?.values ?? ["minutes": String(terms.meetingMinutes), "link": terms.meetingLink, "timeZone": user.timeZone, "repeatCount": "1"]
        var state = form ?? FormState(values: values)
        state.values = values
        return try await req.render("meeting-new", title: "Plan a meeting", NewPage(
            mentorshipID: try mentorship.requireID(), mentorshipLink: Paths.mentorship(try mentorship.requireID()),
            otherName: other.displayName, timeZone: user.timeZone, cadenceDays: terms.cadenceDays, noticeHours: terms.rescheduleNoticeHours,
            slots: slots.map { SlotView(local: LocalTime.format($0.start, in: zone), label: voice.dateTime($0.start)) },
            hasAvailability: !slots.isEmpty, timeZones: TimeZone.knownTimeZoneIdentifiers.sorted(), form: state))
    }

    @Sendable static func newForm(req: Request) async throws -> Response {
        try await renderNew(req, try await Mentorships.pairAccess(req))
    }

    @Sendable static func propose(req: Request) async throws -> Response {
        let access = try await Mentorships.pairAccess(req)
        let values = try req.form([String: String].self).values
        return try await req.handleForm(values: values, rerender: { state in try await renderNew(req, access, form: state) }) {
            var input = Meetings.Input()
            input.start = values["start"]
            input.timeZone = values["timeZone"]
            var v = InputValidator()
            input.minutes = v.optionalWholeNumber("minutes", values["minutes"], label: "The length in minutes")
            input.repeatCount = v.optionalWholeNumber("repeatCount", values["repeatCount"], label: "How many meetings")
            try v.check()
            input.place = values["place"]
            input.link = values["link"]
            input.message = values["message"]
            let meetings = try await Meetings.propose(input, in: access, by: try req.user, req.actions)
            Flash.set(meetings.count > 1 ? "\(meetings.count) meetings proposed. They are planned once accepted." : "Meeting proposed. It is planned once accepted.", on: req)
            return req.redirect(to: Paths.meeting(meetings[0].id!))
        }
    }

    struct AllPage: Encodable {
        let mentorshipID: UUID
        let header: MentorshipHeader
        let upcoming: [MeetingRow]
        let past: [MeetingRow]
        let lateChanges: [String]
        let cadenceDays: Int
        let rhythm: String
        let rhythmSummary: String
    }

    @Sendable static func all(req: Request) async throws -> Response {
        let access = try await Mentorships.pairAccess(req)
        let user = try req.user
        let other = access.viewerID == access.mentorship.$mentor.id ? access.mentorship.mentee : access.mentorship.mentor
        let meetings = try await Meetings.meetings(in: try access.mentorship.requireID(), on: req.db)
        let now = Date()
        let clock = Clock(viewer: user, other: other)
        let id = try access.mentorship.requireID()
        let charter = try await Charters.history(of: id, on: req.db)
        let terms = try await Meetings.terms(of: access.mentorship, on: req.db)
        let rhythm = try await Meetings.rhythm(of: access.mentorship, meetings: meetings, terms: terms, viewer: user, now: now, on: req.db)
        return try await req.render("meetings", title: "Meetings · \(access.mentorship.mentor.displayName) & \(access.mentorship.mentee.displayName)", AllPage(
            mentorshipID: id, header: MentorshipHeader(access, tab: .meetings, charter: charter, viewer: user, now: now),
            upcoming: meetings.filter { $0.endsAt > now }.map { row($0, clock: clock, now: now) },
            past: meetings.filter { $0.endsAt <= now }.reversed().map { row($0, clock: clock, now: now) },
            lateChanges: try await MentorshipTogether.lateChanges(in: id, voice: user.voice, now: now, limit: 20, on: req.db),
            cadenceDays: terms.cadenceDays, rhythm: rhythm.svg(title: "Meeting rhythm"), rhythmSummary: rhythm.summary))
    }

    // MARK: the meeting page

    struct ItemView: Encodable {
        let id: UUID
        let body: String
        let authorName: String
        let isMine: Bool
    }

    struct PartView: Encodable {
        let section: String
        let label: String
        let items: [ItemView]
        let carried: [ActionView]
    }

    struct ActionView: Encodable {
        let id: UUID
        let title: String
        let ownerName: String
        let dueOn: String?
        /// "due Friday", "overdue since Monday", counted in the owner's own day.
        let due: String?
        let done: Bool
        let overdue: Bool
    }

    struct NoteView: Encodable {
        let id: UUID
        let authorName: String
        let body: String
        let visibility: String
        let visibilityLabel: String
        let isMine: Bool
        let at: String
    }

    struct ChangeView: Encodable {
        let text: String
        let late: Bool
        let message: String
        let at: String
    }

    struct ResourceView: Encodable {
        let title: String
        let url: String
        let kind: String
        let impressions: String
    }

    struct OwnerOption: Encodable {
        let id: UUID
        let name: String
    }

    struct ShowPage: Encodable {
        let id: UUID
        let mentorshipLink: String
        let pairName: String
        let meeting: MeetingRow
        let timeZone: String
        let place: String
        let link: String
        let canChange: Bool
        let inSeries: Bool
        let startLocal: String
        let parts: [PartView]
        let resources: [ResourceView]
        let notes: [NoteView]
        let actions: [ActionView]
        let owners: [OwnerOption]
        let history: [ChangeView]
        let askThanks: Bool
        let sections: [FormField.Option]
        let forms: [String: FormState]
    }

    /// `todays` holds each owner's date today (computing it per row would dominate long lists).
    static func actionView(_ item: ActionItem, todays: [UUID: CalendarDate]) -> ActionView {
        let today = todays[item.$owner.id] ?? item.owner.today
        return ActionView(id: item.id!, title: item.title, ownerName: item.owner.displayName, dueOn: item.dueOn,
                          due: item.dueOn.flatMap(CalendarDate.init).map { RelativeDay.due($0, today: today) }, done: item.status == .done,
                          overdue: Actions.isOverdue(item, today: today))
    }

    static func todays(of mentorship: Mentorship) -> [UUID: CalendarDate] {
        [mentorship.$mentor.id: mentorship.mentor.today, mentorship.$mentee.id: mentorship.mentee.today]
    }

    private static func render(_ req: Request, _ access: Meetings.Access, forms: [String: FormState] = [:]) async throws -> Response {
        let user = access.viewer
        let meeting = access.meeting
        let mentorship = access.mentorship
        let now = Date()
        let voice = user.voice
        let agenda = try await TalkFlow.agenda(of: access, now: now, on: req.db)
        let notes = try await TalkFlow.notes(of: access, on: req.db)
        let actions = try await ActionItem.query(on: req.db).filter(\.$meeting.$id == meeting.requireID()).with(\.$owner).sort(\.$createdAt).all()
        let history = try await Meetings.history(of: meeting, on: req.db)
        let todays = todays(of: mentorship)
        let thanked = try await Message.query(on: req.db).filter(\.$meeting.$id == meeting.requireID()).filter(\.$kind != .message)
            .filter(\.$author.$id == access.viewerID).count() > 0
        let parts = AgendaItem.Section.allCases.map { section in
            PartView(section: section.rawValue, label: section.label,
                     items: (agenda.items[section] ?? []).map { ItemView(id: $0.id!, body: $0.body, authorName: $0.author.displayName, isMine: $0.$author.id == access.viewerID) },
                     carried: section == .sinceLast ? agenda.carried.map { actionView($0, todays: todays) } : [])
        }
        let zone = TimeZone(identifier: user.timeZone) ?? .gmt
        let page = ShowPage(
            id: meeting.id!, mentorshipLink: Paths.mentorship(mentorship.id!),
            pairName: "\(mentorship.mentor.displayName) & \(mentorship.mentee.displayName)",
            meeting: row(meeting, clock: Clock(viewer: user, other: access.other), now: now), timeZone: user.timeZone,
            place: meeting.place, link: meeting.link,
            canChange: meeting.status != .cancelled && meeting.endsAt > now, inSeries: meeting.seriesID != nil,
            startLocal: LocalTime.format(meeting.startsAt, in: zone), parts: parts,
            resources: agenda.resources.map { ResourceView(title: $0.title, url: $0.url, kind: $0.kind.rawValue, impressions: $0.impressions) },
            notes: notes.map {
                NoteView(id: $0.id!, authorName: $0.author.displayName, body: $0.body, visibility: $0.visibility.rawValue,
                         visibilityLabel: $0.visibility.label, isMine: $0.$author.id == access.viewerID,
                         at: $0.createdAt.map { voice.moment($0, now: now) } ?? "")
            },
            actions: actions.map { actionView($0, todays: todays) },
            owners: [OwnerOption(id: user.id!, name: "Me"), OwnerOption(id: access.other.id!, name: access.other.displayName)],
            history: history.map { change in
                let who = change.$actor.id == access.viewerID ? "You" : change.actor.displayName
                let text = switch change.kind {
                case .proposed: "\(who) proposed \(change.toStart.map { voice.dateTime($0, now: now) } ?? "")"
                case .accepted: "\(who) accepted"
                case .rescheduled: "\(who) moved it from \(change.fromStart.map { voice.dateTime($0, now: now) } ?? "") to \(change.toStart.map { voice.dateTime($0, now: now) } ?? "")"
                case .cancelled: "\(who) cancelled"
                }
                return ChangeView(text: text, late: change.late, message: change.message, at: change.createdAt.map { voice.moment($0, now: now) } ?? "")
            },
            askThanks: meeting.isHeld(now: now) && !thanked,
            sections: AgendaItem.Section.allCases.map { FormField.Option(value: $0.rawValue, label: $0.label, selected: forms["agenda"]?.values["section"] == $0.rawValue, name: "section") },
            forms: forms)
        return try await req.render("meeting", title: "Meeting · \(page.pairName)", page)
    }

    static func access(_ req: Request) async throws -> Meetings.Access {
        try await Meetings.access(req.parameters.get("meetingID", as: UUID.self), for: try req.user, on: req.db)
    }

    @Sendable static func show(req: Request) async throws -> Response {
        try await render(req, try await access(req))
    }

    @Sendable static func ics(req: Request) async throws -> Response {
        let access = try await access(req)
        return MeetingAPI.calendarResponse(Meetings.iCalendar(access, publicURL: req.tandem.publicURL), filename: "tandem-meeting.ics")
    }

    /// One of the meeting page's forms; its errors show beside it, 409s as its summary.
    private static func subform(_ req: Request, _ name: String, success: String,
                                _ action: @escaping @Sendable (Meetings.Access, [String: String]) async throws -> Void) async throws -> Response {
        let access = try await access(req)
        return try await req.subform(name, on: Paths.meeting(try access.meeting.requireID()), success: success,
                                     rerender: { forms in try await render(req, access, forms: forms) }) { values in try await action(access, values) }
    }

    @Sendable static func accept(req: Request) async throws -> Response {
        try await subform(req, "when", success: "Accepted. It is in your calendar feed; you can also download the .ics file.") { access, values in
            _ = try await Meetings.accept(access, series: values["series"] == "on" || values["series"] == "true", req.actions)
        }
    }

    @Sendable static func reschedule(req: Request) async throws -> Response {
        try await subform(req, "when", success: "New time proposed; the other side accepts it or proposes another.") { access, values in
            var input = Meetings.Input(start: values["start"], timeZone: values["timeZone"], message: values["message"])
            var v = InputValidator()
            input.minutes = v.optionalWholeNumber("minutes", values["minutes"], label: "The length in minutes")
            try v.check()
            _ = try await Meetings.reschedule(access, input, req.actions)
        }
    }

    @Sendable static func cancel(req: Request) async throws -> Response {
        try await subform(req, "when", success: "The meeting is cancelled and the other side is told.") { access, values in
            _ = try await Meetings.cancel(access, message: values["message"], req.actions)
        }
    }

    @Sendable static func addAgendaItem(req: Request) async throws -> Response {
        try await subform(req, "agenda", success: "Added to the agenda.") { access, values in
            _ = try await TalkFlow.addItem(TalkFlow.AgendaInput(section: values["section"], body: values["body"]), in: access, on: req.db)
        }
    }

    @Sendable static func deleteAgendaItem(req: Request) async throws -> Response {
        let access = try await access(req)
        try await TalkFlow.deleteItem(req.parameters.get("itemID", as: UUID.self), in: access, on: req.db)
        Flash.set("Removed from the agenda.", on: req)
        return req.redirect(to: Paths.meeting(try access.meeting.requireID()) + "#agenda")
    }

    @Sendable static func addNote(req: Request) async throws -> Response {
        try await subform(req, "notes", success: "Your note is saved.") { access, values in
            _ = try await TalkFlow.addNote(TalkFlow.NoteInput(body: values["body"], visibility: values["visibility"]), in: access, on: req.db)
        }
    }

    @Sendable static func editNote(req: Request) async throws -> Response {
        try await subform(req, "notes", success: "Your note is updated.") { access, values in
            _ = try await TalkFlow.editNote(req.parameters.get("noteID", as: UUID.self), TalkFlow.NoteInput(body: values["body"], visibility: values["visibility"]),
                                            in: access, on: req.db)
        }
    }

    @Sendable static func addAction(req: Request) async throws -> Response {
        let user = try req.user
        return try await subform(req, "actions", success: "Action noted. It stays on the agenda until it is done.") { access, values in
            let mentorship = try await Mentorships.pairAccess(access.mentorship.id, for: user, on: req.db)
            _ = try await Actions.create(Actions.Input(title: values["title"], ownerId: values["ownerId"].flatMap(UUID.init(uuidString:)),
                                                       dueOn: values["dueOn"], meetingId: access.meeting.id), in: mentorship, by: user, req.actions)
        }
    }

    @Sendable static func thank(req: Request) async throws -> Response {
        let user = try req.user
        return try await subform(req, "thanks", success: "Sent. A thank-you goes a long way.") { access, values in
            let mentorship = try await Mentorships.pairAccess(access.mentorship.id, for: user, on: req.db)
            _ = try await FollowUp.post(FollowUp.MessageInput(body: values["body"], kind: values["kind"] ?? "thank_you", meetingId: access.meeting.id),
                                        in: mentorship, by: user, req.actions)
        }
    }
}
