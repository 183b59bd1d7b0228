import Fluent
import TandemCore
import Vapor

/// The mentorship's Ending tab: propose to end with a reason, answer a proposal, end; then the
/// closing — a reflection, a note of thanks — and the recap, printable. The pair only.
enum EndingPages {
    static func register(signedIn routes: any RoutesBuilder) {
        routes.get("mentorships", ":mentorshipID", "ending", use: show)
        routes.post("mentorships", ":mentorshipID", "ending", "propose", use: propose)
        routes.post("mentorships", ":mentorshipID", "ending", "last-meeting", use: lastMeeting)
        routes.post("mentorships", ":mentorshipID", "ending", "end", use: end)
        routes.post("mentorships", ":mentorshipID", "ending", "withdraw", use: withdraw)
        routes.post("mentorships", ":mentorshipID", "ending", "reflection", use: reflect)
        routes.post("mentorships", ":mentorshipID", "ending", "gratitude", use: thank)
        routes.post("mentorships", ":mentorshipID", "ending", "not-again", use: notAgain)
        routes.post("mentorships", ":mentorshipID", "ending", "self-check", use: selfCheck)
        routes.post("mentorships", ":mentorshipID", "ending", "stay-in-touch", use: stayInTouch)
        routes.post("mentorships", ":mentorshipID", "ending", "testimonial", use: testimonial)
        routes.post("mentorships", ":mentorshipID", "ending", "testimonial", "display", use: testimonialDisplay)
    }

    struct SelfCheckView: Encodable {
        struct Question: Encodable {
            let name: String
            let prompt: String
            let options: [FormField.Option]
            let error: String?
        }

        struct Advice: Encodable {
            let text: String
            let link: String?
            let linkLabel: String?
        }

        let questions: [Question]
        /// The latest self-check in words, for its author.
        let lastAt: String?
        let lastAnswers: [String]
        let lastNote: String
        let advice: [Advice]
    }

    struct TouchView: Encodable {
        let agreed: Bool
        let myContact: String
        let otherAgreed: Bool
        let otherEmail: String?
        let otherContact: String?
    }

    struct TestimonialView: Encodable {
        let isMentee: Bool
        let body: String?
        let allowed: Bool
        let stateText: String
        let canShow: Bool
        let canHide: Bool
    }

    static func selfCheckView(_ access: Mentorships.Access, viewer: User, forms: [String: FormState], now: Date, on db: any Database) async throws -> SelfCheckView {
        let m = access.mentorship
        let id = try m.requireID()
        let last = try await Closing.selfChecks(in: access, on: db).first
        let form = forms["selfCheck"]
        let asMentee = m.$mentee.id == access.viewerID
        var advice: [SelfCheckView.Advice] = []
        if let last {
            let nextLink = try await Meetings.next(in: id, after: now, on: db).flatMap(\.id).map { Paths.meeting($0) + "#agenda" }
            advice = last.check.suggestions.map { s in
                switch s {
                case .talkAtNextMeeting:
                    return nextLink.map { .init(text: s.advice(asMentee: asMentee), link: $0, linkLabel: "Open the next meeting’s agenda") }
                        ?? .init(text: s.advice(asMentee: asMentee), link: Paths.newMeeting(id), linkLabel: "Plan a meeting")
                case .proposeCharterChange:
                    return .init(text: s.advice(asMentee: asMentee), link: Paths.charter(id) + "#edit", linkLabel: "Propose a charter change")
                case .anotherMentorAlongside:
                    return asMentee ? .init(text: s.advice(asMentee: true), link: "/programs/\(m.$program.id)/mentors", linkLabel: "Find a mentor alongside")
                        : .init(text: s.advice(asMentee: false), link: nil, linkLabel: nil)
                case .continueAsYouAre:
                    return .init(text: s.advice(asMentee: asMentee), link: nil, linkLabel: nil)
                }
            }
        }
        let voice = viewer.voice
        return SelfCheckView(
            questions: SelfCheckQuestion.allCases.map { q in
                let chosen = form?.values[q.rawValue] ?? ""
                return .init(name: q.rawValue, prompt: q.prompt,
                             options: FitAnswer.allCases.map { FormField.Option(value: $0.rawValue, label: $0.label, selected: $0.rawValue == chosen, name: q.rawValue) },
                             error: form?.errors[q.rawValue])
            },
            lastAt: last?.createdAt.map { voice.moment($0, now: now) },
            lastAnswers: last.map { l in SelfCheckQuestion.allCases.map { "\($0.prompt) \(l.check.answers[$0]?.label ?? "")" } } ?? [],
            lastNote: last?.note ?? "", advice: advice)
    }

