import Fluent
import TandemCore

struct UpdateProgramsAddCriteriaWeights: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Program.schema)
            .field("criteria_weights", .json)
            .update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Program.schema).deleteField("criteria_weights").update()
    }
}
