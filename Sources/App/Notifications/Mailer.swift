import Fluent
import Vapor

/// Puts e-mail in the outbox, inside the caller's transaction.
enum Mailer {
    static func enqueue(to recipient: String, subject: String, body: String, calendar: String? = nil,
                        on db: any Database, logger: Logger) async throws {
        let message = OutboxMessage(recipient: recipient, subject: subject, body: body, calendar: calendar)
        try await message.save(on: db)
        // Without a mail server the log is where an operator reads what would have been sent.
        logger.info("Outbox: e-mail queued", metadata: [
            "to": .string(recipient), "subject": .string(subject),
            "message_id": .string(message.id?.uuidString ?? ""),
        ])
    }
}

/// In-app notifications, optionally mirrored to e-mail through the outbox.
enum Notifier {
    static func notify(_ user: User, title: String, body: String, link: String, email: Bool, calendar: String? = nil,
                       publicURL: String, on db: any Database, logger: Logger) async throws {
        try await Notification(userID: user.requireID(), title: title, body: body, link: link).save(on: db)
        if email {
            try await Mailer.enqueue(to: user.email, subject: title, body: """
                Hello \(user.firstName),

                \(body)

                \(publicURL + link)

                — Tandem
                """, calendar: calendar, on: db, logger: logger)
        }
    }
}
