import Fluent
import TandemCore
import Vapor

/// Raising a concern (first the guides' advice, then the coordinators), the list of cases, and
/// one case as its raiser, the other side or a coordinator sees it.
enum ConcernPages {
    static func register(signedIn routes: any RoutesBuilder) {
        routes.get("mentorships", ":mentorshipID", "concern", use: raisePage)
        routes.post("mentorships", ":mentorshipID", "concern", use: raise)
        routes.get("concerns", use: list)
        routes.get("concerns", ":concernID", use: show)
        routes.post("concerns", ":concernID", "move", use: move)
        routes.post("concerns", ":concernID", "entries", use: post)
        routes.post("concerns", ":concernID", "actions", use: addAction)
        routes.post("concerns", ":concernID", "consent", use: consent)
        routes.post("concerns", ":concernID", "involve", use: involve)
        routes.post("concerns", ":concernID", "lift-pause", use: liftPause)
        routes.post("concerns", ":concernID", "withdraw", use: withdraw)
    }

    // MARK: raising

    struct Choice: Encodable {
        let value: String
        let label: String
        let hint: String
        let checked: Bool
    }

    struct RaisePage: Encodable {
        let id: UUID
        let header: MentorshipHeader
        let otherName: String
        let prompts: [String]
        let nextMeetingID: UUID?
        let categories: [Choice]
        let shares: [Choice]
        let messages: [Choice]
        let codeOfConductLink: String?
        let paused: Bool
        let form: FormState
    }

    static func renderRaise(_ req: Request, _ access: Mentorships.Access, form: FormState = FormState()) async throws -> Response {
        let user = try req.user
        let m = access.mentorship
        let id = try m.requireID()
        let voice = user.voice
        let header = MentorshipHeader(access, tab: .feedback, charter: try await Charters.history(of: id, on: req.db), viewer: user)
        let next = try await Meeting.query(on: req.db).filter(\.$mentorship.$id == id).filter(\.$status != .cancelled)
            .filter(\.$startsAt > Date()).sort(\.$startsAt).first()
        let messages = try await FollowUp.messages(in: id, limit: 20, on: req.db).reversed()
        let values = form.values
        let category = values["category"] ?? ""
        let shareChoices: [(ConcernShare, String, String)] = [
            (.lateChanges, "The late changes to our meetings", "Which meetings were moved or cancelled with less notice than the charter asks, and by whom."),
            (.meetingHistory, "The dates of our meetings", "Held, planned and cancelled — no notes, no agendas."),
            (.myCheckIns, "My own check-in answers", "Your scores and sentences; never the other side’s."),
        ]
        return try await req.render("concern-raise", title: "Raise a concern · \(m.mentor.displayName) & \(m.mentee.displayName)", RaisePage(
            id: id, header: header, otherName: m.other(than: access.viewerID).firstName, prompts: OpenConversation.prompts,
            nextMeetingID: next?.id,
            categories: ConcernCategory.allCases.map { Choice(value: $0.rawValue, label: $0.label, hint: $0.hint, checked: $0.rawValue == category) },
            shares: shareChoices.map { Choice(value: $0.0.choice, label: $0.1, hint: $0.2, checked: values["share-\($0.0.choice)"] != nil) },
            messages: messages.map { message in
                let choice = ConcernShare.message(message.id!).choice
                return Choice(value: choice, label: "\(message.author.displayName), \(message.createdAt.map { voice.moment($0) } ?? "")",
                              hint: String(message.body.prefix(160)) + (message.body.count > 160 ? "…" : ""), checked: values["share-\(choice)"] != nil)
            },
            codeOfConductLink: m.program.codeOfConduct.isEmpty ? nil : Paths.codeOfConduct(m.$program.id),
            paused: m.pausedAt != nil, form: form))
    }

    @Sendable static func raisePage(req: Request) async throws -> Response {
        try await renderRaise(req, try await Mentorships.pairAccess(req))
    }

