import Fluent
import TandemCore
import Vapor

/// /api/v1/goals and the goals and wins of a mentorship — described in Resources/openapi.yaml.
enum GoalAPI {
    static func register(_ api: any RoutesBuilder) {
        api.post("goals", "review", use: review)
        api.get("goals", use: list)
        api.post("goals", use: create)
        api.get("goals", ":goalID", use: show)
        api.patch("goals", ":goalID", use: update)
        api.delete("goals", ":goalID", use: delete)
        api.put("goals", ":goalID", "sharing", use: share)
        api.post("goals", ":goalID", "milestones", use: addMilestone)
        api.patch("goals", ":goalID", "milestones", ":milestoneID", use: updateMilestone)
        api.delete("goals", ":goalID", "milestones", ":milestoneID", use: deleteMilestone)
        api.post("goals", ":goalID", "progress", use: addProgress)
        api.post("goals", ":goalID", "feedback", use: addFeedback)
        api.get("mentorships", ":mentorshipID", "goals", use: mentorshipGoals)
        api.get("mentorships", ":mentorshipID", "wins", use: mentorshipWins)
    }

    struct GoalDTO: Content {
        let id: UUID
        let owner: PersonDTO
        let title: String
        let specific: String
        let metric: String
        let unit: String
        let baseline: Double?
        let target: Double?
        let achievable: String
        let relevant: String
        let startsOn: String?
        let deadline: String?
        let status: GoalStatus
        let achievedAt: Date?
        let createdAt: Date?
        let updatedAt: Date?
        /// Mentors (among those the viewer may know of) who endorsed the goal as worded now.
        let alignedWith: [String]

        init(_ goal: Goal, shares: [GoalShare]) throws {
            id = try goal.requireID()
            owner = try PersonDTO(goal.owner)
            title = goal.title
            specific = goal.specific
            metric = goal.metric
            unit = goal.unit
            baseline = goal.baseline
            target = goal.target
            achievable = goal.achievable
            relevant = goal.relevant
            startsOn = goal.startsOn
            deadline = goal.deadline
            status = goal.status
            achievedAt = goal.achievedAt
            createdAt = goal.createdAt
            updatedAt = goal.updatedAt
            alignedWith = shares.filter { $0.endorsedAt != nil }.compactMap { $0.$mentorship.value?.mentor.displayName }
        }
    }

    struct MilestoneDTO: Content {
        let id: UUID
        let title: String
        let dueOn: String?
        let done: Bool
        let doneAt: Date?

        init(_ milestone: Milestone) throws {
            id = try milestone.requireID()
            title = milestone.title
            dueOn = milestone.dueOn
            done = milestone.doneAt != nil
            doneAt = milestone.doneAt
        }
    }

    struct ProgressDTO: Content {
        let id: UUID
        let value: Double
        let note: String
        let recordedOn: String
        let createdAt: Date?

        init(_ update: ProgressUpdate) throws {
            id = try update.requireID()
            value = update.value
            note = update.note
            recordedOn = update.recordedOn
            createdAt = update.createdAt
        }
    }

    struct ShareDTO: Content {
        let mentorshipId: UUID
        let mentor: PersonDTO
        let endorsedAt: Date?

        init(_ share: GoalShare) throws {
            mentorshipId = share.$mentorship.id
            mentor = try PersonDTO(share.mentorship.mentor)
            endorsedAt = share.endorsedAt
        }
    }

    struct FeedbackDTO: Content {
        let id: UUID
        let mentorshipId: UUID
        let author: PersonDTO
        let kind: GoalFeedback.Kind
        let body: String
        let createdAt: Date?

        init(_ entry: GoalFeedback) throws {
            id = try entry.requireID()
            mentorshipId = entry.$mentorship.id
            author = try PersonDTO(entry.author)
            kind = entry.kind
            body = entry.body
            createdAt = entry.createdAt
        }
    }

    struct ReviewDTO: Content {
        /// True when no finding is a problem: the goal may become active.
        let smart: Bool
        let findings: [GoalFinding]
    }

    struct GoalDetailDTO: Content {
        let goal: GoalDTO
        let smart: Bool
        let findings: [GoalFinding]
        let milestones: [MilestoneDTO]
        let progress: [ProgressDTO]
        /// Whom the goal is shared with: all mentors for the owner, only their own pair for a mentor.
        let sharedWith: [ShareDTO]
        let feedback: [FeedbackDTO]
    }

    static func detail(_ access: Goals.Access, on db: any Database) async throws -> GoalDetailDTO {
        let goal = access.goal
        // Judged from the mentee's side, whoever looks: a mentor sees the same verdict.
        let context = try await Goals.context(for: goal.owner, excluding: goal.id, sharedWith: access.visibleShares.map(\.mentorship), on: db)
        let findings = GoalChecker.review(goal.draft, context)
        return GoalDetailDTO(
            goal: try GoalDTO(goal, shares: access.visibleShares), smart: !findings.contains { $0.severity == .problem },
            findings: findings, milestones: try await Goals.milestones(of: goal, on: db).map(MilestoneDTO.init),
            progress: try await Goals.progress(of: goal, on: db).map(ProgressDTO.init),
            sharedWith: try access.visibleShares.map(ShareDTO.init),
            feedback: try await Goals.feedback(on: goal, in: access, on: db).map(FeedbackDTO.init))
    }

