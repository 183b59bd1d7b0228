import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import SQLKit
import Vapor

/// The embedded SQLite database serves one process: its write transactions take turns here, so
/// two that read and then write never deadlock inside SQLite ("database is locked"). PostgreSQL,
/// shared by several instances, uses its own locks.
actor SQLiteWriteTurns {
    static let shared = SQLiteWriteTurns()
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func acquire() async {
        if !busy { busy = true; return }
        await withCheckedContinuation { waiting.append($0) }
    }

    func release() {
        if waiting.isEmpty { busy = false } else { waiting.removeFirst().resume() }
    }
}

extension Database {
    /// A transaction for multi-row writes: all or nothing. A write that met another one at the
    /// wrong moment (a PostgreSQL deadlock or serialization failure, SQLite busy) is tried again
    /// from the start, so a person never sees a 500 because someone else was writing.
    func writeTransaction<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        if inTransaction { return try await body(self) }
        let isSQLite = (self as? any SQLDatabase)?.dialect.name == "sqlite"
        var attempt = 1
        while true {
            do {
                if isSQLite { return try await sqliteTransaction(body) }
                return try await transaction(body)
            } catch where attempt < 4 && Self.isTransient(error) {
                logger.notice("Write met another one; trying again (\(attempt)): \(String(describing: error))")
                try await Task.sleep(for: .milliseconds(20 * attempt))
                attempt += 1
            }
        }
    }

    private func sqliteTransaction<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        await SQLiteWriteTurns.shared.acquire()
        do {
            let result = try await transaction { db in
                // Take the write lock before the first read, as BEGIN IMMEDIATE would: a
                // transaction that read first and then wrote would fail at once ("database is
                // locked") when another connection wrote in between, instead of waiting its turn.
                // A zero-row UPDATE claims the lock and writes nothing.
                try await (db as! any SQLDatabase).raw("UPDATE _fluent_migrations SET batch = batch WHERE 0").run()
                return try await body(db)
            }
            await SQLiteWriteTurns.shared.release()
            return result
        } catch {
            await SQLiteWriteTurns.shared.release()
            throw error
        }
    }

    /// Errors that say "another write was in the way", not "this write is wrong".
    static func isTransient(_ error: any Error) -> Bool {
        if let sqlite = error as? SQLiteError {
            return [.busy, .locked, .busyTimeout, .busyInSnapshot, .lockedBySharedCache].contains(sqlite.reason)
        }
        if let postgres = error as? PSQLError, let state = postgres.serverInfo?[.sqlState] {
            // serialization_failure, deadlock_detected, lock_not_available
            return ["40001", "40P01", "55P03"].contains(state)
        }
        return false
    }
}

/// Settings of the embedded SQLite file that let readers and writers of several requests meet
/// without "database is locked".
enum SQLiteTuning {
    static func apply(to app: Application) async throws {
        // Write-ahead log: readers never wait for a writer, nor a writer for readers. The mode
        // is kept in the file.
        try await (app.db as! any SQLDatabase).raw("PRAGMA journal_mode = WAL").run()
        // A writer waits for another one by sleeping (up to 15 s) rather than spinning on a
        // thread the other one needs. Each event loop keeps its one connection, so set it on each.
        for loop in app.eventLoopGroup.makeIterator() {
            guard let db = app.databases.database(logger: app.logger, on: loop) as? any SQLDatabase else { continue }
            try await db.raw("PRAGMA busy_timeout = 15000").run()
        }
    }
}

extension Database {
    /// Moves one row's `column` from `from` to `to` in a single conditional UPDATE: true only for
    /// the caller whose statement changed it, so of two requests at once (two instances, or
    /// PostgreSQL's read-committed transactions) exactly one wins.
    func claim(_ table: String, id: UUID, column: String, from: String, to: String) async throws -> Bool {
        guard let sql = self as? any SQLDatabase else { return false }
        let rows = try await sql.raw("""
            UPDATE \(ident: table) SET \(ident: column) = \(bind: to) WHERE id = \(bind: id) AND \(ident: column) = \(bind: from) RETURNING id
            """).all()
        return !rows.isEmpty
    }
}
