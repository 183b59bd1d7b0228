import Fluent
import NIOConcurrencyHelpers
import SQLKit
import TandemCore
import Vapor

/// A program's mentors as the directory and the suggestions rank them: profiles, loads and
/// answer times read once and normalised once, then kept in memory for as long as the database's
/// directory generation (moved by triggers on every change that matters, see
/// `CreateDirectoryGeneration`) stands still. Ranking 2,500 mentors then costs one indexed read of
/// one row and the arithmetic of the fits, instead of reading 5,000 records per request.
struct MentorPool: Sendable {
    struct Mentor: Sendable {
        let person: PersonDTO
        let headline: String
        let timeZone: String
        let expertise: [SkillLevel]
        let challengesFaced: [String]
        let languages: [String]
        let capacity: Int
        let openToMentees: Bool
        let activeMentees: Int
        let typicalResponse: String?
        /// Lowercased name, headline, bio, skills and industries: where a search looks.
        let haystack: String
        let skillKeys: Set<String>
        let challengeKeys: Set<String>
        let languageKeys: Set<String>
        let prepared: CompatibilityModel.PreparedMentor
        /// Place in the name order (case-insensitive as people read a list, then as text) and in
        /// plain text order (the compatibility sort's tie-break), computed once.
        var nameRank = 0
        var textRank = 0

        var hasCapacity: Bool { openToMentees && activeMentees < capacity }
    }

    let generation: Int64
    let mentors: [Mentor]
    /// Every skill and language the mentors wrote, once each whatever the case, in reading order.
    let skillOptions: [String]
    let languageOptions: [String]

    private static let cache = NIOLockedValueBox<[UUID: MentorPool]>([:])
    /// Programs kept at once; more are read again when asked for.
    private static let capacity = 64

    /// The program's mentors as the database holds them now.
    static func current(in programID: UUID, on db: any Database) async throws -> MentorPool {
        let generation = try await Self.generation(on: db)
        if let pool = cache.withLockedValue({ $0[programID] }), pool.generation == generation { return pool }
        // Read after the generation: a change that lands meanwhile moves it again, so the next
        // request reads afresh instead of keeping a pool that misses it.
        let pool = try await load(programID, generation: generation, on: db)
        cache.withLockedValue { pools in
            if pools.count >= capacity, pools[programID] == nil { pools.removeAll() }
            if (pools[programID]?.generation ?? -1) <= generation { pools[programID] = pool }
        }
        return pool
    }

    static func generation(on db: any Database) async throws -> Int64 {
        struct Row: Decodable { let generation: Int64 }
        guard let sql = db as? any SQLDatabase else { return -1 }
        return try await sql.raw("SELECT generation FROM directory_generation WHERE id = 1").first(decoding: Row.self)?.generation ?? -1
    }

    private static func load(_ programID: UUID, generation: Int64, on db: any Database) async throws -> MentorPool {
        let memberships = try await ProgramMembership.query(on: db).filter(\.$program.$id == programID)
            .filter(\.$isMentor == true).with(\.$user).all()
        let ids = memberships.map { $0.$user.id }
        let profiles = Dictionary(try await Profile.query(on: db).filter(\.$user.$id ~~ ids).all().map { ($0.$user.id, $0) },
                                  uniquingKeysWith: { a, _ in a })
        let loads = try await Directory.activeMentees(of: ids, on: db)
        let answers = try await MentorshipRequest.query(on: db).filter(\.$mentor.$id ~~ ids).filter(\.$status ~~ [.accepted, .declined]).all()
        let responseTimes = answers.reduce(into: [UUID: [TimeInterval]]()) { result, request in
            if let decided = request.decidedAt, let created = request.createdAt {
                result[request.$mentor.id, default: []].append(decided.timeIntervalSince(created))
            }
        }
        var mentors = try memberships.map { membership -> Mentor in
            let user = membership.user
            let id = membership.$user.id
            let profile = profiles[id] ?? Profile(userID: id)
            return Mentor(person: try PersonDTO(user), headline: user.headline, timeZone: user.timeZone, expertise: profile.expertise,
                          challengesFaced: profile.challengesFaced, languages: profile.languages, capacity: profile.capacity,
                          openToMentees: profile.openToMentees, activeMentees: loads[id] ?? 0,
                          typicalResponse: RequestRules.typicalResponse(responseTimes[id] ?? []).map(RequestRules.describe),
                          haystack: ([user.displayName, user.headline, user.bio] + profile.expertise.map(\.skill) + profile.industries)
                              .joined(separator: " ").lowercased(),
                          skillKeys: Set(profile.expertise.map { $0.skill.lowercased() }),
                          challengeKeys: Set(profile.challengesFaced.map { $0.lowercased() }),
                          languageKeys: Set(profile.languages.map { $0.lowercased() }),
                          prepared: .init(profile.mentorProfile(timeZone: user.timeZone)))
        }
        let names = mentors.map(\.person.displayName)
        let byName = mentors.indices.sorted { a, b in
            let order = names[a].localizedCaseInsensitiveCompare(names[b])
            return order == .orderedSame ? names[a] < names[b] : order == .orderedAscending
        }
        for (rank, index) in byName.enumerated() {
            mentors[index].nameRank = rank
        }
        for (rank, index) in mentors.indices.sorted(by: { names[$0] < names[$1] }).enumerated() { mentors[index].textRank = rank }
        func distinct(_ values: [String]) -> [String] {
            var seen = Set<String>()
            return values.filter { seen.insert($0.lowercased()).inserted }.sorted { $0.localizedCaseInsensitiveCompare($1) == .orderedAscending }
        }
        return MentorPool(generation: generation, mentors: mentors, skillOptions: distinct(mentors.flatMap { $0.expertise.map(\.skill) }),
                          languageOptions: distinct(mentors.flatMap(\.languages)))
    }
}
