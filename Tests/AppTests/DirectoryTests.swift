import Fluent
import Testing
import Vapor
import VaporTesting
@testable import App
import TandemCore

struct DirectoryEntryBody: Decodable {
    struct Person: Decodable { let displayName: String }
    struct Criterion: Decodable { let criterion: String; let explanation: String; let points: Int }
    struct Compatibility: Decodable { let score: Int; let criteria: [Criterion]; let excludedBecause: String? }
    let mentor: Person
    let hasCapacity: Bool
    let compatibility: Compatibility?
}

@Suite("Researching mentors")
struct DirectoryTests {
    /// Maya (Swift, career switch) and Otto (Go, German only) mentor in the program; Max looks for Swift.
    func setUp(_ app: Application) async throws -> MentorshipWorld {
        let world = try await MentorshipWorld.make(app)
        let otto = try await world.newMember(app, name: "Otto Mentor", email: "otto@example.org", role: "mentor")
        try await world.mentor.send(.PUT, "/api/v1/me/profile", json: DirectoryProfile(
            expertise: [.init(skill: "Swift", level: 5), .init(skill: "Public speaking", level: 3)], challengesFaced: ["career switch"],
            capacity: 2, languages: ["English", "Spanish"], skillsWanted: [], challenges: []))
        try await otto.send(.PUT, "/api/v1/me/profile", json: DirectoryProfile(
            expertise: [.init(skill: "Go", level: 5)], challengesFaced: [], capacity: 1, languages: ["German"], skillsWanted: [], challenges: []))
        try await world.mentee.send(.PUT, "/api/v1/me/profile", json: DirectoryProfile(
            expertise: [], challengesFaced: [], capacity: 0, languages: ["English"], skillsWanted: ["Swift", "Public speaking"],
            challenges: ["career switch"]))
        return world
    }

    @Test("a mentee sees mentors ranked by compatibility, each explained")
    func ranked() async throws {
        try await withTandem { app in
            let world = try await setUp(app)
            let response = try await world.mentee.send(.GET, "/api/v1/programs/\(world.programID)/mentors")
            #expect(response.status == .ok)
            let entries = try response.json([DirectoryEntryBody].self)
            #expect(entries.map(\.mentor.displayName) == ["Maya Mentor", "Otto Mentor"])
            let maya = try #require(entries.first?.compatibility)
            #expect(maya.score > (entries.last?.compatibility?.score ?? 100))
            #expect(maya.criteria.contains { $0.explanation == "shares 2 of your 2 skills: Swift, Public speaking" })
            #expect(maya.criteria.contains { $0.explanation == "has faced your challenge: career switch" })
            #expect(entries.last?.compatibility?.excludedBecause?.contains("no language in common") == true)
            // Maya already mentors Max: the suggestions do not offer her again, nor Otto (no common language).
            let suggestions = try await world.mentee.send(.GET, "/api/v1/programs/\(world.programID)/suggestions").json([DirectoryEntryBody].self)
            #expect(suggestions.isEmpty)
        }
    }

    @Test("search and filters narrow the list; bad filters are 422")
    func filters() async throws {
        try await withTandem { app in
            let world = try await setUp(app)
            let path = "/api/v1/programs/\(world.programID)/mentors"
            func names(_ query: String) async throws -> [String] {
                try await world.mentee.send(.GET, path + query).json([DirectoryEntryBody].self).map(\.mentor.displayName)
            }
            #expect(try await names("?q=swift") == ["Maya Mentor"])
            #expect(try await names("?q=otto%20go") == ["Otto Mentor"])
            #expect(try await names("?skill=Go") == ["Otto Mentor"])
            #expect(try await names("?challenge=career%20switch") == ["Maya Mentor"])
            #expect(try await names("?language=german") == ["Otto Mentor"])
            #expect(try await names("?sort=name") == ["Maya Mentor", "Otto Mentor"])
            #expect(try await world.mentee.send(.GET, path + "?maxGap=40").status == .unprocessableEntity)
            #expect(try await world.mentee.send(.GET, path + "?sort=height").status == .unprocessableEntity)
            #expect(try await world.mentee.send(.GET, path + "?maxGap=abc").status == .badRequest)
            // Maya is at 1 of 2; Otto at 0 of 1: both have room.
            #expect(try await names("?hasCapacity=true").count == 2)
        }
    }

