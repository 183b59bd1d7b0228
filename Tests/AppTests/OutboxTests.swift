import Fluent
import Foundation
import NIOCore
import NIOPosix
import Testing
import Vapor
import VaporTesting
@testable import App

@Suite("E-mail outbox delivered to a real SMTP server", .serialized,
       .enabled(if: SMTPTestServer.isAvailable, "needs Python with aiosmtpd (pip install aiosmtpd; or set TANDEM_TEST_PYTHON)"))
struct OutboxTests {
    func worker(_ app: Application, port: Int) -> OutboxWorker {
        OutboxWorker(database: { app.db },
                     client: SMTPClient(settings: .init(host: "127.0.0.1", port: port),
                                        eventLoopGroup: app.eventLoopGroup),
                     from: "Tandem <tandem@example.org>", logger: app.logger)
    }

    static func decodedBody(_ raw: String) -> String {
        let parts = raw.components(separatedBy: "\r\n\r\n")
        let base64 = parts.dropFirst().joined().replacingOccurrences(of: "\r\n", with: "")
        return String(decoding: Data(base64Encoded: base64) ?? Data(), as: UTF8.self)
    }

    @Test("a password-reset e-mail reaches the SMTP server with the link intact")
    func delivers() async throws {
        let smtp = try SMTPTestServer()
        defer { smtp.stop() }
        try await withTandem { app in
            try await Browser(app).signUp("Zoë Ünal", email: "zoe@example.org")
            let browser = Browser(app)
            try await browser.get("/password/forgot")
            try await browser.post("/password/forgot", ["email": "zoe@example.org"])

            let sent = try await worker(app, port: smtp.port).deliverDue()
            #expect(sent == 1)
            let messages = try smtp.messages()
            #expect(messages.count == 1)
            let raw = try #require(messages.first)
            #expect(raw.contains("X-Envelope-To: zoe@example.org"))
            #expect(raw.contains("Subject: Reset your Tandem password"))
            let body = Self.decodedBody(raw)
            #expect(body.contains("Hello Zoë"))
            #expect(body.contains("http://127.0.0.1:8080/password/reset?token=rst_"))
            let stored = try #require(try await OutboxMessage.query(on: app.db).first())
            #expect(stored.status == .sent && stored.sentAt != nil && stored.attempts == 1)
            // Nothing is due any more: a second pass sends nothing.
            #expect(try await worker(app, port: smtp.port).deliverDue() == 0)
            #expect(try smtp.messages().count == 1)
        }
    }

