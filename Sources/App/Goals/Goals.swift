import Fluent
import TandemCore
import Vapor

/// SMART goals (journey J6) and their celebrations (J14). A goal is the mentee's; the mentee
/// chooses which mentorships see it, and every read decides access through `AccessPolicy`.
enum Goals {
    /// What a person sends to create or change a goal. On a change, what is left out stays.
    struct Input: Content {
        var title: String?
        var specific: String?
        var metric: String?
        var unit: String?
        var baseline: Double?
        var target: Double?
        var achievable: String?
        var relevant: String?
        var startsOn: String?
        var deadline: String?
        var status: String?
        /// The mentorships (as mentee) whose mentors may see the goal.
        var sharedWith: [UUID]?

        /// The draft this input makes on top of `base`, with every problem named by field.
        func draft(over base: GoalDraft, into v: inout InputValidator) -> GoalDraft {
            var draft = base
            if let title { draft.title = title }
            if let specific { draft.specific = specific }
            if let metric { draft.metric = metric }
            if let unit { draft.unit = unit }
            if let baseline { draft.baseline = baseline }
            if let target { draft.target = target }
            if let achievable { draft.achievable = achievable }
            if let relevant { draft.relevant = relevant }
            for (field, value, keyPath) in [("startsOn", startsOn, \GoalDraft.startsOn), ("deadline", deadline, \GoalDraft.deadline)] {
                guard let value else { continue }
                draft[keyPath: keyPath] = v.optionalDate(field, value)
            }
            return draft
        }
    }

    /// A goal as one viewer may see it.
    struct Access {
        let goal: Goal
        let viewerID: UUID
        /// The shares this viewer may see: all of them for the owner, their own mentorship's for a mentor.
        let visibleShares: [GoalShare]

        var isOwner: Bool { goal.$owner.id == viewerID }
    }

    /// The owner reads their goal; a mentor reads it when it is shared with their mentorship
    /// (pair visibility); a coordinator only counts it; anyone else gets 404.
    static func access(_ id: UUID?, for user: User, on db: any Database) async throws -> Access {
        let viewerID = try user.requireID()
        guard let id, let goal = try await Goal.query(on: db).filter(\.$id == id).with(\.$owner)
            .with(\.$shares, { $0.with(\.$mentorship) { $0.with(\.$mentor).with(\.$mentee).with(\.$program) } }).first() else {
            throw DomainError.notFound("Goal")
        }
        let visible = goal.shares.filter { share in
            let relation = ViewerRelation.of(viewer: viewerID, author: goal.$owner.id, pair: share.mentorship.pair,
                                             coordinators: [], participants: [])
            return AccessPolicy.canRead(relation, .pair) && (relation == .author || share.mentorship.$mentor.id == viewerID)
        }
        guard goal.$owner.id == viewerID || !visible.isEmpty else { throw DomainError.notFound("Goal") }
        return Access(goal: goal, viewerID: viewerID, visibleShares: visible)
    }

    static func requireOwner(_ access: Access) throws {
        guard access.isOwner else {
            throw DomainError.forbidden("Only \(access.goal.owner.displayName) changes this goal. You can comment on it, endorse it or suggest a change.")
        }
    }

    // MARK: the checker's context

    /// When the mentorships a goal serves end: the charter's end date, else the program's.
    static func endsOn(_ mentorships: [Mentorship], on db: any Database) async throws -> CalendarDate? {
        var ends: [CalendarDate] = []
        for mentorship in mentorships {
            let history = try await Charters.history(of: try mentorship.requireID(), on: db)
            if let end = (history.inForce ?? history.latest)?.terms.endsOn ?? CalendarDate(mentorship.program.endsOn) {
                ends.append(end)
            }
        }
        return ends.max()
    }

    static func activeMenteeships(of userID: UUID, on db: any Database) async throws -> [Mentorship] {
        try await Mentorship.query(on: db).filter(\.$mentee.$id == userID).filter(\.$status == .active)
            .with(\.$mentor).with(\.$mentee).with(\.$program).sort(\.$startedAt).all()
    }

    static func context(for owner: User, excluding goalID: UUID?, sharedWith mentorships: [Mentorship], on db: any Database) async throws -> GoalContext {
        let ownerID = try owner.requireID()
        var active = Goal.query(on: db).filter(\.$owner.$id == ownerID).filter(\.$status == .active)
        if let goalID { active = active.filter(\.$id != goalID) }
        let serving = mentorships.isEmpty ? try await activeMenteeships(of: ownerID, on: db) : mentorships
        return GoalContext(today: owner.today, mentorshipEndsOn: try await endsOn(serving, on: db), activeGoals: try await active.count())
    }

