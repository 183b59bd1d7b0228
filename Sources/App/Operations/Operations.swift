import Fluent
import SQLKit
import Vapor

enum Operations {
    struct Health: Content {
        let status: String
        let database: String
    }

    /// 200 when the database answers, 503 when it does not: a load balancer takes the instance out.
    @Sendable static func health(req: Request) async throws -> Response {
        do {
            guard let sql = req.db as? any SQLDatabase else { throw Abort(.internalServerError) }
            try await sql.raw("SELECT 1").run()
            return try await Health(status: "ok", database: "ok").encodeResponse(status: .ok, for: req)
        } catch {
            req.logger.error("Health check: database unreachable: \(String(reflecting: error))")
            return try await Health(status: "unavailable", database: "unreachable").encodeResponse(status: .serviceUnavailable, for: req)
        }
    }

    @Sendable static func metrics(req: Request) async throws -> Response {
        let response = Response(status: .ok, body: .init(string: Metrics.render()))
        response.headers.replaceOrAdd(name: .contentType, value: "text/plain; version=0.0.4; charset=utf-8")
        return response
    }

    @Sendable static func openAPIDocument(req: Request) async throws -> Response {
        let path = req.tandem.resourcesDirectory + "Resources/openapi.yaml"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw Abort(.internalServerError, reason: "The OpenAPI document is missing at \(path).")
        }
        let response = Response(status: .ok, body: .init(string: text))
        response.headers.replaceOrAdd(name: .contentType, value: "application/yaml; charset=utf-8")
        return response
    }
}
