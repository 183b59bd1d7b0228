import Foundation
import Testing

/// A real SMTP server (Python's aiosmtpd) started for a test; every message it accepts lands as a
/// file in `folder`.
final class SMTPTestServer: @unchecked Sendable {
    let port: Int
    let folder: URL
    private let process: Process
    private let input = Pipe()

    static var python: String { ProcessInfo.processInfo.environment["TANDEM_TEST_PYTHON"] ?? "python3" }

    /// CI demands the server; elsewhere the test is skipped, saying what to install.
    static let isAvailable: Bool = {
        if ProcessInfo.processInfo.environment["TANDEM_REQUIRE_SMTP"] == "1" { return true }
        let check = Process()
        check.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        check.arguments = [python, "-c", "import aiosmtpd"]
        check.standardOutput = FileHandle.nullDevice
        check.standardError = FileHandle.nullDevice
        do { try check.run() } catch { return false }
        check.waitUntilExit()
        return check.terminationStatus == 0
    }()

    /// `starttls`: a certificate and key to offer STARTTLS with (and require it); `auth`: "user:password".
    init(starttls: (certificate: String, key: String)? = nil, auth: String? = nil) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-smtp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("support/smtp_sink.py").path
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        var arguments = [Self.python, script, "0", folder.path]
        if let starttls { arguments += ["--starttls", starttls.certificate, starttls.key] }
        if let auth { arguments += ["--auth", auth] }
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = input
        try process.run()
        // Wait for "ready": the server is listening. End of output first means it failed to start.
        var said = ""
        // The whole line: "ready PORT".
        while said.range(of: #"ready \d+\n"#, options: .regularExpression) == nil {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            said += String(decoding: chunk, as: UTF8.self)
        }
        guard said.contains("ready"), let line = said.split(separator: "\n").first(where: { $0.hasPrefix("ready") }),
              let chosen = Int(line.split(separator: " ").last ?? "") else {
            process.terminate()
            throw SMTPTestServerError(message: "aiosmtpd did not start (\(Self.python)): \(said)")
        }
        port = chosen
    }

    /// Closing its stdin ends the server; SIGKILL makes sure, whatever signals the test runner blocks.
    func stop() {
        try? input.fileHandleForWriting.close()
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    /// Messages received so far, as raw RFC 5322 text.
    func messages() throws -> [String] {
        try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "eml" }
            .map { try String(contentsOf: $0, encoding: .utf8) }
    }

    deinit { stop() }
}

struct SMTPTestServerError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// A self-signed certificate for "localhost", made with openssl for one test.
struct TestCertificate {
    let certificate: String
    let key: String

    init() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-cert-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        certificate = folder.appendingPathComponent("cert.pem").path
        key = folder.appendingPathComponent("key.pem").path
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        openssl.arguments = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", certificate,
                             "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost"]
        openssl.standardOutput = FileHandle.nullDevice
        openssl.standardError = FileHandle.nullDevice
        try openssl.run()
        openssl.waitUntilExit()
        guard openssl.terminationStatus == 0 else { throw SMTPTestServerError(message: "openssl could not make a certificate") }
    }
}