    /// Reviews a draft without saving anything (the live checker and `POST /goals/review`).
    static func review(_ input: Input, goalID: UUID?, by user: User, on db: any Database) async throws -> (draft: GoalDraft, findings: [GoalFinding]) {
        var v = InputValidator()
        var base = GoalDraft(title: "")
        if let goalID {
            let access = try await access(goalID, for: user, on: db)
            base = access.goal.draft
        }
        let draft = input.draft(over: base, into: &v)
        try v.check()
        let mentorships = try await shareTargets(input.sharedWith ?? [], of: user, on: db)
        let context = try await context(for: user, excluding: goalID, sharedWith: mentorships, on: db)
        return (draft, GoalChecker.review(draft, context))
    }

    /// The field a finding points at, to show it beside that field.
    static func field(for finding: GoalFinding) -> String {
        switch finding.rule {
        case "title-missing": "title"
        case "target-missing", "target-equals-baseline": "target"
        case "metric-missing": "metric"
        case "achievable-missing", "too-many-goals": "achievable"
        case "deadline-before-start": "deadline"
        case let rule where rule.hasSuffix("-too-long"): String(rule.dropLast("-too-long".count))
        case let rule where rule.hasSuffix("-unreadable"): String(rule.dropLast("-unreadable".count))
        default:
            switch finding.letter {
            case .specific: "specific"
            case .measurable: "metric"
            case .achievable: "achievable"
            case .relevant: "relevant"
            case .timeBound: "deadline"
            }
        }
    }

    /// An active goal must be SMART: each problem is refused beside its field.
    static func requireSMART(_ findings: [GoalFinding]) throws {
        let problems = findings.filter { $0.severity == .problem }
        guard !problems.isEmpty else { return }
        throw ValidationFailure(problems.map { FieldError(field(for: $0), "\($0.letter.rawValue): \($0.message) \($0.suggestion)") })
    }

    // MARK: writing

    static func status(_ text: String?, default fallback: GoalStatus, into v: inout InputValidator) -> GoalStatus {
        guard let text else { return fallback }
        guard let status = GoalStatus(rawValue: text) else {
            v.add("status", "Status must be one of: \(GoalStatus.allCases.map(\.rawValue).joined(separator: ", ")).")
            return fallback
        }
        return status
    }

    /// The mentorships a mentee may share with: their own, active, as mentee.
    static func shareTargets(_ ids: [UUID], of user: User, on db: any Database) async throws -> [Mentorship] {
        guard !ids.isEmpty else { return [] }
        let mine = try await activeMenteeships(of: try user.requireID(), on: db)
        var chosen: [Mentorship] = []
        for id in ids where !chosen.contains(where: { $0.id == id }) {
            guard let mentorship = mine.first(where: { $0.id == id }) else {
                throw ValidationFailure("sharedWith", "\(id) is not an active mentorship in which you are the mentee.")
            }
            chosen.append(mentorship)
        }
        return chosen
    }

    static func create(_ input: Input, by user: User, _ context: ActionContext) async throws -> Goal {
        let db = context.db
        var v = InputValidator()
        let draft = input.draft(over: GoalDraft(title: ""), into: &v)
        let status = status(input.status, default: .draft, into: &v)
        if ![.draft, .active].contains(status) { v.add("status", "A new goal starts as a draft or active.") }
        try v.check()
        let clean = try draft.validated()
        let mentorships = try await shareTargets(input.sharedWith ?? [], of: user, on: db)
        if status == .active {
            try requireSMART(GoalChecker.review(clean, try await self.context(for: user, excluding: nil, sharedWith: mentorships, on: db)))
        }
        let ownerID = try user.requireID()
        let goal = Goal(ownerID: ownerID, draft: clean, status: status)
        try await db.writeTransaction { db in
            try await goal.save(on: db)
            for mentorship in mentorships {
                try await GoalShare(goalID: try goal.requireID(), mentorshipID: try mentorship.requireID()).save(on: db)
            }
        }
        try await tellShared(goal, with: mentorships, by: user, context)
        return goal
    }

