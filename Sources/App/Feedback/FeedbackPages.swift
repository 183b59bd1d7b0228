import Fluent
import TandemCore
import Vapor

/// The mentorship's Feedback tab: what is asked of you, asking for feedback on something
/// specific, giving it unasked, and everything exchanged — the pair only.
enum FeedbackPages {
    static func register(signedIn routes: any RoutesBuilder) {
        routes.get("mentorships", ":mentorshipID", "feedback", use: show)
        routes.post("mentorships", ":mentorshipID", "feedback", "ask", use: ask)
        routes.post("mentorships", ":mentorshipID", "feedback", "give", use: give)
        routes.post("feedback", ":feedbackID", "answer", use: answer)
        routes.post("feedback", ":feedbackID", "helpful", use: helpful)
        routes.post("feedback", ":feedbackID", "action", use: makeAction)
        routes.post("mentorships", ":mentorshipID", "check-ins", use: checkIn)
    }

    struct Item: Encodable {
        let id: UUID
        let asked: Bool
        let open: Bool
        let fromName: String
        let toName: String
        let avatar: Avatar
        let subject: String
        let subjectLink: String?
        let question: String
        let workLink: String
        let workText: String
        let parts: [Part]
        let at: String
        let answeredAt: String
        let iAsked: Bool
        let canAnswer: Bool
        let helpful: Bool
        let canMarkHelpful: Bool
        let canMakeAction: Bool
        let actionLink: String?
        /// Feedback on one of the viewer's own goals: change the goal in the light of the suggestion.
        let goalChangeLink: String?
        let form: FormState
    }

    struct Part: Encodable {
        let label: String
        let text: String
    }

    struct Prompt: Encodable {
        let field: String
        let label: String
        let hint: String
    }

    struct CheckInForm: Encodable {
        let period: String
        let heading: String
        let needsVerdict: Bool
        let form: FormState
    }

    struct CheckInRow: Encodable {
        let heading: String
        let mine: [Score]
        let theirs: [Score]
        let mySentence: String
        let theirSentence: String
        let myVerdict: String
        let theirVerdict: String
        let theirsHidden: Bool
    }

    struct Score: Encodable {
        let question: String
        let value: Int
        let percent: Int
    }

    struct CheckInView: Encodable {
        let open: [CheckInForm]
        let history: [CheckInRow]
        let signals: [String]
        let nextMeetingID: UUID?
        let charterLink: String
        let questions: [FormField.Option]
        let verdicts: [FormField.Option]
        let rhythm: Int
        /// Both sides' check-ins over time (server SVG) and the same in words.
        let chart: String
        let chartSummary: String
    }

    struct Page: Encodable {
        let id: UUID
        let checkIns: CheckInView
        let header: MentorshipHeader
        let otherName: String
        let askedOfMe: [Item]
        let exchanged: [Item]
        let subjects: [FormField.Option]
        let prompts: [Prompt]
        let forms: [String: FormState]
        let giveOpen: Bool
        /// Cases about this mentorship the viewer raised or takes part in.
        let concerns: [ConcernPages.Row]
    }

    static let prompts = [
        Prompt(field: "situation", label: "The situation", hint: "When and where — “In Tuesday’s demo…”"),
        Prompt(field: "observed", label: "What you observed", hint: "What you saw or heard, not a judgement — “you explained the design before the problem”."),
        Prompt(field: "effect", label: "Its effect", hint: "What it did — “the team lost the thread for a few minutes”."),
        Prompt(field: "suggestion", label: "A suggestion", hint: "One thing to try next time — “start with the user’s problem”. It can become an action item."),
    ]