    static func testimonialView(_ t: Testimonial?, access: Mentorships.Access) -> TestimonialView {
        let m = access.mentorship
        let isMentee = m.$mentee.id == access.viewerID
        let text: String
        switch (t?.display, isMentee) {
        case (nil, _): text = isMentee ? "" : "\(m.mentee.firstName) has not written a testimonial."
        case (.private?, true): text = "Only \(m.mentor.firstName) reads it."
        case (.private?, false): text = "For you to read: \(m.mentee.firstName) has not allowed it on your profile."
        case (.allowed?, true): text = "\(m.mentor.firstName) may show it on their profile; it is not there yet."
        case (.allowed?, false): text = "\(m.mentee.firstName) allows it on your profile. It is not there until you choose to show it."
        case (.shown?, true): text = "On \(m.mentor.firstName)’s profile, for the program’s members. Untick “allow” to take it off."
        case (.shown?, false): text = "On your profile, for the program’s members."
        }
        return TestimonialView(isMentee: isMentee, body: t?.body, allowed: t.map { $0.display != .private } ?? false, stateText: text,
                               canShow: !isMentee && t?.display == .allowed, canHide: !isMentee && t?.display == .shown)
    }

    struct Reflection: Encodable {
        let authorName: String
        let learned: String
        let differently: String
        let keepDoing: String
        let isPrivate: Bool
    }

    struct Gratitude: Encodable {
        let authorName: String
        let body: String
        let at: String
    }

    struct GoalRow: Encodable {
        let title: String
        let sentence: String
    }

    struct Resource: Encodable {
        let title: String
        let impressions: String
    }

    struct RecapView: Encodable {
        let duration: String
        let meetings: String
        let actions: String
        let goals: [GoalRow]
        let wins: [String]
        let setbacks: [String]
        let resources: [Resource]
        let rhythm: String
        let rhythmSummary: String
    }

    struct Page: Encodable {
        let id: UUID
        let header: MentorshipHeader
        let otherName: String
        let ended: Bool
        let endedText: String
        /// The proposal, in words, and what the viewer may do about it.
        let proposal: String?
        let iProposed: Bool
        let canAnswer: Bool
        let lastMeetingAsked: Bool
        let canEnd: Bool
        let endLabel: String
        let mayEndAlone: Bool
        let closing: Bool
        let reasons: [FormField.Option]
        let myReflection: Reflection?
        let theirReflection: Reflection?
        let myGratitude: Gratitude?
        let theirGratitude: Gratitude?
        let recap: RecapView
        /// The viewer's private choice not to be matched with the other side again.
        let notAgain: Bool
        let selfCheck: SelfCheckView?
        let touch: TouchView
        let testimonial: TestimonialView
        let forms: [String: FormState]
    }

