import Fluent
import Vapor

/// An e-mail waiting to go out. Written in the same transaction as the change it reports, and
/// delivered later by `OutboxWorker`, so a slow or absent mail server never loses a message
/// nor fails a request.
final class OutboxMessage: Model, @unchecked Sendable {
    static let schema = "outbox_messages"

    enum Status: String, Codable, Sendable {
        case pending
        case sent
        /// Gave up after too many attempts; kept for an operator to read.
        case failed
    }

    // managed fields
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // data fields
    @Field(key: "recipient") var recipient: String
    @Field(key: "subject") var subject: String
    @Field(key: "body") var body: String
    /// An iCalendar invitation to send along, if any.
    @OptionalField(key: "calendar") var calendar: String?
    @Enum(key: "status") var status: Status
    @Field(key: "attempts") var attempts: Int
    @Field(key: "next_attempt_at") var nextAttemptAt: Date
    /// A worker holds a message until this time; another worker may take it after.
    @OptionalField(key: "lease_until") var leaseUntil: Date?
    @OptionalField(key: "lease_owner") var leaseOwner: String?
    @OptionalField(key: "last_error") var lastError: String?
    @OptionalField(key: "sent_at") var sentAt: Date?

    init() {}

    init(recipient: String, subject: String, body: String, calendar: String? = nil) {
        self.recipient = recipient
        self.subject = subject
        self.body = body
        self.calendar = calendar
        self.status = .pending
        self.attempts = 0
        self.nextAttemptAt = Date()
    }
}