    /// What feedback can be about: this mentorship's goals, actions and meetings, a piece of work, the mentoring.
    static func subjects(of mentorshipID: UUID, voice: DateVoice, on db: any Database) async throws -> (options: [(String, String)], labels: [String: (String, String?)]) {
        let goals = try await GoalShare.query(on: db).filter(\.$mentorship.$id == mentorshipID).with(\.$goal).all().map(\.goal)
        let actions = try await ActionItem.query(on: db).filter(\.$mentorship.$id == mentorshipID).sort(\.$createdAt, .descending).limit(30).all()
        let meetings = try await Meeting.query(on: db).filter(\.$mentorship.$id == mentorshipID).filter(\.$status != .cancelled)
            .sort(\.$startsAt, .descending).limit(12).all()
        var options: [(String, String)] = [("work", "A piece of work (a link or a short text)"), ("mentoring", "The mentoring itself")]
        var labels: [String: (String, String?)] = ["work": ("a piece of work", nil), "mentoring": ("the mentoring itself", nil)]
        for goal in goals {
            let choice = FeedbackSubject.goal(goal.id!).choice
            options.append((choice, "Goal: \(goal.title)"))
            labels[choice] = ("the goal “\(goal.title)”", Paths.goal(goal.id!))
        }
        for item in actions {
            let choice = FeedbackSubject.action(item.id!).choice
            options.append((choice, "Action: \(item.title)"))
            labels[choice] = ("the action “\(item.title)”", Paths.mentorship(mentorshipID, .actions))
        }
        for meeting in meetings {
            let choice = FeedbackSubject.meeting(meeting.id!).choice
            options.append((choice, "Meeting: \(voice.dateTime(meeting.startsAt))"))
            labels[choice] = ("the meeting on \(voice.dateTime(meeting.startsAt))", Paths.meeting(meeting.id!))
        }
        return (options, labels)
    }

    static func render(_ req: Request, _ access: Mentorships.Access, forms: [String: FormState] = [:]) async throws -> Response {
        let user = try req.user
        let m = access.mentorship
        let id = try m.requireID()
        let voice = user.voice
        let now = Date()
        let all = try await Feedbacks.list(in: access, on: req.db)
        let (options, labels) = try await subjects(of: id, voice: voice, on: req.db)
        let ownGoals = Set(try await Goal.query(on: req.db).filter(\.$owner.$id == access.viewerID).all().compactMap(\.id))
        let partLabels = Dictionary(uniqueKeysWithValues: prompts.map { ($0.field, $0.label) })
        func item(_ f: Feedback) -> Item {
            let choice = f.subject?.choice ?? "work"
            let (subject, link) = labels[choice] ?? ("something no longer in this mentorship", nil)
            let answer = f.answer
            let parts = answer.map { a in
                [("situation", a.situation), ("observed", a.observed), ("effect", a.effect), ("suggestion", a.suggestion)]
                    .filter { !$0.1.isEmpty }.map { Part(label: partLabels[$0.0] ?? $0.0, text: $0.1) }
            } ?? []
            let iAsked = f.$receiver.id == access.viewerID
            return Item(
                id: f.id!, asked: f.wasAsked, open: f.status == .asked, fromName: f.giver.displayName, toName: f.receiver.displayName,
                avatar: Avatar(name: f.giver.displayName), subject: subject, subjectLink: link, question: f.question,
                workLink: f.workLink, workText: f.workText, parts: parts, at: f.createdAt.map { voice.moment($0, now: now) } ?? "",
                answeredAt: f.givenAt.map { voice.moment($0, now: now) } ?? "", iAsked: iAsked,
                canAnswer: f.status == .asked && f.$giver.id == access.viewerID, helpful: f.helpfulAt != nil,
                canMarkHelpful: iAsked && f.status == .given && f.helpfulAt == nil,
                canMakeAction: iAsked && f.status == .given && f.$actionItem.id == nil && answer?.actionTitle != nil,
                actionLink: f.$actionItem.id.map { _ in Paths.mentorship(id, .actions) },
                goalChangeLink: {
                    guard iAsked || f.$receiver.id == access.viewerID, f.status == .given, case .goal(let goalID)? = f.subject,
                          ownGoals.contains(goalID), !(answer?.suggestion.isEmpty ?? true) else { return nil }
                    return Paths.goal(goalID) + "/edit?feedback=\(f.id!)"
                }(),
                form: forms["answer-\(f.id!)"] ?? FormState())
        }
        let askedOfMe = all.filter { $0.status == .asked && $0.$giver.id == access.viewerID }.map(item)
        let exchanged = all.filter { !($0.status == .asked && $0.$giver.id == access.viewerID) }.map(item)
        var forms = forms
        if forms["ask"] == nil { forms["ask"] = FormState(values: ["subject": "work"]) }
        if forms["give"] == nil { forms["give"] = FormState(values: ["subject": "mentoring"]) }
        let chosen = forms["ask"]?.values["subject"] ?? ""
        let header = MentorshipHeader(access, tab: .feedback, charter: try await Charters.history(of: id, on: req.db), viewer: user, now: now)
        let checkIns = try await checkInView(access, viewer: user, forms: forms, now: now, on: req.db)
        return try await req.render("mentorship-feedback", title: "Feedback · \(m.mentor.displayName) & \(m.mentee.displayName)", Page(
            id: id, checkIns: checkIns, header: header, otherName: m.other(than: access.viewerID).firstName, askedOfMe: askedOfMe, exchanged: exchanged,
            subjects: options.map { FormField.Option(value: $0.0, label: $0.1, selected: $0.0 == chosen, name: "subject") },
            prompts: prompts, forms: forms, giveOpen: forms["give"]?.summary != nil,
            concerns: try await ConcernPages.rows(try await Concerns.list(for: user, on: req.db).filter { $0.$mentorship.id == id }, for: user, on: req.db)))
    }

