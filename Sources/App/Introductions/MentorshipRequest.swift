import Fluent
import TandemCore
import Vapor

/// A mentee asks a mentor, with an introduction; accepting it starts the mentorship.
final class MentorshipRequest: Model, @unchecked Sendable {
    static let schema = "mentorship_requests"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // data fields
    @Field(key: "who_i_am") var whoIAm: String
    @Field(key: "what_drew_me") var whatDrewMe: String
    @Field(key: "hope_to_achieve") var hopeToAchieve: String
    @Field(key: "time_asked") var timeAsked: String
    @Enum(key: "status") var status: RequestStatus
    @OptionalField(key: "decline_reason") var declineReason: String?
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "decided_at") var decidedAt: Date?
    @OptionalField(key: "reminder_sent_at") var reminderSentAt: Date?
    /// For a second mentor alongside the first: the mentee's goals this mentor is asked for (shared with them on accepting).
    @OptionalField(key: "goal_ids") var goalIDs: [UUID]?

    // relationships
    @Parent(key: "program_id") var program: Program
    @Parent(key: "mentee_id") var mentee: User
    @Parent(key: "mentor_id") var mentor: User
    @OptionalParent(key: "mentorship_id") var mentorship: Mentorship?

    init() {}

    init(programID: UUID, menteeID: UUID, mentorID: UUID, introduction: IntroductionDraft.Clean, expiresAt: Date) {
        self.$program.id = programID
        self.$mentee.id = menteeID
        self.$mentor.id = mentorID
        whoIAm = introduction.whoIAm
        whatDrewMe = introduction.whatDrewMe
        hopeToAchieve = introduction.hopeToAchieve
        timeAsked = introduction.timeAsked
        status = .pending
        self.expiresAt = expiresAt
    }
}
