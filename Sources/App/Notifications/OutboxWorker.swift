import Fluent
import SQLKit
import Vapor

/// Delivers the outbox over SMTP. Several app instances may run one each: a message is leased by
/// one worker at a time (`FOR UPDATE SKIP LOCKED` on PostgreSQL, a single atomic UPDATE on
/// SQLite), so no message is sent twice.
struct OutboxWorker: Sendable {
    let database: @Sendable () -> any Database
    let client: SMTPClient
    let from: String
    let logger: Logger
    let owner = UUID().uuidString
    var batchSize = 20
    var lease: TimeInterval = 120

    static let maximumAttempts = 8

    /// Delay before attempt `n + 1`: 30 s, 1 min, 2 min … at most an hour.
    static func backoff(afterAttempt attempts: Int) -> TimeInterval {
        min(30 * pow(2, Double(max(attempts - 1, 0))), 3600)
    }

    /// Sends what is due; returns how many messages went out.
    @discardableResult
    func deliverDue(now: Date = Date()) async throws -> Int {
        let ids = try await claim(now: now)
        guard !ids.isEmpty else { return 0 }
        let messages = try await OutboxMessage.query(on: database()).filter(\.$id ~~ ids).all()
        var sent = 0
        for message in messages {
            sent += try await deliver(message) ? 1 : 0
        }
        return sent
    }

    private func claim(now: Date) async throws -> [UUID] {
        guard let sql = database() as? any SQLDatabase else { return [] }
        let lockClause: SQLQueryString = sql.dialect.name == "postgresql" ? "FOR UPDATE SKIP LOCKED" : ""
        let rows = try await sql.raw("""
            UPDATE outbox_messages SET lease_until = \(bind: now.addingTimeInterval(lease)), lease_owner = \(bind: owner)
            WHERE id IN (
                SELECT id FROM outbox_messages
                WHERE status = 'pending' AND next_attempt_at <= \(bind: now)
                  AND (lease_until IS NULL OR lease_until < \(bind: now))
                ORDER BY next_attempt_at LIMIT \(bind: batchSize) \(lockClause)
            )
            RETURNING id
            """).all()
        return try rows.map { try $0.decode(column: "id", as: UUID.self) }
    }

    private func deliver(_ message: OutboxMessage) async throws -> Bool {
        let id = try message.requireID()
        do {
            try await client.send(.init(from: from, to: message.recipient, subject: message.subject,
                                        body: message.body, messageID: "\(id.uuidString.lowercased())@tandem", calendar: message.calendar))
            try await finish(id, status: .sent, error: nil, attempts: message.attempts + 1, next: nil)
            Metrics.outboxSent.increment()
            return true
        } catch {
            let attempts = message.attempts + 1
            let permanent = (error as? SMTPClient.Failure)?.permanent ?? false
            let giveUp = permanent || attempts >= Self.maximumAttempts
            logger.warning("Outbox: delivery failed", metadata: [
                "message_id": .string(id.uuidString), "attempt": .stringConvertible(attempts),
                "error": .string(String(describing: error)), "giving_up": .stringConvertible(giveUp),
            ])
            try await finish(id, status: giveUp ? .failed : .pending, error: String(describing: error).prefix(500).description,
                             attempts: attempts, next: Date().addingTimeInterval(Self.backoff(afterAttempt: attempts)))
            Metrics.outboxFailed.increment()
            return false
        }
    }

    /// Only the worker holding the lease may settle a message.
    private func finish(_ id: UUID, status: OutboxMessage.Status, error: String?, attempts: Int, next: Date?) async throws {
        let query = OutboxMessage.query(on: database())
            .filter(\.$id == id).filter(\.$leaseOwner == owner)
            .set(\.$status, to: status).set(\.$attempts, to: attempts)
            .set(\.$leaseUntil, to: nil).set(\.$leaseOwner, to: nil).set(\.$lastError, to: error)
        if status == .sent { query.set(\.$sentAt, to: Date()) }
        if let next { query.set(\.$nextAttemptAt, to: next) }
        try await query.update()
    }
}

/// Background work of a `serve` process: request expiry, reminders, the outbox, and tidying
/// tables that only grow. Every instance runs it; claims in the database keep instances from
/// expiring, reminding or sending anything twice.
final class BackgroundJobs: LifecycleHandler, @unchecked Sendable {
    private var task: Task<Void, Never>?

    func didBootAsync(_ app: Application) async throws {
        let worker: OutboxWorker?
        if let smtp = app.tandem.smtp {
            worker = OutboxWorker(database: { app.db }, client: SMTPClient(settings: smtp, eventLoopGroup: app.eventLoopGroup),
                                  from: app.tandem.mailFrom, logger: app.logger)
        } else {
            worker = nil
            app.logger.notice("No TANDEM_SMTP_URL set: e-mails stay in the outbox (see `tandem outbox`) and in this log.")
        }
        let interval = app.tandem.outboxInterval
        task = Task {
            var lastTidy = Date.distantPast
            var lastReminders = Date.distantPast
            while !Task.isCancelled {
                do {
                    try await Introductions.tidy(on: app.db, publicURL: app.tandem.publicURL, logger: app.logger)
                    // Reminders are due to the minute, not the second: look once a minute.
                    if lastReminders < Date().addingTimeInterval(-60) {
                        let context = ActionContext(db: app.db, publicURL: app.tandem.publicURL, logger: app.logger)
                        try await Endings.endExpired(context)
                        try await Reminders.run(context)
                        lastReminders = Date()
                    }
                    try await worker?.deliverDue()
                    if lastTidy < Date().addingTimeInterval(-3600) {
                        try await Housekeeping.run(on: app.db)
                        lastTidy = Date()
                    }
                } catch {
                    app.logger.error("Background jobs: \(String(reflecting: error))")
                }
                try? await Task.sleep(for: .seconds(interval))
            }
        }
    }

    func shutdownAsync(_ app: Application) async {
        task?.cancel()
        await task?.value
    }
}

enum Housekeeping {
    /// Old sign-in attempts and used or expired reset links serve nobody after a day.
    static func run(on db: any Database, now: Date = Date()) async throws {
        let dayAgo = now.addingTimeInterval(-86_400)
        try await SignInAttempt.query(on: db).filter(\.$attemptedAt < dayAgo).delete()
        try await PasswordResetToken.query(on: db).filter(\.$expiresAt < dayAgo).delete()
    }
}
