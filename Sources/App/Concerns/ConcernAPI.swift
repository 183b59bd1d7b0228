import Fluent
import TandemCore
import Vapor

/// Concerns and mediation — described in Resources/openapi.yaml. Each part of a case is in the
/// answer only for those `AccessPolicy` lets read it; the rest is null or absent.
enum ConcernAPI {
    static func register(_ api: any RoutesBuilder) {
        api.post("mentorships", ":mentorshipID", "concerns", use: raise)
        api.get("concerns", use: list)
        api.get("concerns", ":concernID", use: show)
        api.post("concerns", ":concernID", "transitions", use: move)
        api.post("concerns", ":concernID", "entries", use: post)
        api.post("concerns", ":concernID", "actions", use: addAction)
        api.post("concerns", ":concernID", "consent", use: consent)
        api.post("concerns", ":concernID", "involve", use: involve)
        api.post("concerns", ":concernID", "lift-pause", use: liftPause)
        api.post("concerns", ":concernID", "withdraw", use: withdraw)
    }

    struct SummaryDTO: Content {
        let id: UUID
        let programId: UUID
        let mentorshipId: UUID
        let category: ConcernCategory
        let state: CaseState
        let outcome: CaseOutcome?
        let raiser: PersonDTO
        /// The other side of the pair, for the raiser and the coordinators, and for the other side once involved.
        let other: PersonDTO
        let otherInvolved: Bool
        let consentToMediation: Bool
        let citesCodeOfConduct: Bool
        let createdAt: Date?
        let acknowledgedAt: Date?
        let resolvedAt: Date?
        let closedAt: Date?

        init(_ c: Concern) throws {
            id = try c.requireID()
            programId = c.$program.id
            mentorshipId = c.$mentorship.id
            category = c.category
            state = c.state
            outcome = c.outcome
            raiser = try PersonDTO(c.raiser)
            other = try PersonDTO(c.other)
            otherInvolved = c.otherInvolved
            consentToMediation = c.consentToMediation
            citesCodeOfConduct = c.citesCodeOfConduct
            createdAt = c.createdAt
            acknowledgedAt = c.acknowledgedAt
            resolvedAt = c.resolvedAt
            closedAt = c.closedAt
        }
    }

    struct EntryDTO: Content {
        let id: UUID
        let kind: String
        let author: PersonDTO
        let body: String
        let party: String?
        let fromState: CaseState?
        let toState: CaseState?
        let ownerId: UUID?
        let dueOn: String?
        let createdAt: Date?

        init(_ e: ConcernEntry) throws {
            id = try e.requireID()
            kind = e.kind.rawValue
            author = try PersonDTO(e.author)
            body = e.body
            party = e.party
            fromState = e.fromState
            toState = e.toState
            ownerId = e.$actionOwner.id
            dueOn = e.actionDueOn
            createdAt = e.createdAt
        }
    }

    struct SharedDTO: Content {
        let choice: String
        let label: String
        let excerpt: String
    }

    struct ReadDTO: Content {
        let actor: PersonDTO
        let channel: String
        let at: Date?
    }

    struct CaseDTO: Content {
        let concern: SummaryDTO
        /// raiser, other or coordinator.
        let yourPart: String
        let description: String?
        let shared: [SharedDTO]?
        let entries: [EntryDTO]
        /// Coordinators' reads of the case (for the raiser and the coordinators).
        let reads: [ReadDTO]?
        let paused: Bool
    }

    static func caseDTO(_ access: Concerns.Access, on db: any Database) async throws -> CaseDTO {
        let c = access.concern
        let entries = try await Concerns.entries(of: access, on: db)
        let shared = try await Concerns.sharedRecords(of: access, on: db)
        let reads = try await Concerns.reads(of: access, on: db)
        return CaseDTO(concern: try SummaryDTO(c), yourPart: access.isRaiser ? "raiser" : access.isCoordinator ? "coordinator" : "other",
                       description: access.can(.description) ? c.description : nil,
                       shared: access.can(.shared) ? shared.map { SharedDTO(choice: $0.choice, label: $0.label, excerpt: $0.excerpt) } : nil,
                       entries: try entries.map(EntryDTO.init),
                       reads: access.isRaiser || access.isCoordinator ? try reads.map { ReadDTO(actor: try PersonDTO($0.actor), channel: $0.channel, at: $0.createdAt) } : nil,
                       paused: c.mentorship.pausedAt != nil)
    }

    private static func caseAccess(_ req: Request) async throws -> Concerns.Access {
        try await Concerns.access(req.parameters.get("concernID", as: UUID.self), for: try req.user, via: .api, on: req.db)
    }

    /// Answers with the case as the caller now sees it (without logging a second read).
    private static func answer(_ req: Request, _ access: Concerns.Access, status: HTTPResponseStatus = .ok) async throws -> Response {
        try await caseDTO(access, on: req.db).encodeResponse(status: status, for: req)
    }

    @Sendable static func raise(req: Request) async throws -> Response {
        let user = try req.user
        let concern = try await Concerns.raise(try req.content.decode(Concerns.RaiseInput.self), in: try await Mentorships.pairAccess(req), by: user, req.actions)
        let access = try await Concerns.access(concern.id, for: user, via: .api, on: req.db)
        return try await answer(req, access, status: .created)
    }

    @Sendable static func list(req: Request) async throws -> [SummaryDTO] {
        try await Concerns.list(for: try req.user, on: req.db).map(SummaryDTO.init)
    }

    @Sendable static func show(req: Request) async throws -> CaseDTO {
        try await caseDTO(try await caseAccess(req), on: req.db)
    }

    @Sendable static func move(req: Request) async throws -> Response {
        let input = try req.content.decode(Concerns.MoveInput.self)
        return try await step(req) { try await Concerns.move($0, input, by: try req.user, req.actions) }
    }

    @Sendable static func post(req: Request) async throws -> Response {
        let entry = try await Concerns.post(try await caseAccess(req), try req.content.decode(Concerns.EntryInput.self), by: try req.user, req.actions)
        return try await EntryDTO(entry).encodeResponse(status: .created, for: req)
    }

    @Sendable static func addAction(req: Request) async throws -> Response {
        let entry = try await Concerns.addAction(try await caseAccess(req), try req.content.decode(Concerns.ActionInput.self), by: try req.user, req.actions)
        return try await EntryDTO(entry).encodeResponse(status: .created, for: req)
    }

    /// A step with no body (consent, mediation, the pause, withdrawing), answered with the case as it now stands.
    private static func step(_ req: Request, _ action: (Concerns.Access) async throws -> Concern) async throws -> Response {
        let access = try await caseAccess(req)
        _ = try await action(access)
        return try await answer(req, access)
    }

    @Sendable static func consent(req: Request) async throws -> Response {
        try await step(req) { try await Concerns.consent($0, req.actions) }
    }

    @Sendable static func involve(req: Request) async throws -> Response {
        try await step(req) { try await Concerns.involveOther($0, by: try req.user, req.actions) }
    }

    @Sendable static func liftPause(req: Request) async throws -> Response {
        try await step(req) { try await Concerns.liftPause($0, by: try req.user, req.actions) }
    }

    @Sendable static func withdraw(req: Request) async throws -> Response {
        try await step(req) { try await Concerns.withdraw($0, by: try req.user, req.actions) }
    }
}
