import Fluent
import Vapor

/// Something one of the pair will do (journey J9): created in a meeting, carried into the next
/// meeting's agenda until it is done or dropped.
final class ActionItem: Model, @unchecked Sendable {
    static let schema = "action_items"

    /// Dropped: the pair agreed not to do it after all; it leaves the agenda and the reminders.
    enum Status: String, Codable, Sendable, CaseIterable { case open, done, dropped }

    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?
    @Field(key: "title") var title: String
    @OptionalField(key: "due_on") var dueOn: String?
    @Enum(key: "status") var status: Status
    @OptionalField(key: "done_at") var doneAt: Date?

    @Parent(key: "mentorship_id") var mentorship: Mentorship
    /// The meeting it came from, if any.
    @OptionalParent(key: "meeting_id") var meeting: Meeting?
    /// Who does it: either side of the pair.
    @Parent(key: "owner_id") var owner: User
    @Parent(key: "created_by_id") var createdBy: User

    init() {}

    init(mentorshipID: UUID, meetingID: UUID?, ownerID: UUID, createdByID: UUID, title: String, dueOn: String?) {
        self.$mentorship.id = mentorshipID
        self.$meeting.id = meetingID
        self.$owner.id = ownerID
        self.$createdBy.id = createdByID
        self.title = title
        self.dueOn = dueOn
        self.status = .open
    }
}
