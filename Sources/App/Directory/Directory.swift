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

    static func mentors(in programID: UUID?, for viewer: User, filters: Filters, on db: any Database) async throws -> [Entry] {
        let found = try await Programs.find(programID, for: viewer, on: db)
        let viewerID = try viewer.requireID()
        var v = InputValidator()
        if let gap = filters.maxGap, !(0...12).contains(gap) { v.add("maxGap", "The time-zone difference must be from 0 to 12 hours.") }
        if let sort = filters.sort, !["compatibility", "name"].contains(sort) { v.add("sort", "Sort by compatibility or name.") }
        if (filters.q ?? "").count > 200 { v.add("q", "The search must be at most 200 characters.") }
        try v.check()

        let memberships = try await ProgramMembership.query(on: db).filter(\.$program.$id == found.programID)
            .filter(\.$isMentor == true).filter(\.$user.$id != viewerID).with(\.$user).all()
        let ids = memberships.map { $0.$user.id }
        let profiles = Dictionary(try await Profile.query(on: db).filter(\.$user.$id ~~ ids).all().map { ($0.$user.id, $0) },
                                  uniquingKeysWith: { a, _ in a })
        let loads = try await activeMentees(of: ids, on: db)
        let answers = try await MentorshipRequest.query(on: db).filter(\.$mentor.$id ~~ ids).filter(\.$status ~~ [.accepted, .declined]).all()
        let responseTimes = answers.reduce(into: [UUID: [TimeInterval]]()) { result, request in
            if let decided = request.decidedAt, let created = request.createdAt {
                result[request.$mentor.id, default: []].append(decided.timeIntervalSince(created))
            }
        }
        let me = found.membership.isMentee ? try await Profiles.profile(of: viewerID, on: db).menteeProfile(timeZone: viewer.timeZone) : nil

        let weights = found.program.criteriaWeights
        let terms = (filters.q ?? "").lowercased().split(whereSeparator: \.isWhitespace).map(String.init)
        func matches(_ text: String?, in list: [String]) -> Bool {
            guard let text = text?.trimmingCharacters(in: .whitespaces).lowercased(), !text.isEmpty else { return true }
            return list.contains { $0.lowercased() == text }
        }
        var entries: [Entry] = []
        let now = Date()
        for membership in memberships {
            let user = membership.user
            let profile = profiles[membership.$user.id] ?? Profile(userID: membership.$user.id)
            let haystack = ([user.displayName, user.headline, user.bio] + profile.expertise.map(\.skill) + profile.industries)
                .joined(separator: " ").lowercased()
            guard terms.allSatisfy({ haystack.contains($0) }),
                  matches(filters.skill, in: profile.expertise.map(\.skill)),
                  matches(filters.challenge, in: profile.challengesFaced),
                  matches(filters.language, in: profile.languages) else { continue }
            let gap = CompatibilityModel.hoursBetween(viewer.timeZone, user.timeZone, at: now)
            if let maxGap = filters.maxGap, gap > maxGap { continue }
            let load = loads[membership.$user.id] ?? 0
            let hasCapacity = profile.openToMentees && load < profile.capacity
            if filters.hasCapacity == true && !hasCapacity { continue }
            let compatibility = me.map {
                CompatibilityModel.evaluate(mentee: $0, mentor: profile.mentorProfile(timeZone: user.timeZone), weights: weights, at: now)
            }
            entries.append(Entry(mentor: try PersonDTO(user), headline: user.headline, expertise: profile.expertise,
                                 challengesFaced: profile.challengesFaced, languages: profile.languages, timeZone: user.timeZone,
                                 timeZoneGap: gap, activeMentees: load, capacity: profile.capacity,
                                 openToMentees: profile.openToMentees, hasCapacity: hasCapacity,
                                 typicalResponse: RequestRules.typicalResponse(responseTimes[membership.$user.id] ?? []).map(RequestRules.describe),
                                 compatibility: compatibility))
        }
        let byName: (Entry, Entry) -> Bool = { $0.mentor.displayName.localizedCaseInsensitiveCompare($1.mentor.displayName) == .orderedAscending }
        if (filters.sort ?? (me == nil ? "name" : "compatibility")) == "compatibility" && me != nil {
            entries.sort { ($0.compatibility?.score ?? 0, $1.mentor.displayName) > ($1.compatibility?.score ?? 0, $0.mentor.displayName) }
        } else {
            entries.sort(by: byName)
        }
        return entries
    }

    /// The skills and languages the program's mentors wrote, for the directory's filters.
    static func filterOptions(in programID: UUID, on db: any Database) async throws -> (skills: [String], languages: [String]) {
        let mentors = try await ProgramMembership.query(on: db).filter(\.$program.$id == programID).filter(\.$isMentor == true).all().map { $0.$user.id }
        let profiles = try await Profile.query(on: db).filter(\.$user.$id ~~ mentors).all()
        func distinct(_ values: [String]) -> [String] {
            var seen = Set<String>()
            return values.filter { seen.insert($0.lowercased()).inserted }.sorted { $0.localizedCaseInsensitiveCompare($1) == .orderedAscending }
        }
        return (distinct(profiles.flatMap { $0.expertise.map(\.skill) }), distinct(profiles.flatMap(\.languages)))
    }

    /// Ranked suggestions for a mentee: mentors with room, not excluded, not a past pair.
    static func suggestions(in programID: UUID, for viewer: User, limit: Int = 3, on db: any Database) async throws -> [Entry] {
        let viewerID = try viewer.requireID()
        var past = Set(try await Mentorship.query(on: db).filter(\.$mentee.$id == viewerID).all().map { $0.$mentor.id })
        // A coordinator's forbidden pairs are never suggested.
        past.formUnion(try await PairRule.query(on: db).filter(\.$program.$id == programID).filter(\.$mentee.$id == viewerID)
            .filter(\.$kind == .forbid).all().map { $0.$mentor.id })
        past.formUnion(try await MatchPreference.avoided(by: viewerID, in: programID, on: db))
        return try await mentors(in: programID, for: viewer, filters: Filters(hasCapacity: true, sort: "compatibility"), on: db)
            .filter { !past.contains($0.mentor.id) && !($0.compatibility?.isExcluded ?? true) }
            .prefix(limit).map { $0 }
    }

    static func activeMentees(of mentorIDs: [UUID], on db: any Database) async throws -> [UUID: Int] {
        guard !mentorIDs.isEmpty else { return [:] }
        let active = try await Mentorship.query(on: db).filter(\.$mentor.$id ~~ mentorIDs).filter(\.$status == .active).all()
        return active.reduce(into: [:]) { $0[$1.$mentor.id, default: 0] += 1 }
    }
}
