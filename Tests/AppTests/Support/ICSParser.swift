import Foundation
import Testing

/// Reads iCalendar text back with a real parser (Python's `icalendar`), as calendar apps would.
enum ICSParser {
    struct Event: Decodable {
        let uid: String
        let sequence: Int
        let status: String
        let summary: String
        let description: String
        let tzid: String
        let start_utc: String
        let start_local: String
        let end_utc: String
    }

    struct Parsed: Decodable {
        /// For an e-mail: the Content-Type of its calendar part.
        let contentType: String
        let method: String
        let timezones: [String]
        let events: [Event]
    }

    static var python: String { ProcessInfo.processInfo.environment["TANDEM_TEST_PYTHON"] ?? "python3" }

    /// CI demands the parser; elsewhere the tests that need it say what to install.
    static let isAvailable: Bool = {
        if ProcessInfo.processInfo.environment["TANDEM_REQUIRE_SMTP"] == "1" { return true }
        let check = Process()
        check.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        check.arguments = [python, "-c", "import icalendar"]
        check.standardOutput = FileHandle.nullDevice
        check.standardError = FileHandle.nullDevice
        do { try check.run() } catch { return false }
        check.waitUntilExit()
        return check.terminationStatus == 0
    }()

    /// Parses an .ics file, or (`mime`) a whole e-mail's calendar part.
    static func parse(_ text: String, mime: Bool = false) throws -> Parsed {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-\(UUID().uuidString).ics")
        try Data(text.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("support/ics_parse.py").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = mime ? [python, script, "--mime", file.path] : [python, script, file.path]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let problem = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ParseFailure(message: String(decoding: problem, as: UTF8.self))
        }
        return try JSONDecoder().decode(Parsed.self, from: data)
    }

    struct ParseFailure: Error, CustomStringConvertible {
        let message: String
        var description: String { "icalendar could not parse the file: \(message)" }
    }
}
