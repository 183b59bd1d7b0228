import Fluent
import Testing
import Vapor
import VaporTesting
@testable import App

/// A program with a coordinator, a mentorship (Maya mentors Max), another participant and a
/// stranger, each with an API token.
struct MentorshipWorld {
    let coordinator: APIClient
    let mentor: APIClient
    let mentee: APIClient
    let participant: APIClient
    let stranger: APIClient
    let mentorshipID: UUID
    let programID: UUID
    /// The code of the program's shareable invite link.
    let inviteCode: String

    /// A new person in the world's program, joined by the invite link.
    func newMember(_ app: Application, name: String, email: String, role: String) async throws -> APIClient {
        let client = try await APIClient.newUser(app, name: name, email: email)
        let joined = try await client.send(.POST, "/api/v1/join/\(inviteCode)", json: ["role": role])
        #expect(joined.status == .ok)
        return client
    }

    static func make(_ app: Application) async throws -> MentorshipWorld {
        let coordinator = try await APIClient.newUser(app, name: "Dana Coordinator", email: "dana@example.org")
        let mentor = try await APIClient.newUser(app, name: "Maya Mentor", email: "maya@example.org")
        let mentee = try await APIClient.newUser(app, name: "Max Mentee", email: "max@example.org")
        let participant = try await APIClient.newUser(app, name: "Pat Participant", email: "pat@example.org")
        let stranger = try await APIClient.newUser(app, name: "Sam Stranger", email: "sam@example.org")
        let program = try await coordinator.send(.POST, "/api/v1/programs", json: [
            "name": "Circle", "startsOn": "2026-01-01", "endsOn": "2027-12-31",
        ]).json(APITests.ProgramBody.self)
        let code = String(try #require(program.inviteLink).split(separator: "/").last!)
        try await mentor.send(.POST, "/api/v1/join/\(code)", json: ["role": "mentor"])
        try await mentee.send(.POST, "/api/v1/join/\(code)", json: ["role": "mentee"])
        try await participant.send(.POST, "/api/v1/join/\(code)", json: ["role": "mentee"])
        // Mentorships come from accepted introductions (a later capability); here one is made directly.
        let maya = try #require(try await User.find(email: "maya@example.org", on: app.db))
        let max = try #require(try await User.find(email: "max@example.org", on: app.db))
        let mentorship = Mentorship(programID: program.id, mentorID: try maya.requireID(), menteeID: try max.requireID())
        try await mentorship.save(on: app.db)
        return MentorshipWorld(coordinator: coordinator, mentor: mentor, mentee: mentee, participant: participant,
                               stranger: stranger, mentorshipID: try mentorship.requireID(), programID: program.id,
                               inviteCode: code)
    }
}

struct DetailBody: Decodable {
    struct NoteBody: Decodable { let body: String; let visibility: String }
    let viewerRole: String
    let notes: [NoteBody]
    let notesCounted: Int
}

@Suite("Confidentiality on every read path")
struct ConfidentialityTests {
    @Test("the mentee's private note: the mentee only; the shared note: the pair; the coordinator: counts")
    func notesThroughAPI() async throws {
        try await withTandem { app in
            let world = try await MentorshipWorld.make(app)
            let path = "/api/v1/mentorships/\(world.mentorshipID)"
            #expect(try await world.mentee.send(.POST, path + "/notes", json: ["body": "Shared: thank you!", "visibility": "pair"]).status == .created)
            #expect(try await world.mentee.send(.POST, path + "/notes", json: ["body": "Private: nervous about the promotion", "visibility": "author_only"]).status == .created)
            #expect(try await world.mentor.send(.POST, path + "/notes", json: ["body": "Mentor's own reminder", "visibility": "author_only"]).status == .created)

            let asMentee = try await world.mentee.send(.GET, path).json(DetailBody.self)
            #expect(Set(asMentee.notes.map(\.body)) == ["Shared: thank you!", "Private: nervous about the promotion"])
            let asMentor = try await world.mentor.send(.GET, path).json(DetailBody.self)
            #expect(Set(asMentor.notes.map(\.body)) == ["Shared: thank you!", "Mentor's own reminder"])

            let asCoordinator = try await world.coordinator.send(.GET, path)
            #expect(asCoordinator.status == .ok)
            let coordinatorView = try asCoordinator.json(DetailBody.self)
            #expect(coordinatorView.viewerRole == "coordinator")
            #expect(coordinatorView.notes.isEmpty)
            #expect(coordinatorView.notesCounted == 1, "the shared note is counted; private ones are not even counted")
            #expect(!asCoordinator.body.string.contains("thank you"))
            #expect(!asCoordinator.body.string.contains("nervous"))

            for outsider in [world.participant, world.stranger] {
                let response = try await outsider.send(.GET, path)
                #expect(response.status == .notFound, "an outsider must not learn the mentorship exists")
                #expect(try await outsider.send(.GET, path + "/audit-log").status == .notFound)
                #expect(try await outsider.send(.POST, path + "/notes", json: ["body": "hi"]).status == .notFound)
            }
            // A coordinator does not write in the pair's space.
            #expect(try await world.coordinator.send(.POST, path + "/notes", json: ["body": "hello"]).status == .forbidden)
        }
    }

