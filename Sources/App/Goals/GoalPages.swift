import Fluent
import TandemCore
import Vapor

/// The goal pages: the list, the SMART form with the checker beside it, and one goal's page
/// with its progress chart, milestones, sharing and the conversation with each mentor.
enum GoalPages {
    static func register(signedIn routes: any RoutesBuilder) {
        routes.get("goals", use: list)
        routes.get("goals", "new", use: newForm)
        routes.post("goals", use: create)
        routes.post("goals", "check", use: check)
        routes.get("goals", ":goalID", use: show)
        routes.get("goals", ":goalID", "edit", use: editForm)
        routes.post("goals", ":goalID", use: update)
        routes.post("goals", ":goalID", "status", use: setStatus)
        routes.post("goals", ":goalID", "sharing", use: share)
        routes.post("goals", ":goalID", "delete", use: delete)
        routes.post("goals", ":goalID", "milestones", use: addMilestone)
        routes.post("goals", ":goalID", "milestones", ":milestoneID", "toggle", use: toggleMilestone)
        routes.post("goals", ":goalID", "milestones", ":milestoneID", "delete", use: deleteMilestone)
        routes.post("goals", ":goalID", "progress", use: addProgress)
        routes.post("goals", ":goalID", "feedback", use: addFeedback)
        routes.get("goals", ":goalID", "progress.svg", use: chart)
    }

    // MARK: view models

    struct FindingView: Encodable {
        let letter: String
        let severity: String
        let message: String
        let suggestion: String
        let field: String
    }

    struct LetterView: Encodable {
        let letter: String
        let name: String
        let ok: Bool
    }

    struct Checker: Encodable {
        let smart: Bool
        let letters: [LetterView]
        let findings: [FindingView]
        /// False while nothing is typed yet: grey letters, no verdict.
        let judged: Bool

        init(_ findings: [GoalFinding], judged: Bool = true) {
            self.judged = judged
            self.findings = findings.map {
                FindingView(letter: $0.letter.rawValue, severity: $0.severity.rawValue, message: $0.message, suggestion: $0.suggestion,
                            field: Goals.field(for: $0))
            }
            let names: [SMARTLetter: String] = [.specific: "Specific", .measurable: "Measurable", .achievable: "Achievable",
                                                .relevant: "Relevant", .timeBound: "Time-bound"]
            letters = SMARTLetter.allCases.map { letter in
                LetterView(letter: letter.rawValue, name: names[letter]!,
                           ok: !findings.contains { $0.letter == letter && $0.severity == .problem })
            }
            smart = !findings.contains { $0.severity == .problem }
        }
    }

    struct GoalRow: Encodable {
        let id: UUID
        let link: String
        let title: String
        let status: String
        let statusLabel: String
        /// "due Friday", "by 3 Mar 2027" — in words, never the stored date.
        let due: String?
        let ownerName: String
        let alignedWith: [String]
        /// A bar only where there is a baseline and a target to measure against.
        let measured: Bool
        let percent: Int
        let progressLabel: String
    }

    static func row(_ goal: Goal, shares: [GoalShare], latest: ProgressUpdate?, today: CalendarDate) -> GoalRow {
        let percent = GoalProgress.percent(baseline: goal.baseline, target: goal.target, latest: latest?.value)
        let deadline = goal.deadline.flatMap(CalendarDate.init)
        let open = goal.status == .active || goal.status == .draft
        return GoalRow(id: goal.id!, link: Paths.goal(goal.id!), title: goal.title, status: goal.status.rawValue,
                       statusLabel: goal.status.label,
                       due: deadline.map { open ? RelativeDay.due($0, today: today) : "by \(RelativeDay.short($0, today: today))" },
                       ownerName: goal.$owner.value?.displayName ?? "",
                       alignedWith: shares.filter { $0.endorsedAt != nil }.compactMap { $0.$mentorship.value?.$mentor.value?.displayName },
                       measured: percent != nil, percent: percent ?? 0,
                       progressLabel: GoalProgress.label(baseline: goal.baseline, target: goal.target, latest: latest?.value, unit: goal.unit))
    }

