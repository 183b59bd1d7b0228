import Fluent
import SQLKit

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
    /// A transaction for multi-row writes: all or nothing.
    func writeTransaction<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        if inTransaction { return try await body(self) }
        guard (self as? any SQLDatabase)?.dialect.name == "sqlite" else { return try await transaction(body) }
        await SQLiteWriteTurns.shared.acquire()
        do {
            let result = try await transaction(body)
            await SQLiteWriteTurns.shared.release()
            return result
        } catch {
            await SQLiteWriteTurns.shared.release()
            throw error
        }
    }
}
