import Fluent
import SQLKit

/// Indexes for what a large program asks of its lists and counts: who is matched or asking
/// (by mentee), a program's pairs and requests (by status), someone's open actions. Measured on
/// the 10,000-person program-seed: without them the coordinator's figures scan each table once
/// per member.
struct AddIndexesForScale: AsyncMigration {
    static let indexes: [(name: String, table: String, columns: [String])] = [
        ("mentorships_by_mentee", Mentorship.schema, ["mentee_id", "program_id", "status"]),
        ("mentorships_by_program", Mentorship.schema, ["program_id", "status"]),
        ("mentorship_requests_by_mentee", MentorshipRequest.schema, ["mentee_id", "program_id", "status"]),
        ("mentorship_requests_by_program", MentorshipRequest.schema, ["program_id", "status"]),
        ("action_items_by_owner", ActionItem.schema, ["owner_id", "status"]),
    ]

    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        for index in Self.indexes {
            var create = sql.create(index: index.name).on(index.table)
            for column in index.columns { create = create.column(column) }
            try await create.run()
        }
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        for index in Self.indexes { try await sql.drop(index: index.name).run() }
    }
}