    static func update(_ input: Input, in access: Access, by user: User, _ context: ActionContext) async throws -> Goal {
        try requireOwner(access)
        let goal = access.goal
        let before = goal.draft
        var v = InputValidator()
        let draft = input.draft(over: before, into: &v)
        let status = status(input.status, default: goal.status, into: &v)
        if !goal.status.canMove(to: status) {
            v.add("status", "A goal cannot go from \(goal.status.rawValue) to \(status.rawValue).")
        }
        try v.check()
        let clean = try draft.validated()
        let reworded = clean != before
        let shared: [Mentorship]? = if let ids = input.sharedWith { try await shareTargets(ids, of: user, on: context.db) } else { nil }
        if status == .active && (reworded || goal.status != .active) {
            var findings = GoalChecker.review(clean, try await self.context(for: user, excluding: goal.id,
                                                                              sharedWith: shared ?? access.visibleShares.map(\.mentorship), on: context.db))
            // An active goal past its deadline can still be reworded without moving the date.
            if goal.status == .active && clean.deadline == before.deadline { findings.removeAll { $0.rule == "deadline-past" } }
            try requireSMART(findings)
        }
        let achievedNow = status == .achieved && goal.status != .achieved
        let celebrate = achievedNow && goal.celebratedAt == nil
        goal.apply(clean)
        if status != goal.status {
            goal.achievedAt = status == .achieved ? Date() : nil
        }
        goal.status = status
        if celebrate { goal.celebratedAt = Date() }
        let added = try await context.db.writeTransaction { db -> [Mentorship] in
            try await goal.save(on: db)
            if reworded {
                // An endorsement covers the wording it was given for.
                try await GoalShare.query(on: db).filter(\.$goal.$id == goal.requireID()).set(\.$endorsedAt, to: nil).update()
            }
            guard let shared else { return [] }
            return try await replaceShares(of: goal, with: shared, on: db)
        }
        try await tellShared(goal, with: added, by: user, context)
        if celebrate {
            try await Self.celebrate("achieved the goal “\(goal.title)”", goal: goal, context)
        }
        return goal
    }

    /// Makes the goal visible to exactly these mentorships; returns those newly added.
    private static func replaceShares(of goal: Goal, with mentorships: [Mentorship], on db: any Database) async throws -> [Mentorship] {
        let goalID = try goal.requireID()
        let existing = try await GoalShare.query(on: db).filter(\.$goal.$id == goalID).all()
        let wanted = Set(mentorships.compactMap(\.id))
        for share in existing where !wanted.contains(share.$mentorship.id) { try await share.delete(on: db) }
        let kept = Set(existing.map(\.$mentorship.id))
        let added = mentorships.filter { !kept.contains($0.id!) }
        for mentorship in added { try await GoalShare(goalID: goalID, mentorshipID: try mentorship.requireID()).save(on: db) }
        return added
    }

    static func setSharing(_ ids: [UUID], in access: Access, by user: User, _ context: ActionContext) async throws {
        try requireOwner(access)
        let mentorships = try await shareTargets(ids, of: user, on: context.db)
        let goal = access.goal
        let added = try await context.db.writeTransaction { db in try await replaceShares(of: goal, with: mentorships, on: db) }
        try await tellShared(goal, with: added, by: user, context)
    }

    static func delete(_ access: Access, on db: any Database) async throws {
        try requireOwner(access)
        let goal = access.goal
        try await db.writeTransaction { db in try await goal.delete(on: db) }
    }

    private static func tellShared(_ goal: Goal, with mentorships: [Mentorship], by owner: User, _ context: ActionContext) async throws {
        guard !mentorships.isEmpty else { return }
        try await context.db.writeTransaction { db in
            for mentorship in mentorships {
                try await Notifier.notify(mentorship.mentor, title: "\(owner.displayName) shared a goal with you",
                                          body: "“\(goal.title)” — read it and tell \(owner.firstName) whether it is aligned with what you see for them.",
                                          link: Paths.goal(try goal.requireID()), email: true, publicURL: context.publicURL,
                                          on: db, logger: context.logger)
            }
        }
    }

    // MARK: milestones and progress

    struct MilestoneInput: Content {
        var title: String?
        var dueOn: String?
        var done: Bool?
    }

    static func milestones(of goal: Goal, on db: any Database) async throws -> [Milestone] {
        try await Milestone.query(on: db).filter(\.$goal.$id == goal.requireID()).all()
            .sorted { ($0.dueOn ?? "9999", $0.createdAt ?? .distantPast) < ($1.dueOn ?? "9999", $1.createdAt ?? .distantPast) }
    }

