import Fluent
import Vapor

/// A coordinator looked at a mentorship. The pair can read every entry (journey J12).
final class AccessAuditEntry: Model, @unchecked Sendable {
    static let schema = "access_audit_entries"

    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    /// What was accessed, in words: "viewed the mentorship overview".
    @Field(key: "action") var action: String
    /// Web page or API.
    @Field(key: "channel") var channel: String

    @Parent(key: "mentorship_id") var mentorship: Mentorship
    @Parent(key: "actor_id") var actor: User

    init() {}

    init(mentorshipID: UUID, actorID: UUID, action: String, channel: String) {
        self.$mentorship.id = mentorshipID
        self.$actor.id = actorID
        self.action = action
        self.channel = channel
    }
}
