import Fluent
import Foundation
import SQLKit

/// Names folded for sorting and searching (see `User.nameKey`), so the participants of a large
/// program are filtered, counted and paged by the database.
struct UpdateUsersAddNameKey: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(User.schema).field("name_key", .string).update()
        guard let sql = database as? any SQLDatabase else { return }
        try await Self.fold(on: sql)
        try await sql.create(index: "users_by_name_key").on(User.schema).column("name_key").run()
    }

    /// Folds the name of everyone already there (new and renamed people get theirs on saving).
    static func fold(on sql: any SQLDatabase) async throws {
        struct Row: Decodable { let id: UUID; let display_name: String }
        for row in try await sql.select().columns("id", "display_name").from(User.schema).all(decoding: Row.self) {
            try await sql.update(User.schema).set("name_key", to: User.nameKey(row.display_name)).where("id", .equal, row.id).run()
        }
    }

    func revert(on database: any Database) async throws {
        if let sql = database as? any SQLDatabase { try await sql.drop(index: "users_by_name_key").run() }
        try await database.schema(User.schema).deleteField("name_key").update()
    }
}
