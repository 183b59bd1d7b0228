import Foundation
import NIOCore

/// Everything Tandem reads from its environment, checked once at start. A bad value stops the
/// program with a message that names the setting.
public struct TandemConfiguration: Sendable {
    public enum Storage: Sendable, Equatable {
        case sqliteFile(String)
        case sqliteMemory
        case postgres(String)

        public var isEmbedded: Bool {
            if case .postgres = self { return false }
            return true
        }
    }

    public enum LogFormat: String, Sendable {
        case text
        case json
    }

    public var storage: Storage
    public var dataDirectory: String
    public var hostname: String
    public var port: Int
    /// The address people reach Tandem at, used in links inside e-mails.
    public var publicURL: String
    public var smtp: SMTPSettings?
    public var mailFrom: String
    public var bcryptCost: Int
    public var secureCookies: Bool
    /// Seconds between two looks at the outbox.
    public var outboxInterval: Double
    public var logFormat: LogFormat
    /// Sign-in failures allowed per e-mail address within `signInWindow` seconds.
    public var signInFailureLimit: Int
    public var signInWindow: TimeInterval
    /// Where templates and public files live (the package root by default).
    public var resourcesDirectory: String
    /// Seconds that requests in flight get to finish after SIGTERM/SIGINT.
    public var shutdownGrace: Int = 20

    public struct SMTPSettings: Sendable, Equatable {
        public var host: String
        public var port: Int
        public var username: String?
        public var password: String?
        /// Implicit TLS from the first byte (smtps://, usually port 465). Otherwise STARTTLS is
        /// used whenever the server offers it.
        public var useTLS: Bool
        /// Extra certificate authorities to trust (PEM), for a server with an internal certificate.
        public var caFile: String?
        /// How long to wait for any reply before hanging up.
        public var timeout: TimeAmount

        public init(host: String, port: Int, username: String? = nil, password: String? = nil, useTLS: Bool = false,
                    caFile: String? = nil, timeout: TimeAmount = .seconds(30)) {
            self.host = host
            self.port = port
            self.username = username
            self.password = password
            self.useTLS = useTLS
            self.caFile = caFile
            self.timeout = timeout
        }
    }

    public struct Error: Swift.Error, CustomStringConvertible, Equatable {
        public let setting: String
        public let message: String
        public var description: String { "\(setting): \(message)" }
    }

    /// Settings for tests: an in-memory database and a cheap password hash.
    public static func testing(storage: Storage = .sqliteMemory) -> TandemConfiguration {
        TandemConfiguration(
            storage: storage, dataDirectory: NSTemporaryDirectory(), hostname: "127.0.0.1", port: 8080,
            publicURL: "http://127.0.0.1:8080", smtp: nil, mailFrom: "Tandem <tandem@localhost>",
            bcryptCost: 4, secureCookies: false, outboxInterval: 1, logFormat: .text,
            signInFailureLimit: 5, signInWindow: 15 * 60, resourcesDirectory: defaultResourcesDirectory())
    }

    public static func load(from environment: [String: String]) throws(Error) -> TandemConfiguration {
        func value(_ key: String) -> String? {
            guard let raw = environment[key]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
            return raw
        }
        func integer(_ key: String, default fallback: Int, in range: ClosedRange<Int>) throws(Error) -> Int {
            guard let raw = value(key) else { return fallback }
            guard let number = Int(raw), range.contains(number) else {
                throw Error(setting: key, message: "must be a whole number from \(range.lowerBound) to \(range.upperBound), got “\(raw)”")
            }
            return number
        }

        let dataDirectory = value("TANDEM_DATA_DIR") ?? "./data"
        let storage: Storage
        if let url = value("DATABASE_URL") {
            if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") {
                guard URLComponents(string: url)?.host?.isEmpty == false else {
                    throw Error(setting: "DATABASE_URL", message: "“\(url)” is not a PostgreSQL URL like postgres://user:password@host:5432/database")
                }
                storage = .postgres(url)
            } else if url.hasPrefix("sqlite://") {
                let path = String(url.dropFirst("sqlite://".count))
                guard !path.isEmpty else { throw Error(setting: "DATABASE_URL", message: "sqlite:// needs a file path, e.g. sqlite://./data/tandem.sqlite") }
                storage = path == ":memory:" ? .sqliteMemory : .sqliteFile(path)
            } else {
                throw Error(setting: "DATABASE_URL", message: "must start with postgres:// or sqlite://, got “\(url)”")
            }
        } else {
            storage = .sqliteFile((dataDirectory as NSString).appendingPathComponent("tandem.sqlite"))
        }

