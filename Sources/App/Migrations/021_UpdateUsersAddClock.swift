import Fluent

/// A person's 12- or 24-hour habit; absent means their time zone's usual one.
struct UpdateUsersAddClock: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(User.schema).field("clock", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(User.schema).deleteField("clock").update()
    }
}