    private static func milestoneDraft(_ input: MilestoneInput, over base: MilestoneDraft, goal: Goal) throws -> MilestoneDraft {
        var draft = base
        if let title = input.title { draft.title = title }
        if let due = input.dueOn {
            var v = InputValidator()
            draft.dueOn = v.optionalDate("dueOn", due)
            try v.check()
        }
        let goalDraft = goal.draft
        return try draft.validated(goalStartsOn: goalDraft.startsOn, deadline: goalDraft.deadline)
    }

    static func addMilestone(_ input: MilestoneInput, in access: Access, _ context: ActionContext) async throws -> Milestone {
        try requireOwner(access)
        let goal = access.goal
        let draft = try milestoneDraft(input, over: MilestoneDraft(title: "", dueOn: nil), goal: goal)
        let count = try await Milestone.query(on: context.db).filter(\.$goal.$id == goal.requireID()).count()
        guard count < GoalLimits.milestonesPerGoal else {
            throw DomainError.conflict("A goal holds at most \(GoalLimits.milestonesPerGoal) milestones.")
        }
        let milestone = Milestone(goalID: try goal.requireID(), draft: draft)
        try await milestone.save(on: context.db)
        if input.done == true { return try await setDone(milestone, true, in: access, context) }
        return milestone
    }

    static func milestone(_ id: UUID?, in access: Access, on db: any Database) async throws -> Milestone {
        guard let id, let milestone = try await Milestone.query(on: db).filter(\.$id == id)
            .filter(\.$goal.$id == access.goal.requireID()).first() else { throw DomainError.notFound("Milestone") }
        return milestone
    }

    static func updateMilestone(_ id: UUID?, _ input: MilestoneInput, in access: Access, _ context: ActionContext) async throws -> Milestone {
        try requireOwner(access)
        let milestone = try await milestone(id, in: access, on: context.db)
        let draft = try milestoneDraft(input, over: MilestoneDraft(title: milestone.title, dueOn: milestone.dueOn.flatMap(CalendarDate.init)),
                                       goal: access.goal)
        milestone.title = draft.title
        milestone.dueOn = draft.dueOn?.description
        try await milestone.save(on: context.db)
        if let done = input.done { return try await setDone(milestone, done, in: access, context) }
        return milestone
    }

    /// Ticking a milestone off is a win: celebrated once, with both sides.
    private static func setDone(_ milestone: Milestone, _ done: Bool, in access: Access, _ context: ActionContext) async throws -> Milestone {
        guard done != (milestone.doneAt != nil) else { return milestone }
        milestone.doneAt = done ? Date() : nil
        let celebrate = done && milestone.celebratedAt == nil
        if celebrate { milestone.celebratedAt = Date() }
        try await milestone.save(on: context.db)
        if celebrate {
            try await Self.celebrate("reached the milestone “\(milestone.title)” of “\(access.goal.title)”", goal: access.goal, context)
        }
        return milestone
    }

    static func deleteMilestone(_ id: UUID?, in access: Access, on db: any Database) async throws {
        try requireOwner(access)
        try await milestone(id, in: access, on: db).delete(on: db)
    }

    struct ProgressInput: Content {
        var value: Double?
        var note: String?
        var recordedOn: String?
    }

    static func progress(of goal: Goal, on db: any Database) async throws -> [ProgressUpdate] {
        try await ProgressUpdate.query(on: db).filter(\.$goal.$id == goal.requireID()).all()
            .sorted { ($0.recordedOn, $0.createdAt ?? .distantPast) < ($1.recordedOn, $1.createdAt ?? .distantPast) }
    }

    static func addProgress(_ input: ProgressInput, in access: Access, by user: User, on db: any Database) async throws -> ProgressUpdate {
        try requireOwner(access)
        var v = InputValidator()
        if input.value == nil { v.add("value", "Give the current value of “\(access.goal.metric.isEmpty ? "the metric" : access.goal.metric)” as a number.") }
        if let value = input.value, !value.isFinite || abs(value) > 1e12 { v.add("value", "Give a number between -1,000,000,000,000 and 1,000,000,000,000.") }
        let note = v.optionalText("note", input.note, label: "Note", max: GoalLimits.progressNote)
        var recordedOn = user.today
        if let raw = input.recordedOn, let date = v.optionalDate("recordedOn", raw) {
            if date > user.today { v.add("recordedOn", "Progress is recorded for today or a day before, not \(date).") }
            recordedOn = date
        }
        if access.goal.metric.isEmpty { v.add("value", "The goal has no metric yet: say what you count before recording progress.") }
        try v.check()
        let update = ProgressUpdate(goalID: try access.goal.requireID(), authorID: try user.requireID(), value: input.value!,
                                    note: note, recordedOn: recordedOn)
        try await update.save(on: db)
        return update
    }

