import Fluent
import Vapor

/// Restores the signed-in person from the web session. A session from before a password change
/// (an older epoch) is treated as signed out.
struct SessionUserAuthenticator: AsyncMiddleware {
    static let userKey = "user_id"
    static let epochKey = "epoch"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if !request.url.path.hasPrefix("/api/"), request.cookies[request.application.sessions.configuration.cookieName] != nil,
           let raw = request.session.data[Self.userKey], let id = UUID(uuidString: raw),
           let user = try await User.find(id, on: request.db),
           request.session.data[Self.epochKey] == String(user.sessionEpoch) {
            request.auth.login(user)
        }
        return try await next.respond(to: request)
    }

    /// Starts a signed-in session under a fresh id, so an id planted before sign-in is useless.
    static func signIn(_ user: User, on request: Request) async throws {
        let old = request.session.id
        let csrf = request.session.data[CSRF.key]
        let pending = request.session.data[StaleForm.sessionKey]
        request.session.id = nil
        request.session.data = SessionData()
        if let old { try? await request.application.sessions.driver.deleteSession(old, for: request).get() }
        request.session.data[userKey] = try user.requireID().uuidString
        request.session.data[epochKey] = String(user.sessionEpoch)
        if let csrf { request.session.data[CSRF.key] = csrf }
        // A form that waited for this sign-in goes on waiting in the new session.
        if let pending { request.session.data[StaleForm.sessionKey] = pending }
        request.auth.login(user)
    }

    static func signOut(on request: Request) {
        request.auth.logout(User.self)
        request.session.destroy()
    }
}

/// Web pages that need a signed-in person send everyone else to sign in (then back).
struct RequireSignedIn: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.auth.has(User.self) else {
            let next = request.method == .GET ? request.url.string : Paths.dashboard
            return request.redirect(to: Paths.signIn(next: next))
        }
        return try await next.respond(to: request)
    }
}

/// The API authenticates with a personal access token: `Authorization: Bearer tdm_…`.
struct BearerTokenAuthenticator: AsyncBearerAuthenticator {
    func authenticate(bearer: BearerAuthorization, for request: Request) async throws {
        guard let token = try await AccessToken.query(on: request.db)
            .filter(\.$tokenHash == Secret.digest(bearer.token))
            .with(\.$user).first(), token.isUsable else { return }
        // Record use at most once a minute: a write on every request would be waste.
        if (token.lastUsedAt ?? .distantPast) < Date().addingTimeInterval(-60) {
            token.lastUsedAt = Date()
            try await token.save(on: request.db)
        }
        request.auth.login(token.user)
    }
}

struct RequireAPIUser: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.auth.has(User.self) else {
            throw DomainError(status: .unauthorized,
                              reason: "Send a personal access token as “Authorization: Bearer <token>”; create one under Settings → Access tokens.")
        }
        return try await next.respond(to: request)
    }
}

extension Request {
    /// The signed-in person; routes behind `RequireSignedIn` / `RequireAPIUser` always have one.
    var user: User {
        get throws {
            guard let user = auth.get(User.self) else { throw Abort(.unauthorized) }
            return user
        }
    }

    var userID: UUID {
        get throws { try user.requireID() }
    }

    var isAPI: Bool { url.path.hasPrefix("/api/") }
}
