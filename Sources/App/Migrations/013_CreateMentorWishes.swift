import Fluent

struct CreateMentorWishes: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(MentorWish.schema)
            .id()
            .field("program_id", .uuid, .required, .references(Program.schema, "id", onDelete: .cascade))
            .field("mentee_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("mentor_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("rank", .int, .required)
            .unique(on: "program_id", "mentee_id", "mentor_id")
            .unique(on: "program_id", "mentee_id", "rank")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(MentorWish.schema).delete()
    }
}
