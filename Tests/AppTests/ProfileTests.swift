import Fluent
import Testing
import Vapor
import VaporTesting
@testable import App

@Suite("Profiles")
struct ProfileTests {
    @Test("a mentor fills in a profile on the web; the completeness indicator says what is missing")
    func editOnWeb() async throws {
        try await withTandem { app in
            let world = try await MentorshipWorld.make(app)
            _ = world
            let maya = Browser(app)
            try await maya.signIn(email: "maya@example.org")
            let empty = try await maya.get("/profile")
            #expect(empty.status == .ok)
            #expect(empty.body.string.contains("your expertise"))
            #expect(empty.body.string.contains("Still missing"))

            let bad = try await maya.post("/profile", [
                "expertise": "Swift (9), Go", "capacity": "many", "yearsExperience": "12", "day1Start": "18:00", "day1End": "17:00",
                "languages": "English", "workStructure": "chaotic",
            ])
            #expect(bad.status == .unprocessableEntity)
            let html = bad.body.string
            #expect(html.contains("The level of “Swift” must be a number from 1 to 5"))
            #expect(html.contains("Capacity must be a whole number."))
            #expect(html.contains("Monday: give a start and a later end"))
            #expect(html.contains("Work style must be structured or flexible."))
            #expect(html.contains(#"value="Swift (9), Go""#), "what was typed is kept")
            #expect(try await Profile.query(on: app.db).count() == 0, "nothing saved")

            let good = try await maya.post("/profile", [
                "expertise": "Swift (5), System design (4), Hiring", "industries": "Fintech", "yearsExperience": "12",
                "challengesFaced": "career switch, first-time manager", "capacity": "3", "openToMentees": "on",
                "workStructure": "structured", "frequencyDays": "14", "channel": "video", "values": "honesty, growth",
                "languages": "English, Spanish", "day1Start": "18:00", "day1End": "20:00", "day3Start": "07:30", "day3End": "08:30",
            ])
            #expect(good.location == "/profile")
            let profile = try #require(try await Profile.query(on: app.db).first())
            #expect(profile.expertise.map(\.skill) == ["Swift", "System design", "Hiring"])
            #expect(profile.expertise.map(\.level) == [5, 4, 3])
            #expect(profile.availability.count == 2)
            #expect(profile.capacity == 3)
            let page = try await maya.get("/profile").body.string
            #expect(page.contains(#"value="Swift (5), System design (4), Hiring (3)""#))
            #expect(page.contains(#"value="18:00""#))

            // Max, in the same program, reads it; Sam, a stranger, does not find it.
            let mayaID = try #require(try await User.find(email: "maya@example.org", on: app.db)?.id)
            let max = Browser(app)
            try await max.signIn(email: "max@example.org")
            let shown = try await max.get("/people/\(mayaID)")
            #expect(shown.status == .ok)
            #expect(shown.body.string.contains("System design"))
            #expect(shown.body.string.contains("Monday 18:00–20:00"))
            let sam = Browser(app)
            try await sam.signIn(email: "sam@example.org")
            #expect(try await sam.get("/people/\(mayaID)").status == .notFound)
        }
    }

    @Test("the API reads and replaces a profile with the same rules")
    func api() async throws {
        try await withTandem { app in
            let world = try await MentorshipWorld.make(app)
            let empty = try await world.mentee.send(.GET, "/api/v1/me/profile")
            #expect(empty.status == .ok)
            #expect(empty.body.string.contains("\"percent\""))

            let bad = try await world.mentee.send(.PUT, "/api/v1/me/profile", json: ProfileBody(
                expertise: [.init(skill: "Swift", level: 7)], skillsWanted: [], capacity: 99, availability: [.init(weekday: 8, startMinute: 0, endMinute: 60)]))
            #expect(bad.status == .unprocessableEntity)
            let fields = Set(try bad.json(Problem.self).errors?.map(\.field) ?? [])
            #expect(fields == ["expertise[0].level", "capacity", "availability[0].weekday"])

            let good = try await world.mentee.send(.PUT, "/api/v1/me/profile", json: ProfileBody(
                expertise: [], skillsWanted: [" Swift ", "swift", "Public speaking"], capacity: 0, availability: []))
            #expect(good.status == .ok)
            let saved = try #require(try await Profile.query(on: app.db).first())
            #expect(saved.skillsWanted == ["Swift", "Public speaking"], "trimmed, duplicates dropped")

            let maxID = try #require(try await User.find(email: "max@example.org", on: app.db)?.id)
            #expect(try await world.mentor.send(.GET, "/api/v1/people/\(maxID)/profile").status == .ok)
            #expect(try await world.stranger.send(.GET, "/api/v1/people/\(maxID)/profile").status == .notFound)
        }
    }

    @Test("capacity cannot drop below the mentees one already has")
    func capacityBelowCurrent() async throws {
        try await withTandem { app in
            let world = try await MentorshipWorld.make(app)
            let response = try await world.mentor.send(.PUT, "/api/v1/me/profile", json: ProfileBody(
                expertise: [], skillsWanted: [], capacity: 0, availability: []))
            #expect(response.status == .unprocessableEntity)
            #expect(try response.json(Problem.self).detail.contains("You mentor 1 people now"))
        }
    }
}

struct ProfileBody: Encodable {
    struct Skill: Encodable { let skill: String; let level: Int }
    struct Window: Encodable { let weekday: Int; let startMinute: Int; let endMinute: Int }
    let expertise: [Skill]
    let skillsWanted: [String]
    let capacity: Int
    let availability: [Window]
}
