import Fluent
import Logging
import Vapor

/// Starts Tandem from the command line: `tandem serve`, `tandem demo`, `tandem migrate`, …
public enum TandemMain {
    /// Flags of our own, turned into settings before Vapor reads the rest.
    static let settingFlags = ["--data-dir": "TANDEM_DATA_DIR", "--database-url": "DATABASE_URL", "--public-url": "TANDEM_PUBLIC_URL"]

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
            if command == "serve" || command.hasPrefix("-") {
                // The embedded database migrates itself, so `serve` just works on a new machine.
                // PostgreSQL deployments run `tandem migrate` once, before starting instances.
                if config.storage.isEmbedded || environment["TANDEM_AUTO_MIGRATE"] == "true" {
                    try await app.autoMigrate()
                }
                app.lifecycle.use(BackgroundJobs())
            }
            try await app.execute()
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

private func printError(_ text: String) {
    FileHandle.standardError.write(Data(text.utf8))
}