    static func render(_ req: Request, _ access: Mentorships.Access, forms: [String: FormState] = [:]) async throws -> Response {
        let user = try req.user
        let voice = user.voice
        let now = Date()
        let m = access.mentorship
        let id = try m.requireID()
        let state = try await Endings.state(of: access, now: now, on: req.db)
        let history = try await Charters.history(of: id, on: req.db)
        let (recap, rhythm) = try await Endings.recap(of: access, history: history, viewer: user, now: now, on: req.db)
        let other = m.other(than: access.viewerID)
        let header = MentorshipHeader(access, tab: .ending, charter: history, viewer: user, now: now)
        let ending = state.ending
        let iProposed = ending?.$proposedBy.id == access.viewerID
        let ended = m.status == .ended
        let proposal = ending.map { e in
            let who = iProposed ? "You proposed" : "\(e.proposedBy.firstName) proposed"
            return "\(who) to end \(e.proposedAt.map { "— " + voice.moment($0, now: now) } ?? ""): \(e.reason.label.lowercased())." + (e.words.isEmpty ? "" : " “\(e.words)”")
        }
        let canConfirm = !ended && ending != nil && (!iProposed || ending?.lastMeetingAskedAt != nil)
        func reflection(_ n: ClosingNote?) -> Reflection? {
            n.map { Reflection(authorName: $0.author.displayName, learned: $0.learned, differently: $0.differently, keepDoing: $0.keepDoing,
                               isPrivate: $0.visibility == .authorOnly) }
        }
        func gratitude(_ n: ClosingNote?) -> Gratitude? {
            n.map { Gratitude(authorName: $0.author.displayName, body: $0.body, at: $0.createdAt.map { voice.moment($0, now: now) } ?? "") }
        }
        let chosen = forms["propose"]?.values["reason"] ?? ""
        var forms = forms
        // Staying in touch and the testimonial belong to the close: nothing to read before it.
        let closing = ended || ending != nil
        let touch = closing ? try await Closing.touch(in: access, on: req.db) : Closing.Touch.none
        let testimonial = closing ? try await Closing.testimonial(in: access, on: req.db) : nil
        if forms["testimonial"] == nil, let testimonial {
            forms["testimonial"] = FormState(values: ["body": testimonial.body])
        }
        if forms["reflection"] == nil, let mine = state.mine.first(where: { $0.kind == .reflection }) {
            forms["reflection"] = FormState(values: ["learned": mine.learned, "differently": mine.differently, "keepDoing": mine.keepDoing,
                                                     "visibility": mine.visibility.rawValue])
        }
        return try await req.render("mentorship-ending", title: "Ending · \(m.mentor.displayName) & \(m.mentee.displayName)", Page(
            id: id, header: header, otherName: other.firstName, ended: ended,
            endedText: ended ? "Ended \(m.endedAt.map { voice.day($0, now: now) } ?? "")\(ending?.endedAlone == true ? ", by one side" : "")." : "",
            proposal: proposal, iProposed: iProposed, canAnswer: !ended && ending != nil && !iProposed && ending?.lastMeetingAskedAt == nil,
            lastMeetingAsked: ending?.lastMeetingAskedAt != nil,
            canEnd: !ended && (canConfirm || state.mayEndAlone),
            endLabel: canConfirm ? (iProposed ? "End the mentorship now" : "Confirm: end the mentorship") : "End the mentorship alone",
            mayEndAlone: state.mayEndAlone && !canConfirm, closing: closing,
            reasons: EndingReason.allCases.map { FormField.Option(value: $0.rawValue, label: $0.label, selected: $0.rawValue == chosen, name: "reason") },
            myReflection: reflection(state.mine.first { $0.kind == .reflection }), theirReflection: reflection(state.theirs.first { $0.kind == .reflection }),
            myGratitude: gratitude(state.mine.first { $0.kind == .gratitude }), theirGratitude: gratitude(state.theirs.first { $0.kind == .gratitude }),
            recap: RecapView(duration: recap.duration, meetings: recap.meetings, actions: recap.actions,
                             goals: recap.goals.map { GoalRow(title: $0.title, sentence: $0.sentence) },
                             wins: recap.wins, setbacks: recap.setbacks, resources: recap.resources.map { Resource(title: $0.title, impressions: $0.impressions) },
                             rhythm: rhythm.svg(title: "Meeting rhythm over the mentorship"), rhythmSummary: rhythm.summary),
            notAgain: ended ? try await Endings.notAgain(in: access, on: req.db) : false,
            selfCheck: ended ? nil : try await selfCheckView(access, viewer: user, forms: forms, now: now, on: req.db),
            touch: TouchView(agreed: touch.mine != nil, myContact: forms["stayInTouch"]?.values["contact"] ?? touch.mine?.contact ?? "",
                             otherAgreed: touch.otherAgreed, otherEmail: touch.otherEmail, otherContact: touch.theirs.flatMap { $0.contact.isEmpty ? nil : $0.contact }),
            testimonial: testimonialView(testimonial, access: access),
            forms: forms))
    }

