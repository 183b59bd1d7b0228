import Fluent
import TandemCore
import Vapor

enum MatchingPages {
    static func register(signedIn routes: any RoutesBuilder) {
        routes.get("programs", ":programID", "matching", use: page)
        routes.post("programs", ":programID", "matching", "rules", use: rule)
        routes.post("programs", ":programID", "matching", "publish", use: publish)
    }

    struct Page: Encodable {
        let programID: UUID
        let programName: String
        let preview: BulkMatching.Preview?
        let form: FormState
        let query: String
        /// The spread of the preview's pair scores against the minimum in the form.
        let scores: String
        let scoresSummary: String
        let bands: [ScoreHistogram.Band]
    }

    /// "Only matches at or above" is a number field; empty means "everyone possible".
    static func options(_ values: [String: String]) throws -> BulkMatching.Options {
        guard values["mode"] == "minimum" else { return BulkMatching.Options(minimumScore: nil) }
        guard let raw = values["minimumScore"], let minimum = Int(raw.trimmingCharacters(in: .whitespaces)) else {
            throw ValidationFailure("minimumScore", "Give the minimum score as a whole number from 0 to 100.")
        }
        return BulkMatching.Options(minimumScore: minimum)
    }

    @Sendable static func page(req: Request) async throws -> Response {
        let user = try req.user
        let programID = req.parameters.get("programID", as: UUID.self)
        let found = try await Programs.findAsCoordinator(programID, for: user, on: req.db)
        let values = ((try? req.query.decode([String: String].self)) ?? [:])
        var form = FormState(values: values.isEmpty ? ["mode": "everyone", "minimumScore": "50"] : values)
        var preview: BulkMatching.Preview?
        if values["run"] != nil {
            do {
                preview = try await BulkMatching.preview(try options(values), in: programID, by: user, on: req.db)
            } catch let failure as ValidationFailure {
                form = FormState(values: values, failure: failure)
            }
        }
        let query = "run=1&mode=\(values["mode"] ?? "everyone")&minimumScore=\(QueryString.encode(values["minimumScore"] ?? ""))"
        let histogram = ScoreHistogram(scores: preview?.pairs.map(\.score) ?? [], minimum: Int(form.values["minimumScore"] ?? "") ?? 50)
        return try await req.render("matching", title: "Bulk matching", Page(
            programID: found.programID, programName: found.program.name, preview: preview, form: form, query: query,
            scores: preview == nil ? "" : histogram.svg(title: "Pair scores"), scoresSummary: histogram.summary, bands: histogram.bands))
    }

    @Sendable static func rule(req: Request) async throws -> Response {
        let values = try req.form([String: String].self).values
        let input = BulkMatching.RuleInput(menteeId: values["menteeId"].flatMap(UUID.init(uuidString:)),
                                           mentorId: values["mentorId"].flatMap(UUID.init(uuidString:)), kind: values["kind"])
        let programID = req.parameters.get("programID", as: UUID.self)
        do {
            try await BulkMatching.setRule(input, in: programID, by: try req.user, on: req.db)
            Flash.set(values["kind"] == "forbid" ? "That pair will not be matched." : values["kind"] == "lock" ? "That pair stays together in every run." : "The rule is cleared.", on: req)
        } catch let failure as ValidationFailure {
            Flash.set(failure.summary, on: req)
        }
        let back = values["back"].flatMap { $0.hasPrefix("run=") ? $0 : nil } ?? "run=1"
        return req.redirect(to: "/programs/\(programID?.uuidString ?? "")/matching?\(back)")
    }

    @Sendable static func publish(req: Request) async throws -> Response {
        let values = try req.form([String: String].self).values
        let programID = req.parameters.get("programID", as: UUID.self)
        do {
            let count = try await BulkMatching.publish(try options(values), in: programID, by: try req.user, req.actions)
            Flash.set(count == 1 ? "Published: 1 mentor was asked to accept their proposed mentee." : "Published: \(count) mentors were asked to accept their proposed mentee.", on: req)
        } catch let failure as ValidationFailure {
            Flash.set(failure.summary, on: req)
        }
        return req.redirect(to: "/programs/\(programID?.uuidString ?? "")/matching")
    }
}
