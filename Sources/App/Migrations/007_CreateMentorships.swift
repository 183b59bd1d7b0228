import Fluent

struct CreateMentorships: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Mentorship.schema)
            .id()
            .field("program_id", .uuid, .required, .references(Program.schema, "id", onDelete: .cascade))
            .field("mentor_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("mentee_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("status", .string, .required)
            .field("started_at", .datetime, .required)
            .field("ended_at", .datetime)
            .field("created_at", .datetime)
            .create()
        try await database.schema(MentorshipNote.schema)
            .id()
            .field("mentorship_id", .uuid, .required, .references(Mentorship.schema, "id", onDelete: .cascade))
            .field("author_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("visibility", .string, .required)
            .field("body", .string, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        try await database.schema(AccessAuditEntry.schema)
            .id()
            .field("mentorship_id", .uuid, .required, .references(Mentorship.schema, "id", onDelete: .cascade))
            .field("actor_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("action", .string, .required)
            .field("channel", .string, .required)
            .field("created_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AccessAuditEntry.schema).delete()
        try await database.schema(MentorshipNote.schema).delete()
        try await database.schema(Mentorship.schema).delete()
    }
}
