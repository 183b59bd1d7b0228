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
        let forms: [String: FormState]
    }

    static func render(_ req: Request, _ access: Mentorships.Access, forms: [String: FormState] = [:]) async throws -> Response {
        let user = try req.user
        let voice = user.voice
        let now = Date()
        let m = access.mentorship
        let id = try m.requireID()
        let state = try await Endings.state(of: access, now: now, on: req.db)
        let (recap, rhythm) = try await Endings.recap(of: access, viewer: user, now: now, on: req.db)
        let other = m.other(than: access.viewerID)
        let header = MentorshipHeader(access, tab: .ending, charter: try await Charters.history(of: id, on: req.db), viewer: user, now: now)
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
            mayEndAlone: state.mayEndAlone && !canConfirm, closing: ended || ending != nil,
            reasons: EndingReason.allCases.map { FormField.Option(value: $0.rawValue, label: $0.label, selected: $0.rawValue == chosen, name: "reason") },
            myReflection: reflection(state.mine.first { $0.kind == .reflection }), theirReflection: reflection(state.theirs.first { $0.kind == .reflection }),
            myGratitude: gratitude(state.mine.first { $0.kind == .gratitude }), theirGratitude: gratitude(state.theirs.first { $0.kind == .gratitude }),
            recap: RecapView(duration: recap.duration, meetings: recap.meetings, actions: recap.actions,
                             goals: recap.goals.map { GoalRow(title: $0.title, sentence: $0.sentence) },
                             wins: recap.wins, setbacks: recap.setbacks, resources: recap.resources.map { Resource(title: $0.title, impressions: $0.impressions) },
                             rhythm: rhythm.svg(title: "Meeting rhythm over the mentorship"), rhythmSummary: rhythm.summary),
            notAgain: ended ? try await Endings.notAgain(in: access, on: req.db) : false,
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
        let actionsCarried: Int
        let goals: [Goal]
        let wins: [String]
        let setbacks: [String]
        let resources: [[String: String]]
        let summary: [String]
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
            recap: RecapDTO(daysLasted: recap.daysLasted, daysAgreed: recap.daysAgreed, meetingsHeld: recap.meetingsHeld,
                            meetingsAskedByCadence: recap.meetingsAsked, meetingsCancelled: recap.meetingsCancelled, lateChanges: recap.lateChanges,
                            actionsDone: recap.actionsDone, actionsCarried: recap.actionsCarried,
                            goals: recap.goals.map { .init(title: $0.title, unit: $0.unit, baseline: $0.baseline, final: $0.final, target: $0.target,
                                                           status: $0.status, milestonesReached: $0.milestonesReached, milestones: $0.milestones) },
                            wins: recap.wins, setbacks: recap.setbacks, resources: recap.resources.map { ["title": $0.title, "impressions": $0.impressions] },
                            summary: [recap.duration, recap.meetings, recap.actions]))
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
