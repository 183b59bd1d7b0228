import Fluent

struct UpdateProgramsAddOptionLists: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Program.schema).field("challenge_options", .array(of: .string)).update()
        try await database.schema(Program.schema).field("value_options", .array(of: .string)).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Program.schema).deleteField("value_options").update()
        try await database.schema(Program.schema).deleteField("challenge_options").update()
    }
}
