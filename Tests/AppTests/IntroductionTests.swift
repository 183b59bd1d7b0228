import Fluent
import Testing
import Vapor
import VaporTesting
@testable import App

struct RequestBody: Decodable {
    let id: UUID
    let status: String
    let declineReason: String?
    let mentorshipId: UUID?
}

@Suite("Introductions: asking a mentor")
struct IntroductionTests {
    static let introduction: [String: String] = [
        "whoIAm": "I am a QA analyst of four years moving into backend work.",
        "whatDrewMe": "You made the same switch and now lead a platform team.",
        "hopeToAchieve": "Ship a small Go service to production within three months.",
        "timeAsked": "45 minutes every two weeks for three months",
    ]

    /// Pat (a second mentee) and the world's program; Maya has room for `capacity` mentees.
    func setUp(_ app: Application, capacity: Int = 3) async throws -> (MentorshipWorld, UUID) {
        let world = try await MentorshipWorld.make(app)
        try await world.mentor.send(.PUT, "/api/v1/me/profile", json: ["capacity": capacity])
        let maya = try #require(try await User.find(email: "maya@example.org", on: app.db)?.id)
        return (world, maya)
    }

    func ask(_ client: APIClient, _ world: MentorshipWorld, mentor: UUID, changes: [String: String] = [:]) async throws -> TestingHTTPResponse {
        var body = Self.introduction.merging(changes) { $1 }
        body["mentorId"] = mentor.uuidString
        return try await client.send(.POST, "/api/v1/programs/\(world.programID)/requests", json: body)
    }

    @Test("ask, accept: the mentorship starts and both are told")
    func acceptFlow() async throws {
        try await withTandem { app in
            let (world, maya) = try await setUp(app)
            let sent = try await ask(world.participant, world, mentor: maya)
            #expect(sent.status == .created)
            let request = try sent.json(RequestBody.self)
            #expect(request.status == "pending")
            #expect(try await OutboxMessage.query(on: app.db).filter(\.$recipient == "maya@example.org").count() == 1)

            let lists = try await world.mentor.send(.GET, "/api/v1/requests").body.string
            #expect(lists.contains("Ship a small Go service"))
            // The mentee cannot answer their own request; a stranger cannot see it.
            #expect(try await world.participant.send(.POST, "/api/v1/requests/\(request.id)/accept").status == .forbidden)
            #expect(try await world.stranger.send(.POST, "/api/v1/requests/\(request.id)/accept").status == .notFound)

            let accepted = try await world.mentor.send(.POST, "/api/v1/requests/\(request.id)/accept")
            #expect(accepted.status == .ok)
            let pat = try #require(try await User.find(email: "pat@example.org", on: app.db)?.id)
            #expect(try await Mentorship.query(on: app.db).filter(\.$mentee.$id == pat).filter(\.$status == .active).count() == 1)
            #expect(try await world.participant.send(.GET, "/api/v1/notifications").body.string.contains("accepted your request"))
            // Answering twice is refused and changes nothing.
            #expect(try await world.mentor.send(.POST, "/api/v1/requests/\(request.id)/accept").status == .conflict)
            #expect(try await world.mentor.send(.POST, "/api/v1/requests/\(request.id)/decline").status == .conflict)
            #expect(try await world.participant.send(.POST, "/api/v1/requests/\(request.id)/withdraw").status == .conflict)
        }
    }

    @Test("decline with a kind word; withdraw; expiry")
    func otherEndings() async throws {
        try await withTandem { app in
            let (world, maya) = try await setUp(app)
            let first = try await ask(world.participant, world, mentor: maya).json(RequestBody.self)
            let declined = try await world.mentor.send(.POST, "/api/v1/requests/\(first.id)/decline", json: ["reason": "My calendar is full until spring."])
            #expect(try declined.json(RequestBody.self).declineReason == "My calendar is full until spring.")
            #expect(try await world.participant.send(.GET, "/api/v1/notifications").body.string.contains("My calendar is full until spring."))

            let second = try await ask(world.participant, world, mentor: maya).json(RequestBody.self)
            #expect(try await world.participant.send(.POST, "/api/v1/requests/\(second.id)/withdraw").json(RequestBody.self).status == "withdrawn")
            #expect(try await world.mentor.send(.POST, "/api/v1/requests/\(second.id)/accept").status == .conflict)

            let third = try await ask(world.participant, world, mentor: maya).json(RequestBody.self)
            try await MentorshipRequest.query(on: app.db).filter(\.$id == third.id).set(\.$expiresAt, to: Date().addingTimeInterval(-60)).update()
            #expect(try await world.mentor.send(.POST, "/api/v1/requests/\(third.id)/accept").status == .gone)
            #expect(try await MentorshipRequest.find(third.id, on: app.db)?.status == .expired)
        }
    }