    static func periodHeading(_ period: String, schedule: CheckInSchedule, voice: DateVoice) -> String {
        guard period != "first", let n = Int(period.dropFirst()) else { return "After your first meeting" }
        return "Check-in \(n), from \(voice.day(schedule.starts(n), today: CalendarDate(Date(), in: voice.timeZone)))"
    }

    static func checkInView(_ access: Mentorships.Access, viewer: User, forms: [String: FormState], now: Date, on db: any Database) async throws -> CheckInView {
        let voice = viewer.voice
        let state = try await CheckIns.state(of: access, viewer: viewer, now: now, on: db)
        let other = access.mentorship.other(than: access.viewerID)
        func scores(_ c: CheckIn?) -> [Score] {
            guard let c else { return [] }
            return CheckInQuestion.allCases.map { q in Score(question: q.text, value: c.answers.scores[q] ?? 0, percent: (c.answers.scores[q] ?? 0) * 20) }
        }
        let periods = state.mine.map(\.period)
        let history = periods.reversed().map { period -> CheckInRow in
            let mine = state.mine.first { $0.period == period }
            let theirs = state.theirs.first { $0.period == period }
            return CheckInRow(heading: periodHeading(period, schedule: state.schedule, voice: voice), mine: scores(mine), theirs: scores(theirs),
                              mySentence: mine?.sentence ?? "", theirSentence: theirs?.sentence ?? "",
                              myVerdict: mine?.answers.verdict?.label ?? "", theirVerdict: theirs?.answers.verdict?.label ?? "",
                              theirsHidden: theirs == nil)
        }
        let chart = CheckInHistoryChart(
            labels: periods.map { $0 == "first" ? "After the first meeting" : "Check-in \($0.dropFirst())" },
            series: [.init(name: "You", means: state.mine.map { CheckInHistoryChart.mean($0.answers) }, colour: "#2f5bd3"),
                     .init(name: other.firstName, means: periods.map { p in state.theirs.first { $0.period == p }.map { CheckInHistoryChart.mean($0.answers) } },
                           colour: "#b26b00")])
        // What the latest check-in both answered suggests, told to the pair alone.
        var signals: [String] = []
        if let latest = state.mine.last(where: { c in state.theirs.contains { $0.period == c.period } }) {
            let before = state.mine.last { $0.createdAt ?? .distantPast < latest.createdAt ?? .distantPast }
            signals = CheckInSignals.of(mine: latest.answers, theirs: state.theirs.first { $0.period == latest.period }?.answers,
                                        myPrevious: before?.answers, otherName: other.firstName)
        }
        let next = try await Meetings.next(in: access.mentorship.requireID(), after: now, on: db)
        return CheckInView(
            open: state.open.map { CheckInForm(period: $0, heading: periodHeading($0, schedule: state.schedule, voice: voice), needsVerdict: $0 == "first",
                                               form: forms["check-in-\($0)"] ?? FormState()) },
            history: history, signals: signals, nextMeetingID: next?.id, charterLink: Paths.charter(try access.mentorship.requireID()) + "#edit",
            questions: CheckInQuestion.allCases.map { FormField.Option(value: $0.rawValue, label: $0.text, selected: false, name: $0.rawValue) },
            verdicts: FitVerdict.allCases.map { FormField.Option(value: $0.rawValue, label: $0.label, selected: false, name: "verdict") },
            rhythm: state.schedule.everyDays,
            chart: periods.isEmpty ? "" : chart.svg(title: "Check-ins over time: the mean of the four answers"), chartSummary: chart.summary)
    }

