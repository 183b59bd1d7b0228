import Fluent
import SQLKit

struct CreateSignInAttempts: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(SignInAttempt.schema)
            .id()
            .field("email", .string, .required)
            .field("ip", .string, .required)
            .field("succeeded", .bool, .required)
            .field("attempted_at", .datetime, .required)
            .create()
        try await (database as! any SQLDatabase).create(index: "sign_in_attempts_email_time")
            .on(SignInAttempt.schema).column("email").column("attempted_at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(SignInAttempt.schema).delete()
    }
}
