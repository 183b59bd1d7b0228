import Fluent

struct CreatePairRules: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(PairRule.schema)
            .id()
            .field("program_id", .uuid, .required, .references(Program.schema, "id", onDelete: .cascade))
            .field("mentee_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("mentor_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "program_id", "mentee_id", "mentor_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PairRule.schema).delete()
    }
}
