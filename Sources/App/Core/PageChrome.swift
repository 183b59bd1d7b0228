import TandemCore
import Fluent
import Vapor

/// What every page needs around its content: who is signed in, the form token, messages.
struct PageChrome: Encodable {
    struct SignedIn: Encodable {
        let id: UUID
        let displayName: String
        let email: String
        let unreadNotifications: Int
    }

    let title: String
    let user: SignedIn?
    let csrf: String
    let flash: String?
    let path: String
    /// Where a visitor is headed after signing in or up (an invitation, a form that waited), so
    /// the header's links keep it too.
    let next: String?

    static func make(for request: Request, title: String) async -> PageChrome {
        var signedIn: SignedIn?
        if let user = request.auth.get(User.self), let id = user.id {
            let unread = (try? await Notification.query(on: request.db)
                .filter(\.$user.$id == id).filter(\.$readAt == nil).count()) ?? 0
            signedIn = SignedIn(id: id, displayName: user.displayName, email: user.email, unreadNotifications: unread)
        }
        let next = (try? request.query.get(String.self, at: "next")).flatMap { Paths.isLocal($0) ? QueryString.encode($0) : nil }
        return PageChrome(title: title, user: signedIn, csrf: CSRF.token(for: request),
                          flash: Flash.take(from: request), path: request.url.path, next: next)
    }
}

/// Wraps a page's own data with the chrome every page shares.
struct Page<Data: Encodable>: Encodable {
    let page: PageChrome
    let data: Data
}

extension Request {
    /// Renders a template inside the shared layout.
    func render<Data: Encodable>(_ template: String, title: String, _ data: Data, status: HTTPResponseStatus = .ok) async throws -> Response {
        let page = Page(page: await PageChrome.make(for: self, title: title), data: data)
        return try await view.render(template, page).encodeResponse(status: status, for: self)
    }
}

/// A one-time message shown on the next page ("Program created").
enum Flash {
    static func set(_ message: String, on request: Request) {
        request.session.data["flash"] = message
    }

    static func take(from request: Request) -> String? {
        let message = request.session.data["flash"]
        if message != nil { request.session.data["flash"] = nil }
        return message
    }
}

/// Form values and the error for each field, so a page shows a mistake next to its field and
/// keeps what the person typed.
struct FormState: Encodable {
    struct Problem: Encodable {
        let field: String
        let message: String
    }

    var values: [String: String] = [:]
    var errors: [String: String] = [:]
    var summary: String?
    /// Every field's problem in the order found, for the summary that lists and links them.
    var list: [Problem] = []

    init(values: [String: String] = [:]) {
        self.values = values
    }

    init(values: [String: String], failure: ValidationFailure) {
        self.values = values
        for error in failure.errors where errors[error.field] == nil {
            errors[error.field] = error.message
            list.append(Problem(field: error.field, message: error.message))
        }
        self.summary = failure.errors.count == 1 ? "Please correct the field below." : "Please correct the \(failure.errors.count) fields below."
    }
}
