import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import App

@Suite("Operations")
struct OperationsTests {
    @Test("health check answers with the database state")
    func health() async throws {
        try await withTandem { app in
            let response = try await app.testing().sendRequest(.GET, "/healthz")
            #expect(response.status == .ok)
            #expect(response.body.string.contains(#""database":"ok""#))
        }
    }

    @Test("metrics are Prometheus text with request counts")
    func metrics() async throws {
        try await withTandem { app in
            _ = try await app.testing().sendRequest(.GET, "/healthz")
            let response = try await app.testing().sendRequest(.GET, "/metrics")
            #expect(response.status == .ok)
            #expect(response.headers.contentType?.description.hasPrefix("text/plain") == true)
            #expect(response.body.string.contains("# TYPE http_requests_total counter"))
            #expect(response.body.string.contains(#"path="/healthz""#))
        }
    }

    @Test("every response carries a request id and the security headers")
    func headers() async throws {
        try await withTandem { app in
            for path in ["/", "/api/v1/me", "/does-not-exist"] {
                let response = try await app.testing().sendRequest(.GET, path)
                #expect(response.headers.first(name: .xRequestId)?.isEmpty == false, "\(path)")
                #expect(response.headers.first(name: "X-Content-Type-Options") == "nosniff", "\(path)")
                #expect(response.headers.first(name: "Content-Security-Policy")?.contains("frame-ancestors 'none'") == true, "\(path)")
            }
            let given = try await app.testing().sendRequest(.GET, "/healthz", headers: ["X-Request-Id": "abc-123"])
            #expect(given.headers.first(name: .xRequestId) == "abc-123")
        }
    }

    @Test("a wrong method is 405 with Allow; an unknown page is a friendly 404")
    func methodsAndMissing() async throws {
        try await withTandem { app in
            let wrong = try await app.testing().sendRequest(.DELETE, "/api/v1/programs")
            #expect(wrong.status == .methodNotAllowed)
            #expect(wrong.headers.first(name: "Allow")?.contains("GET") == true)
            #expect(wrong.headers.contentType?.description.hasPrefix("application/problem+json") == true)
            let missing = try await app.testing().sendRequest(.GET, "/no/such/page")
            #expect(missing.status == .notFound)
            #expect(missing.body.string.contains("<html"))
            let apiMissing = try await app.testing().sendRequest(.GET, "/api/v1/nothing")
            #expect(apiMissing.status == .notFound)
            #expect(apiMissing.headers.contentType?.description.hasPrefix("application/problem+json") == true)
        }
    }

    @Test("configuration errors name the setting")
    func configuration() throws {
        func error(_ environment: [String: String]) -> TandemConfiguration.Error? {
            do { _ = try TandemConfiguration.load(from: environment); return nil } catch { return error }
        }
        #expect(error(["TANDEM_PORT": "eighty"])?.setting == "TANDEM_PORT")
        #expect(error(["TANDEM_PORT": "70000"])?.setting == "TANDEM_PORT")
        #expect(error(["DATABASE_URL": "mysql://x"])?.setting == "DATABASE_URL")
        #expect(error(["TANDEM_SMTP_URL": "mail.example.org"])?.setting == "TANDEM_SMTP_URL")
        #expect(error(["TANDEM_PUBLIC_URL": "ftp://x"])?.setting == "TANDEM_PUBLIC_URL")
        #expect(error(["TANDEM_BCRYPT_COST": "2"])?.setting == "TANDEM_BCRYPT_COST")
        #expect(error(["TANDEM_LOG_FORMAT": "xml"])?.setting == "TANDEM_LOG_FORMAT")

        let defaults = try TandemConfiguration.load(from: [:])
        #expect(defaults.storage == .sqliteFile("./data/tandem.sqlite"))
        #expect(defaults.hostname == "127.0.0.1" && defaults.port == 8080)
        #expect(!defaults.secureCookies)
        let deployed = try TandemConfiguration.load(from: [
            "DATABASE_URL": "postgres://u:p@db:5432/tandem", "TANDEM_PUBLIC_URL": "https://mentoring.example.org/",
            "TANDEM_SMTP_URL": "smtps://user%40x:secret@mail.example.org",
        ])
        #expect(deployed.storage == .postgres("postgres://u:p@db:5432/tandem"))
        #expect(deployed.secureCookies)
        #expect(deployed.publicURL == "https://mentoring.example.org")
        #expect(deployed.smtp == .init(host: "mail.example.org", port: 465, username: "user@x", password: "secret", useTLS: true))
    }

    @Test("backup writes a consistent copy of the SQLite file that opens with all its data")
    func backup() async throws {
        guard TestDatabase.postgresURL == nil else { return }  // a SQLite feature
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-backup-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let live = folder.appendingPathComponent("live.sqlite").path
        let copy = folder.appendingPathComponent("copy.sqlite").path
        try await withTandem({ $0.storage = .sqliteFile(live) }) { app in
            try await Browser(app).signUp("Ada", email: "ada@example.org")
            let (path, bytes) = try await Backup.copy(app, to: copy)
            #expect(path == copy && bytes > 0)
            await #expect(throws: BackupError.self) { try await Backup.copy(app, to: copy) }
        }
        try await withTandem({ $0.storage = .sqliteFile(copy) }) { app in
            let restored = try await User.find(email: "ada@example.org", on: app.db)
            #expect(restored != nil)
        }
    }

    @Test("the demo program is realistic and its accounts sign in")
    func demo() async throws {
        try await withTandem { app in
            let hash = try await app.password.async(on: app.threadPool, hopTo: app.eventLoopGroup.next()).hash(DemoData.password).get()
            let summary = try await DemoData.load(on: app.db, passwordHash: hash)
            #expect(summary.created)
            let memberships = try await ProgramMembership.query(on: app.db).all()
            #expect(memberships.filter(\.isMentor).count >= 25)
            #expect(memberships.filter(\.isMentee).count >= 50)
            #expect(try await Mentorship.query(on: app.db).filter(\.$status == .active).count() >= 3)
            #expect(Set(try await User.query(on: app.db).all().map(\.timeZone)).count >= 8, "varied time zones")
            let profiles = try await Profile.query(on: app.db).all()
            #expect(profiles.count == 75, "every participant has a profile")
            #expect(profiles.filter { !$0.expertise.isEmpty }.count == 25)
            #expect(Set(profiles.flatMap(\.skillsWanted)).count >= 15, "varied goals")
            // Loading twice does not duplicate anything.
            #expect(try await DemoData.load(on: app.db, passwordHash: hash).created == false)

            for email in [DemoData.coordinatorEmail, DemoData.mentorEmail, DemoData.menteeEmail] {
                let browser = Browser(app)
                #expect(try await browser.signIn(email: email, password: DemoData.password).status == .seeOther, "\(email)")
                #expect(try await browser.get("/dashboard").status == .ok)
            }
            let mentee = Browser(app)
            try await mentee.signIn(email: DemoData.menteeEmail, password: DemoData.password)
            let dashboard = try await mentee.get("/dashboard").body.string
            #expect(dashboard.contains("Amara Okafor"), "the demo mentee has a mentorship with the demo mentor")
        }
    }
}