    @Test("the background job expires old requests and reminds the mentor once")
    func tidy() async throws {
        try await withTandem { app in
            let (world, maya) = try await setUp(app)
            let soon = try await ask(world.participant, world, mentor: maya).json(RequestBody.self)
            try await MentorshipRequest.query(on: app.db).filter(\.$id == soon.id).set(\.$expiresAt, to: Date().addingTimeInterval(86_400)).update()
            try await Introductions.tidy(on: app.db, publicURL: "http://x", logger: app.logger)
            try await Introductions.tidy(on: app.db, publicURL: "http://x", logger: app.logger)
            let reminders = try await Notification.query(on: app.db).filter(\.$title ~~ "is waiting for your answer").count()
            #expect(reminders == 1, "exactly one reminder")
            try await Introductions.tidy(on: app.db, publicURL: "http://x", logger: app.logger, now: Date().addingTimeInterval(2 * 86_400))
            #expect(try await MentorshipRequest.find(soon.id, on: app.db)?.status == .expired)
            #expect(try await world.participant.send(.GET, "/api/v1/notifications").body.string.contains("expired"))
        }
    }

    @Test("bad requests: too short, to oneself, outside the program, duplicates, too many open, no room")
    func refusals() async throws {
        try await withTandem { app in
            let (world, maya) = try await setUp(app, capacity: 1)
            let short = try await ask(world.participant, world, mentor: maya, changes: ["whoIAm": "me", "hopeToAchieve": ""])
            #expect(short.status == .unprocessableEntity)
            #expect(Set(try short.json(Problem.self).errors?.map(\.field) ?? []) == ["whoIAm", "hopeToAchieve"])
            let pat = try #require(try await User.find(email: "pat@example.org", on: app.db)?.id)
            #expect(try await ask(world.participant, world, mentor: pat).status == .unprocessableEntity)
            let sam = try #require(try await User.find(email: "sam@example.org", on: app.db)?.id)
            #expect(try await ask(world.participant, world, mentor: sam).status == .notFound)
            // Maya mentors Max already and her capacity is 1: no room.
            let full = try await ask(world.participant, world, mentor: maya)
            #expect(full.status == .conflict)
            #expect(try full.json(Problem.self).detail.contains("no room"))
            try await world.mentor.send(.PUT, "/api/v1/me/profile", json: ["capacity": 5])
            #expect(try await ask(world.participant, world, mentor: maya).status == .created)
            #expect(try await ask(world.participant, world, mentor: maya).status == .conflict, "a duplicate pending request")
            #expect(try await MentorshipRequest.query(on: app.db).count() == 1)
        }
    }

    @Test("two accepts at the same moment never exceed the mentor's capacity")
    func concurrentAccepts() async throws {
        try await withTandem { app in
            // Maya mentors Max (1 of 2): one place left, three mentees ask.
            let (world, maya) = try await setUp(app, capacity: 2)
            var requests: [UUID] = []
            for name in ["Ann", "Bea", "Cid"] {
                let client = try await world.newMember(app, name: name, email: "\(name.lowercased())@example.org", role: "mentee")
                requests.append(try await ask(client, world, mentor: maya).json(RequestBody.self).id)
            }
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for id in requests {
                    group.addTask { try await world.mentor.send(.POST, "/api/v1/requests/\(id)/accept").status }
                }
                return try await group.reduce(into: [HTTPStatus]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .ok }.count == 1)
            #expect(statuses.filter { $0 == .conflict }.count == 2)
            #expect(try await Mentorship.query(on: app.db).filter(\.$mentor.$id == maya).filter(\.$status == .active).count() == 2)
            #expect(try await MentorshipRequest.query(on: app.db).filter(\.$status == .accepted).count() == 1)
        }
    }

    @Test("on the web: the ask form guides, errors show inline, the mentor answers from the requests page")
    func web() async throws {
        try await withTandem { app in
            let (world, maya) = try await setUp(app)
            let pat = Browser(app)
            try await pat.signIn(email: "pat@example.org")
            let askPath = "/programs/\(world.programID)/mentors/\(maya)/ask"
            let form = try await pat.get(askPath)
            #expect(form.status == .ok)
            #expect(form.body.string.contains("What drew you to Maya Mentor"))
            let short = try await pat.post(askPath, ["whoIAm": "Hi", "whatDrewMe": "", "hopeToAchieve": "", "timeAsked": ""])
            #expect(short.status == .unprocessableEntity)
            #expect(short.body.string.contains("Who you are must be at least 20 characters."))
            let sent = try await pat.post(askPath, Self.introduction)
            #expect(sent.location == "/requests")
            #expect(try await pat.get("/requests").body.string.contains("To Maya Mentor"))

            let mentor = Browser(app)
            try await mentor.signIn(email: "maya@example.org")
            #expect(try await mentor.get("/dashboard").body.string.contains("Answer 1 mentorship request"))
            let page = try await mentor.get("/requests").body.string
            #expect(page.contains("Ship a small Go service to production"))
            let id = try #require(try await MentorshipRequest.query(on: app.db).first()?.requireID())
            #expect(try await mentor.post("/requests/\(id)/accept").location == "/requests")
            #expect(try await mentor.get("/requests").body.string.contains("Open the mentorship"))
            #expect(try await pat.get("/dashboard").body.string.contains("Maya Mentor"))
        }
    }
}