    @Sendable static func show(req: Request) async throws -> Response {
        try await render(req, try await Mentorships.pairAccess(req))
    }

    private static func act(_ req: Request, _ name: String, success: String,
                            _ action: @escaping (Mentorships.Access, [String: String]) async throws -> Void) async throws -> Response {
        let access = try await Mentorships.pairAccess(req)
        return try await req.subform(name, on: Paths.mentorship(try access.mentorship.requireID(), .ending), success: success,
                                     rerender: { forms in try await render(req, access, forms: forms) }) { values in
            try await action(access, values)
        }
    }

    @Sendable static func propose(req: Request) async throws -> Response {
        try await act(req, "propose", success: "Proposed. The other side is told and confirms, or asks for a last meeting first.") { access, values in
            _ = try await Endings.propose(Endings.ProposeInput(reason: values["reason"], words: values["words"]), in: access, by: try req.user, req.actions)
        }
    }

    @Sendable static func lastMeeting(req: Request) async throws -> Response {
        try await act(req, "answer", success: "Asked for a last meeting. Plan it on the Meetings tab; either of you ends afterwards.") { access, _ in
            _ = try await Endings.askLastMeeting(in: access, by: try req.user, req.actions)
        }
    }

    @Sendable static func end(req: Request) async throws -> Response {
        try await act(req, "answer", success: "The mentorship has ended. Take a moment for your reflection and a note of thanks.") { access, _ in
            _ = try await Endings.end(in: access, by: try req.user, req.actions)
        }
    }

    @Sendable static func withdraw(req: Request) async throws -> Response {
        try await act(req, "answer", success: "Withdrawn: the mentorship goes on.") { access, _ in
            try await Endings.withdraw(in: access, on: req.db)
        }
    }

    @Sendable static func reflect(req: Request) async throws -> Response {
        try await act(req, "reflection", success: "Your reflection is saved.") { access, values in
            _ = try await Endings.reflect(Endings.ReflectionInput(learned: values["learned"], differently: values["differently"],
                                                                  keepDoing: values["keepDoing"], visibility: values["visibility"]), in: access, on: req.db)
        }
    }

    @Sendable static func notAgain(req: Request) async throws -> Response {
        try await act(req, "not-again", success: "Saved. Only you know it.") { access, values in
            try await Endings.setNotAgain(values["notAgain"] == "yes", in: access, on: req.db)
        }
    }

    @Sendable static func selfCheck(req: Request) async throws -> Response {
        try await act(req, "selfCheck", success: "Saved for you alone. What it suggests is below.") { access, values in
            _ = try await Closing.selfCheck(Closing.SelfCheckInput(goals: values["goals"], communication: values["communication"],
                                                                   objectives: values["objectives"], note: values["note"]), in: access, on: req.db)
        }
    }