        let hostname = value("TANDEM_HOST") ?? "127.0.0.1"
        let port = try integer("TANDEM_PORT", default: 8080, in: 1...65535)
        let publicURL = (value("TANDEM_PUBLIC_URL") ?? "http://\(hostname == "0.0.0.0" ? "127.0.0.1" : hostname):\(port)")
        guard let publicComponents = URLComponents(string: publicURL),
              ["http", "https"].contains(publicComponents.scheme ?? ""), publicComponents.host?.isEmpty == false else {
            throw Error(setting: "TANDEM_PUBLIC_URL", message: "must be an http:// or https:// address, got “\(publicURL)”")
        }

        var smtp: SMTPSettings?
        if let raw = value("TANDEM_SMTP_URL") {
            guard let url = URLComponents(string: raw), let scheme = url.scheme, ["smtp", "smtps"].contains(scheme),
                  let host = url.host, !host.isEmpty else {
                throw Error(setting: "TANDEM_SMTP_URL", message: "must look like smtp://user:password@host:587 or smtps://host:465, got “\(raw)”")
            }
            let caFile = value("TANDEM_SMTP_CA_FILE")
            if let caFile, !FileManager.default.isReadableFile(atPath: caFile) {
                throw Error(setting: "TANDEM_SMTP_CA_FILE", message: "cannot read “\(caFile)”")
            }
            smtp = SMTPSettings(host: host, port: url.port ?? (scheme == "smtps" ? 465 : 25),
                                username: url.user?.removingPercentEncoding, password: url.password?.removingPercentEncoding,
                                useTLS: scheme == "smtps", caFile: caFile)
        }
        let mailFrom = value("TANDEM_MAIL_FROM") ?? "Tandem <tandem@localhost>"

        let logFormat: LogFormat
        if let raw = value("TANDEM_LOG_FORMAT") {
            guard let format = LogFormat(rawValue: raw) else {
                throw Error(setting: "TANDEM_LOG_FORMAT", message: "must be text or json, got “\(raw)”")
            }
            logFormat = format
        } else {
            logFormat = .text
        }

        var secureCookies = publicComponents.scheme == "https"
        if let raw = value("TANDEM_SECURE_COOKIES") {
            guard let flag = Bool(raw.lowercased()) else {
                throw Error(setting: "TANDEM_SECURE_COOKIES", message: "must be true or false, got “\(raw)”")
            }
            secureCookies = flag
        }
        let outboxInterval = Double(try integer("TANDEM_OUTBOX_INTERVAL", default: 5, in: 1...3600))

        var config = TandemConfiguration(
            storage: storage, dataDirectory: dataDirectory, hostname: hostname, port: port,
            publicURL: publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL,
            smtp: smtp, mailFrom: mailFrom,
            bcryptCost: try integer("TANDEM_BCRYPT_COST", default: 12, in: 4...16),
            secureCookies: secureCookies, outboxInterval: outboxInterval, logFormat: logFormat,
            signInFailureLimit: try integer("TANDEM_SIGN_IN_LIMIT", default: 5, in: 1...1000),
            signInWindow: 15 * 60,
            resourcesDirectory: value("TANDEM_RESOURCES_DIR") ?? defaultResourcesDirectory())
        config.shutdownGrace = try integer("TANDEM_SHUTDOWN_GRACE", default: 20, in: 1...600)
        return config
    }

    /// The working directory when it holds Resources/ (the usual `swift run` from the package
    /// root), else the package this file was compiled from.
    static func defaultResourcesDirectory() -> String {
        let cwd = FileManager.default.currentDirectoryPath
        if FileManager.default.fileExists(atPath: cwd + "/Resources/Views") { return cwd + "/" }
        let packageRoot = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        return packageRoot.path + "/"
    }
}
