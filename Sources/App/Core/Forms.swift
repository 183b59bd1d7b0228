import TandemCore
import Vapor

extension Request {
    /// Decodes a submitted form, and keeps what was typed (never passwords or the form token) to
    /// show again beside any errors.
    func form<T: Decodable>(_ type: T.Type) throws -> (input: T, values: [String: String]) {
        let input = try content.decode(T.self)
        let raw = (try? content.decode([String: String].self)) ?? [:]
        let values = raw.filter { !$0.key.lowercased().contains("password") && $0.key != CSRF.field }
        return (input, values)
    }

    /// Runs a form action; a `ValidationFailure` re-renders the form with inline errors and 422.
    func handleForm(
        values: [String: String],
        rerender: @escaping @Sendable (FormState) async throws -> Response,
        _ action: () async throws -> Response
    ) async throws -> Response {
        do {
            return try await action()
        } catch let failure as ValidationFailure {
            let response = try await rerender(FormState(values: values, failure: failure))
            response.status = .unprocessableEntity
            return response
        } catch let error as DomainError where error.status == .tooManyRequests || error.status == .conflict || error.status == .gone {
            var state = FormState(values: values)
            state.summary = error.reason
            let response = try await rerender(state)
            response.status = error.status
            for (name, value) in error.headers { response.headers.replaceOrAdd(name: name, value: value) }
            return response
        }
    }

    /// One of a page's small forms: done, a flash and back to the form's place on `page`;
    /// refused, the page again with this form's errors (or 409 summary) beside it.
    func subform(_ name: String, on page: String, success: String,
                 rerender: @escaping @Sendable ([String: FormState]) async throws -> Response,
                 _ action: ([String: String]) async throws -> Void) async throws -> Response {
        let values = try form([String: String].self).values
        return try await handleForm(values: values, rerender: { state in try await rerender([name: state]) }) {
            try await action(values)
            Flash.set(success, on: self)
            return redirect(to: page + "#\(name)")
        }
    }
}
