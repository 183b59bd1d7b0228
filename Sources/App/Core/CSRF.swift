import Crypto
import Vapor

/// A per-session secret that every state-changing form carries in a hidden field, so another site
/// cannot submit forms on a signed-in person's behalf.
enum CSRF {
    static let field = "_csrf"
    static let key = "csrf"

    static func token(for request: Request) -> String {
        if let existing = request.session.data[key] { return existing }
        let token = Secret.generate(prefix: "")
        request.session.data[key] = token
        return token
    }

    static func isValid(_ submitted: String?, for request: Request) -> Bool {
        guard let submitted, let expected = request.session.data[key],
              submitted.utf8.count == expected.utf8.count else { return false }
        // Constant-time comparison: timing must not reveal how much of the token was right.
        return zip(submitted.utf8, expected.utf8).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

struct CSRFMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard [.POST, .PUT, .PATCH, .DELETE].contains(request.method) else {
            return try await next.respond(to: request)
        }
        // Route middleware runs before the route gathers the body, and a long form arrives in
        // several chunks: read the token only once the whole body is here. (Reading it from a
        // first chunk refused long texts at random and lost them.)
        if request.body.data == nil {
            _ = try await request.body.collect(max: request.application.routes.defaultMaxBodySize.value).get()
        }
        let submitted = try? request.content.get(String.self, at: CSRF.field)
        guard CSRF.isValid(submitted, for: request) else {
            // A stale token is nearly always an honest person whose session changed while they
            // typed: never throw their words away.
            return try await StaleForm.keep(request)
        }
        return try await next.respond(to: request)
    }
}
