import Fluent

struct CreateProfiles: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Profile.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("expertise", .array(of: .json), .required)
            .field("industries", .array(of: .string), .required)
            .field("years_experience", .int)
            .field("challenges_faced", .array(of: .string), .required)
            .field("capacity", .int, .required)
            .field("open_to_mentees", .bool, .required)
            .field("goals", .string, .required)
            .field("skills_wanted", .array(of: .string), .required)
            .field("challenges", .array(of: .string), .required)
            .field("work_structure", .string)
            .field("frequency_days", .int)
            .field("channel", .string)
            .field("values", .array(of: .string), .required)
            .field("languages", .array(of: .string), .required)
            .field("availability", .array(of: .json), .required)
            .field("updated_at", .datetime)
            .unique(on: "user_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Profile.schema).delete()
    }
}