    @Sendable static func checkIn(req: Request) async throws -> Response {
        let access = try await Mentorships.pairAccess(req)
        let user = try req.user
        let (input, values) = try req.form(CheckIns.Input.self)
        let period = values["period"] ?? ""
        return try await req.handleForm(values: values, rerender: { state in try await render(req, access, forms: ["check-in-\(period)": state]) }) {
            _ = try await CheckIns.submit(input, in: access, by: user, req.actions)
            Flash.set("Checked in. You see \(access.mentorship.other(than: access.viewerID).firstName)'s answers once they check in too.", on: req)
            return back(req, try access.mentorship.requireID(), "check-in")
        }
    }

    @Sendable static func show(req: Request) async throws -> Response {
        try await render(req, try await Mentorships.pairAccess(req))
    }

    private static func back(_ req: Request, _ mentorshipID: UUID, _ anchor: String) -> Response {
        req.redirect(to: Paths.mentorship(mentorshipID, .feedback) + "#\(anchor)")
    }

    @Sendable static func ask(req: Request) async throws -> Response {
        let access = try await Mentorships.pairAccess(req)
        let user = try req.user
        let (input, values) = try req.form(Feedbacks.AskInput.self)
        return try await req.handleForm(values: values, rerender: { state in try await render(req, access, forms: ["ask": state]) }) {
            let feedback = try await Feedbacks.ask(input, in: access, by: user, req.actions)
            Flash.set("Asked. \(feedback.giver.firstName) is told, and answers here.", on: req)
            return back(req, try access.mentorship.requireID(), "feedback-\(feedback.id!)")
        }
    }

    @Sendable static func give(req: Request) async throws -> Response {
        let access = try await Mentorships.pairAccess(req)
        let user = try req.user
        let (input, values) = try req.form(Feedbacks.AnswerInput.self)
        return try await req.handleForm(values: values, rerender: { state in try await render(req, access, forms: ["give": state]) }) {
            let feedback = try await Feedbacks.give(input, in: access, by: user, req.actions)
            Flash.set("Given. Only \(feedback.receiver.firstName) reads it.", on: req)
            return back(req, try access.mentorship.requireID(), "feedback-\(feedback.id!)")
        }
    }

    @Sendable static func answer(req: Request) async throws -> Response {
        let user = try req.user
        let id = req.parameters.get("feedbackID", as: UUID.self)
        let (_, access) = try await Feedbacks.find(id, for: user, on: req.db)
        let (input, values) = try req.form(Feedbacks.AnswerInput.self)
        return try await req.handleForm(values: values, rerender: { state in try await render(req, access, forms: ["answer-\(id!)": state]) }) {
            let feedback = try await Feedbacks.answer(id, input, by: user, req.actions)
            Flash.set("Answered. \(feedback.receiver.firstName) is told.", on: req)
            return back(req, feedback.$mentorship.id, "feedback-\(feedback.id!)")
        }
    }

    @Sendable static func helpful(req: Request) async throws -> Response {
        let feedback = try await Feedbacks.markHelpful(req.parameters.get("feedbackID", as: UUID.self), by: try req.user, on: req.db)
        Flash.set("Marked as helpful — \(feedback.giver.firstName) sees it.", on: req)
        return back(req, feedback.$mentorship.id, "feedback-\(feedback.id!)")
    }

    @Sendable static func makeAction(req: Request) async throws -> Response {
        let id = req.parameters.get("feedbackID", as: UUID.self)
        let values = try req.form([String: String].self).values
        let item = try await Feedbacks.makeAction(id, dueOn: values["dueOn"], by: try req.user, req.actions)
        Flash.set("“\(item.title)” is an action item now; it waits on your next meeting's agenda.", on: req)
        return back(req, item.$mentorship.id, "feedback-\(id!)")
    }
}