    static func access(_ req: Request) async throws -> Goals.Access {
        try await Goals.access(req.parameters.get("goalID", as: UUID.self), for: try req.user, on: req.db)
    }

    @Sendable static func review(req: Request) async throws -> ReviewDTO {
        // The draft's fields, plus `goalId` when reviewing a change to a saved goal.
        struct Target: Decodable { var goalId: UUID? }
        let input = try req.content.decode(Goals.Input.self)
        let target = try req.content.decode(Target.self)
        let (_, findings) = try await Goals.review(input, goalID: target.goalId, by: try req.user, on: req.db)
        return ReviewDTO(smart: !findings.contains { $0.severity == .problem }, findings: findings)
    }

    @Sendable static func list(req: Request) async throws -> [GoalDTO] {
        let user = try req.user
        let (mine, shared) = try await Goals.list(for: user, on: req.db)
        // The owner knows every mentor they shared with; a mentor sees only their own pair.
        var result: [GoalDTO] = []
        for goal in mine {
            goal.$owner.value = user
            result.append(try GoalDTO(goal, shares: goal.shares))
        }
        for (goal, share) in shared { result.append(try GoalDTO(goal, shares: [share])) }
        return result
    }

    @Sendable static func create(req: Request) async throws -> Response {
        let user = try req.user
        let goal = try await Goals.create(try req.content.decode(Goals.Input.self), by: user, req.actions)
        let access = try await Goals.access(goal.id, for: user, on: req.db)
        return try await detail(access, on: req.db).encodeResponse(status: .created, for: req)
    }

    @Sendable static func show(req: Request) async throws -> GoalDetailDTO {
        try await detail(try await access(req), on: req.db)
    }

    @Sendable static func update(req: Request) async throws -> GoalDetailDTO {
        let user = try req.user
        let goal = try await Goals.update(try req.content.decode(Goals.Input.self), in: try await access(req), by: user, req.actions)
        return try await detail(try await Goals.access(goal.id, for: user, on: req.db), on: req.db)
    }

    @Sendable static func delete(req: Request) async throws -> HTTPStatus {
        try await Goals.delete(try await access(req), on: req.db)
        return .noContent
    }

    struct SharingRequest: Content { var mentorshipIds: [UUID]? }

    @Sendable static func share(req: Request) async throws -> GoalDetailDTO {
        let user = try req.user
        guard let ids = try req.content.decode(SharingRequest.self).mentorshipIds else {
            throw ValidationFailure("mentorshipIds", "List the mentorships that may see the goal; an empty list keeps it to yourself.")
        }
        try await Goals.setSharing(ids, in: try await access(req), by: user, req.actions)
        return try await detail(try await access(req), on: req.db)
    }

    @Sendable static func addMilestone(req: Request) async throws -> Response {
        let milestone = try await Goals.addMilestone(try req.content.decode(Goals.MilestoneInput.self), in: try await access(req), req.actions)
        return try await MilestoneDTO(milestone).encodeResponse(status: .created, for: req)
    }

    @Sendable static func updateMilestone(req: Request) async throws -> MilestoneDTO {
        try MilestoneDTO(try await Goals.updateMilestone(req.parameters.get("milestoneID", as: UUID.self),
                                                         try req.content.decode(Goals.MilestoneInput.self), in: try await access(req), req.actions))
    }

    @Sendable static func deleteMilestone(req: Request) async throws -> HTTPStatus {
        try await Goals.deleteMilestone(req.parameters.get("milestoneID", as: UUID.self), in: try await access(req), on: req.db)
        return .noContent
    }

    @Sendable static func addProgress(req: Request) async throws -> Response {
        let update = try await Goals.addProgress(try req.content.decode(Goals.ProgressInput.self), in: try await access(req),
                                                 by: try req.user, on: req.db)
        return try await ProgressDTO(update).encodeResponse(status: .created, for: req)
    }

    @Sendable static func addFeedback(req: Request) async throws -> Response {
        let entry = try await Goals.addFeedback(try req.content.decode(Goals.FeedbackInput.self), in: try await access(req),
                                                by: try req.user, req.actions)
        return try await FeedbackDTO(entry).encodeResponse(status: .created, for: req)
    }

    struct MentorshipGoalsDTO: Content {
        let goals: [GoalDTO]
        /// Goals the viewer may only count (a coordinator's view).
        let goalsCounted: Int
    }

    @Sendable static func mentorshipGoals(req: Request) async throws -> MentorshipGoalsDTO {
        let access = try await Mentorships.access(req.parameters.get("mentorshipID", as: UUID.self), for: try req.user, via: .api, on: req.db)
        let (shares, counted) = try await Goals.goals(in: access, on: req.db)
        let result = try shares.map { try GoalDTO($0.goal, shares: [$0]) }
        return MentorshipGoalsDTO(goals: result, goalsCounted: counted)
    }

    struct WinsDTO: Content {
        let wins: [Goals.Win]
        /// Wins the viewer may only count (a coordinator's view).
        let winsCounted: Int
    }

    @Sendable static func mentorshipWins(req: Request) async throws -> WinsDTO {
        let access = try await Mentorships.access(req.parameters.get("mentorshipID", as: UUID.self), for: try req.user, via: .api, on: req.db)
        let wins = try await Goals.wins(in: access, on: req.db)
        return WinsDTO(wins: wins.readable, winsCounted: wins.counted)
    }
}