    @Sendable static func stayInTouch(req: Request) async throws -> Response {
        let leaving = (try? req.content.get(String.self, at: "leave")) == "yes"
        return try await act(req, "stayInTouch", success: leaving ? "Taken back: your details are hidden again." : "Saved. Once both of you agree, your details are visible to each other.") { access, values in
            if leaving { try await Closing.leaveTouch(in: access, on: req.db) } else {
                _ = try await Closing.stayInTouch(Closing.StayInTouchInput(contact: values["contact"]), in: access, by: try req.user, req.actions)
            }
        }
    }

    @Sendable static func testimonial(req: Request) async throws -> Response {
        try await act(req, "testimonial", success: "Your testimonial is saved and sent.") { access, values in
            _ = try await Closing.writeTestimonial(Closing.TestimonialInput(body: values["body"], allowOnProfile: values["allowOnProfile"] == "on"),
                                                   in: access, by: try req.user, req.actions)
        }
    }

    @Sendable static func testimonialDisplay(req: Request) async throws -> Response {
        let shown = (try? req.content.get(String.self, at: "shown")) == "yes"
        return try await act(req, "testimonial", success: shown ? "It is on your profile now." : "Taken off your profile.") { access, _ in
            _ = try await Closing.setShown(shown, in: access, on: req.db)
        }
    }

    @Sendable static func thank(req: Request) async throws -> Response {
        try await act(req, "gratitude", success: "Sent with thanks.") { access, values in
            _ = try await Endings.thank(Endings.GratitudeInput(body: values["body"]), in: access, by: try req.user, req.actions)
        }
    }
}

/// The same, for API clients — described in Resources/openapi.yaml.
enum EndingAPI {
    static func register(_ api: any RoutesBuilder) {
        api.get("mentorships", ":mentorshipID", "ending", use: show)
        api.post("mentorships", ":mentorshipID", "ending", use: propose)
        api.post("mentorships", ":mentorshipID", "ending", "last-meeting", use: lastMeeting)
        api.post("mentorships", ":mentorshipID", "ending", "end", use: end)
        api.delete("mentorships", ":mentorshipID", "ending", use: withdraw)
        api.put("mentorships", ":mentorshipID", "ending", "reflection", use: reflect)
        api.post("mentorships", ":mentorshipID", "ending", "gratitude", use: thank)
        api.put("mentorships", ":mentorshipID", "ending", "not-again", use: setNotAgain)
        api.put("mentorships", ":mentorshipID", "ending", "stay-in-touch", use: putStayInTouch)
        api.delete("mentorships", ":mentorshipID", "ending", "stay-in-touch", use: leaveTouch)
        api.put("mentorships", ":mentorshipID", "ending", "testimonial", use: writeTestimonial)
        api.put("mentorships", ":mentorshipID", "ending", "testimonial", "display", use: showTestimonial)
        api.get("mentorships", ":mentorshipID", "self-checks", use: selfChecks)
        api.post("mentorships", ":mentorshipID", "self-checks", use: selfCheck)
        api.get("people", ":userID", "testimonials", use: testimonials)
        api.get("programs", ":programID", "endings", use: EndingReport.json)
    }

    struct SelfCheckDTO: Content {
        struct Suggestion: Content { let kind: SelfCheckSuggestion; let advice: String }
        let id: UUID
        let goals: FitAnswer
        let communication: FitAnswer
        let objectives: FitAnswer
        let note: String
        let suggestions: [Suggestion]
        let createdAt: Date?

        init(_ row: SelfCheck, asMentee: Bool) throws {
            id = try row.requireID()
            goals = row.goals
            communication = row.communication
            objectives = row.objectives
            note = row.note
            suggestions = row.check.suggestions.map { Suggestion(kind: $0, advice: $0.advice(asMentee: asMentee)) }
            createdAt = row.createdAt
        }
    }

    @Sendable static func selfChecks(req: Request) async throws -> [SelfCheckDTO] {
        let access = try await Mentorships.pairAccess(req)
        let mentee = access.mentorship.$mentee.id == access.viewerID
        return try await Closing.selfChecks(in: access, on: req.db).map { try SelfCheckDTO($0, asMentee: mentee) }
    }