    // MARK: alignment

    struct FeedbackInput: Content {
        var kind: String?
        var body: String?
        var mentorshipId: UUID?
    }

    static func feedback(on goal: Goal, in access: Access, on db: any Database) async throws -> [GoalFeedback] {
        let mentorships = access.visibleShares.map(\.$mentorship.id)
        guard !mentorships.isEmpty else { return [] }
        return try await GoalFeedback.query(on: db).filter(\.$goal.$id == goal.requireID()).filter(\.$mentorship.$id ~~ mentorships)
            .with(\.$author).sort(\.$createdAt).all()
    }

    /// The mentor comments, endorses or suggests a change; the mentee answers with a comment.
    static func addFeedback(_ input: FeedbackInput, in access: Access, by user: User, _ context: ActionContext) async throws -> GoalFeedback {
        var v = InputValidator()
        let kind = GoalFeedback.Kind(rawValue: input.kind ?? GoalFeedback.Kind.comment.rawValue)
        if kind == nil { v.add("kind", "Kind must be one of: \(GoalFeedback.Kind.allCases.map(\.rawValue).joined(separator: ", ")).") }
        let body = kind == .endorse ? v.optionalText("body", input.body, label: "Your words", max: GoalLimits.comment)
            : v.text("body", input.body, label: kind == .suggestChange ? "The change you suggest" : "Comment", max: GoalLimits.comment)
        try v.check()
        let goal = access.goal
        guard !access.visibleShares.isEmpty else {
            throw DomainError.conflict("Share the goal with a mentor first; comments are between you and them.")
        }
        let share: GoalShare
        if let id = input.mentorshipId {
            guard let chosen = access.visibleShares.first(where: { $0.$mentorship.id == id }) else {
                throw ValidationFailure("mentorshipId", "The goal is not shared with that mentorship.")
            }
            share = chosen
        } else if access.visibleShares.count == 1 {
            share = access.visibleShares[0]
        } else {
            throw ValidationFailure("mentorshipId", "The goal is shared with several mentors: say which one this is for.")
        }
        if access.isOwner && kind != .comment {
            throw DomainError.forbidden("Endorsing and suggesting changes are the mentor's part; you can comment.")
        }
        if kind == .endorse && share.endorsedAt != nil {
            throw DomainError.conflict("You already endorsed this goal as it is worded now.")
        }
        let mentorship = share.mentorship
        let entry = GoalFeedback(goalID: try goal.requireID(), mentorshipID: try mentorship.requireID(), authorID: try user.requireID(),
                                 kind: kind!, body: body)
        let recipient = access.isOwner ? mentorship.mentor : mentorship.mentee
        let title = switch kind! {
        case .endorse: "\(user.displayName) endorsed your goal"
        case .suggestChange: "\(user.displayName) suggests a change to your goal"
        case .comment: "\(user.displayName) commented on a goal"
        }
        try await context.db.writeTransaction { db in
            try await entry.save(on: db)
            if kind == .endorse {
                share.endorsedAt = Date()
                try await share.save(on: db)
            }
            try await Notifier.notify(recipient, title: title, body: "“\(goal.title)”\(body.isEmpty ? "" : ": \(body.prefix(200))")",
                                      link: Paths.goal(try goal.requireID()), email: true, publicURL: context.publicURL,
                                      on: db, logger: context.logger)
        }
        try await entry.$author.load(on: context.db)
        return entry
    }

    // MARK: celebrating (J14)

    /// Tells the mentee and every mentor who sees the goal.
    private static func celebrate(_ what: String, goal: Goal, _ context: ActionContext) async throws {
        let shares = try await GoalShare.query(on: context.db).filter(\.$goal.$id == goal.requireID())
            .with(\.$mentorship) { $0.with(\.$mentor) }.all()
        let owner = try await User.find(goal.$owner.id, on: context.db)
        let link = Paths.goal(try goal.requireID())
        try await context.db.writeTransaction { db in
            if let owner {
                try await Notifier.notify(owner, title: "Well done: you \(what)", body: "This goes on your wins timeline. Take a moment to notice it.",
                                          link: link, email: true, publicURL: context.publicURL, on: db, logger: context.logger)
            }
            for share in shares where share.mentorship.status == .active {
                try await Notifier.notify(share.mentorship.mentor, title: "\(owner?.displayName ?? "Your mentee") \(what)",
                                          body: "A win worth celebrating together at your next meeting.",
                                          link: link, email: true, publicURL: context.publicURL, on: db, logger: context.logger)
            }
        }
    }

