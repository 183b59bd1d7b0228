import Fluent

struct CreateCharterVersions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(CharterVersion.schema)
            .id()
            .field("mentorship_id", .uuid, .required, .references(Mentorship.schema, "id", onDelete: .cascade))
            .field("author_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("number", .int, .required)
            .field("terms", .json, .required)
            .field("mentor_signed_at", .datetime)
            .field("mentee_signed_at", .datetime)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            // Two saves at once cannot both become version N.
            .unique(on: "mentorship_id", "number", name: "charter_versions_one_number")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(CharterVersion.schema).delete()
    }
}
