import Vapor

/// Sends the request id back so a person reporting a problem can quote it; logs carry the same id.
struct RequestIDMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let started = ContinuousClock.now
        let response = try await next.respond(to: request)
        response.headers.replaceOrAdd(name: .xRequestId, value: request.id)
        let elapsed = ContinuousClock.now - started
        request.logger.info("\(request.method) \(request.url.path) -> \(response.status.code)", metadata: [
            "status": .stringConvertible(response.status.code),
            "duration_ms": .stringConvertible(Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15),
        ])
        return response
    }
}

/// Headers that stop a page from being framed, sniffed or made to run someone else's script.
struct SecurityHeadersMiddleware: AsyncMiddleware {
    let secure: Bool

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        let headers: [(String, String)] = [
            ("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'"),
            ("X-Content-Type-Options", "nosniff"),
            ("X-Frame-Options", "DENY"),
            ("Referrer-Policy", "same-origin"),
            ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
            ("Cross-Origin-Opener-Policy", "same-origin"),
        ]
        for (name, value) in headers where !response.headers.contains(name: name) {
            response.headers.replaceOrAdd(name: name, value: value)
        }
        if secure {
            response.headers.replaceOrAdd(name: "Strict-Transport-Security", value: "max-age=31536000; includeSubDomains")
        }
        return response
    }
}

/// Vapor answers 404 for a known path with an unknown method; HTTP says 405 with an Allow header.
struct MethodNotAllowedMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch let abort as any AbortError where abort.status == .notFound {
            let allowed = Self.allowedMethods(for: request)
            guard !allowed.isEmpty, !allowed.contains(request.method) else { throw abort }
            throw MethodNotAllowed(allowed: allowed)
        }
    }

    struct MethodNotAllowed: AbortError {
        let allowed: [HTTPMethod]
        var status: HTTPResponseStatus { .methodNotAllowed }
        var reason: String { "This address accepts \(allowed.map(\.rawValue).joined(separator: ", ")) only." }
        var headers: HTTPHeaders { ["Allow": allowed.map(\.rawValue).joined(separator: ", ")] }
    }

    private static func allowedMethods(for request: Request) -> [HTTPMethod] {
        let path = request.url.path.split(separator: "/").map(String.init)
        return request.application.routes.all.filter { route in
            guard route.path.count == path.count || route.path.contains(where: { if case .catchall = $0 { true } else { false } }) else { return false }
            for (component, part) in zip(route.path, path) {
                switch component {
                case .constant(let constant): if constant != part { return false }
                case .parameter, .anything: continue
                case .catchall: return true
                }
            }
            return true
        }.map(\.method).reduce(into: [HTTPMethod]()) { if !$0.contains($1) { $0.append($1) } }
    }
}