    struct Win: Content {
        /// "milestone" or "goal".
        let kind: String
        let title: String
        let goalId: UUID
        let goalTitle: String
        let at: Date
    }

    static func wins(of goals: [Goal], on db: any Database) async throws -> [Win] {
        let ids = goals.compactMap(\.id)
        guard !ids.isEmpty else { return [] }
        let byID = Dictionary(uniqueKeysWithValues: goals.map { ($0.id!, $0) })
        var wins: [Win] = goals.compactMap { goal in
            goal.achievedAt.map { Win(kind: "goal", title: "Achieved “\(goal.title)”", goalId: goal.id!, goalTitle: goal.title, at: $0) }
        }
        let done = try await Milestone.query(on: db).filter(\.$goal.$id ~~ ids).filter(\.$doneAt != nil).all()
        for milestone in done {
            guard let goal = byID[milestone.$goal.id], let at = milestone.doneAt else { continue }
            wins.append(Win(kind: "milestone", title: "Reached “\(milestone.title)”", goalId: goal.id!, goalTitle: goal.title, at: at))
        }
        return wins.sorted { $0.at > $1.at }
    }

    /// The wins of the goals shared with one mentorship: the pair reads them, a coordinator counts them.
    static func wins(in access: Mentorships.Access, on db: any Database) async throws -> (readable: [Win], counted: Int) {
        let shares = try await GoalShare.query(on: db).filter(\.$mentorship.$id == access.mentorship.requireID()).with(\.$goal).all()
        // Only the mentee shares goals with a mentorship, so one relation holds for all of them.
        let wins = try await wins(of: shares.map(\.goal), on: db)
        var readable: [Win] = []
        var counted = 0
        switch AccessPolicy.access(access.relation(toRecordBy: access.mentorship.$mentee.id), to: .pair) {
        case .read: readable = wins
        case .aggregate: counted = wins.count
        case .none: break
        }
        return (readable.sorted { $0.at > $1.at }, counted)
    }

    /// Goals shared with one mentorship, each with its share (endorsement): the pair reads them,
    /// a coordinator counts them.
    static func goals(in access: Mentorships.Access, on db: any Database) async throws -> (readable: [GoalShare], counted: Int) {
        let shares = try await GoalShare.query(on: db).filter(\.$mentorship.$id == access.mentorship.requireID())
            .with(\.$goal) { $0.with(\.$owner) }.all()
        var readable: [GoalShare] = []
        var counted = 0
        for share in shares {
            switch AccessPolicy.access(access.relation(toRecordBy: share.goal.$owner.id), to: .pair) {
            case .read:
                share.$mentorship.value = access.mentorship
                readable.append(share)
            case .aggregate: counted += 1
            case .none: continue
            }
        }
        return (readable.sorted { ($0.goal.createdAt ?? .distantPast) < ($1.goal.createdAt ?? .distantPast) }, counted)
    }

    /// Goals the person owns, then goals their mentees share with them.
    static func list(for user: User, on db: any Database) async throws -> (mine: [Goal], shared: [(Goal, GoalShare)]) {
        let userID = try user.requireID()
        let mine = try await Goal.query(on: db).filter(\.$owner.$id == userID)
            .with(\.$shares) { $0.with(\.$mentorship) { $0.with(\.$mentor) } }.sort(\.$createdAt, .descending).all()
        let mentoring = try await Mentorship.query(on: db).filter(\.$mentor.$id == userID).all().compactMap(\.id)
        let shares = mentoring.isEmpty ? [] : try await GoalShare.query(on: db).filter(\.$mentorship.$id ~~ mentoring)
            .with(\.$goal) { $0.with(\.$owner) }.with(\.$mentorship) { $0.with(\.$mentor) }.all()
        return (mine, shares.map { ($0.goal, $0) }.sorted { ($0.0.createdAt ?? .distantPast) > ($1.0.createdAt ?? .distantPast) })
    }
}

extension User {
    /// Today's date where the person lives.
    var today: CalendarDate { CalendarDate(Date(), in: TimeZone(identifier: timeZone) ?? .gmt) }
}
