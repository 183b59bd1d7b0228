import Fluent
import Testing
import Vapor
import VaporTesting
@testable import App

@Suite("Program settings for matching and introductions")
struct ProgramSettingsTests {
    struct Settings: Decodable {
        let criteriaWeights: [String: Int]
        let languageRequired: Bool
        let requestExpiryDays: Int
        let maxOpenRequests: Int
    }

    struct Patch: Encodable {
        var criteriaWeights: [String: Int]?
        var languageRequired: Bool?
        var requestExpiryDays: Int?
        var maxOpenRequests: Int?
    }

    @Test("weights and request rules are validated, saved and used")
    func api() async throws {
        try await withTandem { app in
            let world = try await MentorshipWorld.make(app)
            let path = "/api/v1/programs/\(world.programID)"
            let standard = try await world.coordinator.send(.GET, path).json(Settings.self)
            #expect(standard.criteriaWeights["skills"] == 10 && standard.requestExpiryDays == 14 && standard.maxOpenRequests == 3)

            let bad = try await world.coordinator.send(.PATCH, path, json: Patch(criteriaWeights: ["skills": 11, "charm": 3], requestExpiryDays: 0))
            #expect(bad.status == .unprocessableEntity)
            #expect(Set(try bad.json(Problem.self).errors?.map(\.field) ?? []) == ["criteriaWeights.skills", "criteriaWeights.charm", "requestExpiryDays"])
            let allZero = try await world.coordinator.send(.PATCH, path, json: Patch(criteriaWeights: [
                "skills": 0, "challenges": 0, "values": 0, "work_style": 0, "language": 0, "time": 0]))
            #expect(allZero.status == .unprocessableEntity)
            #expect(try await world.coordinator.send(.GET, path).json(Settings.self).criteriaWeights["skills"] == 10, "nothing changed")
            #expect(try await world.mentee.send(.PATCH, path, json: Patch(maxOpenRequests: 9)).status == .forbidden)

            let saved = try await world.coordinator.send(.PATCH, path, json: Patch(
                criteriaWeights: ["skills": 10, "challenges": 0, "values": 0, "work_style": 0, "language": 0, "time": 0],
                languageRequired: false, requestExpiryDays: 7, maxOpenRequests: 1))
            #expect(saved.status == .ok)
            let settings = try saved.json(Settings.self)
            #expect(settings.requestExpiryDays == 7 && settings.maxOpenRequests == 1 && !settings.languageRequired)

            // Only skills count now: the score is the skills points alone.
            let entries = try await world.mentee.send(.GET, "/api/v1/programs/\(world.programID)/mentors").json([DirectoryEntryBody].self)
            let compatibility = try #require(entries.first?.compatibility)
            #expect(compatibility.criteria.first { $0.criterion == "skills" }?.points == compatibility.score)

            // One open request at a time, open for seven days.
            try await world.mentor.send(.PUT, "/api/v1/me/profile", json: ["capacity": 5])
            _ = try await world.newMember(app, name: "Otto", email: "otto@example.org", role: "mentor")
            let maya = try #require(try await User.find(email: "maya@example.org", on: app.db)?.id)
            let ottoID = try #require(try await User.find(email: "otto@example.org", on: app.db)?.id)
            var body = IntroductionTests.introduction
            body["mentorId"] = maya.uuidString
            let first = try await world.participant.send(.POST, "/api/v1/programs/\(world.programID)/requests", json: body)
            #expect(first.status == .created)
            let request = try #require(try await MentorshipRequest.query(on: app.db).first())
            #expect(abs(request.expiresAt.timeIntervalSinceNow - 7 * 86_400) < 120)
            body["mentorId"] = ottoID.uuidString
            let second = try await world.participant.send(.POST, "/api/v1/programs/\(world.programID)/requests", json: body)
            #expect(second.status == .conflict)
            #expect(try second.json(Problem.self).detail.contains("the most this program allows"))
        }
    }

