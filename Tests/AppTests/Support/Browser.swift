import Foundation
import NIOCore
import Testing
import Vapor
import VaporTesting
@testable import App

/// Drives the web pages like a browser: keeps cookies, sends the form token found on the last
/// page, does not follow redirects (tests read them).
final class Browser: @unchecked Sendable {
    let app: Application
    private(set) var cookies: [String: String] = [:]
    private(set) var csrf = ""
    private(set) var last: TestingHTTPResponse?
    var ip = "10.0.0.1"

    init(_ app: Application) { self.app = app }

    @discardableResult
    func get(_ path: String) async throws -> TestingHTTPResponse {
        try await send(.GET, path, body: nil, contentType: nil)
    }

    /// Posts a form; the CSRF token from the last page is added unless the test overrides it.
    @discardableResult
    func post(_ path: String, _ form: [String: String] = [:], csrf override: String? = nil) async throws -> TestingHTTPResponse {
        var fields = form
        if fields["_csrf"] == nil { fields["_csrf"] = override ?? csrf }
        let body = fields.map { "\(Self.encode($0.key))=\(Self.encode($0.value))" }.joined(separator: "&")
        return try await send(.POST, path, body: body, contentType: "application/x-www-form-urlencoded")
    }

    private func send(_ method: HTTPMethod, _ path: String, body: String?, contentType: String?) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        if !cookies.isEmpty {
            headers.add(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        }
        if let contentType { headers.add(name: .contentType, value: contentType) }
        headers.add(name: "X-Forwarded-For", value: ip)
        let response = try await app.testing().sendRequest(method, path, headers: headers,
                                                           body: body.map { ByteBuffer(string: $0) })
        for header in response.headers[.setCookie] {
            let pair = header.split(separator: ";")[0].split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2 else { continue }
            if header.contains("Max-Age=0") || header.lowercased().contains("expires=thu, 01 jan 1970") || pair[1].isEmpty {
                cookies[pair[0]] = nil
            } else {
                cookies[pair[0]] = pair[1]
            }
        }
        if let token = Self.formToken(in: response.body.string) { csrf = token }
        last = response
        return response
    }

    static func formToken(in html: String) -> String? {
        guard let range = html.range(of: #"name="_csrf" value=""#) else { return nil }
        let rest = html[range.upperBound...]
        guard let end = rest.firstIndex(of: "\"") else { return nil }
        return String(rest[..<end])
    }

    static func encode(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
    }

    // MARK: journeys used by many tests

    static let password = "correct horse battery"

    /// Signs up through the form and stays signed in.
    @discardableResult
    func signUp(_ name: String, email: String, password: String = Browser.password) async throws -> TestingHTTPResponse {
        try await get("/sign-up")
        let response = try await post("/sign-up", ["displayName": name, "email": email, "password": password, "timeZone": "Europe/Berlin"])
        #expect(response.status == .seeOther, "sign-up of \(email): \(response.body.string.prefix(300))")
        return response
    }

    @discardableResult
    func signIn(email: String, password: String = Browser.password) async throws -> TestingHTTPResponse {
        try await get("/sign-in")
        return try await post("/sign-in", ["email": email, "password": password])
    }
}

extension TestingHTTPResponse {
    var location: String? { headers.first(name: .location) }

    func json<T: Decodable>(_ type: T.Type = T.self) throws -> T {
        try JSONDecoder.custom(dates: .iso8601).decode(T.self, from: body)
    }
}

/// Calls the JSON API with a personal access token.
struct APIClient {
    let app: Application
    var token: String?

    @discardableResult
    func send(_ method: HTTPMethod, _ path: String, json: (any Encodable)? = nil, rawBody: String? = nil,
              contentType: String? = "application/json") async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        if let token { headers.add(name: .authorization, value: "Bearer \(token)") }
        var body: ByteBuffer?
        if let json {
            body = ByteBuffer(data: try JSONEncoder.custom(dates: .iso8601).encode(json))
        } else if let rawBody {
            body = ByteBuffer(string: rawBody)
        }
        if body != nil, let contentType { headers.add(name: .contentType, value: contentType) }
        return try await app.testing().sendRequest(method, path, headers: headers, body: body)
    }

    /// Signs up through the API and signs in for a token.
    static func newUser(_ app: Application, name: String, email: String) async throws -> APIClient {
        let anonymous = APIClient(app: app)
        let created = try await anonymous.send(.POST, "/api/v1/accounts", json: [
            "email": email, "displayName": name, "password": Browser.password, "timeZone": "America/New_York",
        ])
        #expect(created.status == .created, "\(created.body.string)")
        let session = try await anonymous.send(.POST, "/api/v1/sessions", json: [
            "email": email, "password": Browser.password, "tokenName": "tests",
        ])
        #expect(session.status == .created, "\(session.body.string)")
        let secret = try session.json(CreatedTokenBody.self).secret
        return APIClient(app: app, token: secret)
    }
}

struct CreatedTokenBody: Decodable {
    struct Token: Decodable { let id: UUID; let name: String; let prefix: String }
    let token: Token
    let secret: String
}

struct Problem: Decodable {
    struct FieldProblem: Decodable { let field: String; let message: String }
    let title: String
    let status: Int
    let detail: String
    let errors: [FieldProblem]?
}
