import Fluent
import Testing
import Vapor
import VaporTesting
@testable import App

struct PreviewBody: Decodable {
    struct Person: Decodable { let id: UUID; let displayName: String }
    struct Pair: Decodable { let mentee: Person; let mentor: Person; let score: Int; let locked: Bool; let wish: Int?; let reasons: [String] }
    struct Unmatched: Decodable { let mentee: Person; let reason: String }
    let pairs: [Pair]
    let unmatched: [Unmatched]
    let total: Int
}

@Suite("Bulk matching by a coordinator")
struct BulkMatchingTests {
    /// The demo program: 50 mentees, 25 mentors, 8 mentorships under way.
    func demo(_ app: Application) async throws -> (APIClient, UUID) {
        let hash = try await app.password.async(on: app.threadPool, hopTo: app.eventLoopGroup.next()).hash(DemoData.password).get()
        _ = try await DemoData.load(on: app.db, passwordHash: hash)
        let session = try await APIClient(app: app).send(.POST, "/api/v1/sessions", json: ["email": DemoData.coordinatorEmail, "password": DemoData.password])
        let coordinator = APIClient(app: app, token: try session.json(CreatedTokenBody.self).secret)
        let programID = try #require(try await Program.query(on: app.db).first()?.requireID())
        return (coordinator, programID)
    }

    @Test("the preview is optimal within capacities; a minimum score leaves weak pairs out; nothing is saved")
    func preview() async throws {
        try await withTandem { app in
            let (coordinator, programID) = try await demo(app)
            let response = try await coordinator.send(.POST, "/api/v1/programs/\(programID)/matching/preview")
            #expect(response.status == .ok)
            let preview = try response.json(PreviewBody.self)
            #expect(!preview.pairs.isEmpty)
            let mentees = try await ProgramMembership.query(on: app.db).filter(\.$isMentee == true).count()
            // Mentees with a mentor (one of them has two, alongside each other).
            let withMentor = Set(try await Mentorship.query(on: app.db).filter(\.$status == .active).all().map(\.$mentee.id)).count
            // The demo has one request waiting for an answer; that mentee is not matched again.
            let asking = try await MentorshipRequest.query(on: app.db).filter(\.$status == .pending).count()
            #expect(asking == 1)
            #expect(preview.pairs.count + preview.unmatched.count == mentees - withMentor - asking, "every mentee still without a mentor or a request is considered")
            #expect(preview.total == preview.pairs.map(\.score).reduce(0, +))
            // No mentor gets more than the places they have left.
            let perMentor = Dictionary(grouping: preview.pairs, by: \.mentor.id)
            for (mentorID, pairs) in perMentor {
                let profile = try #require(try await Profile.query(on: app.db).filter(\.$user.$id == mentorID).first())
                let active = try await Mentorship.query(on: app.db).filter(\.$mentor.$id == mentorID).filter(\.$status == .active).count()
                #expect(pairs.count <= profile.capacity - active)
            }
            #expect(preview.pairs.allSatisfy { !$0.reasons.isEmpty })
            #expect(preview.unmatched.allSatisfy { !$0.reason.isEmpty })

            let strict = try await coordinator.send(.POST, "/api/v1/programs/\(programID)/matching/preview", json: ["minimumScore": 60]).json(PreviewBody.self)
            #expect(strict.pairs.allSatisfy { $0.score >= 60 })
            #expect(try await coordinator.send(.POST, "/api/v1/programs/\(programID)/matching/preview", json: ["minimumScore": 101]).status == .unprocessableEntity)
            #expect(try await MentorshipRequest.query(on: app.db).count() == asking, "a preview sends nothing")
        }
    }

    @Test("forbidding and locking pairs changes the next run; publishing asks each mentor")
    func adjustAndPublish() async throws {
        try await withTandem { app in
            let (coordinator, programID) = try await demo(app)
            let path = "/api/v1/programs/\(programID)"
            let first = try await coordinator.send(.POST, path + "/matching/preview").json(PreviewBody.self)
            let top = try #require(first.pairs.first)
            struct Rule: Encodable { let menteeId: UUID; let mentorId: UUID; let kind: String }
            #expect(try await coordinator.send(.PUT, path + "/pair-rules", json: Rule(menteeId: top.mentee.id, mentorId: top.mentor.id, kind: "forbid")).status == .noContent)
            let second = try await coordinator.send(.POST, path + "/matching/preview").json(PreviewBody.self)
            #expect(!second.pairs.contains { $0.mentee.id == top.mentee.id && $0.mentor.id == top.mentor.id })

            // Lock a pair the solver did not choose: it is kept.
            let other = try #require(second.pairs.first { $0.mentee.id != top.mentee.id })
            let alternative = try #require(second.pairs.first { $0.mentor.id != other.mentor.id && $0.mentee.id != other.mentee.id })
            #expect(try await coordinator.send(.PUT, path + "/pair-rules", json: Rule(menteeId: other.mentee.id, mentorId: alternative.mentor.id, kind: "lock")).status == .noContent)
            let third = try await coordinator.send(.POST, path + "/matching/preview").json(PreviewBody.self)
            #expect(third.pairs.contains { $0.mentee.id == other.mentee.id && $0.mentor.id == alternative.mentor.id && $0.locked })

            // Bad rules: unknown kind, someone outside the program, a mentor as mentee.
            #expect(try await coordinator.send(.PUT, path + "/pair-rules", json: Rule(menteeId: top.mentee.id, mentorId: top.mentor.id, kind: "maybe")).status == .unprocessableEntity)
            #expect(try await coordinator.send(.PUT, path + "/pair-rules", json: Rule(menteeId: UUID(), mentorId: top.mentor.id, kind: "lock")).status == .notFound)
            #expect(try await coordinator.send(.PUT, path + "/pair-rules", json: Rule(menteeId: top.mentor.id, mentorId: top.mentee.id, kind: "lock")).status == .unprocessableEntity)

            let publishing = try await coordinator.send(.POST, path + "/matching/publish")
            #expect(publishing.status == .ok)
            let count = try await MentorshipRequest.query(on: app.db).filter(\.$status == .pending).count()
            #expect(count == third.pairs.count + 1, "one request per published pair, besides the demo's own")
            // Mentees with a pending request are not matched again, and the places asked for are spoken for.
            let after = try await coordinator.send(.POST, path + "/matching/preview").json(PreviewBody.self)
            let published = Set(third.pairs.map(\.mentee.id))
            #expect(after.pairs.allSatisfy { !published.contains($0.mentee.id) })
            #expect(after.pairs.count + after.unmatched.count == third.unmatched.count)
        }
    }