    @Sendable static func selfCheck(req: Request) async throws -> Response {
        let access = try await Mentorships.pairAccess(req)
        let row = try await Closing.selfCheck(try req.content.decode(Closing.SelfCheckInput.self), in: access, on: req.db)
        return try await SelfCheckDTO(row, asMentee: access.mentorship.$mentee.id == access.viewerID).encodeResponse(status: .created, for: req)
    }

    struct TouchDTO: Content {
        /// The caller agreed, and how they are reached besides e-mail.
        let agreed: Bool
        let myContact: String?
        /// The other side agreed too (they were told of the caller's wish, and the caller of theirs).
        let otherAgreed: Bool
        /// Both agreed: the other side's e-mail and contact line.
        let otherEmail: String?
        let otherContact: String?

        init(_ t: Closing.Touch) {
            agreed = t.mine != nil
            myContact = t.mine?.contact
            otherAgreed = t.otherAgreed
            otherEmail = t.otherEmail
            otherContact = t.theirs?.contact
        }
    }

    @Sendable static func putStayInTouch(req: Request) async throws -> TouchDTO {
        let access = try await Mentorships.pairAccess(req)
        return TouchDTO(try await Closing.stayInTouch(try req.content.decode(Closing.StayInTouchInput.self), in: access, by: try req.user, req.actions))
    }

    @Sendable static func leaveTouch(req: Request) async throws -> TouchDTO {
        let access = try await Mentorships.pairAccess(req)
        try await Closing.leaveTouch(in: access, on: req.db)
        return TouchDTO(try await Closing.touch(in: access, on: req.db))
    }

    struct TestimonialDTO: Content {
        let id: UUID
        let mentorshipId: UUID
        let menteeId: UUID
        let mentorId: UUID
        let body: String
        /// private (the mentor reads it), allowed (the mentee allows it on the mentor's profile), shown (it is there).
        let display: TestimonialDisplay
        let createdAt: Date?

        init(_ t: Testimonial) throws {
            id = try t.requireID()
            mentorshipId = t.$mentorship.id
            menteeId = t.$mentee.id
            mentorId = t.$mentor.id
            body = t.body
            display = t.display
            createdAt = t.createdAt
        }
    }

    @Sendable static func writeTestimonial(req: Request) async throws -> TestimonialDTO {
        let access = try await Mentorships.pairAccess(req)
        return try TestimonialDTO(try await Closing.writeTestimonial(try req.content.decode(Closing.TestimonialInput.self), in: access, by: try req.user, req.actions))
    }

    struct DisplayInput: Content {
        var shown: Bool?
    }

    @Sendable static func showTestimonial(req: Request) async throws -> TestimonialDTO {
        let access = try await Mentorships.pairAccess(req)
        guard let shown = try req.content.decode(DisplayInput.self).shown else {
            throw ValidationFailure("shown", "Say true (show it on your profile) or false (hide it).")
        }
        return try TestimonialDTO(try await Closing.setShown(shown, in: access, on: req.db))
    }

    struct ProfileTestimonialDTO: Content {
        let menteeName: String
        let body: String
        let createdAt: Date?
    }

    @Sendable static func testimonials(req: Request) async throws -> [ProfileTestimonialDTO] {
        let viewer = try req.user
        let (person, _) = try await Profiles.visibleProfile(of: req.parameters.get("userID", as: UUID.self), to: viewer, on: req.db)
        return try await Closing.onProfile(of: person.requireID(), to: viewer, on: req.db)
            .map { ProfileTestimonialDTO(menteeName: $0.mentee.displayName, body: $0.body, createdAt: $0.createdAt) }
    }

    struct NotAgainInput: Content {
        var notAgain: Bool?
    }