    @Test("the program's lists of challenges and values are edited by coordinators and offered in profiles")
    func lists() async throws {
        try await withTandem { app in
            let world = try await MentorshipWorld.make(app)
            let path = "/api/v1/programs/\(world.programID)"
            #expect(try await world.coordinator.send(.GET, path).body.string.contains("returning from leave"))
            struct Lists: Encodable { let challengeOptions: [String]; let valueOptions: [String] }
            let tooLong = try await world.coordinator.send(.PATCH, path, json: Lists(challengeOptions: [String(repeating: "x", count: 41)], valueOptions: []))
            #expect(tooLong.status == .unprocessableEntity)
            #expect(try await world.coordinator.send(.PATCH, path, json: Lists(challengeOptions: ["career switch", "relocating with family", "Career switch"], valueOptions: ["candour"])).status == .ok)
            let program = try #require(try await Program.find(world.programID, on: app.db))
            #expect(program.challengeOptions == ["career switch", "relocating with family"])
            let max = Browser(app)
            try await max.signIn(email: "max@example.org")
            let page = try await max.get("/profile").body.string
            #expect(page.contains("relocating with family"))
            #expect(page.contains("candour"))
        }
    }

    @Test("mentees see how quickly a mentor usually answers")
    func typicalResponse() async throws {
        try await withTandem { app in
            let world = try await MentorshipWorld.make(app)
            try await world.mentor.send(.PUT, "/api/v1/me/profile", json: ["capacity": 5])
            let maya = try #require(try await User.find(email: "maya@example.org", on: app.db)?.id)
            var body = IntroductionTests.introduction
            body["mentorId"] = maya.uuidString
            let request = try await world.participant.send(.POST, "/api/v1/programs/\(world.programID)/requests", json: body).json(RequestBody.self)
            try await MentorshipRequest.query(on: app.db).filter(\.$id == request.id).set(\.$createdAt, to: Date().addingTimeInterval(-5 * 3600)).update()
            #expect(try await world.mentor.send(.POST, "/api/v1/requests/\(request.id)/accept").status == .ok)
            let directory = try await world.mentee.send(.GET, "/api/v1/programs/\(world.programID)/mentors").body.string
            #expect(directory.contains("within 5 hours"))
        }
    }

    @Test("the edit page shows a bad weight next to its field")
    func page() async throws {
        try await withTandem { app in
            let world = try await MentorshipWorld.make(app)
            let dana = Browser(app)
            try await dana.signIn(email: "dana@example.org")
            let edit = "/programs/\(world.programID)/edit"
            let form = try await dana.get(edit)
            #expect(form.body.string.contains(#"id="weightSkills" name="weightSkills" inputmode="numeric" value="10""#))
            let bad = try await dana.post(edit, ["name": "Circle", "startsOn": "2026-01-01", "endsOn": "2026-12-31",
                                                 "weightSkills": "12", "weightTime": "lots", "requestExpiryDays": "14", "maxOpenRequests": "3"])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("Time zone and availability weight must be a whole number."))
            let good = try await dana.post(edit, ["name": "Circle", "startsOn": "2026-01-01", "endsOn": "2026-12-31",
                                                  "weightSkills": "8", "weightChallenges": "8", "weightValues": "2", "weightWorkStyle": "2",
                                                  "weightLanguage": "2", "weightTime": "2", "requestExpiryDays": "10", "maxOpenRequests": "2"])
            #expect(good.status == .seeOther)
            let program = try #require(try await Program.find(world.programID, on: app.db))
            #expect(program.criteriaWeights.weight(.skills) == 8 && program.requestExpiryDays == 10 && !program.criteriaWeights.languageRequired)
            let again = try await dana.post(edit, ["name": "Circle", "startsOn": "2026-01-01", "endsOn": "2026-12-31", "weightSkills": "11"])
            #expect(again.status == .unprocessableEntity)
            #expect(again.body.string.contains("Skills and expertise weight must be from 0 to 10."))
        }
    }
}
