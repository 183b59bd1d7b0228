import Fluent
import TandemCore
import Vapor

enum DirectoryPages {
    static func register(signedIn routes: any RoutesBuilder) {
        routes.get("programs", ":programID", "mentors", use: directory)
        routes.post("programs", ":programID", "wishes", "add", use: addWish)
        routes.post("programs", ":programID", "wishes", "remove", use: removeWish)
    }

    struct Page: Encodable {
        let programID: UUID
        let programName: String
        let entries: [Row]
        let form: FormState
        let isMentee: Bool
        let pager: Pager
        let wishes: [Wish]
        let query: String
        /// What the filters offer: the program's lists and what its mentors wrote.
        let skillOptions: [String]
        let languageOptions: [String]
        let challengeOptions: [String]
    }

    static let perPage = 24

    struct Wish: Encodable {
        let rank: Int
        let id: UUID
        let name: String
    }

    struct Row: Encodable {
        let id: UUID
        let name: String
        let headline: String
        let skills: String
        let languages: String
        let gap: Int
        let hasCapacity: Bool
        let isWished: Bool
        /// The mentee's own mentor in this program: no "Ask", a link to the mentorship instead.
        let mentorshipLink: String?
        let load: String
        let typicalResponse: String?
        let score: Int?
        let excluded: String?
        let reasons: [Reason]
        let avatar: Avatar
        /// The two reasons that speak most for the pair, shown as chips.
        let strongest: [String]
    }

    struct Reason: Encodable {
        let label: String
        let points: Int
        let text: String
        /// How well this criterion fits, 0…100, for its bar.
        let fit: Int
    }

    @Sendable static func directory(req: Request) async throws -> Response {
        let user = try req.user
        let programID = req.parameters.get("programID", as: UUID.self)
        let found = try await Programs.find(programID, for: user, on: req.db)
        // Filters come from a GET form: empty fields mean "any".
        let raw = (try? req.query.decode([String: String].self)) ?? [:]
        var values = raw.filter { !$0.value.trimmingCharacters(in: .whitespaces).isEmpty }
        let page = values.removeValue(forKey: "page").flatMap { Int($0) }
        var v = InputValidator()
        var filters = Directory.Filters(q: values["q"], skill: values["skill"], challenge: values["challenge"], language: values["language"],
                                        hasCapacity: values["hasCapacity"] == "on" || values["hasCapacity"] == "true", sort: values["sort"])
        if let gap = values["maxGap"] {
            if let number = Int(gap) { filters.maxGap = number } else { v.add("maxGap", "The time-zone difference must be a whole number of hours.") }
        }
        var ranking: Directory.Ranking?
        var form = FormState(values: values)
        do {
            try v.check()
            ranking = try await Directory.mentors(in: programID, for: user, filters: filters, on: req.db)
        } catch let failure as ValidationFailure {
            form = FormState(values: values, failure: failure)
        }
        let wishIDs = found.membership.isMentee ? try await Wishes.list(in: found.programID, of: try user.requireID(), on: req.db) : []
        var names: [UUID: String] = [:]
        for user in try await User.query(on: req.db).filter(\.$id ~~ wishIDs).all() { names[try user.requireID()] = user.displayName }
        let wishes = wishIDs.enumerated().map { Wish(rank: $0.offset + 1, id: $0.element, name: names[$0.element] ?? "") }
        let pager = Pager(total: ranking?.count ?? 0, page: page, perPage: perPage, path: "/programs/\(found.programID)/mentors", query: values,
                          noun: ("mentor", "mentors"))
        let mine = try await Mentorship.query(on: req.db).filter(\.$program.$id == found.programID).filter(\.$mentee.$id == user.requireID())
            .filter(\.$status == .active).all()
        let myMentors = Dictionary(mine.map { ($0.$mentor.id, Paths.mentorship($0.id!)) }, uniquingKeysWith: { a, _ in a })
        let (skills, languages) = try await Directory.filterOptions(in: found.programID, on: req.db)
        let rows = try (ranking?.entries(pager.range) ?? []).map { entry in
            Row(id: entry.mentor.id, name: entry.mentor.displayName, headline: entry.headline,
                skills: entry.expertise.map(\.skill).joined(separator: ", "), languages: entry.languages.joined(separator: ", "),
                gap: entry.timeZoneGap, hasCapacity: entry.hasCapacity, isWished: wishIDs.contains(entry.mentor.id),
                mentorshipLink: myMentors[entry.mentor.id],
                load: "\(entry.activeMentees) of \(entry.capacity) mentee\(entry.capacity == 1 ? "" : "s")", typicalResponse: entry.typicalResponse,
                score: entry.compatibility?.score, excluded: entry.compatibility?.excludedBecause,
                reasons: (entry.compatibility?.criteria ?? []).map {
                    Reason(label: $0.criterion.label, points: $0.points, text: $0.explanation, fit: Int((min(max($0.fit, 0), 1) * 100).rounded()))
                },
                avatar: Avatar(name: entry.mentor.displayName),
                strongest: Array((entry.compatibility?.strongestReasons ?? []).prefix(2)))
        }
        return try await req.render("directory", title: "Mentors in \(found.program.name)", Page(
            programID: found.programID, programName: found.program.name, entries: rows, form: form,
            isMentee: found.membership.isMentee, pager: pager, wishes: wishes,
            query: (values.map { "\(QueryString.encode($0.key))=\(QueryString.encode($0.value))" } + (page.map { ["page=\($0)"] } ?? [])).sorted().joined(separator: "&"),
            skillOptions: skills, languageOptions: languages, challengeOptions: found.program.challengeOptions))
    }
}

extension DirectoryPages {
    struct WishForm: Content {
        var mentorId: UUID?
        var back: String?
    }

    private static func changeWishes(_ req: Request, _ change: ([UUID], UUID) -> [UUID]) async throws -> Response {
        let user = try req.user
        let programID = req.parameters.get("programID", as: UUID.self)
        let form = try req.content.decode(WishForm.self)
        let found = try await Programs.find(programID, for: user, on: req.db)
        if let mentorID = form.mentorId {
            let current = try await Wishes.list(in: found.programID, of: try user.requireID(), on: req.db)
            do {
                _ = try await Wishes.set(change(current, mentorID), in: programID, by: user, on: req.db)
                Flash.set("Your wishes are saved; the coordinator's matching takes them into account.", on: req)
            } catch let failure as ValidationFailure {
                Flash.set(failure.summary, on: req)
            }
        }
        let back = (form.back ?? "").allSatisfy { $0.isLetter || $0.isNumber || "=&%-._~".contains($0) } ? (form.back ?? "") : ""
        return req.redirect(to: "/programs/\(found.programID)/mentors" + (back.isEmpty ? "" : "?" + back))
    }

    @Sendable static func addWish(req: Request) async throws -> Response {
        try await changeWishes(req) { current, mentor in current.contains(mentor) ? current : current + [mentor] }
    }

    @Sendable static func removeWish(req: Request) async throws -> Response {
        try await changeWishes(req) { current, mentor in current.filter { $0 != mentor } }
    }
}
