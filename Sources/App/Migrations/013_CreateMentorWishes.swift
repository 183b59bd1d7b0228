import Fluent

struct CreateMentorWishes: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(MentorWish.schema)
            .id()
            .field("program_id", .uuid, .required, .references(Program.schema, "id", onDelete: .cascade))
            .field("mentee_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("mentor_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("rank", .int, .required)
            // Named: PostgreSQL cuts generated names at 63 characters, and these two would collide.
            .unique(on: "program_id", "mentee_id", "mentor_id", name: "mentor_wishes_one_per_mentor")
            .unique(on: "program_id", "mentee_id", "rank", name: "mentor_wishes_one_per_rank")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(MentorWish.schema).delete()
    }
}
