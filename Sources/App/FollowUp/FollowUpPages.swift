import Fluent
import TandemCore
import Vapor

/// The forms of a mentorship's working parts: action items, messages, the journal and
/// resources. Errors show beside the form, on the tab the form lives on.
enum FollowUpPages {
    static func register(signedIn routes: any RoutesBuilder) {
        routes.post("mentorships", ":mentorshipID", "actions", use: addAction)
        routes.get("mentorships", ":mentorshipID", "actions", use: allActions)
        routes.post("actions", ":actionID", "toggle", use: toggleAction)
        routes.post("actions", ":actionID", "drop", use: dropAction)
        routes.post("mentorships", ":mentorshipID", "messages", use: postMessage)
        routes.post("mentorships", ":mentorshipID", "journal", use: addJournalEntry)
        routes.post("mentorships", ":mentorshipID", "resources", use: recommend)
        routes.post("resources", ":resourceID", use: respond)
    }

    private static func subform(_ req: Request, _ name: String, tab: MentorshipTab, success: String,
                                _ action: @escaping @Sendable (Mentorships.Access, [String: String]) async throws -> Void) async throws -> Response {
        let access = try await Mentorships.pairAccess(req)
        return try await req.subform(name, on: Paths.mentorship(try access.mentorship.requireID(), tab), success: success, rerender: { forms in
            tab == .actions ? try await renderActions(req, access, form: forms[name]) : try await MentorshipPages.render(req, access, tab: tab, forms: forms)
        }) { values in try await action(access, values) }
    }

    @Sendable static func addAction(req: Request) async throws -> Response {
        let user = try req.user
        return try await subform(req, "actions", tab: .actions, success: "Action noted. It stays on the next meeting's agenda until it is done.") { access, values in
            _ = try await Actions.create(Actions.Input(title: values["title"], ownerId: values["ownerId"].flatMap(UUID.init(uuidString:)),
                                                       dueOn: values["dueOn"]), in: access, by: user, req.actions)
        }
    }

    /// Ticks an open action off; a done or dropped one opens again.
    @Sendable static func toggleAction(req: Request) async throws -> Response {
        try await setAction(req) { $0 == .open ? (.done, "Done — nicely.") : (.open, "Reopened.") }
    }

    /// The pair agreed not to do it: it leaves the agenda and the reminders, and the recap counts it.
    @Sendable static func dropAction(req: Request) async throws -> Response {
        try await setAction(req) { _ in (.dropped, "Dropped. It no longer comes up at meetings; reopen it below if you change your minds.") }
    }

    private static func setAction(_ req: Request, _ next: (ActionItem.Status) -> (ActionItem.Status, String)) async throws -> Response {
        let user = try req.user
        let (item, _) = try await Actions.find(req.parameters.get("actionID", as: UUID.self), for: user, on: req.db)
        let (status, flash) = next(item.status)
        _ = try await Actions.update(item.id, Actions.Input(status: status.rawValue), by: user, on: req.db)
        Flash.set(flash, on: req)
        let back = (try? req.content.get(String.self, at: "back")).flatMap { Paths.isLocal($0) ? $0 : nil }
        return req.redirect(to: back ?? Paths.mentorship(item.$mentorship.id, .actions))
    }

    struct ActionsPage: Encodable {
        let mentorshipID: UUID
        let header: MentorshipHeader
        let open: [MeetingPages.ActionView]
        let done: [MeetingPages.ActionView]
        let dropped: [MeetingPages.ActionView]
        let openCount: Int
        let doneCount: Int
        let droppedCount: Int
        let owners: [MeetingPages.OwnerOption]
        let form: FormState
    }

    static func renderActions(_ req: Request, _ access: Mentorships.Access, form: FormState? = nil) async throws -> Response {
        let id = try access.mentorship.requireID()
        let user = try req.user
        let list = try await Actions.list(in: id, limit: 500, on: req.db)
        let todays = MeetingPages.todays(of: access.mentorship)
        let charter = try await Charters.history(of: id, on: req.db)
        let other = access.mentorship.other(than: access.viewerID)
        let m = access.mentorship
        return try await req.render("actions", title: "Actions · \(m.mentor.displayName) & \(m.mentee.displayName)", ActionsPage(
            mentorshipID: id, header: MentorshipHeader(access, tab: .actions, charter: charter, viewer: user),
            open: list.open.map { MeetingPages.actionView($0, todays: todays) }, done: list.done.map { MeetingPages.actionView($0, todays: todays) },
            dropped: list.dropped.map { MeetingPages.actionView($0, todays: todays) },
            openCount: list.count[.open] ?? 0, doneCount: list.count[.done] ?? 0, droppedCount: list.count[.dropped] ?? 0,
            owners: [MeetingPages.OwnerOption(id: access.viewerID, name: "Me"), MeetingPages.OwnerOption(id: other.id!, name: other.displayName)],
            form: form ?? FormState()))
    }

    @Sendable static func allActions(req: Request) async throws -> Response {
        try await renderActions(req, try await Mentorships.pairAccess(req))
    }

    @Sendable static func postMessage(req: Request) async throws -> Response {
        let user = try req.user
        return try await subform(req, "conversation", tab: .conversation, success: "Sent. They get an e-mail too.") { access, values in
            _ = try await FollowUp.post(FollowUp.MessageInput(body: values["body"], kind: values["kind"],
                                                              meetingId: values["meetingId"].flatMap(UUID.init(uuidString:))),
                                        in: access, by: user, req.actions)
        }
    }

    @Sendable static func addJournalEntry(req: Request) async throws -> Response {
        let user = try req.user
        return try await subform(req, "journal", tab: .wins, success: "Written in your journal.") { access, values in
            _ = try await FollowUp.addJournalEntry(FollowUp.JournalInput(kind: values["kind"], body: values["body"], visibility: values["visibility"]),
                                                   in: access, by: user, req.actions)
        }
    }

    @Sendable static func recommend(req: Request) async throws -> Response {
        let user = try req.user
        return try await subform(req, "resources", tab: .resources, success: "Recommended. The mentee is told.") { access, values in
            _ = try await FollowUp.recommend(FollowUp.ResourceInput(title: values["title"], url: values["url"], kind: values["kind"], why: values["why"]),
                                             in: access, by: user, req.actions)
        }
    }

    @Sendable static func respond(req: Request) async throws -> Response {
        let user = try req.user
        let values = try req.form([String: String].self).values
        guard let id = req.parameters.get("resourceID", as: UUID.self),
              let found = try await Resource.find(id, on: req.db) else { throw DomainError.notFound("Resource") }
        let access = try await Mentorships.pairAccess(found.$mentorship.id, for: user, on: req.db)
        return try await req.handleForm(values: values, rerender: { state in try await MentorshipPages.render(req, access, tab: .resources, forms: ["resources": state]) }) {
            let resource = try await FollowUp.respond(to: id, FollowUp.ResourceInput(impressions: values["impressions"], onNextAgenda: values["onNextAgenda"] == "on"),
                                                      by: user, on: req.db)
            Flash.set(resource.onNextAgenda ? "Saved; it is on the next meeting's agenda." : "Saved.", on: req)
            return req.redirect(to: Paths.mentorship(resource.$mentorship.id, .resources))
        }
    }
}
