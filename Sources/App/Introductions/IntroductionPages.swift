import Fluent
import TandemCore
import Vapor

enum IntroductionPages {
    static func register(signedIn routes: any RoutesBuilder) {
        routes.get("programs", ":programID", "mentors", ":mentorID", "ask", use: askPage)
        routes.post("programs", ":programID", "mentors", ":mentorID", "ask", use: ask)
        routes.get("requests", use: list)
        routes.post("requests", ":requestID", "accept", use: accept)
        routes.post("requests", ":requestID", "decline", use: decline)
        routes.post("requests", ":requestID", "withdraw", use: withdraw)
    }

    struct AskPage: Encodable {
        let programID: UUID
        let programName: String
        let mentorID: UUID
        let mentorName: String
        let headline: String
        let typicalResponse: String?
        let score: Int?
        let reasons: [String]
        let form: FormState
        let minimum: Int
        /// The mentee has a mentor already: this request is for a second one, for named goals.
        let currentMentors: String
        let goals: [GoalChoice]
    }

    struct GoalChoice: Encodable {
        let id: UUID
        let title: String
        let checked: Bool
    }

    private static func renderAsk(_ req: Request, form: FormState = FormState()) async throws -> Response {
        let user = try req.user
        let programID = req.parameters.get("programID", as: UUID.self)
        let found = try await Programs.find(programID, for: user, on: req.db)
        let mentorID = req.parameters.get("mentorID", as: UUID.self)
        let ranking = try await Directory.mentors(in: programID, for: user, filters: .init(), on: req.db)
        guard let mentor = ranking.found.first(where: { $0.mentor.person.id == mentorID }) else { throw DomainError.notFound("Mentor in this program") }
        let entry = try ranking.entry(mentor)
        let userID = try user.requireID()
        let current = try await Mentorship.query(on: req.db).filter(\.$program.$id == found.programID).filter(\.$mentee.$id == userID)
            .filter(\.$status == .active).with(\.$mentor).all()
        let goals = current.isEmpty ? [] : try await Goal.query(on: req.db).filter(\.$owner.$id == userID)
            .filter(\.$status ~~ [GoalStatus.draft, .active]).sort(\.$createdAt).all()
        return try await req.render("ask", title: "Ask \(entry.mentor.displayName)", AskPage(
            programID: found.programID, programName: found.program.name, mentorID: entry.mentor.id,
            mentorName: entry.mentor.displayName, headline: entry.headline,
            typicalResponse: entry.typicalResponse,
            score: entry.compatibility?.score, reasons: entry.compatibility?.criteria.map(\.explanation) ?? [],
            form: form, minimum: IntroductionDraft.totalMinimum, currentMentors: current.map(\.mentor.displayName).joined(separator: " and "),
            goals: goals.map { GoalChoice(id: $0.id!, title: $0.title, checked: form.values["goal-\($0.id!)"] != nil) }))
    }

    @Sendable static func askPage(req: Request) async throws -> Response {
        try await renderAsk(req)
    }

    @Sendable static func ask(req: Request) async throws -> Response {
        var (input, values) = try req.form(Introductions.Input.self)
        input.mentorId = req.parameters.get("mentorID", as: UUID.self)
        // Goal checkboxes arrive as "goal-<id>=on".
        input.goalIds = values.keys.filter { $0.hasPrefix("goal-") }.compactMap { UUID(uuidString: String($0.dropFirst(5))) }
        return try await req.handleForm(values: values, rerender: { form in try await renderAsk(req, form: form) }) {
            _ = try await Introductions.send(input, in: req.parameters.get("programID", as: UUID.self), by: try req.user,
                                             req.actions)
            Flash.set("Your request is on its way. You will hear back here and by e-mail.", on: req)
            return req.redirect(to: Paths.requests)
        }
    }

    struct ListPage: Encodable {
        let sent: [RequestDTO]
        let received: [RequestDTO]
    }

    @Sendable static func list(req: Request) async throws -> Response {
        let (sent, received) = try await Introductions.list(for: try req.user, on: req.db)
        return try await req.render("requests", title: "Requests", ListPage(sent: try sent.map(RequestDTO.init), received: try received.map(RequestDTO.init)))
    }

    private static func answer(_ req: Request, _ action: () async throws -> String) async throws -> Response {
        do {
            Flash.set(try await action(), on: req)
        } catch let error as DomainError where [.conflict, .gone, .forbidden].contains(error.status) {
            Flash.set(error.reason, on: req)
        } catch let failure as ValidationFailure {
            Flash.set(failure.summary, on: req)
        }
        return req.redirect(to: Paths.requests)
    }

    @Sendable static func accept(req: Request) async throws -> Response {
        try await answer(req) {
            let mentorship = try await Introductions.accept(req.parameters.get("requestID", as: UUID.self), by: try req.user,
                                                            req.actions)
            return "Accepted. Your mentorship has begun: \(Paths.mentorship(try mentorship.requireID()))"
        }
    }

    struct DeclineForm: Content { var reason: String? }

    @Sendable static func decline(req: Request) async throws -> Response {
        let reason = try req.content.decode(DeclineForm.self).reason
        return try await answer(req) {
            try await Introductions.decline(req.parameters.get("requestID", as: UUID.self), reason: reason, by: try req.user,
                                            req.actions)
            return "Declined. The mentee is told kindly."
        }
    }

    @Sendable static func withdraw(req: Request) async throws -> Response {
        try await answer(req) {
            try await Introductions.withdraw(req.parameters.get("requestID", as: UUID.self), by: try req.user, on: req.db)
            return "Your request is withdrawn."
        }
    }
}
