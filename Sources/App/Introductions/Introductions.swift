import Fluent
import SQLKit
import TandemCore
import Vapor

/// Asking a mentor, and answering (journey J4). Pages and the API call these.
enum Introductions {
    struct Input: Content {
        var mentorId: UUID?
        var whoIAm: String?
        var whatDrewMe: String?
        var hopeToAchieve: String?
        var timeAsked: String?
        /// Required when the mentee has a mentor already: the goals this second mentor is for.
        var goalIds: [UUID]?
    }

    static func send(_ input: Input, in programID: UUID?, by mentee: User, _ context: ActionContext) async throws -> MentorshipRequest {
        let db = context.db
        let found = try await Programs.find(programID, for: mentee, on: db)
        let menteeID = try mentee.requireID()
        guard found.membership.isMentee else {
            throw DomainError.forbidden("Only a mentee of “\(found.program.name)” can ask a mentor there. Change your role on the program page.")
        }
        guard let mentorID = input.mentorId else { throw ValidationFailure("mentorId", "Choose the mentor to ask.") }
        guard mentorID != menteeID else { throw ValidationFailure("mentorId", "You cannot ask yourself to be your mentor.") }
        guard let mentorMembership = try await ProgramMembership.query(on: db).filter(\.$program.$id == found.programID)
            .filter(\.$user.$id == mentorID).filter(\.$isMentor == true).with(\.$user).first() else {
            throw DomainError.notFound("Mentor in this program")
        }
        let introduction = try IntroductionDraft(whoIAm: input.whoIAm, whatDrewMe: input.whatDrewMe,
                                                 hopeToAchieve: input.hopeToAchieve, timeAsked: input.timeAsked).validate()
        let open = try await MentorshipRequest.query(on: db).filter(\.$mentee.$id == menteeID)
            .filter(\.$program.$id == found.programID).filter(\.$status == .pending).all()
        if open.contains(where: { $0.$mentor.id == mentorID }) {
            throw DomainError.conflict("You already asked \(mentorMembership.user.displayName); wait for the answer or withdraw that request.")
        }
        if open.count >= found.program.maxOpenRequests {
            throw DomainError.conflict("You have \(open.count) open requests, the most this program allows. Withdraw one or wait for answers.")
        }
        let together = try await Mentorship.query(on: db).filter(\.$program.$id == found.programID)
            .filter(\.$mentor.$id == mentorID).filter(\.$mentee.$id == menteeID).filter(\.$status == .active).count()
        if together > 0 { throw DomainError.conflict("\(mentorMembership.user.displayName) already mentors you in this program.") }
        // A second mentor alongside: within the program's limit, and for goals the mentee names.
        let current = try await Mentorship.query(on: db).filter(\.$program.$id == found.programID).filter(\.$mentee.$id == menteeID)
            .filter(\.$status == .active).count()
        if current >= found.program.maxMentorsPerMentee {
            throw DomainError.conflict("You have \(current) mentors, the most “\(found.program.name)” allows at once.")
        }
        var goalIDs: [UUID]?
        if current > 0 {
            let named = Array(Set(input.goalIds ?? []))
            guard !named.isEmpty else {
                throw ValidationFailure("goalIds", "You have a mentor already: name the goal or goals you would like \(mentorMembership.user.firstName)’s help with.")
            }
            let own = try await Goal.query(on: db).filter(\.$id ~~ named).filter(\.$owner.$id == menteeID)
                .filter(\.$status ~~ [GoalStatus.draft, .active]).count()
            guard own == named.count else { throw ValidationFailure("goalIds", "Name your own goals that are active or in draft.") }
            goalIDs = named
        }
        let profile = try await Profiles.profile(of: mentorID, on: db)
        let load = try await Directory.activeMentees(of: [mentorID], on: db)[mentorID] ?? 0
        guard profile.openToMentees && load < profile.capacity else {
            throw DomainError.conflict("\(mentorMembership.user.displayName) has no room for a new mentee right now.")
        }
        let request = MentorshipRequest(programID: found.programID, menteeID: menteeID, mentorID: mentorID, introduction: introduction,
                                        expiresAt: Date().addingTimeInterval(Double(found.program.requestExpiryDays) * 86_400))
        request.goalIDs = goalIDs
        try await db.writeTransaction { db in
            try await request.save(on: db)
            try await Notifier.notify(mentorMembership.user, title: "\(mentee.displayName) asks you to be their mentor",
                                      body: "“\(introduction.hopeToAchieve.prefix(160))” — read the introduction and answer within \(found.program.requestExpiryDays) days.",
                                      link: Paths.requests, email: true, publicURL: context.publicURL, on: db, logger: context.logger)
        }
        return request
    }