    @Test("only coordinators match; the page previews with lock and forbid buttons")
    func permissionsAndPage() async throws {
        try await withTandem { app in
            let (_, programID) = try await demo(app)
            let mentee = try await APIClient(app: app).send(.POST, "/api/v1/sessions", json: ["email": DemoData.menteeEmail, "password": DemoData.password])
            let client = APIClient(app: app, token: try mentee.json(CreatedTokenBody.self).secret)
            #expect(try await client.send(.POST, "/api/v1/programs/\(programID)/matching/preview").status == .forbidden)

            let browser = Browser(app)
            try await browser.signIn(email: DemoData.coordinatorEmail, password: DemoData.password)
            let page = try await browser.get("/programs/\(programID)/matching?run=1&mode=everyone")
            #expect(page.status == .ok)
            #expect(page.body.string.contains("Publish these"))
            #expect(page.body.string.contains(">Forbid<"))
            let bad = try await browser.get("/programs/\(programID)/matching?run=1&mode=minimum&minimumScore=high")
            #expect(bad.body.string.contains("Give the minimum score as a whole number"))
        }
    }
}

@Suite("Mentees' wishes")
struct WishTests {
    @Test("wishes are validated, ranked, and weigh in bulk matching")
    func wishes() async throws {
        try await withTandem { app in
            let world = try await MentorshipWorld.make(app)
            let path = "/api/v1/programs/\(world.programID)/wishes"
            let maya = try #require(try await User.find(email: "maya@example.org", on: app.db)?.id)
            let pat = try #require(try await User.find(email: "pat@example.org", on: app.db)?.id)
            #expect(try await world.participant.send(.PUT, path, json: ["mentorIds": [pat]]).status == .unprocessableEntity, "not a mentor; oneself")
            #expect(try await world.participant.send(.PUT, path, json: ["mentorIds": [maya, maya]]).status == .unprocessableEntity)
            #expect(try await world.participant.send(.PUT, path, json: ["mentorIds": [UUID(), UUID(), UUID(), UUID()]]).status == .unprocessableEntity)
            #expect(try await world.coordinator.send(.PUT, path, json: ["mentorIds": [maya]]).status == .forbidden)
            #expect(try await world.stranger.send(.PUT, path, json: ["mentorIds": [maya]]).status == .notFound)
            #expect(try await world.participant.send(.PUT, path, json: ["mentorIds": [maya]]).status == .ok)
            #expect(try await world.participant.send(.GET, path).body.string.contains(maya.uuidString))

            // Otto fits Pat a little better (a shared language); Pat's first wish is Maya, and the wish decides.
            let otto = try await world.newMember(app, name: "Otto", email: "otto@example.org", role: "mentor")
            let ottoID = try #require(try await User.find(email: "otto@example.org", on: app.db)?.id)
            try await otto.send(.PUT, "/api/v1/me/profile", json: DirectoryProfile(expertise: [], challengesFaced: [], capacity: 1, languages: ["English"], skillsWanted: [], challenges: []))
            try await world.participant.send(.PUT, "/api/v1/me/profile", json: DirectoryProfile(expertise: [], challengesFaced: [], capacity: 0, languages: ["English"], skillsWanted: [], challenges: []))
            try await world.mentor.send(.PUT, "/api/v1/me/profile", json: ["capacity": 3])
            let preview = try await world.coordinator.send(.POST, "/api/v1/programs/\(world.programID)/matching/preview").json(PreviewBody.self)
            let patPair = try #require(preview.pairs.first { $0.mentee.id == pat })
            #expect(patPair.mentor.id == maya)
            #expect(patPair.wish == 1)
            #expect(try await world.participant.send(.PUT, path, json: ["mentorIds": [UUID]()]).status == .ok)
            let without = try await world.coordinator.send(.POST, "/api/v1/programs/\(world.programID)/matching/preview").json(PreviewBody.self)
            #expect(without.pairs.first { $0.mentee.id == pat }?.mentor.id == ottoID, "without the wish the better fit wins")
            #expect(try await world.participant.send(.PUT, path, json: ["mentorIds": [maya]]).status == .ok)

            // On the web: add and remove from the directory.
            let browser = Browser(app)
            try await browser.signIn(email: "pat@example.org")
            try await browser.get("/programs/\(world.programID)/mentors")
            #expect(try await browser.post("/programs/\(world.programID)/wishes/remove", ["mentorId": maya.uuidString]).status == .seeOther)
            #expect(try await MentorWish.query(on: app.db).count() == 0)
            try await browser.post("/programs/\(world.programID)/wishes/add", ["mentorId": maya.uuidString])
            #expect(try await browser.get("/programs/\(world.programID)/mentors").body.string.contains("In your wishes"))
        }
    }
}
