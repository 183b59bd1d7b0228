import Foundation
import Vapor

/// A form that arrived with a stale token (signed out or in again in another tab, a session that
/// ended while someone typed). Nothing is saved, nothing is lost: the person sees what they typed
/// again, under a fresh token, and sends it with one press; if they are signed out, they sign in
/// first and the text waits in their new session.
enum StaleForm {
    static let sessionKey = "pending_form"
    static let path = "/form-again"
    /// Forms that need no signed-in person: shown again at once.
    static let publicActions: Set<String> = [Paths.signIn, Paths.signUp, Paths.forgotPassword, Paths.resetPassword]

    struct Pending: Codable {
        var action: String
        /// The page the form was on, to leave without sending.
        var back: String
        var fields: [Field]
        var signedOut: Bool
    }

    struct Field: Codable {
        enum Kind: String, Codable { case hidden, line, text, password }
        let name: String
        let label: String
        let value: String
        let kind: Kind
    }

    struct PageData: Encodable {
        let action: String
        let back: String
        let reason: String
        let fields: [Field]
    }

    static func register(signedIn: any RoutesBuilder) {
        signedIn.get("form-again", use: showPending)
    }

    static func keep(_ request: Request) async throws -> Response {
        // Signing out from a tab whose session already changed: signing out is what they want.
        if request.url.path == Paths.signOut {
            SessionUserAuthenticator.signOut(on: request)
            return request.redirect(to: Paths.home)
        }
        let action = request.url.string
        let fields = Self.fields(of: request)
        let back = request.headers.first(name: .referer).flatMap(URLComponents.init(string:))
            .map { $0.path + ($0.query.map { "?" + $0 } ?? "") }.flatMap { Paths.isLocal($0) ? $0 : nil } ?? Paths.dashboard
        if !request.auth.has(User.self) && !publicActions.contains(request.url.path) {
            // Signed out: the words wait in this visitor's session until they sign in again.
            let pending = Pending(action: action, back: back, fields: fields, signedOut: true)
            request.session.data[sessionKey] = String(decoding: try JSONEncoder().encode(pending), as: UTF8.self)
            return request.redirect(to: Paths.signIn(next: path))
        }
        return try await render(Pending(action: action, back: back, fields: fields, signedOut: false), on: request, status: .forbidden)
    }

    @Sendable static func showPending(req: Request) async throws -> Response {
        guard let raw = req.session.data[sessionKey],
              let pending = try? JSONDecoder().decode(Pending.self, from: Data(raw.utf8)) else {
            Flash.set("Nothing is waiting to be sent.", on: req)
            return req.redirect(to: Paths.dashboard)
        }
        // The page itself now carries every word; a reload need not show it twice.
        req.session.data[sessionKey] = nil
        return try await render(pending, on: req, status: .ok)
    }

    /// Whether a sign-in happened because a form waits.
    static func isWaiting(on request: Request) -> Bool {
        request.session.data[sessionKey] != nil
    }

    private static func render(_ pending: Pending, on request: Request, status: HTTPResponseStatus) async throws -> Response {
        let reason = pending.signedOut
            ? "You were signed out while you were typing, so nothing was sent yet. Everything you typed is below: press Send again."
            : "This form was opened before you last signed in or out (perhaps in another tab), so nothing was sent yet. Everything you typed is below: press Send again."
        let data = PageData(action: pending.action, back: pending.back, reason: reason, fields: pending.fields)
        return try await request.render("form-again", title: "Nothing was sent yet", data, status: status)
    }

    /// Every submitted field in its order (repeated names kept), but never the old token; a
    /// password is asked for again, never echoed.
    static func fields(of request: Request) -> [Field] {
        guard request.headers.contentType == .urlEncodedForm, let body = request.body.string else { return [] }
        var components = URLComponents()
        components.percentEncodedQuery = body.replacingOccurrences(of: "+", with: "%20")
        return (components.queryItems ?? []).compactMap { item in
            guard item.name != CSRF.field else { return nil }
            let value = item.value ?? ""
            let label = humanize(item.name)
            if item.name.lowercased().contains("password") {
                return Field(name: item.name, label: label, value: "", kind: .password)
            }
            return Field(name: item.name, label: label, value: value, kind: kind(name: item.name, value: value))
        }
    }

    private static func kind(name: String, value: String) -> Field.Kind {
        let technical = value.isEmpty || value == "on" || UUID(uuidString: value) != nil
            || ["next", "basedOnVersion", "returnTo", "form"].contains(name) || name.hasSuffix("ID") || name.hasSuffix("Id")
        if technical { return .hidden }
        return value.count > 80 || value.contains("\n") ? .text : .line
    }

    /// "displayName" → "Display name", "whatDrewMe" → "What drew me", "next_steps" → "Next steps".
    static func humanize(_ name: String) -> String {
        if name == "body" { return "What you wrote" }
        var words: [String] = []
        var current = ""
        for character in name {
            if character == "_" || character == "-" || character == "[" || character == "]" || character == "." {
                if !current.isEmpty { words.append(current); current = "" }
            } else if character.isUppercase, !current.isEmpty {
                words.append(current); current = String(character)
            } else {
                current.append(character)
            }
        }
        if !current.isEmpty { words.append(current) }
        let sentence = words.map { $0.lowercased() }.joined(separator: " ")
        return sentence.prefix(1).uppercased() + sentence.dropFirst()
    }
}
