import Fluent
import Vapor

/// One try at signing in. Kept in the database (not in memory) so the limit holds across all
/// app instances that share it.
final class SignInAttempt: Model, @unchecked Sendable {
    static let schema = "sign_in_attempts"

    @ID(key: .id) var id: UUID?
    @Field(key: "email") var email: String
    @Field(key: "ip") var ip: String
    @Field(key: "succeeded") var succeeded: Bool
    @Field(key: "attempted_at") var attemptedAt: Date

    init() {}

    init(email: String, ip: String, succeeded: Bool, at date: Date = Date()) {
        self.email = email
        self.ip = ip
        self.succeeded = succeeded
        self.attemptedAt = date
    }
}
