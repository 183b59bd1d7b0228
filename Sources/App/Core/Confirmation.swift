import Vapor

/// A second step before something that cannot be undone (leaving a program, deleting a goal,
/// removing a participant, revoking a token). Works without JavaScript: the first press shows a
/// page that says what will happen; only its button, which carries `confirmed=yes`, does it.
enum Confirmation {
    static let field = "confirmed"

    struct PageData: Encodable {
        let question: String
        let consequence: String
        let button: String
        let action: String
        let back: String
        let fields: [StaleForm.Field]
    }

    /// nil once the person confirmed; otherwise the page that asks them.
    static func ask(_ req: Request, question: String, consequence: String, button: String,
                    back: String) async throws -> Response? {
        if (try? req.content.get(String.self, at: field)) == "yes" { return nil }
        let carried = StaleForm.fields(of: req).filter { $0.name != field && $0.kind != .password }
            .map { StaleForm.Field(name: $0.name, label: $0.label, value: $0.value, kind: .hidden) }
        return try await req.render("confirm", title: question, PageData(
            question: question, consequence: consequence, button: button, action: req.url.string, back: back, fields: carried))
    }
}
