import Fluent
import Testing
import Vapor
import VaporTesting
@testable import App
import TandemCore

/// The directory ranks from mentors kept in memory (`MentorPool`). These tests hold it to the
/// straightforward computation — every mentor's record read afresh and evaluated — on a program of
/// varied mentors, through every page, and after each kind of change the database can see.
@Suite("The kept mentor pool ranks as a fresh evaluation would")
struct MentorPoolTests {
    struct Ranked: Decodable, Equatable {
        struct Person: Decodable, Equatable { let displayName: String }
        struct Score: Decodable, Equatable { let score: Int; let excludedBecause: String? }
        let mentor: Person
        let hasCapacity: Bool
        let activeMentees: Int
        let compatibility: Score?
    }

    static let skills = ["Swift", "Go", "Kubernetes", "Testing", "System design", "Public speaking"]
    static let values = ["growth", "honesty", "curiosity", "balance"]
    static let challenges = ["career switch", "first lead role", "burnout"]
    static let zones = ["Europe/Berlin", "America/New_York", "Asia/Tokyo", "UTC", "Asia/Kolkata"]

    /// Forty mentors of a seeded variety; four names differ only in case, so both orders' tie-breaks count.
    func seed(_ app: Application, _ world: MentorshipWorld) async throws {
        var random = ProblemGenerator.Xorshift(seed: 42)
        func pick<T>(_ list: [T], _ count: Int) -> [T] { Array(list.shuffled(using: &random).prefix(count)) }
        for index in 0..<40 {
            let name = index % 10 == 3 ? ["Robin Same", "robin same", "Robin same", "ROBIN SAME"][index / 10] : "Mentor \(String(format: "%02d", (index * 7) % 40))"
            let user = User(email: "pool\(index)@example.org", displayName: name, passwordHash: "x",
                            timeZone: Self.zones[Int(random.next() % UInt64(Self.zones.count))])
            try await user.save(on: app.db)
            try await ProgramMembership(programID: world.programID, userID: user.requireID(), isCoordinator: false, isMentor: true, isMentee: false).save(on: app.db)
            let profile = Profile(userID: try user.requireID())
            profile.expertise = pick(Self.skills, Int(random.next() % 4)).map { SkillLevel(skill: $0, level: 1 + Int(random.next() % 5)) }
            profile.challengesFaced = pick(Self.challenges, Int(random.next() % 3))
            profile.values = pick(Self.values, Int(random.next() % 4))
            profile.languages = index % 9 == 0 ? ["German"] : pick(["English", "Spanish"], 1 + Int(random.next() % 2))
            profile.frequencyDays = [nil, 7, 14, 30][Int(random.next() % 4)]
            profile.workStructure = [nil, "structured", "flexible"][Int(random.next() % 3)]
            profile.availability = index % 4 == 0 ? [WeeklyWindow(weekday: 2, startMinute: 17 * 60, endMinute: 19 * 60)] : []
            profile.capacity = 1 + Int(random.next() % 3)
            try await profile.save(on: app.db)
        }
        let max = try #require(try await User.find(email: "max@example.org", on: app.db))
        let profile = try await Profile.query(on: app.db).filter(\.$user.$id == max.requireID()).first() ?? Profile(userID: try max.requireID())
        profile.skillsWanted = ["Swift", "Testing", "System design"]
        profile.challenges = ["career switch"]
        profile.values = ["growth", "honesty"]
        profile.languages = ["English"]
        profile.frequencyDays = 14
        profile.workStructure = "structured"
        profile.availability = [WeeklyWindow(weekday: 2, startMinute: 9 * 60, endMinute: 12 * 60)]
        try await profile.save(on: app.db)
    }

    /// The straightforward computation: every mentor of the program read now and evaluated, best first.
    func fresh(_ app: Application, _ world: MentorshipWorld) async throws -> [Ranked] {
        let max = try #require(try await User.find(email: "max@example.org", on: app.db))
        let program = try #require(try await Program.find(world.programID, on: app.db))
        let mine = try #require(try await Profile.query(on: app.db).filter(\.$user.$id == max.requireID()).first())
        var rows: [(name: String, ranked: Ranked)] = []
        for membership in try await ProgramMembership.query(on: app.db).filter(\.$program.$id == world.programID)
            .filter(\.$isMentor == true).filter(\.$user.$id != max.requireID()).with(\.$user).all() {
            let user = membership.user
            let profile = try await Profile.query(on: app.db).filter(\.$user.$id == user.requireID()).first() ?? Profile(userID: try user.requireID())
            let load = try await Mentorship.query(on: app.db).filter(\.$mentor.$id == user.requireID()).filter(\.$status == .active).count()
            let compatibility = CompatibilityModel.evaluate(mentee: mine.menteeProfile(timeZone: max.timeZone),
                                                            mentor: profile.mentorProfile(timeZone: user.timeZone), weights: program.criteriaWeights)
            rows.append((user.displayName, Ranked(mentor: .init(displayName: user.displayName), hasCapacity: profile.openToMentees && load < profile.capacity,
                                                  activeMentees: load,
                                                  compatibility: .init(score: compatibility.score, excludedBecause: compatibility.excludedBecause))))
        }
        return rows.sorted { ($0.ranked.compatibility!.score, $1.name) > ($1.ranked.compatibility!.score, $0.name) }.map(\.ranked)
    }

