import Fluent
import Logging
import Vapor

/// Starts Tandem from the command line: `tandem serve`, `tandem demo`, `tandem migrate`, …
public enum TandemMain {
    /// Flags of our own, turned into settings before Vapor reads the rest.
    /// `--hostname` and `--port` are read here too, so the public address (invite links, the
    /// calendar feed, links in e-mails) follows them instead of the environment's.
    static let settingFlags = [
        "--data-dir": "TANDEM_DATA_DIR", "--database-url": "DATABASE_URL", "--public-url": "TANDEM_PUBLIC_URL",
        "--hostname": "TANDEM_HOST", "-H": "TANDEM_HOST", "--port": "TANDEM_PORT", "-p": "TANDEM_PORT",
        "--bind": bindSetting,
    ]
    /// Vapor's `--bind HOST:PORT`: read like the others, then split into the two settings.
    static let bindSetting = "--bind"

    public static func run(arguments: [String] = CommandLine.arguments) async -> Int32 {
        // Solving a matching file needs neither settings nor a database.
        if arguments.dropFirst().first == "match" {
            return MatchCommand.run(Array(arguments.dropFirst(2)))
        }
        var environment = ProcessInfo.processInfo.environment
        var remaining: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if let key = settingFlags.first(where: { argument == $0.key || argument.hasPrefix($0.key + "=") }) {
                if argument.contains("=") {
                    environment[key.value] = String(argument.split(separator: "=", maxSplits: 1)[1])
                } else if index + 1 < arguments.count {
                    environment[key.value] = arguments[index + 1]
                    index += 1
                } else {
                    printError("tandem: \(argument) needs a value.\n")
                    return 64
                }
            } else {
                remaining.append(argument)
            }
            index += 1
        }
        if let bind = environment.removeValue(forKey: bindSetting) {
            let parts = bind.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2 else {
                printError("tandem: --bind needs HOST:PORT, got “\(bind)”.\n")
                return 64
            }
            environment["TANDEM_HOST"] = parts[0]
            environment["TANDEM_PORT"] = parts[1]
        }
        let config: TandemConfiguration
        do {
            config = try TandemConfiguration.load(from: environment)
        } catch {
            printError("tandem: invalid setting \(error.description)\n")
            return 78
        }

        let app: Application
        do {
            var env = try Environment.detect(arguments: remaining)
            try LoggingSystem.bootstrap(from: &env) { level in
                switch config.logFormat {
                case .json:
                    return { label in JSONLogHandler(label: label, level: level) }
                case .text:
                    let console = Terminal()
                    return { label in ConsoleLogger(label: label, console: console, level: level) }
                }
            }
            app = try await Application.make(env)
        } catch {
            printError("tandem: \(error)\n")
            return 1
        }

        do {
            try await configure(app, config)
            app.registerCommands()
            let command = remaining.dropFirst().first ?? "serve"
            let serving = command == "serve" || command.hasPrefix("-")
            if serving {
                // The embedded database migrates itself, so `serve` just works on a new machine.
                // PostgreSQL deployments run `tandem migrate` once, before starting instances.
                if config.storage.isEmbedded || environment["TANDEM_AUTO_MIGRATE"] == "true" {
                    try await app.autoMigrate()
                }
                app.lifecycle.use(BackgroundJobs())
            }
            try await app.execute()
            // Stopping (SIGTERM/SIGINT): first stop taking connections and let the requests in
            // flight finish, then stop the background jobs and close the databases — the other
            // order pulled the database from under running requests.
            if serving { await GracefulStop.drain(app, grace: config.shutdownGrace) }
            try await app.asyncShutdown()
            return 0
        } catch {
            app.logger.critical("tandem: \(String(describing: error))")
            printError("tandem: \(error)\n")
            try? await app.asyncShutdown()
            return 1
        }
    }
}

enum GracefulStop {
    static func drain(_ app: Application, grace: Int) async {
        let started = ContinuousClock.now
        app.logger.notice("Stopping: finishing requests in flight (at most \(grace) s).")
        // A request sent just before the signal may still sit in the listening socket's queue
        // or be half read; closing now would reset it. Half a second lets those arrive.
        try? await Task.sleep(for: .milliseconds(500))
        await app.server.shutdown()
        let elapsed = ContinuousClock.now - started
        if elapsed >= .seconds(grace) {
            // Requests still running past the grace period would lose their database mid-way;
            // a write is all or nothing in its transaction, so ending the process now loses no
            // acknowledged write.
            app.logger.warning("Requests were still running after \(grace) s; stopping anyway.")
            exit(0)
        }
    }
}

private func printError(_ text: String) {
    FileHandle.standardError.write(Data(text.utf8))
}
