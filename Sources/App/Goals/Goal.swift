import Fluent
import TandemCore
import Vapor

/// A mentee's SMART goal (journey J6). It belongs to the mentee; each mentor sees it only when
/// the mentee shares it with their mentorship (`GoalShare`).
final class Goal: Model, @unchecked Sendable {
    static let schema = "goals"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    // data fields
    @Field(key: "title") var title: String
    @Field(key: "specific") var specific: String
    @Field(key: "metric") var metric: String
    @Field(key: "unit") var unit: String
    @OptionalField(key: "baseline") var baseline: Double?
    @OptionalField(key: "target") var target: Double?
    @Field(key: "achievable") var achievable: String
    @Field(key: "relevant") var relevant: String
    @OptionalField(key: "starts_on") var startsOn: String?
    @OptionalField(key: "deadline") var deadline: String?
    @Enum(key: "status") var status: GoalStatus
    @OptionalField(key: "achieved_at") var achievedAt: Date?
    /// Set the first time the goal is achieved, so a goal reopened and achieved again is not
    /// celebrated twice.
    @OptionalField(key: "celebrated_at") var celebratedAt: Date?

    // relationships
    @Parent(key: "owner_id") var owner: User
    @Children(for: \.$goal) var shares: [GoalShare]
    @Children(for: \.$goal) var milestones: [Milestone]
    @Children(for: \.$goal) var progress: [ProgressUpdate]

    init() {}

    init(ownerID: UUID, draft: GoalDraft, status: GoalStatus) {
        self.$owner.id = ownerID
        self.status = status
        apply(draft)
    }

    func apply(_ draft: GoalDraft) {
        title = draft.title
        specific = draft.specific
        metric = draft.metric
        unit = draft.unit
        baseline = draft.baseline
        target = draft.target
        achievable = draft.achievable
        relevant = draft.relevant
        startsOn = draft.startsOn?.description
        deadline = draft.deadline?.description
    }

    var draft: GoalDraft {
        GoalDraft(title: title, specific: specific, metric: metric, unit: unit, baseline: baseline, target: target,
                  achievable: achievable, relevant: relevant, startsOn: startsOn.flatMap(CalendarDate.init),
                  deadline: deadline.flatMap(CalendarDate.init))
    }
}

/// The mentee shows a goal to one mentorship's mentor; the mentor may endorse it.
final class GoalShare: Model, @unchecked Sendable {
    static let schema = "goal_shares"

    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    /// The mentor endorsed the goal as it is worded now; a change of wording clears it.
    @OptionalField(key: "endorsed_at") var endorsedAt: Date?

    @Parent(key: "goal_id") var goal: Goal
    @Parent(key: "mentorship_id") var mentorship: Mentorship

    init() {}

    init(goalID: UUID, mentorshipID: UUID) {
        self.$goal.id = goalID
        self.$mentorship.id = mentorshipID
    }
}

/// A step on the way to a goal.
final class Milestone: Model, @unchecked Sendable {
    static let schema = "goal_milestones"

    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Field(key: "title") var title: String
    @OptionalField(key: "due_on") var dueOn: String?
    @OptionalField(key: "done_at") var doneAt: Date?
    @OptionalField(key: "celebrated_at") var celebratedAt: Date?

    @Parent(key: "goal_id") var goal: Goal

    init() {}

    init(goalID: UUID, draft: MilestoneDraft) {
        self.$goal.id = goalID
        title = draft.title
        dueOn = draft.dueOn?.description
    }
}

/// A reading of the goal's metric, kept as history.
final class ProgressUpdate: Model, @unchecked Sendable {
    static let schema = "goal_progress_updates"

    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Field(key: "value") var value: Double
    @Field(key: "note") var note: String
    @Field(key: "recorded_on") var recordedOn: String

    @Parent(key: "goal_id") var goal: Goal
    @Parent(key: "author_id") var author: User

    init() {}

    init(goalID: UUID, authorID: UUID, value: Double, note: String, recordedOn: CalendarDate) {
        self.$goal.id = goalID
        self.$author.id = authorID
        self.value = value
        self.note = note
        self.recordedOn = recordedOn.description
    }
}

/// A word about a goal between the mentee and one mentor: a comment, an endorsement, a
/// suggested change. Seen by those two only.
final class GoalFeedback: Model, @unchecked Sendable {
    static let schema = "goal_feedback"

    enum Kind: String, Codable, Sendable, CaseIterable {
        case comment
        case endorse
        case suggestChange = "suggest_change"
    }

    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Enum(key: "kind") var kind: Kind
    @Field(key: "body") var body: String

    @Parent(key: "goal_id") var goal: Goal
    @Parent(key: "mentorship_id") var mentorship: Mentorship
    @Parent(key: "author_id") var author: User

    init() {}

    init(goalID: UUID, mentorshipID: UUID, authorID: UUID, kind: Kind, body: String) {
        self.$goal.id = goalID
        self.$mentorship.id = mentorshipID
        self.$author.id = authorID
        self.kind = kind
        self.body = body
    }
}