    /// Every page of the API's directory, following its Link header.
    func paged(_ world: MentorshipWorld, perPage: Int, query: String = "") async throws -> [Ranked] {
        var path: String? = "/api/v1/programs/\(world.programID)/mentors?sort=compatibility&perPage=\(perPage)\(query)"
        var all: [Ranked] = []
        var pages = 0
        while let next = path, pages < 20 {
            let response = try await world.mentee.send(.GET, next)
            #expect(response.status == .ok, "\(response.body.string)")
            all += try response.json([Ranked].self)
            path = response.headers.first(name: .link)?.components(separatedBy: ", ").first { $0.hasSuffix(#"rel="next""#) }
                .map { String($0.dropFirst().prefix { $0 != ">" }) }
            pages += 1
        }
        return all
    }

    @Test("every page in the fresh order and scores, and each change shows at once: profile, name, load, membership")
    func equalsFreshEvaluation() async throws {
        try await withTandem { app in
            let world = try await MentorshipWorld.make(app)
            try await seed(app, world)
            let expected = try await fresh(app, world)
            #expect(expected.count == 41)
            #expect(try await paged(world, perPage: 7) == expected, "seven at a time, through every page")
            let first = try await world.mentee.send(.GET, "/api/v1/programs/\(world.programID)/mentors?sort=compatibility")
            #expect(try first.json([Ranked].self) == Array(expected.prefix(24)), "24 by default")
            #expect(first.headers.first(name: "X-Total-Count") == "41")

            // A profile change (through the API) moves the mentor at once.
            let otto = try await world.newMember(app, name: "Otto Late", email: "otto@example.org", role: "mentor")
            try await otto.send(.PUT, "/api/v1/me/profile", json: DirectoryProfile(
                expertise: [.init(skill: "Swift", level: 5), .init(skill: "Testing", level: 5), .init(skill: "System design", level: 5)],
                challengesFaced: ["career switch"], capacity: 3, languages: ["English"], skillsWanted: [], challenges: []))
            var now = try await paged(world, perPage: 24)
            #expect(now == (try await fresh(app, world)))
            #expect(now.contains { $0.mentor.displayName == "Otto Late" })

            // A renamed mentor, a mentor's place taken, a mentor who stops mentoring: each at once.
            let renamed = try #require(try await User.find(email: "pool5@example.org", on: app.db))
            renamed.displayName = "Aaron First"
            try await renamed.save(on: app.db)
            let full = try #require(try await User.find(email: "pool6@example.org", on: app.db))
            let fullProfile = try #require(try await Profile.query(on: app.db).filter(\.$user.$id == full.requireID()).first())
            for index in 0..<fullProfile.capacity {
                let mentee = User(email: "taken\(index)@example.org", displayName: "Taken \(index)", passwordHash: "x", timeZone: "UTC")
                try await mentee.save(on: app.db)
                try await Mentorship(programID: world.programID, mentorID: full.requireID(), menteeID: mentee.requireID()).save(on: app.db)
            }
            let leaving = try #require(try await User.find(email: "pool7@example.org", on: app.db))
            let membership = try #require(try await ProgramMembership.query(on: app.db).filter(\.$user.$id == leaving.requireID()).first())
            membership.isMentor = false
            try await membership.save(on: app.db)
            now = try await paged(world, perPage: 100)
            #expect(now == (try await fresh(app, world)))
            #expect(now.contains { $0.mentor.displayName == "Aaron First" })
            #expect(now.filter { !$0.hasCapacity }.contains { $0.activeMentees == fullProfile.capacity })
            #expect(now.count == 41, "one joined, one left")

            // Filtered and sorted by name: the same as filtering the fresh list.
            let byName = try await world.mentee.send(.GET, "/api/v1/programs/\(world.programID)/mentors?sort=name&hasCapacity=true&perPage=100")
                .json([Ranked].self).map(\.mentor.displayName)
            let freshByName = try await fresh(app, world).filter(\.hasCapacity).map(\.mentor.displayName)
                .sorted { a, b in
                    let order = a.localizedCaseInsensitiveCompare(b)
                    return order == .orderedSame ? a < b : order == .orderedAscending
                }
            #expect(byName == freshByName)

            // The suggestions: the best with room, not excluded, not the mentee's own mentor (Maya).
            let suggested = try await world.mentee.send(.GET, "/api/v1/programs/\(world.programID)/suggestions").json([Ranked].self)
            let expectedSuggestions = try await fresh(app, world)
                .filter { $0.hasCapacity && $0.compatibility?.excludedBecause == nil && $0.mentor.displayName != "Maya Mentor" }.prefix(5)
            #expect(suggested == Array(expectedSuggestions))
        }
    }

    @Test("bad paging is a 422 naming the parameter; a page past the end is empty")
    func badPaging() async throws {
        try await withTandem { app in
            let world = try await MentorshipWorld.make(app)
            let path = "/api/v1/programs/\(world.programID)/mentors"
            for query in ["?page=0", "?perPage=0", "?perPage=101", "?page=-3"] {
                let response = try await world.mentee.send(.GET, path + query)
                #expect(response.status == .unprocessableEntity || response.status == .badRequest, "\(query)")
                #expect(response.body.string.contains(query.contains("perPage") ? "perPage" : "page"), "\(query): \(response.body.string)")
            }
            let beyond = try await world.mentee.send(.GET, path + "?page=9")
            #expect(beyond.status == .ok)
            #expect(try beyond.json([Ranked].self).isEmpty)
            #expect(beyond.headers.first(name: .link)?.contains(#"page=1>; rel="prev""#) == true, "the way back points at the last page")
        }
    }
}
