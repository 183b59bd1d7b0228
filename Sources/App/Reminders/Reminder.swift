import Fluent
import Vapor

/// A reminder that was sent. The unique key (kind, subject, recipient, occasion) is the claim: the
/// worker whose insert succeeds sends it, so each reminder goes out once across all instances.
final class Reminder: Model, @unchecked Sendable {
    static let schema = "reminders"

    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Field(key: "kind") var kind: String
    @Field(key: "subject_id") var subjectID: UUID
    @Field(key: "recipient_id") var recipientID: UUID
    @Field(key: "occasion") var occasion: String

    init() {}
}
