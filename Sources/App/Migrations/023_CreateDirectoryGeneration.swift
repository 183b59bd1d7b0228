import Fluent
import SQLKit

/// A counter the database itself moves whenever anything the mentor directory shows changes: a
/// mentor's name, headline, bio or time zone, any profile, who mentors in a program, a
/// mentorship's start, end or status, a request's answer. Triggers bump it inside the writing
/// transaction, so every app instance sees a change at once, whichever code path (or instance)
/// wrote it; `MentorPool` keeps a program's mentors in memory for as long as it stands still.
struct CreateDirectoryGeneration: AsyncMigration {
    static let table = "directory_generation"

    /// (table, event) pairs that change what the directory shows.
    static let events: [(table: String, event: String)] = [
        (User.schema, "UPDATE OF display_name, headline, bio, time_zone"),
        (User.schema, "DELETE"),
        (Profile.schema, "INSERT"), (Profile.schema, "UPDATE"), (Profile.schema, "DELETE"),
        (ProgramMembership.schema, "INSERT"), (ProgramMembership.schema, "UPDATE OF is_mentor"), (ProgramMembership.schema, "DELETE"),
        (Mentorship.schema, "INSERT"), (Mentorship.schema, "UPDATE OF status, mentor_id"), (Mentorship.schema, "DELETE"),
        (MentorshipRequest.schema, "INSERT"), (MentorshipRequest.schema, "UPDATE OF status, decided_at"), (MentorshipRequest.schema, "DELETE"),
    ]

    static func triggerName(_ index: Int) -> String { "directory_generation_bump_\(index)" }

    // Row triggers on both databases: a statement trigger on PostgreSQL would fire for the
    // request-expiry sweep every few seconds even when it changes nothing, emptying the pool.

    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(table: Self.table)
            .column("id", type: .int, .primaryKey(autoIncrement: false))
            .column("generation", type: .bigint, .notNull)
            .run()
        try await sql.raw("INSERT INTO directory_generation (id, generation) VALUES (1, 0)").run()
        let bump = "UPDATE directory_generation SET generation = generation + 1 WHERE id = 1"
        if sql.dialect.name == "postgresql" {
            try await sql.raw(SQLQueryString("""
                CREATE FUNCTION directory_generation_bump() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN \(unsafeRaw: bump); RETURN NULL; END $$
                """)).run()
            for (index, event) in Self.events.enumerated() {
                try await sql.raw(SQLQueryString("""
                    CREATE TRIGGER \(unsafeRaw: Self.triggerName(index)) AFTER \(unsafeRaw: event.event) ON \(unsafeRaw: event.table)
                    FOR EACH ROW EXECUTE FUNCTION directory_generation_bump()
                    """)).run()
            }
        } else {
            for (index, event) in Self.events.enumerated() {
                try await sql.raw(SQLQueryString("""
                    CREATE TRIGGER \(unsafeRaw: Self.triggerName(index)) AFTER \(unsafeRaw: event.event) ON \(unsafeRaw: event.table)
                    BEGIN \(unsafeRaw: bump); END
                    """)).run()
            }
        }
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        let postgres = sql.dialect.name == "postgresql"
        for (index, event) in Self.events.enumerated() {
            try await sql.raw(SQLQueryString("DROP TRIGGER IF EXISTS \(unsafeRaw: Self.triggerName(index))\(unsafeRaw: postgres ? " ON \(event.table)" : "")")).run()
        }
        if postgres { try await sql.raw("DROP FUNCTION IF EXISTS directory_generation_bump()").run() }
        try await sql.drop(table: Self.table).run()
    }
}