    static func latestProgress(of goals: [Goal], on db: any Database) async throws -> [UUID: ProgressUpdate] {
        let ids = goals.compactMap(\.id)
        guard !ids.isEmpty else { return [:] }
        var latest: [UUID: ProgressUpdate] = [:]
        for update in try await ProgressUpdate.query(on: db).filter(\.$goal.$id ~~ ids).all() {
            let goalID = update.$goal.id
            if let current = latest[goalID], (current.recordedOn, current.createdAt ?? .distantPast) >= (update.recordedOn, update.createdAt ?? .distantPast) { continue }
            latest[goalID] = update
        }
        return latest
    }

    // MARK: the list

    struct ListPage: Encodable {
        let mine: [GoalRow]
        let shared: [GoalRow]
        let canCreate: Bool
    }

    @Sendable static func list(req: Request) async throws -> Response {
        let user = try req.user
        let (mine, shared) = try await Goals.list(for: user, on: req.db)
        let latest = try await latestProgress(of: mine + shared.map(\.0), on: req.db)
        var mineRows = mine.map { goal -> GoalRow in
            goal.$owner.value = user
            return row(goal, shares: goal.shares, latest: latest[goal.id!], today: user.today)
        }
        let order: [GoalStatus] = [.active, .draft, .achieved, .dropped]
        mineRows.sort { order.firstIndex(of: GoalStatus(rawValue: $0.status)!)! < order.firstIndex(of: GoalStatus(rawValue: $1.status)!)! }
        let sharedRows = shared.map { goal, share in row(goal, shares: [share], latest: latest[goal.id!], today: user.today) }
        let canCreate = try await ProgramMembership.query(on: req.db).filter(\.$user.$id == user.requireID()).filter(\.$isMentee == true).count() > 0
        return try await req.render("goals", title: "Goals", ListPage(mine: mineRows, shared: sharedRows, canCreate: canCreate))
    }

    // MARK: the form

    struct FormPage: Encodable {
        let goalID: UUID?
        let action: String
        let cancelLink: String
        let heading: String
        let sections: [FormSection]
        let checker: Checker
        let isDraft: Bool
        /// Feedback on this goal the owner chose to act on: its suggestion, beside the form.
        let feedbackSuggestion: FeedbackSuggestion?
        let form: FormState
    }

    struct FeedbackSuggestion: Encodable {
        let from: String
        let text: String
        let feedbackID: UUID
    }

    static func values(_ goal: Goal, shares: [UUID]) -> [String: String] {
        var values: [String: String] = [
            "title": goal.title, "specific": goal.specific, "metric": goal.metric, "unit": goal.unit,
            "baseline": goal.baseline.map(NumberInput.format) ?? "", "target": goal.target.map(NumberInput.format) ?? "",
            "achievable": goal.achievable, "relevant": goal.relevant, "startsOn": goal.startsOn ?? "", "deadline": goal.deadline ?? "",
        ]
        for id in shares { values["sharedWith_\(id)"] = "on" }
        return values
    }

    /// What the form means, numbers and sharing included, as far as it can be read; each number
    /// that is not one is named in `unreadable` (the strict `input` refuses it, the checker reports it).
    static func read(_ values: [String: String], mentorships: [Mentorship]) -> (input: Goals.Input, unreadable: [FieldError]) {
        var unreadable: [FieldError] = []
        func number(_ key: String, _ label: String) -> Double? {
            let raw = values[key] ?? ""
            if raw.trimmingCharacters(in: .whitespaces).isEmpty { return nil }
            guard let value = NumberInput.parse(raw) else {
                unreadable.append(FieldError(key, "\(label) “\(raw)” is not a number, like 0 or 2.5."))
                return nil
            }
            return value
        }
        var input = Goals.Input()
        input.title = values["title"] ?? ""
        input.specific = values["specific"] ?? ""
        input.metric = values["metric"] ?? ""
        input.unit = values["unit"] ?? ""
        input.baseline = number("baseline", "The starting value")
        input.target = number("target", "The target")
        input.achievable = values["achievable"] ?? ""
        input.relevant = values["relevant"] ?? ""
        input.startsOn = values["startsOn"] ?? ""
        input.deadline = values["deadline"] ?? ""
        input.sharedWith = mentorships.compactMap(\.id).filter { values["sharedWith_\($0)"] == "on" }
        return (input, unreadable)
    }

