import TandemCore
import Vapor

/// A list the API hands out a page at a time: `?page=` (from 1) and `?perPage=`, with
/// `X-Total-Count` and a `Link` header (rel="next" / rel="prev") that keeps the other parameters.
struct APIPage {
    let page: Int
    let perPage: Int

    init(_ req: Request, defaultPerPage: Int, maxPerPage: Int) throws {
        var v = InputValidator()
        let pageText = req.query[String.self, at: "page"], perPageText = req.query[String.self, at: "perPage"]
        let page = pageText.map { Int($0) ?? 0 } ?? 1
        let perPage = perPageText.map { Int($0) ?? 0 } ?? defaultPerPage
        if page < 1 { v.add("page", "The page is a whole number from 1.") }
        if !(1...maxPerPage).contains(perPage) { v.add("perPage", "Per page is a whole number from 1 to \(maxPerPage).") }
        try v.check()
        self.page = page
        self.perPage = perPage
    }

    /// What this page holds of a list of `total` items (empty past the end).
    func range(of total: Int) -> Range<Int> {
        let start = min(total, (page - 1) * perPage)
        return start..<min(total, start + perPage)
    }

    func response<Item: Content>(_ items: [Item], total: Int, for req: Request) async throws -> Response {
        let response = try await items.encodeResponse(for: req)
        response.headers.replaceOrAdd(name: "X-Total-Count", value: String(total))
        let others = (req.url.query ?? "").split(separator: "&").filter { !$0.hasPrefix("page=") }.map(String.init)
        func link(_ number: Int) -> String {
            "<\(req.url.path)?\((others + ["page=\(number)"]).joined(separator: "&"))>"
        }
        var links: [String] = []
        if page * perPage < total { links.append("\(link(page + 1)); rel=\"next\"") }
        if page > 1 { links.append("\(link(min(page - 1, max(1, (total + perPage - 1) / perPage)))); rel=\"prev\"") }
        if !links.isEmpty { response.headers.replaceOrAdd(name: .link, value: links.joined(separator: ", ")) }
        return response
    }
}