    /// Checkboxes arrive as "share-<choice>=on" and "tellOther=on".
    static func raiseInput(_ values: [String: String]) -> Concerns.RaiseInput {
        let shares = values.keys.filter { $0.hasPrefix("share-") }.map { String($0.dropFirst(6)) }.sorted()
        return Concerns.RaiseInput(category: values["category"], description: values["description"], shares: shares,
                                   tellOther: values["tellOther"] != nil, consentToMediation: values["consentToMediation"] != nil,
                                   citesCodeOfConduct: values["citesCodeOfConduct"] != nil)
    }

    @Sendable static func raise(req: Request) async throws -> Response {
        let access = try await Mentorships.pairAccess(req)
        let user = try req.user
        let values = try req.form([String: String].self).values
        return try await req.handleForm(values: values, rerender: { state in try await renderRaise(req, access, form: state) }) {
            let concern = try await Concerns.raise(raiseInput(values), in: access, by: user, req.actions)
            Flash.set(concern.category == .safety
                      ? "Raised. The coordinators are told urgently, and messages and meeting proposals in this mentorship are paused."
                      : "Raised. The program’s coordinators are told and answer within \(access.mentorship.program.responseTimeDays) days.", on: req)
            return req.redirect(to: Paths.concern(try concern.requireID()))
        }
    }

    // MARK: the list

    struct Row: Encodable {
        let link: String
        let category: String
        let pair: String
        let yourPart: String
        let state: String
        let tone: String
        let raisedAt: String
        let overdue: Bool
    }

    struct ListPage: Encodable {
        let rows: [Row]
        let coordinates: Bool
    }

    static func tone(_ state: CaseState) -> String {
        switch state {
        case .raised: "wait"
        case .resolved, .closed: "ok"
        default: "info"
        }
    }

    @Sendable static func list(req: Request) async throws -> Response {
        let user = try req.user
        let rows = try await rows(try await Concerns.list(for: user, on: req.db), for: user, on: req.db)
        let coordinates = try await ProgramMembership.query(on: req.db).filter(\.$user.$id == user.requireID()).filter(\.$isCoordinator == true).count() > 0
        return try await req.render("concerns", title: "Concerns", ListPage(rows: rows, coordinates: coordinates))
    }

    static func rows(_ concerns: [Concern], for user: User, on db: any Database) async throws -> [Row] {
        guard !concerns.isEmpty else { return [] }
        let userID = try user.requireID()
        let voice = user.voice
        let pairs = try await Mentorship.query(on: db).filter(\.$id ~~ Set(concerns.map(\.$mentorship.id)))
            .with(\.$mentor).with(\.$mentee).all()
        let names = Dictionary(uniqueKeysWithValues: pairs.map { ($0.id!, "\($0.mentor.displayName) & \($0.mentee.displayName)") })
        let now = Date()
        return concerns.map { c in
            let part = c.$raiser.id == userID ? "You raised it" : c.$other.id == userID ? "About your mentorship" : "You coordinate"
            let overdue = c.state == .raised && (c.createdAt ?? now) < now.addingTimeInterval(-Double(c.program.responseTimeDays) * 86_400)
            return Row(link: Paths.concern(c.id!), category: c.category.label, pair: names[c.$mentorship.id] ?? "", yourPart: part,
                       state: c.state.label, tone: overdue ? "danger" : tone(c.state), raisedAt: c.createdAt.map { voice.moment($0, now: now) } ?? "",
                       overdue: overdue)
        }
    }

    // MARK: one case

    struct Step: Encodable {
        let label: String
        let done: Bool
        let current: Bool
    }

    struct Line: Encodable {
        let id: UUID
        let kind: String
        let who: String
        let avatar: Avatar
        let at: String
        let body: String
        let heading: String
        let ownerName: String
        let due: String
    }

    struct Shared: Encodable {
        let label: String
        let lines: [String]
    }

    struct Read: Encodable {
        let who: String
        let at: String
        let channel: String
    }

