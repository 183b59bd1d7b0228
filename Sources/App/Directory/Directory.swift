import Fluent
import TandemCore
import Vapor

/// Researching a program's mentors (journey J2): search, filters, and for a mentee each mentor's
/// compatibility explained criterion by criterion.
enum Directory {
    struct Filters: Content {
        var q: String?
        var skill: String?
        var challenge: String?
        var language: String?
        /// Largest time-zone difference in hours.
        var maxGap: Int?
        var hasCapacity: Bool?
        /// "compatibility" (default for mentees) or "name".
        var sort: String?
    }

    struct Entry: Content {
        let mentor: PersonDTO
        let headline: String
        let expertise: [SkillLevel]
        let challengesFaced: [String]
        let languages: [String]
        let timeZone: String
        let timeZoneGap: Int
        let activeMentees: Int
        let capacity: Int
        let openToMentees: Bool
        let hasCapacity: Bool
        /// "within 2 days": how quickly this mentor usually answers requests.
        let typicalResponse: String?
        /// Only for a viewer who is a mentee in the program.
        let compatibility: Compatibility?
    }

    /// The mentors a search finds, in the order it asks for, each with only what the order needs;
    /// `entries(_:)` explains the ones a page shows.
    struct Ranking {
        struct Found {
            let mentor: MentorPool.Mentor
            let gap: Int
            let score: Int?
            let excluded: Bool
        }

        let found: [Found]
        let mentee: MenteeProfile?
        let weights: CriteriaWeights
        let date: Date

        var count: Int { found.count }

        func entries<R: RangeExpression<Int>>(_ range: R) throws -> [Entry] {
            try found[range.relative(to: found.indices).clamped(to: found.indices)].map(entry)
        }

        func entry(_ found: Found) throws -> Entry {
            let mentor = found.mentor
            return Entry(mentor: mentor.person, headline: mentor.headline, expertise: mentor.expertise,
                         challengesFaced: mentor.challengesFaced, languages: mentor.languages, timeZone: mentor.timeZone,
                         timeZoneGap: found.gap, activeMentees: mentor.activeMentees, capacity: mentor.capacity,
                         openToMentees: mentor.openToMentees, hasCapacity: mentor.hasCapacity, typicalResponse: mentor.typicalResponse,
                         compatibility: mentee.map {
                             CompatibilityModel.evaluate(mentee: $0, mentor: mentor.prepared.profile, weights: weights, at: date)
                         })
        }
    }

    static func mentors(in programID: UUID?, for viewer: User, filters: Filters, on db: any Database) async throws -> Ranking {
        let found = try await Programs.find(programID, for: viewer, on: db)
        let viewerID = try viewer.requireID()
        var v = InputValidator()
        if let gap = filters.maxGap, !(0...12).contains(gap) { v.add("maxGap", "The time-zone difference must be from 0 to 12 hours.") }
        if let sort = filters.sort, !["compatibility", "name"].contains(sort) { v.add("sort", "Sort by compatibility or name.") }
        if (filters.q ?? "").count > 200 { v.add("q", "The search must be at most 200 characters.") }
        try v.check()

        let pool = try await MentorPool.current(in: found.programID, on: db)
        let me = found.membership.isMentee ? try await Profiles.profile(of: viewerID, on: db).menteeProfile(timeZone: viewer.timeZone) : nil
        let seeker = me.map(CompatibilityModel.PreparedMentee.init)
        let weights = found.program.criteriaWeights
        let terms = (filters.q ?? "").lowercased().split(whereSeparator: \.isWhitespace).map(String.init)
        func wanted(_ text: String?) -> String? {
            guard let text = text?.trimmingCharacters(in: .whitespaces).lowercased(), !text.isEmpty else { return nil }
            return text
        }
        let skill = wanted(filters.skill), challenge = wanted(filters.challenge), language = wanted(filters.language)
        let now = Date()
        let viewerOffset = CompatibilityModel.offsetMinutes(viewer.timeZone, at: now)
        var offsets: [String: Int] = [:]
        var ranked: [Ranking.Found] = []
        for mentor in pool.mentors where mentor.person.id != viewerID {
            guard terms.allSatisfy({ mentor.haystack.contains($0) }),
                  skill.map({ mentor.skillKeys.contains($0) }) ?? true,
                  challenge.map({ mentor.challengeKeys.contains($0) }) ?? true,
                  language.map({ mentor.languageKeys.contains($0) }) ?? true else { continue }
            let offset = offsets[mentor.timeZone] ?? {
                let minutes = CompatibilityModel.offsetMinutes(mentor.timeZone, at: now)
                offsets[mentor.timeZone] = minutes
                return minutes
            }()
            let fits = seeker.map { CompatibilityModel.fits($0, mentor.prepared, menteeOffset: viewerOffset, mentorOffset: offset) }
            let gap = fits?.gap ?? CompatibilityModel.hours(between: viewerOffset, and: offset)
            if let maxGap = filters.maxGap, gap > maxGap { continue }
            if filters.hasCapacity == true && !mentor.hasCapacity { continue }
            ranked.append(.init(mentor: mentor, gap: gap, score: fits?.score(weights), excluded: fits?.isExcluded(weights) ?? false))
        }
        if (filters.sort ?? (me == nil ? "name" : "compatibility")) == "compatibility" && me != nil {
            // Best first; among equals, by name as text.
            ranked.sort { ($0.score ?? 0, $1.mentor.textRank) > ($1.score ?? 0, $0.mentor.textRank) }
        } else {
            ranked.sort { $0.mentor.nameRank < $1.mentor.nameRank }
        }
        return Ranking(found: ranked, mentee: me, weights: weights, date: now)
    }

    /// The skills and languages the program's mentors wrote, for the directory's filters.
    static func filterOptions(in programID: UUID, on db: any Database) async throws -> (skills: [String], languages: [String]) {
        let pool = try await MentorPool.current(in: programID, on: db)
        return (pool.skillOptions, pool.languageOptions)
    }

    /// Ranked suggestions for a mentee: mentors with room, not excluded, not a past pair.
    static func suggestions(in programID: UUID, for viewer: User, limit: Int = 3, on db: any Database) async throws -> [Entry] {
        let viewerID = try viewer.requireID()
        var past = Set(try await Mentorship.query(on: db).filter(\.$mentee.$id == viewerID).all().map { $0.$mentor.id })
        // A coordinator's forbidden pairs are never suggested.
        past.formUnion(try await PairRule.query(on: db).filter(\.$program.$id == programID).filter(\.$mentee.$id == viewerID)
            .filter(\.$kind == .forbid).all().map { $0.$mentor.id })
        past.formUnion(try await MatchPreference.avoided(by: viewerID, in: programID, on: db))
        let ranking = try await mentors(in: programID, for: viewer, filters: Filters(hasCapacity: true, sort: "compatibility"), on: db)
        return try ranking.found.lazy.filter { !past.contains($0.mentor.person.id) && ranking.mentee != nil && !$0.excluded }
            .prefix(limit).map(ranking.entry)
    }

    static func activeMentees(of mentorIDs: [UUID], on db: any Database) async throws -> [UUID: Int] {
        guard !mentorIDs.isEmpty else { return [:] }
        let active = try await Mentorship.query(on: db).filter(\.$mentor.$id ~~ mentorIDs).filter(\.$status == .active).all()
        return active.reduce(into: [:]) { $0[$1.$mentor.id, default: 0] += 1 }
    }
}
