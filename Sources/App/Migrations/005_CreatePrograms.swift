import Fluent

struct CreatePrograms: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Program.schema)
            .id()
            .field("name", .string, .required)
            .field("description", .string, .required)
            .field("starts_on", .string, .required)
            .field("ends_on", .string, .required)
            .field("meeting_cadence_days", .int, .required)
            .field("invite_code", .string, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "invite_code")
            .create()
        try await database.schema(ProgramMembership.schema)
            .id()
            .field("program_id", .uuid, .required, .references(Program.schema, "id", onDelete: .cascade))
            .field("user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("is_coordinator", .bool, .required)
            .field("is_mentor", .bool, .required)
            .field("is_mentee", .bool, .required)
            .field("joined_at", .datetime)
            .unique(on: "program_id", "user_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ProgramMembership.schema).delete()
        try await database.schema(Program.schema).delete()
    }
}
