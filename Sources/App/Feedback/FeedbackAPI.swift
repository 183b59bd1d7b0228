import Fluent
import TandemCore
import Vapor

/// Feedback between the pair — described in Resources/openapi.yaml. Only the pair reads or writes
/// it: anyone else, a coordinator included, gets 404.
enum FeedbackAPI {
    static func register(_ api: any RoutesBuilder) {
        api.get("mentorships", ":mentorshipID", "feedback", use: list)
        api.post("mentorships", ":mentorshipID", "feedback", "requests", use: ask)
        api.post("mentorships", ":mentorshipID", "feedback", use: give)
        api.post("feedback", ":feedbackID", "answer", use: answer)
        api.post("feedback", ":feedbackID", "helpful", use: helpful)
        api.post("feedback", ":feedbackID", "action-item", use: makeAction)
    }

    struct FeedbackDTO: Content {
        let id: UUID
        let mentorshipId: UUID
        /// Who asked for it, or who received it unasked.
        let receiver: PersonDTO
        /// Who is asked, or who gave it.
        let giver: PersonDTO
        let status: Feedback.Status
        let subject: String
        let subjectId: UUID?
        let question: String
        let workLink: String
        let workText: String
        let answer: FeedbackAnswer?
        let createdAt: Date?
        let givenAt: Date?
        let helpfulAt: Date?
        let actionItemId: UUID?

        init(_ f: Feedback) throws {
            id = try f.requireID()
            mentorshipId = f.$mentorship.id
            receiver = try PersonDTO(f.receiver)
            giver = try PersonDTO(f.giver)
            status = f.status
            subject = f.subjectKind
            subjectId = f.subjectID
            question = f.question
            workLink = f.workLink
            workText = f.workText
            answer = f.answer
            createdAt = f.createdAt
            givenAt = f.givenAt
            helpfulAt = f.helpfulAt
            actionItemId = f.$actionItem.id
        }
    }

    struct ActionInput: Content {
        var dueOn: String?
    }

    @Sendable static func list(req: Request) async throws -> [FeedbackDTO] {
        try await Feedbacks.list(in: try await Mentorships.pairAccess(req), on: req.db).map(FeedbackDTO.init)
    }

    @Sendable static func ask(req: Request) async throws -> Response {
        let feedback = try await Feedbacks.ask(try req.content.decode(Feedbacks.AskInput.self), in: try await Mentorships.pairAccess(req), by: try req.user, req.actions)
        return try await FeedbackDTO(feedback).encodeResponse(status: .created, for: req)
    }

    @Sendable static func give(req: Request) async throws -> Response {
        let feedback = try await Feedbacks.give(try req.content.decode(Feedbacks.AnswerInput.self), in: try await Mentorships.pairAccess(req), by: try req.user, req.actions)
        return try await FeedbackDTO(feedback).encodeResponse(status: .created, for: req)
    }

    @Sendable static func answer(req: Request) async throws -> FeedbackDTO {
        try FeedbackDTO(try await Feedbacks.answer(req.parameters.get("feedbackID", as: UUID.self), try req.content.decode(Feedbacks.AnswerInput.self),
                                                   by: try req.user, req.actions))
    }

    @Sendable static func helpful(req: Request) async throws -> FeedbackDTO {
        try FeedbackDTO(try await Feedbacks.markHelpful(req.parameters.get("feedbackID", as: UUID.self), by: try req.user, on: req.db))
    }

    @Sendable static func makeAction(req: Request) async throws -> Response {
        let input = (try? req.content.decode(ActionInput.self)) ?? ActionInput()
        let item = try await Feedbacks.makeAction(req.parameters.get("feedbackID", as: UUID.self), dueOn: input.dueOn, by: try req.user, req.actions)
        return try await ActionAPI.ActionDTO(item).encodeResponse(status: .created, for: req)
    }
}

/// Check-ins — described in Resources/openapi.yaml. The other side's answers come back only for
/// check-ins both have answered; anyone outside the pair gets 404.
enum CheckInAPI {
    static func register(_ api: any RoutesBuilder) {
        api.get("mentorships", ":mentorshipID", "check-ins", use: list)
        api.post("mentorships", ":mentorshipID", "check-ins", use: submit)
        api.get("programs", ":programID", "check-ins", use: CheckInReport.json)
    }

    struct CheckInDTO: Content {
        let id: UUID
        let period: String
        let author: UUID
        let scores: [String: Int]
        let sentence: String
        let verdict: String?
        let createdAt: Date?

        init(_ c: CheckIn) throws {
            id = try c.requireID()
            period = c.period
            author = c.$author.id
            scores = Dictionary(uniqueKeysWithValues: c.answers.scores.map { ($0.key.rawValue, $0.value) })
            sentence = c.sentence
            verdict = c.verdict
            createdAt = c.createdAt
        }
    }

    struct StateDTO: Content {
        /// Check-ins the caller may answer now ("first", "p1", …).
        let open: [String]
        let everyDays: Int
        let mine: [CheckInDTO]
        /// The other side's answers, only for check-ins the caller has answered too.
        let theirs: [CheckInDTO]
    }

    @Sendable static func list(req: Request) async throws -> StateDTO {
        let state = try await CheckIns.state(of: try await Mentorships.pairAccess(req), viewer: try req.user, on: req.db)
        return StateDTO(open: state.open, everyDays: state.schedule.everyDays, mine: try state.mine.map(CheckInDTO.init),
                        theirs: try state.theirs.map(CheckInDTO.init))
    }

    @Sendable static func submit(req: Request) async throws -> Response {
        let checkIn = try await CheckIns.submit(try req.content.decode(CheckIns.Input.self), in: try await Mentorships.pairAccess(req), by: try req.user, req.actions)
        return try await CheckInDTO(checkIn).encodeResponse(status: .created, for: req)
    }
}
