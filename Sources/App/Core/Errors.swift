import Fluent
import TandemCore
import Vapor

/// RFC 9457 problem details, the body of every API error.
struct ProblemDetails: Content {
    var type: String = "about:blank"
    var title: String
    var status: Int
    var detail: String
    var errors: [FieldError]?
    var requestId: String?

    static let contentType = HTTPMediaType(type: "application", subType: "problem+json")
}

/// An error a person caused and can fix, with the words to tell them.
struct DomainError: AbortError {
    let status: HTTPResponseStatus
    let reason: String
    var headers: HTTPHeaders = [:]

    static func notFound(_ what: String) -> DomainError {
        DomainError(status: .notFound, reason: "\(what) was not found.")
    }

    static func conflict(_ reason: String) -> DomainError {
        DomainError(status: .conflict, reason: reason)
    }

    static func forbidden(_ reason: String) -> DomainError {
        DomainError(status: .forbidden, reason: reason)
    }
}

/// Maps every error once: to `application/problem+json` under /api, to an HTML page elsewhere.
/// A 5xx is a bug: it is logged loudly and the person gets the request id to quote.
struct TandemErrorMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            return await Self.response(for: error, to: request)
        }
    }

    struct Described {
        var status: HTTPResponseStatus
        var detail: String
        var errors: [FieldError]?
        var headers: HTTPHeaders = [:]
    }

    static func describe(_ error: any Error, for request: Request) -> Described {
        switch error {
        case let failure as ValidationFailure:
            return Described(status: .unprocessableEntity, detail: failure.summary, errors: failure.errors)
        case let violation as APIContractViolation:
            // Against the OpenAPI document: a wrong type is a 400, a value out of bounds a 422.
            return Described(status: violation.wrongType ? .badRequest : .unprocessableEntity,
                             detail: violation.errors.map { "\($0.field): \($0.message)" }.joined(separator: " "),
                             errors: violation.errors)
        case let decoding as DecodingError:
            let (field, message) = describe(decoding)
            return Described(status: .badRequest, detail: field.isEmpty ? message : "\(field): \(message)",
                             errors: [FieldError(field.isEmpty ? "body" : field, message)])
        case let abort as any AbortError:
            if abort.status == .payloadTooLarge {
                return Described(status: .payloadTooLarge, detail: "The request body is too large.")
            }
            // A server-side failure (a template that does not render, say) must leave a trace.
            if abort.status.code >= 500 { request.logger.error("Server error: \(String(reflecting: error))") }
            // Vapor's own errors carry only the status's name ("Not Found"): say it in words.
            let detail = abort.reason == abort.status.reasonPhrase ? Self.explanation(for: abort.status) : abort.reason
            return Described(status: abort.status, detail: detail, headers: abort.headers)
        case let db as any DatabaseError where db.isConstraintFailure:
            return Described(status: .conflict, detail: "This would duplicate or orphan a record; nothing was changed.")
        default:
            request.logger.error("Unexpected error: \(String(reflecting: error))")
            return Described(status: .internalServerError,
                             detail: "Something went wrong on our side. If it happens again, quote request id \(request.id).")
        }
    }

    static func describe(_ error: DecodingError) -> (field: String, message: String) {
        func path(_ codingPath: [any CodingKey]) -> String {
            codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
                .replacingOccurrences(of: ".[", with: "[")
        }
        switch error {
        case .keyNotFound(let key, let context):
            return (path(context.codingPath + [key]), "is required.")
        case .typeMismatch(let type, let context):
            return (path(context.codingPath), "must be \(readable(type)).")
        case .valueNotFound(let type, let context):
            return (path(context.codingPath), "must be \(readable(type)), not null.")
        case .dataCorrupted(let context):
            let field = path(context.codingPath)
            if field.isEmpty { return ("", "The body is not valid JSON.") }
            return (field, context.debugDescription)
        @unknown default:
            return ("", "The body could not be read.")
        }
    }

    private static func readable(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Int64.Type: "a whole number"
        case is Double.Type: "a number"
        case is Bool.Type: "true or false"
        default: "a \(type)".replacingOccurrences(of: "Swift.", with: "")
        }
    }

    static func response(for error: any Error, to request: Request) async -> Response {
        let described = describe(error, for: request)
        if request.url.path.hasPrefix("/api/") || request.url.path == "/api" {
            let problem = ProblemDetails(title: described.status.reasonPhrase, status: Int(described.status.code),
                                         detail: described.detail, errors: described.errors, requestId: request.id)
            let response = Response(status: described.status, headers: described.headers)
            try? response.content.encode(problem, as: .json)
            response.headers.contentType = ProblemDetails.contentType
            return response
        }
        // A web visitor who is not signed in is sent to sign in, then back.
        if described.status == .unauthorized {
            return request.redirect(to: Paths.signIn(next: request.url.string))
        }
        let heading = Self.heading(for: described.status)
        let context = ErrorPage(page: await PageChrome.make(for: request, title: heading),
                                status: Int(described.status.code), title: heading,
                                detail: described.detail)
        let response: Response
        if let view = try? await request.view.render("error", context),
           let rendered = try? await view.encodeResponse(status: described.status, for: request) {
            response = rendered
        } else {
            response = Response(status: described.status, body: .init(string: described.detail))
            response.headers.contentType = .plainText
        }
        for (name, value) in described.headers { response.headers.replaceOrAdd(name: name, value: value) }
        return response
    }
}

extension TandemErrorMiddleware {
    /// One sentence for an error that came without one.
    static func explanation(for status: HTTPResponseStatus) -> String {
        switch status.code {
        case 404: "The address may be mistyped, or what it pointed to was moved or removed."
        case 405: "This address does not take that kind of request."
        case 400: "The request could not be read. Go back and try again."
        default: status.code >= 500 ? "Please try again in a moment." : "Go back and try again."
        }
    }

    /// What happened, in plain words, for the heading of an error page (never "Forbidden").
    static func heading(for status: HTTPResponseStatus) -> String {
        switch status.code {
        case 400: "Tandem could not read that"
        case 403: "That is not yours to change"
        case 404: "We could not find that page"
        case 405: "That page does not take this kind of request"
        case 409: "That clashed with another change"
        case 410: "That link has expired"
        case 413: "That was too large to send"
        case 415: "That was sent in a form Tandem does not read"
        case 422: "Some of that needs fixing"
        case 429: "Too many tries for now"
        case 503: "Tandem is busy for a moment"
        default: status.code >= 500 ? "Something went wrong on our side" : "That did not work"
        }
    }
}

struct ErrorPage: Encodable {
    let page: PageChrome
    let status: Int
    let title: String
    let detail: String
}
