import Fluent
import Vapor

/// A person's in-app notifications; nobody else's are ever read.
enum Notifications {
    static func list(for user: User, on db: any Database) async throws -> [Notification] {
        try await Notification.query(on: db).filter(\.$user.$id == user.requireID())
            .sort(\.$createdAt, .descending).limit(100).all()
    }

    static func markRead(_ id: UUID?, for user: User, on db: any Database) async throws -> Notification {
        guard let id, let notification = try await Notification.query(on: db).filter(\.$id == id)
            .filter(\.$user.$id == user.requireID()).first() else {
            throw DomainError.notFound("Notification")
        }
        if notification.readAt == nil {
            notification.readAt = Date()
            try await notification.save(on: db)
        }
        return notification
    }

    static func markAllRead(for user: User, on db: any Database) async throws {
        try await Notification.query(on: db).filter(\.$user.$id == user.requireID()).filter(\.$readAt == nil)
            .set(\.$readAt, to: Date()).update()
    }
}