    static func find(_ id: UUID?, on db: any Database) async throws -> MentorshipRequest {
        guard let id, let request = try await MentorshipRequest.query(on: db).filter(\.$id == id)
            .with(\.$mentee).with(\.$mentor).with(\.$program).first() else {
            throw DomainError.notFound("Request")
        }
        return request
    }

    /// The mentor accepts: the mentorship starts, within the mentor's capacity even when two
    /// accepts race (the mentor's places are a unique index in the database).
    static func accept(_ id: UUID?, by mentor: User, _ context: ActionContext) async throws -> Mentorship {
        let request = try await decidable(id, by: mentor, on: context.db)
        let mentorID = request.$mentor.id
        let profile = try await Profiles.profile(of: mentorID, on: context.db)
        for _ in 0..<3 {
            do {
                return try await context.db.writeTransaction { db in
                    // Re-read inside the transaction: another answer may have come first.
                    guard let current = try await MentorshipRequest.find(request.id, on: db), current.status == .pending else {
                        throw DomainError.conflict(request.status.closedReason)
                    }
                    let active = try await Mentorship.query(on: db).filter(\.$mentor.$id == mentorID).filter(\.$status == .active).all()
                    let used = Set(active.compactMap(\.mentorSlot))
                    guard active.count < profile.capacity, let slot = (0..<profile.capacity).first(where: { !used.contains($0) }) else {
                        throw DomainError.conflict("You are at your capacity of \(profile.capacity) mentees. Raise it in your profile, or end a mentorship first.")
                    }
                    // The mentee may have found another mentor meanwhile: still within the program's limit.
                    let mentors = try await Mentorship.query(on: db).filter(\.$program.$id == current.$program.id)
                        .filter(\.$mentee.$id == current.$mentee.id).filter(\.$status == .active).count()
                    guard mentors < request.program.maxMentorsPerMentee else {
                        throw DomainError.conflict("\(request.mentee.displayName) has the most mentors “\(request.program.name)” allows at once.")
                    }
                    let mentorship = Mentorship(programID: current.$program.id, mentorID: mentorID, menteeID: current.$mentee.id)
                    mentorship.mentorSlot = slot
                    try await mentorship.save(on: db)
                    // A second mentor sees the goals they were asked for; the first mentorship keeps its own.
                    for goalID in current.goalIDs ?? [] {
                        try await GoalShare(goalID: goalID, mentorshipID: mentorship.requireID()).save(on: db)
                    }
                    current.status = .accepted
                    current.decidedAt = Date()
                    current.$mentorship.id = try mentorship.requireID()
                    try await current.save(on: db)
                    try await Notifier.notify(request.mentee, title: "\(mentor.displayName) accepted your request",
                                              body: "Your mentorship in “\(request.program.name)” has begun. Agree on how you will work together.",
                                              link: Paths.mentorship(try mentorship.requireID()), email: true,
                                              publicURL: context.publicURL, on: db, logger: context.logger)
                    return mentorship
                }
            } catch let error as any DatabaseError where error.isConstraintFailure {
                // Another accept took that place a moment ago: look again.
                continue
            }
        }
        throw DomainError.conflict("Several answers arrived at once; please try again.")
    }

    static func decline(_ id: UUID?, reason: String?, by mentor: User, _ context: ActionContext) async throws {
        let request = try await decidable(id, by: mentor, on: context.db)
        var v = InputValidator()
        let reason = v.optionalText("reason", reason, label: "The reason", max: RequestRules.declineReasonLimit)
        try v.check()
        try await context.db.writeTransaction { db in
            guard let current = try await MentorshipRequest.find(request.id, on: db), current.status == .pending else {
                throw DomainError.conflict(request.status.closedReason)
            }
            current.status = .declined
            current.decidedAt = Date()
            current.declineReason = reason.isEmpty ? nil : reason
            try await current.save(on: db)
            let words = reason.isEmpty
                ? "\(mentor.displayName) cannot take you on right now. Thank you for asking — other mentors are waiting to hear from you."
                : "\(mentor.displayName) cannot take you on right now and says: “\(reason)”"
            try await Notifier.notify(request.mentee, title: "\(mentor.displayName) answered your request", body: words,
                                      link: Paths.requests, email: true, publicURL: context.publicURL, on: db, logger: context.logger)
        }
    }