    @Test("a meeting invitation reaches the SMTP server with its calendar part, readable by a mail client",
          .enabled(if: ICSParser.isAvailable, "needs Python's icalendar"))
    func invitation() async throws {
        let smtp = try SMTPTestServer()
        defer { smtp.stop() }
        try await withTandem { app in
            let world = try await MentorshipWorld.make(app)
            #expect(try await world.mentor.send(.POST, "/api/v1/mentorships/\(world.mentorshipID)/meetings",
                                                json: ["start": "2027-03-30T18:00", "timeZone": "Europe/Berlin"]).status == .created)
            try await OutboxMessage.query(on: app.db).filter(\.$recipient != "max@example.org").delete()
            #expect(try await worker(app, port: smtp.port).deliverDue() == 1)
            let raw = try #require(try smtp.messages().first)
            #expect(raw.contains("multipart/mixed"))
            let invitation = try ICSParser.parse(raw, mime: true)
            #expect(invitation.method == "REQUEST" && invitation.events.first?.start_local == "2027-03-30T12:00")
        }
    }

    @Test("two workers on one database never send a message twice")
    func noDoubleSending() async throws {
        let smtp = try SMTPTestServer()
        defer { smtp.stop() }
        try await withTandem { app in
            for index in 0..<30 {
                try await OutboxMessage(recipient: "person\(index)@example.org", subject: "Message \(index)", body: "Hello \(index)").save(on: app.db)
            }
            let first = worker(app, port: smtp.port)
            let second = worker(app, port: smtp.port)
            async let a = drain(first)
            async let b = drain(second)
            let (sentByA, sentByB) = try await (a, b)
            #expect(sentByA + sentByB == 30)
            let recipients = try smtp.messages().compactMap { $0.firstMatch(of: /X-Envelope-To: (\S+)/)?.1 }.map(String.init)
            #expect(recipients.count == 30)
            #expect(Set(recipients).count == 30, "each message exactly once")
            #expect(try await OutboxMessage.query(on: app.db).filter(\.$status == .sent).count() == 30)
        }
    }

    private func drain(_ worker: OutboxWorker) async throws -> Int {
        var total = 0
        while true {
            let sent = try await worker.deliverDue()
            if sent == 0 { return total }
            total += sent
        }
    }

    @Test("when the mail server is down, the message waits and is retried later")
    func retriesWithBackoff() async throws {
        try await withTandem { app in
            try await OutboxMessage(recipient: "ada@example.org", subject: "Hello", body: "Hi").save(on: app.db)
            // Nothing listens on this port.
            let down = worker(app, port: 9)
            #expect(try await down.deliverDue() == 0)
            let message = try #require(try await OutboxMessage.query(on: app.db).first())
            #expect(message.status == .pending)
            #expect(message.attempts == 1)
            #expect(message.lastError != nil)
            #expect(message.nextAttemptAt > Date().addingTimeInterval(20))
            #expect(message.leaseOwner == nil)
            // Not due yet, so not tried again at once.
            #expect(try await down.deliverDue() == 0)
            #expect(try await OutboxMessage.query(on: app.db).first()?.attempts == 1)

            let smtp = try SMTPTestServer()
            defer { smtp.stop() }
            #expect(try await worker(app, port: smtp.port).deliverDue(now: Date().addingTimeInterval(3600)) == 1)
            #expect(try smtp.messages().count == 1)
        }
    }

    @Test("STARTTLS and AUTH: the password and the message travel encrypted")
    func starttlsAndAuth() async throws {
        let certificate = try TestCertificate()
        let smtp = try SMTPTestServer(starttls: (certificate.certificate, certificate.key), auth: "tandem:s3cret")
        defer { smtp.stop() }
        try await withTandem { app in
            try await OutboxMessage(recipient: "ada@example.org", subject: "Über Tandem", body: "Grüße").save(on: app.db)
            func worker(password: String) -> OutboxWorker {
                OutboxWorker(database: { app.db },
                             client: SMTPClient(settings: .init(host: "localhost", port: smtp.port, username: "tandem",
                                                                password: password, caFile: certificate.certificate),
                                                eventLoopGroup: app.eventLoopGroup),
                             from: "Tandem <tandem@example.org>", logger: app.logger)
            }
            // A wrong password is refused by the server: the message stays and is retried later.
            #expect(try await worker(password: "wrong").deliverDue() == 0)
            #expect(try await OutboxMessage.query(on: app.db).first()?.status == .pending)
            #expect(try await worker(password: "s3cret").deliverDue(now: Date().addingTimeInterval(3600)) == 1)
            let raw = try #require(try smtp.messages().first)
            #expect(raw.contains("X-Was-Encrypted: yes"))
            #expect(raw.contains("Subject: =?UTF-8?B?"))
        }
    }

    @Test("a server that stops answering is hung up on, and the message is retried later")
    func silentServer() async throws {
        let group = MultiThreadedEventLoopGroup.singleton
        // Accepts connections and never says a word.
        let silent = try await ServerBootstrap(group: group).bind(host: "127.0.0.1", port: 0).get()
        defer { silent.close(promise: nil) }
        let port = try #require(silent.localAddress?.port)
        try await withTandem { app in
            try await OutboxMessage(recipient: "ada@example.org", subject: "Hello", body: "Hi").save(on: app.db)
            let worker = OutboxWorker(database: { app.db },
                                      client: SMTPClient(settings: .init(host: "127.0.0.1", port: port, timeout: .milliseconds(500)),
                                                         eventLoopGroup: app.eventLoopGroup),
                                      from: "Tandem <tandem@example.org>", logger: app.logger)
            #expect(try await worker.deliverDue() == 0)
            let message = try #require(try await OutboxMessage.query(on: app.db).first())
            #expect(message.status == .pending && message.attempts == 1)
            #expect(message.lastError?.contains("did not answer in time") == true)
        }
    }

    @Test("a certificate nobody vouches for is refused")
    func untrustedCertificate() async throws {
        let certificate = try TestCertificate()
        let smtp = try SMTPTestServer(starttls: (certificate.certificate, certificate.key))
        defer { smtp.stop() }
        try await withTandem { app in
            try await OutboxMessage(recipient: "ada@example.org", subject: "Hello", body: "Hi").save(on: app.db)
            let worker = OutboxWorker(database: { app.db },
                                      client: SMTPClient(settings: .init(host: "localhost", port: smtp.port), eventLoopGroup: app.eventLoopGroup),
                                      from: "Tandem <tandem@example.org>", logger: app.logger)
            #expect(try await worker.deliverDue() == 0)
            #expect(try smtp.messages().isEmpty)
            #expect(try await OutboxMessage.query(on: app.db).first()?.lastError != nil)
        }
    }

    @Test("backoff grows and is capped; a message is given up after the last attempt")
    func backoff() {
        #expect(OutboxWorker.backoff(afterAttempt: 1) == 30)
        #expect(OutboxWorker.backoff(afterAttempt: 2) == 60)
        #expect(OutboxWorker.backoff(afterAttempt: 3) == 120)
        #expect(OutboxWorker.backoff(afterAttempt: 20) == 3600)
    }
}