    struct CasePage: Encodable {
        let id: UUID
        let title: String
        let programName: String
        let programLink: String
        let pair: String
        let mentorshipLink: String?
        let raiserName: String
        let otherName: String
        let raisedAt: String
        let state: String
        let tone: String
        let outcome: String?
        let steps: [Step]
        let isCoordinator: Bool
        let isRaiser: Bool
        let isOther: Bool
        let description: String?
        let citesCodeOfConduct: Bool
        let codeOfConductLink: String
        let shared: [Shared]
        let lines: [Line]
        let reads: [Read]
        let consent: Bool
        let involved: Bool
        let paused: Bool
        let open: Bool
        let closed: Bool
        let canWithdraw: Bool
        let nextStates: [FormField.Option]
        let outcomes: [FormField.Option]
        let owners: [FormField.Option]
        let parties: [FormField.Option]
        let respondBy: String
        let forms: [String: FormState]
    }

    static func render(_ req: Request, _ access: Concerns.Access, forms: [String: FormState] = [:]) async throws -> Response {
        let user = try req.user
        let voice = user.voice
        let now = Date()
        let c = access.concern
        let id = try c.requireID()
        let entries = try await Concerns.entries(of: access, on: req.db)
        let shared = try await Concerns.sharedRecords(of: access, on: req.db)
        let reads = try await Concerns.reads(of: access, on: req.db)
        let m = c.mentorship
        let pair = c.$raiser.id == m.$mentor.id ? "\(c.raiser.displayName) (mentor) and \(c.other.displayName) (mentee)"
                                              : "\(c.raiser.displayName) (mentee) and \(c.other.displayName) (mentor)"
        let shown: [CaseState] = [.raised, .acknowledged, .hearing, .agreedActions, .followUp, .resolved, .closed]
        // A step is done when the case went through it; skipped ones stay plain.
        let passed = Set(entries.compactMap(\.toState))
        let lines = entries.map { e -> Line in
            let heading: String
            switch e.kind {
            case .move:
                if e.toState != nil, e.fromState == nil { heading = "Raised" }
                else if let to = e.toState, to != e.fromState { heading = "Moved to “\(to.label.lowercased())”" }
                else { heading = "Update" }
            case .note: heading = "Case note · coordinators only"
            case .action: heading = "Agreed action"
            case .message:
                if e.$author.id == c.$raiser.id || e.$author.id == c.$other.id { heading = "Wrote to the coordinators" }
                else { heading = "Wrote to \(e.party == "other" ? c.other.firstName : c.raiser.firstName)" }
            }
            return Line(id: e.id!, kind: e.kind.rawValue, who: e.author.displayName, avatar: Avatar(name: e.author.displayName),
                        at: e.createdAt.map { voice.moment($0, now: now) } ?? "", body: e.body, heading: heading,
                        ownerName: e.actionOwner?.displayName ?? "", due: e.actionDueOn.flatMap(CalendarDate.init).map { voice.day($0, today: CalendarDate(now, in: voice.timeZone)) } ?? "")
        }
        var owners = [FormField.Option(value: c.$raiser.id.uuidString, label: c.raiser.displayName, selected: false, name: "ownerId")]
        if c.otherInvolved { owners.append(FormField.Option(value: c.$other.id.uuidString, label: c.other.displayName, selected: false, name: "ownerId")) }
        owners += access.coordinators.map { FormField.Option(value: $0.id!.uuidString, label: "\($0.displayName) (coordinator)", selected: $0.id == access.viewerID, name: "ownerId") }
        var parties = [FormField.Option(value: "raiser", label: c.raiser.displayName, selected: true, name: "party")]
        if c.otherInvolved { parties.append(FormField.Option(value: "other", label: c.other.displayName, selected: false, name: "party")) }
        let respondBy = (c.createdAt ?? now).addingTimeInterval(Double(c.program.responseTimeDays) * 86_400)
        return try await req.render("concern", title: "Concern · \(c.category.label)", CasePage(
            id: id, title: c.category.label, programName: c.program.name, programLink: Paths.program(c.$program.id), pair: pair,
            mentorshipLink: access.isCoordinator ? nil : Paths.mentorship(c.$mentorship.id),
            raiserName: c.raiser.displayName, otherName: c.other.firstName,
            raisedAt: c.createdAt.map { voice.moment($0, now: now) } ?? "", state: c.state.label, tone: tone(c.state),
            outcome: c.outcome?.label,
            steps: shown.map { Step(label: $0.label, done: passed.contains($0) && $0 != c.state, current: $0 == c.state) },
            isCoordinator: access.isCoordinator, isRaiser: access.isRaiser, isOther: access.relation == .counterpart,
            description: access.can(.description) ? c.description : nil, citesCodeOfConduct: c.citesCodeOfConduct,
            codeOfConductLink: Paths.codeOfConduct(c.$program.id),
            shared: shared.map { Shared(label: $0.label, lines: $0.excerpt.split(separator: "\n").map(String.init)) },
            lines: lines, reads: reads.map { Read(who: $0.actor.displayName, at: $0.createdAt.map { voice.moment($0, now: now) } ?? "", channel: $0.channel) },
            consent: c.consentToMediation, involved: c.otherInvolved, paused: m.pausedAt != nil, open: c.state.isOpen, closed: c.state == .closed,
            canWithdraw: access.isRaiser && CaseTransition.canWithdraw(c.state),
            nextStates: c.state.next.map { FormField.Option(value: $0.rawValue, label: $0.label, selected: false, name: "state") },
            outcomes: CaseOutcome.resolutions.map { FormField.Option(value: $0.rawValue, label: $0.label, selected: false, name: "outcome") },
            owners: owners, parties: parties, respondBy: voice.moment(respondBy, now: now), forms: forms))
    }