    /// The form's input for saving; a number that is not one is refused, named.
    static func input(_ values: [String: String], mentorships: [Mentorship]) throws(ValidationFailure) -> Goals.Input {
        let (input, unreadable) = read(values, mentorships: mentorships)
        if !unreadable.isEmpty { throw ValidationFailure(unreadable) }
        return input
    }

    static func sections(_ form: FormState, mentorships: [Mentorship]) -> [FormSection] {
        var sections = [
            FormSection(id: "title", heading: "The goal", fields: [
                FormField("title", "Title", required: true, form: form),
            ]),
            FormSection(id: "s", heading: "S — Specific", fields: [
                FormField("specific", "What exactly will exist or happen", .textarea,
                          hint: "An outcome others could see: “a deployed React app with three features”, not “improve my skills”.", form: form),
            ]),
            FormSection(id: "m", heading: "M — Measurable", fields: [
                FormField("metric", "What you will count", hint: "For example “features deployed”, “talks given”.", form: form),
                FormField("unit", "Unit", form: form),
                FormField("baseline", "Where you start", .number, form: form),
                FormField("target", "The target", .number, form: form),
            ]),
            FormSection(id: "a", heading: "A — Achievable", fields: [
                FormField("achievable", "Resources and constraints", .textarea, hint: "Hours a week, courses, help you need, what might get in the way.", form: form),
            ]),
            FormSection(id: "r", heading: "R — Relevant", fields: [
                FormField("relevant", "Why it matters to your career", .textarea, form: form),
            ]),
            FormSection(id: "t", heading: "T — Time-bound", fields: [
                FormField("startsOn", "Starts on", .date, form: form),
                FormField("deadline", "Deadline", .date, form: form),
            ]),
        ]
        if !mentorships.isEmpty {
            sections.append(FormSection(id: "sharing", heading: "Who sees it", fields: [
                FormField("sharedWith", "Mentors who may see this goal", .checkboxes,
                          hint: "Each mentor sees only the goals you tick for them. Unticked, the goal is yours alone.",
                          options: mentorships.map { ($0.id!.uuidString, "\($0.mentor.displayName) (\($0.program.name))") }, form: form),
            ]))
        }
        return sections
    }

