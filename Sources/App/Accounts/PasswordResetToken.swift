import Fluent
import Vapor

/// A one-time, expiring permission to set a new password, sent by e-mail.
final class PasswordResetToken: Model, @unchecked Sendable {
    static let schema = "password_reset_tokens"

    static let lifetime: TimeInterval = 60 * 60

    // managed fields
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // data fields
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "used_at") var usedAt: Date?

    // relationships
    @Parent(key: "user_id") var user: User

    init() {}

    init(userID: UUID, tokenHash: String, expiresAt: Date) {
        self.$user.id = userID
        self.tokenHash = tokenHash
        self.expiresAt = expiresAt
    }
}
