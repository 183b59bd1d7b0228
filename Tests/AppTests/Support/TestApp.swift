import Fluent
import Foundation
import Logging
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import App

/// Which database the integration tests use: PostgreSQL when DATABASE_URL names one, else an
/// in-memory SQLite database per test.
enum TestDatabase {
    static var postgresURL: String? {
        guard let url = ProcessInfo.processInfo.environment["DATABASE_URL"], url.hasPrefix("postgres") else { return nil }
        return url
    }

    /// Tests on one PostgreSQL database take turns; SQLite tests each have their own.
    static let turns = AsyncMutex()
}

actor AsyncMutex {
    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func lock() async {
        if !busy { busy = true; return }
        await withCheckedContinuation { waiters.append($0) }
    }

    func unlock() {
        if waiters.isEmpty { busy = false } else { waiters.removeFirst().resume() }
    }
}

private let quietLogs: Void = {
    LoggingSystem.bootstrap { label in
        var handler = StreamLogHandler.standardError(label: label)
        handler.logLevel = ProcessInfo.processInfo.environment["TANDEM_TEST_LOG"] == "1" ? .debug : .critical
        return handler
    }
}()

/// Runs `body` against the real application on a clean, migrated database.
func withTandem(
    _ adjust: (inout TandemConfiguration) -> Void = { _ in },
    _ body: (Application) async throws -> Void
) async throws {
    _ = quietLogs
    var config = TandemConfiguration.testing(storage: TestDatabase.postgresURL.map { .postgres($0) } ?? .sqliteMemory)
    adjust(&config)
    let usesPostgres: Bool
    if case .postgres = config.storage { usesPostgres = true } else { usesPostgres = false }
    if usesPostgres { await TestDatabase.turns.lock() }
    let app = try await Application.make(.testing)
    do {
        try await configure(app, config)
        if usesPostgres {
            let sql = app.db as! any SQLDatabase
            try await sql.raw("DROP SCHEMA public CASCADE").run()
            try await sql.raw("CREATE SCHEMA public").run()
        }
        try await app.autoMigrate()
        try await body(app)
    } catch {
        if ProcessInfo.processInfo.environment["TANDEM_TEST_LOG"] == "1" { print("withTandem: \(String(reflecting: error))") }
        try? await app.asyncShutdown()
        if usesPostgres { await TestDatabase.turns.unlock() }
        throw error
    }
    try await app.asyncShutdown()
    if usesPostgres { await TestDatabase.turns.unlock() }
}