    /// The checker's findings for what is typed in the form, as typed: the one source of findings
    /// for the live checker, the "Check my goal" button and the form after a refused save. What
    /// cannot be read is a finding of its own; nothing typed is judged as nothing.
    static func review(_ values: [String: String], mentorships: [Mentorship], user: User, goalID: UUID?,
                       on db: any Database) async throws -> Checker {
        let (input, numbers) = read(values, mentorships: mentorships)
        var unreadable = numbers.map { GoalChecker.unreadable($0.field, letter: .measurable, message: $0.message) }
        var v = InputValidator()
        let draft = input.draft(over: GoalDraft(title: ""), into: &v)
        for error in v.errors {
            unreadable.append(GoalChecker.unreadable(error.field, letter: .timeBound, message: error.message))
        }
        let shared = mentorships.filter { input.sharedWith?.contains($0.id!) == true }
        var findings = GoalChecker.review(draft, try await Goals.context(for: user, excluding: goalID, sharedWith: shared, on: db))
        // "No target" beside a target that was typed but not read would say the opposite of the form.
        let unread = Set(unreadable.map { Goals.field(for: $0) })
        findings.removeAll { unread.contains(Goals.field(for: $0)) && $0.rule.hasSuffix("-missing") }
        let typed = ["title", "specific", "metric", "unit", "baseline", "target", "achievable", "relevant", "deadline"]
            .contains { !(values[$0] ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        return Checker(unreadable + findings, judged: typed)
    }

    private static func renderForm(_ req: Request, goal: Goal?, form: FormState, suggestion: FeedbackSuggestion? = nil) async throws -> Response {
        let user = try req.user
        let mentorships = try await Goals.activeMenteeships(of: try user.requireID(), on: req.db)
        let checker = try await review(form.values, mentorships: mentorships, user: user, goalID: goal?.id, on: req.db)
        let page = FormPage(goalID: goal?.id, action: goal.map { Paths.goal($0.id!) } ?? Paths.goals,
                            cancelLink: goal.map { Paths.goal($0.id!) } ?? Paths.goals,
                            heading: goal == nil ? "A new SMART goal" : "Change “\(goal!.title)”",
                            sections: sections(form, mentorships: mentorships), checker: checker,
                            isDraft: goal == nil || goal?.status == .draft, feedbackSuggestion: suggestion, form: form)
        return try await req.render("goal-form", title: page.heading, page)
    }

    @Sendable static func newForm(req: Request) async throws -> Response {
        var values: [String: String] = ["startsOn": try req.user.today.description]
        if let chosen = req.query[UUID.self, at: "mentorship"] { values["sharedWith_\(chosen)"] = "on" }
        return try await renderForm(req, goal: nil, form: FormState(values: values))
    }

    /// The live checker: the findings for what is typed so far, as a fragment of the form page.
    @Sendable static func check(req: Request) async throws -> Response {
        let user = try req.user
        let values = try req.form([String: String].self).values
        let mentorships = try await Goals.activeMenteeships(of: try user.requireID(), on: req.db)
        let checker = try await review(values, mentorships: mentorships, user: user,
                                       goalID: values["goalId"].flatMap(UUID.init(uuidString:)), on: req.db)
        return try await req.view.render("partials/goal-checker", checker).encodeResponse(for: req)
    }

    @Sendable static func create(req: Request) async throws -> Response {
        let user = try req.user
        let values = try req.form([String: String].self).values
        let mentorships = try await Goals.activeMenteeships(of: try user.requireID(), on: req.db)
        return try await req.handleForm(values: values, rerender: { state in try await renderForm(req, goal: nil, form: state) }) {
            var input = try input(values, mentorships: mentorships)
            if values["intent"] == "check" { return try await renderForm(req, goal: nil, form: FormState(values: values)) }
            input.status = values["intent"] == "active" ? GoalStatus.active.rawValue : GoalStatus.draft.rawValue
            let goal = try await Goals.create(input, by: user, req.actions)
            Flash.set(goal.status == .active ? "Your goal is active. Add milestones and record progress as you go." : "Your draft is saved. Commit to it once the checker is satisfied.", on: req)
            return req.redirect(to: Paths.goal(try goal.requireID()))
        }
    }

    static func access(_ req: Request) async throws -> Goals.Access {
        try await Goals.access(req.parameters.get("goalID", as: UUID.self), for: try req.user, on: req.db)
    }

    @Sendable static func editForm(req: Request) async throws -> Response {
        let access = try await access(req)
        try Goals.requireOwner(access)
        // "Change the goal" from feedback on it: the suggestion stands beside the form. Only
        // feedback the owner received about this very goal is shown; anything else is ignored.
        var suggestion: FeedbackSuggestion?
        if let feedbackID = req.query[UUID.self, at: "feedback"],
           let (feedback, _) = try? await Feedbacks.find(feedbackID, for: try req.user, on: req.db),
           feedback.$receiver.id == access.goal.$owner.id, feedback.subject == .goal(try access.goal.requireID()),
           let text = feedback.answer?.suggestion, !text.isEmpty {
            suggestion = FeedbackSuggestion(from: feedback.giver.displayName, text: text, feedbackID: feedbackID)
        }
        return try await renderForm(req, goal: access.goal, form: FormState(values: values(access.goal, shares: access.visibleShares.map(\.$mentorship.id))),
                                    suggestion: suggestion)
    }

    @Sendable static func update(req: Request) async throws -> Response {
        let user = try req.user
        let access = try await access(req)
        try Goals.requireOwner(access)
        let values = try req.form([String: String].self).values
        let mentorships = try await Goals.activeMenteeships(of: try user.requireID(), on: req.db)
        return try await req.handleForm(values: values, rerender: { state in try await renderForm(req, goal: access.goal, form: state) }) {
            let input = try input(values, mentorships: mentorships)
            if values["intent"] == "check" { return try await renderForm(req, goal: access.goal, form: FormState(values: values)) }
            _ = try await Goals.update(input, in: access, by: user, req.actions)
            Flash.set("Your goal is saved.", on: req)
            return req.redirect(to: Paths.goal(try access.goal.requireID()))
        }
    }

    // MARK: one goal

    struct MilestoneRow: Encodable {
        let id: UUID
        let title: String
        let dueOn: String?
        let done: Bool
        let overdue: Bool
    }

    struct ProgressRow: Encodable {
        let recordedOn: String
        let value: String
        let note: String
    }

    struct FeedbackRow: Encodable {
        let authorName: String
        let kind: String
        let kindLabel: String
        let body: String
        let at: String
        let mentorName: String
    }

    struct ShareOption: Encodable {
        let mentorshipID: UUID
        let label: String
        let shared: Bool
        let endorsed: Bool
    }

    struct ShowPage: Encodable {
        let id: UUID
        let title: String
        let status: String
        let statusLabel: String
        let ownerName: String
        let isOwner: Bool
        let specific: String
        let measurable: String
        let achievable: String
        let relevant: String
        let timeBound: String
        let checker: Checker
        let alignedWith: [String]
        let nextStatuses: [StatusOption]
        let chartLink: String
        let chartSummary: String
        let hasMetric: Bool
        let progress: [ProgressRow]
        let milestones: [MilestoneRow]
        let sharing: [ShareOption]
        let feedback: [FeedbackRow]
        let feedbackTargets: [ShareOption]
        let canEndorse: Bool
        let mentorshipLinks: [LinkView]
        let forms: [String: FormState]
        let today: String
        /// The latest reading meets the target while the goal is still active: time to celebrate.
        let targetReached: Bool
    }

    struct StatusOption: Encodable {
        let value: String
        let label: String
    }

    struct LinkView: Encodable {
        let text: String
        let link: String
    }

    /// Whether a reading meets the target, counting in the direction from baseline to target
    /// (a goal can be to bring a number down).
    static func reached(_ goal: Goal, latest: Double?) -> Bool {
        guard let target = goal.target, let latest else { return false }
        let downwards = goal.baseline.map { target < $0 } ?? false
        return downwards ? latest <= target : latest >= target
    }

    static func statusOptions(_ status: GoalStatus) -> [StatusOption] {
        let labels: [GoalStatus: String] = [.active: status == .draft ? "Commit to this goal" : "Take it up again",
                                            .achieved: "Mark achieved", .dropped: "Drop it"]
        return [GoalStatus.active, .achieved, .dropped].filter { $0 != status && status.canMove(to: $0) }
            .map { StatusOption(value: $0.rawValue, label: labels[$0]!) }
    }

    private static func render(_ req: Request, _ access: Goals.Access, forms: [String: FormState] = [:]) async throws -> Response {
        let user = try req.user
        let goal = access.goal
        let goalID = try goal.requireID()
        let voice = user.voice
        let context = try await Goals.context(for: goal.owner, excluding: goalID, sharedWith: access.visibleShares.map(\.mentorship), on: req.db)
        let draft = goal.draft
        let today = goal.owner.today
        let unit = goal.unit.isEmpty ? "" : " \(goal.unit)"
        var measurable = goal.metric.isEmpty ? "Nothing counted yet" : goal.metric
        if let target = goal.target {
            measurable += ": from \(goal.baseline.map(NumberInput.format) ?? "?") to \(NumberInput.format(target))\(unit)"
        }
        var timeBound = "No deadline"
        if let deadline = goal.deadline.flatMap(CalendarDate.init) {
            timeBound = (goal.startsOn.flatMap(CalendarDate.init).map { "from \(DateVoice.day($0, today: today)) " } ?? "") + "by \(DateVoice.day(deadline, today: today))"
        }
        let progress = try await Goals.progress(of: goal, on: req.db)
        let milestones = try await Goals.milestones(of: goal, on: req.db)
        let feedback = try await Goals.feedback(on: goal, in: access, on: req.db)
        let names = Dictionary(access.visibleShares.map { ($0.$mentorship.id, $0.mentorship.mentor.displayName) }, uniquingKeysWith: { a, _ in a })
        var sharing: [ShareOption] = []
        if access.isOwner {
            for mentorship in try await Goals.activeMenteeships(of: try user.requireID(), on: req.db) {
                let share = access.visibleShares.first { $0.$mentorship.id == mentorship.id }
                sharing.append(ShareOption(mentorshipID: mentorship.id!, label: "\(mentorship.mentor.displayName) (\(mentorship.program.name))",
                                           shared: share != nil, endorsed: share?.endorsedAt != nil))
            }
        }
        let targets = access.visibleShares.map {
            ShareOption(mentorshipID: $0.$mentorship.id, label: $0.mentorship.mentor.displayName, shared: true, endorsed: $0.endorsedAt != nil)
        }
        let chart = progressChart(goal, progress, milestones)
        let page = ShowPage(
            id: goalID, title: goal.title, status: goal.status.rawValue, statusLabel: goal.status.label,
            ownerName: goal.owner.displayName, isOwner: access.isOwner,
            specific: goal.specific.isEmpty ? "Not described yet" : goal.specific, measurable: measurable,
            achievable: goal.achievable.isEmpty ? "Not described yet" : goal.achievable,
            relevant: goal.relevant.isEmpty ? "Not described yet" : goal.relevant, timeBound: timeBound,
            checker: Checker(GoalChecker.review(draft, context)),
            alignedWith: access.visibleShares.filter { $0.endorsedAt != nil }.map { $0.mentorship.mentor.displayName },
            nextStatuses: access.isOwner ? statusOptions(goal.status) : [],
            chartLink: Paths.goal(goalID) + "/progress.svg", chartSummary: chart.summary, hasMetric: !goal.metric.isEmpty,
            progress: progress.reversed().map { ProgressRow(recordedOn: $0.recordedOn, value: GoalProgress.quantity($0.value, goal.unit), note: $0.note) },
            milestones: milestones.map {
                MilestoneRow(id: $0.id!, title: $0.title, dueOn: $0.dueOn, done: $0.doneAt != nil,
                             overdue: $0.doneAt == nil && ($0.dueOn.flatMap(CalendarDate.init).map { $0 < today } ?? false))
            },
            sharing: sharing,
            feedback: feedback.map {
                FeedbackRow(authorName: $0.author.displayName, kind: $0.kind.rawValue,
                            kindLabel: $0.kind == .endorse ? "endorsed the goal" : $0.kind == .suggestChange ? "suggests a change" : "commented",
                            body: $0.body, at: $0.createdAt.map { voice.moment($0) } ?? "", mentorName: names[$0.$mentorship.id] ?? "")
            },
            feedbackTargets: targets,
            canEndorse: !access.isOwner && access.visibleShares.contains { $0.endorsedAt == nil },
            mentorshipLinks: access.visibleShares.map { LinkView(text: access.isOwner ? "With \($0.mentorship.mentor.displayName)" : "Your mentorship with \(goal.owner.displayName)", link: Paths.mentorship($0.$mentorship.id)) },
            forms: forms, today: today.description,
            targetReached: access.isOwner && goal.status == .active && reached(goal, latest: progress.last?.value))
        return try await req.render("goal", title: goal.title, page)
    }

    @Sendable static func show(req: Request) async throws -> Response {
        try await render(req, try await access(req))
    }

    /// Runs one of the goal page's small forms; its errors show beside it on the goal page.
    private static func subform(_ req: Request, _ name: String, success: String,
                                _ action: @escaping @Sendable (Goals.Access, [String: String]) async throws -> Void) async throws -> Response {
        let access = try await access(req)
        return try await req.subform(name, on: Paths.goal(try access.goal.requireID()), success: success,
                                     rerender: { forms in try await render(req, access, forms: forms) }) { values in try await action(access, values) }
    }

    @Sendable static func setStatus(req: Request) async throws -> Response {
        let user = try req.user
        let status = (try? req.content.get(String.self, at: "status")) ?? ""
        let success = switch status {
        case "achieved": "Achieved! Your mentor hears about it, and it is on your wins timeline."
        case "dropped": "The goal is dropped. Letting go of the wrong goal is progress too."
        default: "The goal is active."
        }
        return try await subform(req, "status", success: success) { access, values in
            _ = try await Goals.update(Goals.Input(status: values["status"]), in: access, by: user, req.actions)
        }
    }

    @Sendable static func share(req: Request) async throws -> Response {
        let user = try req.user
        return try await subform(req, "sharing", success: "Sharing saved.") { access, values in
            let ids = values.keys.filter { $0.hasPrefix("share_") && values[$0] == "on" }.compactMap { UUID(uuidString: String($0.dropFirst(6))) }
            try await Goals.setSharing(ids, in: access, by: user, req.actions)
        }
    }

    @Sendable static func delete(req: Request) async throws -> Response {
        let access = try await access(req)
        try Goals.requireOwner(access)
        if let ask = try await Confirmation.ask(req, question: "Delete the goal “\(access.goal.title)”?",
                                                consequence: "Its milestones, progress and your mentors' comments on it are deleted too. This cannot be undone; to keep it but stop working on it, mark it dropped instead.",
                                                button: "Delete the goal", back: Paths.goal(try access.goal.requireID())) { return ask }
        try await Goals.delete(access, on: req.db)
        Flash.set("The goal “\(access.goal.title)” is deleted.", on: req)
        return req.redirect(to: Paths.goals)
    }

    @Sendable static func addMilestone(req: Request) async throws -> Response {
        try await subform(req, "milestones", success: "Milestone added.") { access, values in
            _ = try await Goals.addMilestone(Goals.MilestoneInput(title: values["title"] ?? "", dueOn: values["dueOn"]), in: access, req.actions)
        }
    }

    @Sendable static func toggleMilestone(req: Request) async throws -> Response {
        let access = try await access(req)
        let milestone = try await Goals.milestone(req.parameters.get("milestoneID", as: UUID.self), in: access, on: req.db)
        let done = milestone.doneAt == nil
        _ = try await Goals.updateMilestone(milestone.id, Goals.MilestoneInput(done: done), in: access, req.actions)
        Flash.set(done ? "Milestone reached — well done!" : "Milestone marked as not done.", on: req)
        return req.redirect(to: Paths.goal(try access.goal.requireID()) + "#milestones")
    }

    @Sendable static func deleteMilestone(req: Request) async throws -> Response {
        let access = try await access(req)
        try Goals.requireOwner(access)
        let milestone = try await Goals.milestone(req.parameters.get("milestoneID", as: UUID.self), in: access, on: req.db)
        if let ask = try await Confirmation.ask(req, question: "Delete the milestone “\(milestone.title)”?",
                                                consequence: "It is taken off the goal “\(access.goal.title)”. This cannot be undone.",
                                                button: "Delete the milestone", back: Paths.goal(try access.goal.requireID()) + "#milestones") { return ask }
        try await Goals.deleteMilestone(milestone.id, in: access, on: req.db)
        Flash.set("Milestone deleted.", on: req)
        return req.redirect(to: Paths.goal(try access.goal.requireID()) + "#milestones")
    }

    @Sendable static func addProgress(req: Request) async throws -> Response {
        let user = try req.user
        return try await subform(req, "progress", success: "Progress recorded.") { access, values in
            let raw = values["value"] ?? ""
            guard let value = NumberInput.parse(raw) else {
                throw ValidationFailure("value", raw.trimmingCharacters(in: .whitespaces).isEmpty
                    ? "Give the current value as a number." : "“\(raw)” is not a number; give the current value like 2 or 2.5.")
            }
            _ = try await Goals.addProgress(Goals.ProgressInput(value: value, note: values["note"], recordedOn: values["recordedOn"]),
                                            in: access, by: user, on: req.db)
        }
    }

    @Sendable static func addFeedback(req: Request) async throws -> Response {
        let user = try req.user
        return try await subform(req, "feedback", success: "Sent.") { access, values in
            _ = try await Goals.addFeedback(Goals.FeedbackInput(kind: values["kind"], body: values["body"],
                                                                mentorshipId: values["mentorshipId"].flatMap(UUID.init(uuidString:))),
                                            in: access, by: user, req.actions)
        }
    }

    static func progressChart(_ goal: Goal, _ progress: [ProgressUpdate], _ milestones: [Milestone]) -> ProgressChart {
        let draft = goal.draft
        return ProgressChart(points: progress.compactMap { update in CalendarDate(update.recordedOn).map { ProgressPoint(date: $0, value: update.value) } },
                             baseline: goal.baseline, target: goal.target, startsOn: draft.startsOn, deadline: draft.deadline, unit: goal.unit,
                             milestones: milestones.compactMap { m in m.dueOn.flatMap(CalendarDate.init).map { ChartMilestone(date: $0, title: m.title, done: m.doneAt != nil) } },
                             today: goal.owner.today)
    }

    @Sendable static func chart(req: Request) async throws -> Response {
        let access = try await access(req)
        let goal = access.goal
        let chart = progressChart(goal, try await Goals.progress(of: goal, on: req.db), try await Goals.milestones(of: goal, on: req.db))
        let response = Response(status: .ok, body: .init(string: chart.svg(title: "Progress on “\(goal.title)”")))
        response.headers.contentType = HTTPMediaType(type: "image", subType: "svg+xml")
        response.headers.cacheControl = .init(noStore: true)
        return response
    }
}
