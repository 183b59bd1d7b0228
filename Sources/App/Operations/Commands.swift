import Fluent
import SQLKit
import Vapor

/// `tandem migrate`: brings the database schema up to date, without a prompt (for deploy scripts).
struct SchemaMigrateCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Flag(name: "revert", help: "Revert the last batch of migrations instead.")
        var revert: Bool
    }

    var help: String { "Brings the database schema up to date." }

    func run(using context: CommandContext, signature: Signature) async throws {
        if signature.revert {
            try await context.application.autoRevert()
            context.console.print("Reverted all migrations.")
        } else {
            try await context.application.autoMigrate()
            context.console.print("The database schema is up to date.")
        }
    }
}

/// `tandem backup FILE`: a consistent copy of the embedded SQLite database, taken while it runs.
struct BackupCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "file", help: "Where to write the copy; it must not exist yet.")
        var file: String
    }

    var help: String { "Writes a consistent online copy of the SQLite database to FILE." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let (path, size) = try await Backup.copy(context.application, to: signature.file)
        context.console.print("Backed up to \(path) (\(size / 1024) KiB).")
    }
}

enum Backup {
    /// Writes a transactionally consistent snapshot with `VACUUM INTO`, while others keep writing.
    /// Returns the absolute path and its size in bytes.
    static func copy(_ app: Application, to file: String) async throws -> (path: String, bytes: Int) {
        guard case .sqliteFile = app.tandem.storage else {
            throw BackupError(message: "backup copies the embedded SQLite database; for PostgreSQL use pg_dump.")
        }
        let target = URL(fileURLWithPath: file).standardizedFileURL.path
        guard !FileManager.default.fileExists(atPath: target) else {
            throw BackupError(message: "\(target) already exists; choose a new file name.")
        }
        let directory = (target as NSString).deletingLastPathComponent
        guard FileManager.default.fileExists(atPath: directory) else {
            throw BackupError(message: "the folder \(directory) does not exist.")
        }
        guard let sql = app.db as? any SQLDatabase else { throw BackupError(message: "the database does not speak SQL.") }
        try await sql.raw("VACUUM INTO \(bind: target)").run()
        let size = (try? FileManager.default.attributesOfItem(atPath: target)[.size] as? Int) ?? 0
        return (target, size)
    }
}

struct BackupError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// `tandem outbox`: what is waiting in (or went out of) the e-mail outbox.
struct OutboxCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "limit", help: "How many messages to show (default 20).")
        var limit: Int?

        @Flag(name: "retry-failed", help: "Queue the messages that were given up on again (after fixing the mail settings).")
        var retryFailed: Bool
    }

    var help: String { "Lists the newest e-mails in the outbox with their status." }

    func run(using context: CommandContext, signature: Signature) async throws {
        if signature.retryFailed {
            let failed = try await OutboxMessage.query(on: context.application.db).filter(\.$status == .failed).count()
            try await OutboxMessage.query(on: context.application.db).filter(\.$status == .failed)
                .set(\.$status, to: .pending).set(\.$attempts, to: 0).set(\.$nextAttemptAt, to: Date()).update()
            context.console.print("\(failed) message(s) queued again.")
            return
        }
        let messages = try await OutboxMessage.query(on: context.application.db)
            .sort(\.$createdAt, .descending).limit(signature.limit ?? 20).all()
        if messages.isEmpty { context.console.print("The outbox is empty.") }
        for message in messages {
            context.console.print("— \(message.status.rawValue) · to \(message.recipient) · \(message.subject)")
            context.console.print(message.body)
            context.console.print("")
        }
    }
}

extension Application {
    func registerCommands() {
        asyncCommands.use(SchemaMigrateCommand(), as: "migrate")
        asyncCommands.use(BackupCommand(), as: "backup")
        asyncCommands.use(OutboxCommand(), as: "outbox")
        asyncCommands.use(DemoCommand(), as: "demo")
        asyncCommands.use(BenchSeedCommand(), as: "bench-seed")
        asyncCommands.use(ProgramSeedCommand(), as: "program-seed")
    }
}