    @Test("coordinators see the directory without scores; strangers see nothing")
    func visibility() async throws {
        try await withTandem { app in
            let world = try await setUp(app)
            let path = "/api/v1/programs/\(world.programID)/mentors"
            let asCoordinator = try await world.coordinator.send(.GET, path).json([DirectoryEntryBody].self)
            #expect(asCoordinator.count == 2)
            #expect(asCoordinator.allSatisfy { $0.compatibility == nil })
            #expect(try await world.stranger.send(.GET, path).status == .notFound)
        }
    }

    @Test("the directory page shows scores with their reasons and keeps the filters")
    func page() async throws {
        try await withTandem { app in
            let world = try await setUp(app)
            let max = Browser(app)
            try await max.signIn(email: "max@example.org")
            let html = try await max.get("/programs/\(world.programID)/mentors?q=&skill=Swift").body.string
            #expect(html.contains("Maya Mentor"))
            #expect(!html.contains("Otto Mentor"))
            #expect(html.contains("has faced your challenge: career switch"))
            #expect(html.contains(#"id="skill" name="skill" list="skill-options" value="Swift""#))
            #expect(html.contains(#"<option value="career switch" selected>"#) == false && html.contains(#"<option value="Swift"></option>"#),
                    "the filters offer what the program's mentors wrote and the program's lists")
            let bad = try await max.get("/programs/\(world.programID)/mentors?maxGap=soon")
            #expect(bad.body.string.contains("whole number of hours"))
        }
    }
}

@Suite("The directory at the size of a program")
struct DirectoryPagingTests {
    @Test("paged 24 at a time in the same ranking, filters kept in the links; the mentee's own mentor is marked")
    func paging() async throws {
        try await withTandem { app in
            let world = try await MentorshipWorld.make(app)
            for index in 0..<30 {
                let user = User(email: "mentor\(index)@example.org", displayName: "Mentor \(String(format: "%02d", index))", passwordHash: "x", timeZone: "Europe/Berlin")
                try await user.save(on: app.db)
                try await ProgramMembership(programID: world.programID, userID: user.requireID(), isCoordinator: false, isMentor: true, isMentee: false).save(on: app.db)
                let profile = Profile(userID: try user.requireID())
                profile.expertise = [SkillLevel(skill: index % 2 == 0 ? "Swift" : "Go", level: 1 + index % 5)]
                profile.capacity = 2
                try await profile.save(on: app.db)
            }
            let ranking = try await world.mentee.send(.GET, "/api/v1/programs/\(world.programID)/mentors?sort=compatibility&perPage=100")
            struct Entry: Decodable { struct Person: Decodable { let displayName: String }; let mentor: Person }
            let order = try ranking.json([Entry].self).map(\.mentor.displayName)
            #expect(order.count == 31)
            let max = Browser(app)
            try await max.signIn(email: "max@example.org")
            func names(_ html: String) -> [String] {
                html.components(separatedBy: #"<h2><a href="/people/"#).dropFirst().compactMap { $0.split(separator: ">", maxSplits: 1).last?.split(separator: "<").first.map(String.init) }
            }
            let first = try await max.get("/programs/\(world.programID)/mentors?sort=compatibility").body.string
            #expect(first.contains("1–24 of 31 mentors"))
            #expect(names(first) == Array(order.prefix(24)), "the first page keeps the ranking")
            #expect(first.contains(#"href="/programs/\#(world.programID)/mentors?sort=compatibility&amp;page=2" rel="next""#))
            let second = try await max.get("/programs/\(world.programID)/mentors?sort=compatibility&page=2").body.string
            #expect(names(second) == Array(order.dropFirst(24)) && second.contains("25–31 of 31 mentors"))
            let beyond = try await max.get("/programs/\(world.programID)/mentors?sort=compatibility&page=99").body.string
            #expect(names(beyond) == names(second), "past the end shows the last page")
            let filtered = try await max.get("/programs/\(world.programID)/mentors?skill=Go").body.string
            #expect(filtered.contains("15 mentors") && !filtered.contains("rel=\"next\""))
            let maya = try #require(first.range(of: "Maya Mentor") != nil ? first : second)
            #expect(maya.contains("Your mentor") && maya.contains("Open your mentorship"))
            #expect(!maya.contains("/mentors/\(try #require(try await User.find(email: "maya@example.org", on: app.db)?.id))/ask"), "no asking one's own mentor again")
        }
    }
}

struct DirectoryProfile: Encodable {
    struct Skill: Encodable { let skill: String; let level: Int }
    let expertise: [Skill]
    let challengesFaced: [String]
    let capacity: Int
    let languages: [String]
    let skillsWanted: [String]
    let challenges: [String]
}