    @Sendable static func setNotAgain(req: Request) async throws -> StateDTO {
        let access = try await Mentorships.pairAccess(req)
        guard let value = try req.content.decode(NotAgainInput.self).notAgain else {
            throw ValidationFailure("notAgain", "Say true (not to be matched again) or false.")
        }
        try await Endings.setNotAgain(value, in: access, on: req.db)
        return try await state(req, access)
    }

    struct NoteDTO: Content {
        let id: UUID
        let kind: String
        let author: PersonDTO
        let learned: String
        let differently: String
        let keepDoing: String
        let body: String
        let visibility: Visibility
        let createdAt: Date?

        init(_ n: ClosingNote) throws {
            id = try n.requireID()
            kind = n.kind.rawValue
            author = try PersonDTO(n.author)
            learned = n.learned
            differently = n.differently
            keepDoing = n.keepDoing
            body = n.body
            visibility = n.visibility
            createdAt = n.createdAt
        }
    }

    struct RecapDTO: Content {
        struct Goal: Content { let title: String; let unit: String; let baseline: Double?; let final: Double?; let target: Double?; let status: GoalStatus; let milestonesReached: Int; let milestones: Int }
        let daysLasted: Int
        let daysAgreed: Int?
        let meetingsHeld: Int
        let meetingsAskedByCadence: Int
        let meetingsCancelled: Int
        let lateChanges: Int
        let actionsDone: Int
        let actionsDropped: Int
        let actionsCarried: Int
        let goals: [Goal]
        let wins: [String]
        let setbacks: [String]
        let resources: [[String: String]]
        let summary: [String]

        init(_ recap: MentorshipRecap) {
            daysLasted = recap.daysLasted
            daysAgreed = recap.daysAgreed
            meetingsHeld = recap.meetingsHeld
            meetingsAskedByCadence = recap.meetingsAsked
            meetingsCancelled = recap.meetingsCancelled
            lateChanges = recap.lateChanges
            actionsDone = recap.actionsDone
            actionsDropped = recap.actionsDropped
            actionsCarried = recap.actionsCarried
            goals = recap.goals.map { .init(title: $0.title, unit: $0.unit, baseline: $0.baseline, final: $0.final, target: $0.target,
                                            status: $0.status, milestonesReached: $0.milestonesReached, milestones: $0.milestones) }
            wins = recap.wins
            setbacks = recap.setbacks
            resources = recap.resources.map { ["title": $0.title, "impressions": $0.impressions] }
            summary = [recap.duration, recap.meetings, recap.actions]
        }
    }

    struct StateDTO: Content {
        let status: Mentorship.Status
        let endedAt: Date?
        let proposedBy: UUID?
        let reason: EndingReason?
        let words: String?
        let proposedAt: Date?
        let lastMeetingAskedAt: Date?
        let endedAlone: Bool?
        let mayEndAlone: Bool
        /// The caller's own private choice not to be matched with the other side again.
        let notAgain: Bool
        /// The caller's reflection and gratitude, and the other side's shared ones.
        let mine: [NoteDTO]
        let theirs: [NoteDTO]
        let stayInTouch: TouchDTO
        /// The mentee's testimonial, for both of the pair.
        let testimonial: TestimonialDTO?
        let recap: RecapDTO
    }

    static func state(_ req: Request, _ access: Mentorships.Access) async throws -> StateDTO {
        let user = try req.user
        let state = try await Endings.state(of: access, on: req.db)
        let (recap, _) = try await Endings.recap(of: access, viewer: user, on: req.db)
        let e = state.ending
        return StateDTO(
            status: access.mentorship.status, endedAt: access.mentorship.endedAt, proposedBy: e?.$proposedBy.id, reason: e?.reason, words: e?.words,
            proposedAt: e?.proposedAt, lastMeetingAskedAt: e?.lastMeetingAskedAt, endedAlone: e?.endedAt == nil ? nil : e?.endedAlone,
            mayEndAlone: state.mayEndAlone, notAgain: try await Endings.notAgain(in: access, on: req.db), mine: try state.mine.map(NoteDTO.init), theirs: try state.theirs.map(NoteDTO.init),
            stayInTouch: TouchDTO(try await Closing.touch(in: access, on: req.db)),
            testimonial: try await Closing.testimonial(in: access, on: req.db).map(TestimonialDTO.init),
            recap: RecapDTO(recap))
    }

