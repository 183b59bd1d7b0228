import Fluent
import Vapor

enum DashboardPages {
    static func register(signedIn routes: any RoutesBuilder) {
        routes.get("dashboard", use: dashboard)
        routes.get("notifications", use: notifications)
        routes.post("notifications", ":notificationID", "read", use: markRead)
        routes.post("notifications", "read-all", use: markAllRead)
    }

    @Sendable static func dashboard(req: Request) async throws -> Response {
        let user = try req.user
        return try await req.render("dashboard", title: "What's next", DashboardPage.build(for: user, on: req.db))
    }

    struct NotificationRow: Encodable {
        let id: UUID
        let title: String
        let body: String
        let link: String
        let at: String
        let unread: Bool
    }

    @Sendable static func notifications(req: Request) async throws -> Response {
        let user = try req.user
        let voice = user.voice
        let rows = try await Notifications.list(for: user, on: req.db).map {
            NotificationRow(id: try $0.requireID(), title: $0.title, body: $0.body, link: $0.link,
                            at: $0.createdAt.map { voice.moment($0) } ?? "", unread: $0.readAt == nil)
        }
        return try await req.render("notifications", title: "Notifications", ["notifications": rows])
    }

    @Sendable static func markRead(req: Request) async throws -> Response {
        let notification = try await Notifications.markRead(req.parameters.get("notificationID", as: UUID.self), for: try req.user, on: req.db)
        return req.redirect(to: Paths.isLocal(notification.link) ? notification.link : Paths.notifications)
    }

    @Sendable static func markAllRead(req: Request) async throws -> Response {
        try await Notifications.markAllRead(for: try req.user, on: req.db)
        return req.redirect(to: Paths.notifications)
    }
}