    @Test("a coordinator's look is written to an access log that the pair reads, and only the pair")
    func auditLog() async throws {
        try await withTandem { app in
            let world = try await MentorshipWorld.make(app)
            let path = "/api/v1/mentorships/\(world.mentorshipID)"
            #expect(try await world.mentee.send(.GET, path + "/audit-log").body.string == "[]")
            try await world.mentor.send(.GET, path)  // the pair's own reads are not audited
            try await world.coordinator.send(.GET, path)

            let log = try await world.mentee.send(.GET, path + "/audit-log")
            #expect(log.status == .ok)
            #expect(log.body.string.contains("Dana Coordinator"))
            #expect(log.body.string.contains("viewed the mentorship outline"))
            #expect(log.body.string.contains("API"))
            #expect(try await AccessAuditEntry.query(on: app.db).count() == 1)
            #expect(try await world.mentor.send(.GET, path + "/audit-log").status == .ok)
            #expect(try await world.coordinator.send(.GET, path + "/audit-log").status == .forbidden)
        }
    }

    @Test("the web page shows each viewer exactly what the API does, and logs the coordinator")
    func webPage() async throws {
        try await withTandem { app in
            let world = try await MentorshipWorld.make(app)
            let path = "/mentorships/\(world.mentorshipID)"
            try await world.mentee.send(.POST, "/api/v1\(path)/notes", json: ["body": "Private plan for my raise", "visibility": "author_only"])

            let mentee = Browser(app)
            try await mentee.signIn(email: "max@example.org")
            let write = try await mentee.get(path)
            #expect(write.body.string.contains("Private plan for my raise"))
            let saved = try await mentee.post(path + "/notes", ["body": "We agreed on weekly check-ins", "visibility": "pair"])
            #expect(saved.status == .seeOther)
            let empty = try await mentee.post(path + "/notes", ["body": "  ", "visibility": "pair"])
            #expect(empty.status == .unprocessableEntity)
            #expect(empty.body.string.contains("Note must not be empty."))

            let mentor = Browser(app)
            try await mentor.signIn(email: "maya@example.org")
            let mentorPage = try await mentor.get(path).body.string
            #expect(mentorPage.contains("We agreed on weekly check-ins"))
            #expect(!mentorPage.contains("Private plan for my raise"))

            let coordinator = Browser(app)
            try await coordinator.signIn(email: "dana@example.org")
            let coordinatorPage = try await coordinator.get(path)
            #expect(coordinatorPage.status == .ok)
            #expect(!coordinatorPage.body.string.contains("weekly check-ins"))
            #expect(!coordinatorPage.body.string.contains("Private plan"))
            #expect(coordinatorPage.body.string.contains("recorded in the pair's access log"))

            let log = try await mentee.get(path).body.string
            #expect(log.contains("Dana Coordinator viewed the mentorship outline"))

            let stranger = Browser(app)
            try await stranger.signIn(email: "sam@example.org")
            #expect(try await stranger.get(path).status == .notFound)
            #expect(try await stranger.post(path + "/notes", ["body": "x"]).status == .notFound)
        }
    }

    @Test("a coordinator of another program is a stranger here")
    func otherProgramsCoordinator() async throws {
        try await withTandem { app in
            let world = try await MentorshipWorld.make(app)
            try await world.stranger.send(.POST, "/api/v1/programs", json: ["name": "Other", "startsOn": "2026-01-01", "endsOn": "2026-12-31"])
            #expect(try await world.stranger.send(.GET, "/api/v1/mentorships/\(world.mentorshipID)").status == .notFound)
            #expect(try await world.stranger.send(.GET, "/api/v1/programs/\(world.programID)/mentorships").status == .notFound)
            #expect(try await AccessAuditEntry.query(on: app.db).count() == 0)
        }
    }
}