    @Sendable static func show(req: Request) async throws -> StateDTO {
        try await state(req, try await Mentorships.pairAccess(req))
    }

    @Sendable static func propose(req: Request) async throws -> Response {
        let access = try await Mentorships.pairAccess(req)
        _ = try await Endings.propose(try req.content.decode(Endings.ProposeInput.self), in: access, by: try req.user, req.actions)
        return try await state(req, access).encodeResponse(status: .created, for: req)
    }

    @Sendable static func lastMeeting(req: Request) async throws -> StateDTO {
        let access = try await Mentorships.pairAccess(req)
        _ = try await Endings.askLastMeeting(in: access, by: try req.user, req.actions)
        return try await state(req, access)
    }

    @Sendable static func end(req: Request) async throws -> StateDTO {
        let access = try await Mentorships.pairAccess(req)
        _ = try await Endings.end(in: access, by: try req.user, req.actions)
        return try await state(req, access)
    }

    @Sendable static func withdraw(req: Request) async throws -> StateDTO {
        let access = try await Mentorships.pairAccess(req)
        try await Endings.withdraw(in: access, on: req.db)
        return try await state(req, access)
    }

    @Sendable static func reflect(req: Request) async throws -> NoteDTO {
        let access = try await Mentorships.pairAccess(req)
        let note = try await Endings.reflect(try req.content.decode(Endings.ReflectionInput.self), in: access, on: req.db)
        note.$author.value = try req.user
        return try NoteDTO(note)
    }

    @Sendable static func thank(req: Request) async throws -> Response {
        let access = try await Mentorships.pairAccess(req)
        let note = try await Endings.thank(try req.content.decode(Endings.GratitudeInput.self), in: access, by: try req.user, req.actions)
        return try await NoteDTO(note).encodeResponse(status: .created, for: req)
    }
}

/// What a coordinator may take away about endings: counts by reason over at least k endings,
/// as on the program page — never reflections, notes of thanks or private choices.
enum EndingReport {
    struct BucketDTO: Content {
        let reason: EndingReason
        let label: String
        /// Null when too few to show (fewer than 3, or hidden with a small neighbour).
        let count: Int?
    }

    struct AggregateDTO: Content {
        let k: Int
        let total: Int
        /// Empty while fewer than k mentorships have ended.
        let reasons: [BucketDTO]
    }

    static func aggregate(_ req: Request) async throws -> (Programs.Membership, EndingAggregate) {
        let found = try await Programs.findAsCoordinator(req.parameters.get("programID", as: UUID.self), for: try req.user, on: req.db)
        return (found, try await Endings.aggregate(of: found.programID, k: found.program.privacyThreshold, on: req.db))
    }

    @Sendable static func json(req: Request) async throws -> AggregateDTO {
        let (_, a) = try await aggregate(req)
        return AggregateDTO(k: a.k, total: a.total, reasons: a.buckets.map { BucketDTO(reason: $0.reason, label: $0.reason.label, count: $0.count) })
    }

    @Sendable static func csv(req: Request) async throws -> Response {
        let (found, a) = try await aggregate(req)
        let rows = a.buckets.isEmpty
            ? [["all reasons", "too few to show (fewer than \(a.k) endings)"]]
            : a.buckets.map { [$0.reason.label, $0.count.map(String.init) ?? "too few to show"] }
        return try CSVDownload("endings", of: found.program, header: ["reason", "mentorships"], rows: rows + [["total ended", String(a.total)]]).response()
    }
}