    private static func caseAccess(_ req: Request) async throws -> Concerns.Access {
        try await Concerns.access(req.parameters.get("concernID", as: UUID.self), for: try req.user, via: .web, on: req.db)
    }

    @Sendable static func show(req: Request) async throws -> Response {
        try await render(req, try await caseAccess(req))
    }

    /// One of the case page's forms: done, a flash and back; refused, the page with its errors.
    private static func act(_ req: Request, _ name: String, success: String,
                            _ action: @escaping (Concerns.Access, [String: String]) async throws -> Void) async throws -> Response {
        let access = try await caseAccess(req)
        return try await req.subform(name, on: Paths.concern(try access.concern.requireID()), success: success,
                                     rerender: { forms in try await render(req, access, forms: forms) }) { values in
            try await action(access, values)
        }
    }

    @Sendable static func move(req: Request) async throws -> Response {
        try await act(req, "move", success: "The case moved on; the people in it are told.") { access, values in
            _ = try await Concerns.move(access, Concerns.MoveInput(state: values["state"], outcome: values["outcome"], note: values["note"]), by: try req.user, req.actions)
        }
    }

    @Sendable static func post(req: Request) async throws -> Response {
        try await act(req, "write", success: "Added to the case.") { access, values in
            _ = try await Concerns.post(access, Concerns.EntryInput(kind: values["kind"], body: values["body"], party: values["party"]), by: try req.user, req.actions)
        }
    }

    @Sendable static func addAction(req: Request) async throws -> Response {
        try await act(req, "action", success: "Action agreed; its owner is told.") { access, values in
            _ = try await Concerns.addAction(access, Concerns.ActionInput(title: values["title"], ownerId: values["ownerId"].flatMap(UUID.init(uuidString:)),
                                                                         dueOn: values["dueOn"]), by: try req.user, req.actions)
        }
    }

    @Sendable static func consent(req: Request) async throws -> Response {
        try await act(req, "mediation", success: "Thank you. The coordinators may now bring the other side in to hear them.") { access, _ in
            _ = try await Concerns.consent(access, req.actions)
        }
    }

    @Sendable static func involve(req: Request) async throws -> Response {
        try await act(req, "mediation", success: "Mediation opened: the other side is told and can add their side.") { access, _ in
            _ = try await Concerns.involveOther(access, by: try req.user, req.actions)
        }
    }

    @Sendable static func liftPause(req: Request) async throws -> Response {
        try await act(req, "pause", success: "The pause is lifted: the pair can write and plan meetings again.") { access, _ in
            _ = try await Concerns.liftPause(access, by: try req.user, req.actions)
        }
    }

    @Sendable static func withdraw(req: Request) async throws -> Response {
        try await act(req, "withdraw", success: "Withdrawn. The case is closed.") { access, _ in
            _ = try await Concerns.withdraw(access, by: try req.user, req.actions)
        }
    }
}
