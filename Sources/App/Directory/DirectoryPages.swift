import Fluent
import TandemCore
import Vapor

enum DirectoryPages {
    static func register(signedIn routes: any RoutesBuilder) {
        routes.get("programs", ":programID", "mentors", use: directory)
    }

    struct Page: Encodable {
        let programID: UUID
        let programName: String
        let entries: [Row]
        let form: FormState
        let isMentee: Bool
        let count: Int
    }

    struct Row: Encodable {
        let id: UUID
        let name: String
        let headline: String
        let skills: String
        let languages: String
        let gap: Int
        let hasCapacity: Bool
        let load: String
        let score: Int?
        let excluded: String?
        let reasons: [Reason]
    }

    struct Reason: Encodable {
        let label: String
        let points: Int
        let text: String
    }

    @Sendable static func directory(req: Request) async throws -> Response {
        let user = try req.user
        let programID = req.parameters.get("programID", as: UUID.self)
        let found = try await Programs.find(programID, for: user, on: req.db)
        // Filters come from a GET form: empty fields mean "any".
        let raw = (try? req.query.decode([String: String].self)) ?? [:]
        let values = raw.filter { !$0.value.trimmingCharacters(in: .whitespaces).isEmpty }
        var v = InputValidator()
        var filters = Directory.Filters(q: values["q"], skill: values["skill"], challenge: values["challenge"], language: values["language"],
                                        hasCapacity: values["hasCapacity"] == "on" || values["hasCapacity"] == "true", sort: values["sort"])
        if let gap = values["maxGap"] {
            if let number = Int(gap) { filters.maxGap = number } else { v.add("maxGap", "The time-zone difference must be a whole number of hours.") }
        }
        var entries: [Directory.Entry] = []
        var form = FormState(values: values)
        do {
            try v.check()
            entries = try await Directory.mentors(in: programID, for: user, filters: filters, on: req.db)
        } catch let failure as ValidationFailure {
            form = FormState(values: values, failure: failure)
        }
        let rows = entries.map { entry in
            Row(id: entry.mentor.id, name: entry.mentor.displayName, headline: entry.headline,
                skills: entry.expertise.map(\.skill).joined(separator: ", "), languages: entry.languages.joined(separator: ", "),
                gap: entry.timeZoneGap, hasCapacity: entry.hasCapacity,
                load: "\(entry.activeMentees) of \(entry.capacity) mentees",
                score: entry.compatibility?.score, excluded: entry.compatibility?.excludedBecause,
                reasons: (entry.compatibility?.criteria ?? []).map { Reason(label: $0.criterion.label, points: $0.points, text: $0.explanation) })
        }
        return try await req.render("directory", title: "Mentors in \(found.program.name)", Page(
            programID: found.programID, programName: found.program.name, entries: rows, form: form,
            isMentee: found.membership.isMentee, count: rows.count))
    }
}