    static func withdraw(_ id: UUID?, by mentee: User, on db: any Database) async throws {
        let request = try await find(id, on: db)
        guard request.$mentee.id == (try mentee.requireID()) else { throw DomainError.notFound("Request") }
        guard request.status == .pending else { throw DomainError.conflict(request.status.closedReason) }
        request.status = .withdrawn
        request.decidedAt = Date()
        try await request.save(on: db)
    }

    /// A pending request addressed to this mentor, not yet expired.
    private static func decidable(_ id: UUID?, by mentor: User, on db: any Database) async throws -> MentorshipRequest {
        let request = try await find(id, on: db)
        let mentorID = try mentor.requireID()
        guard request.$mentor.id == mentorID else {
            // The mentee sees their own request but cannot answer it; anyone else does not see it.
            if request.$mentee.id == mentorID { throw DomainError.forbidden("Only the mentor answers a request.") }
            throw DomainError.notFound("Request")
        }
        if request.status == .pending && request.expiresAt < Date() {
            request.status = .expired
            try await request.save(on: db)
        }
        guard request.status == .pending else {
            throw DomainError(status: request.status == .expired ? .gone : .conflict, reason: request.status.closedReason)
        }
        return request
    }

    /// Requests sent and received by a person, newest first.
    static func list(for user: User, on db: any Database) async throws -> (sent: [MentorshipRequest], received: [MentorshipRequest]) {
        let userID = try user.requireID()
        let all = try await MentorshipRequest.query(on: db)
            .group(.or) { $0.filter(\.$mentee.$id == userID).filter(\.$mentor.$id == userID) }
            .with(\.$mentee).with(\.$mentor).with(\.$program).sort(\.$createdAt, .descending).all()
        return (all.filter { $0.$mentee.id == userID }, all.filter { $0.$mentor.id == userID })
    }

    /// Expires requests past their date and reminds mentors two days before; each exactly once,
    /// whichever instance runs it (a conditional UPDATE claims each request).
    static func tidy(on db: any Database, publicURL: String, logger: Logger, now: Date = Date()) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        let expired = try await sql.raw("""
            UPDATE mentorship_requests SET status = 'expired', decided_at = \(bind: now)
            WHERE status = 'pending' AND expires_at < \(bind: now) RETURNING id
            """).all().map { try $0.decode(column: "id", as: UUID.self) }
        for id in expired {
            let request = try await find(id, on: db)
            try await Notifier.notify(request.mentee, title: "Your request to \(request.mentor.displayName) expired",
                                      body: "There was no answer in time. You can ask another mentor.", link: Paths.requests,
                                      email: true, publicURL: publicURL, on: db, logger: logger)
        }
        let reminded = try await sql.raw("""
            UPDATE mentorship_requests SET reminder_sent_at = \(bind: now)
            WHERE status = 'pending' AND reminder_sent_at IS NULL AND expires_at < \(bind: now.addingTimeInterval(2 * 86_400))
            RETURNING id
            """).all().map { try $0.decode(column: "id", as: UUID.self) }
        for id in reminded {
            let request = try await find(id, on: db)
            try await Notifier.notify(request.mentor, title: "\(request.mentee.displayName) is waiting for your answer",
                                      body: "Their request expires in less than two days.", link: Paths.requests,
                                      email: true, publicURL: publicURL, on: db, logger: logger)
        }
    }
}

struct RequestDTO: Content {
    let id: UUID
    let programId: UUID
    let programName: String
    let mentee: PersonDTO
    let mentor: PersonDTO
    let whoIAm: String
    let whatDrewMe: String
    let hopeToAchieve: String
    let timeAsked: String
    let status: RequestStatus
    let declineReason: String?
    let createdAt: Date?
    let expiresAt: Date
    let decidedAt: Date?
    let mentorshipId: UUID?
    /// For a second mentor: the goals they are asked for.
    let goalIds: [UUID]

    init(_ request: MentorshipRequest) throws {
        id = try request.requireID()
        programId = request.$program.id
        programName = request.program.name
        mentee = try PersonDTO(request.mentee)
        mentor = try PersonDTO(request.mentor)
        whoIAm = request.whoIAm
        whatDrewMe = request.whatDrewMe
        hopeToAchieve = request.hopeToAchieve
        timeAsked = request.timeAsked
        status = request.status
        declineReason = request.declineReason
        goalIds = request.goalIDs ?? []
        createdAt = request.createdAt
        expiresAt = request.expiresAt
        decidedAt = request.decidedAt
        mentorshipId = request.$mentorship.id
    }
}

