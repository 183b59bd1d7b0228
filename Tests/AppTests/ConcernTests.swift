import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import App
import TandemCore

struct CaseBody: Decodable {
    struct Summary: Decodable { let id: UUID; let state: String; let outcome: String?; let otherInvolved: Bool; let consentToMediation: Bool }
    struct Entry: Decodable { let kind: String; let body: String; let party: String?; let toState: String?; let ownerId: UUID? }
    struct Shared: Decodable { let choice: String; let label: String; let excerpt: String }
    struct Read: Decodable { let channel: String }
    let concern: Summary
    let yourPart: String
    let description: String?
    let shared: [Shared]?
    let entries: [Entry]
    let reads: [Read]?
    let paused: Bool
}

@Suite("Concerns: the raiser's, shared only as chosen, mediated through states; a safety concern pauses the pair")
struct ConcernTests {
    func raise(_ client: APIClient, _ world: MentorshipWorld, _ body: [String: AnyEncodable]) async throws -> TestingHTTPResponse {
        try await client.send(.POST, "/api/v1/mentorships/\(world.mentorshipID)/concerns", json: body)
    }

    func message(_ client: APIClient, _ world: MentorshipWorld, _ text: String) async throws -> UUID {
        struct Created: Decodable { let id: UUID }
        let sent = try await client.send(.POST, "/api/v1/mentorships/\(world.mentorshipID)/messages", json: ["body": text])
        #expect(sent.status == .created, "\(sent.body.string)")
        return try sent.json(Created.self).id
    }

    @Test("raised, read by coordinators alone (and logged), mediated with consent; each side sees exactly its parts")
    func mediation() async throws {
        try await withTandem { app in
            let world = try await MentorshipWorld.make(app)
            let said = try await message(world.mentor, world, "Let's move Thursday again, sorry.")
            _ = try await message(world.mentee, world, "A private joke between us two.")
            let raised = try await raise(world.mentee, world, [
                "category": .init("commitment"), "description": .init("Maya moved four meetings at the last minute."),
                "shares": .init(["late_changes", "message:\(said.uuidString)"]),
            ])
            #expect(raised.status == .created, "\(raised.body.string)")
            let mine = try raised.json(CaseBody.self)
            let path = "/api/v1/concerns/\(mine.concern.id)"
            #expect(mine.yourPart == "raiser" && mine.concern.state == "raised" && mine.shared?.count == 2)
            #expect(mine.shared?.contains { $0.excerpt == "Let's move Thursday again, sorry." } == true)

            // The other side knows nothing: no case, no list entry, no notification about it.
            #expect(try await world.mentor.send(.GET, path).status == .notFound)
            #expect(!(try await world.mentor.send(.GET, "/api/v1/concerns").body.string.contains(mine.concern.id.uuidString)))
            #expect(!(try await world.mentor.send(.GET, "/api/v1/notifications").body.string.lowercased().contains("concern")))
            for outsider in [world.participant, world.stranger] {
                #expect(try await outsider.send(.GET, path).status == .notFound)
                #expect(try await outsider.send(.POST, path + "/entries", json: ["body": "hi"]).status == .notFound)
            }

            // The coordinator reads what Max wrote and chose to share — nothing else of the pair.
            let seen = try await world.coordinator.send(.GET, path)
            #expect(seen.status == .ok)
            let coordinatorView = try seen.json(CaseBody.self)
            #expect(coordinatorView.description == "Maya moved four meetings at the last minute.")
            #expect(!seen.body.string.contains("A private joke"), "an unshared message never reaches the coordinators")
            #expect(try await world.coordinator.send(.GET, "/api/v1/notifications").body.string.contains("A concern was raised"))
            // Every coordinator read is in the log Max reads.
            #expect(try await world.mentee.send(.GET, path).json(CaseBody.self).reads?.count == 1)

            // Impossible moves are 409; resolving needs an outcome (422).
            #expect(try await world.coordinator.send(.POST, path + "/transitions", json: ["state": "resolved", "outcome": "continue"]).status == .conflict)
            #expect(try await world.coordinator.send(.POST, path + "/transitions", json: ["state": "flying"]).status == .unprocessableEntity)
            #expect(try await world.mentee.send(.POST, path + "/transitions", json: ["state": "acknowledged"]).status == .forbidden)
            #expect(try await world.coordinator.send(.POST, path + "/transitions", json: ["state": "acknowledged", "note": "Thank you for telling us."]).status == .ok)
            #expect(try await world.coordinator.send(.POST, path + "/transitions", json: ["state": "acknowledged"]).status == .conflict, "twice is impossible")

            // Mediation needs Max's consent.
            #expect(try await world.coordinator.send(.POST, path + "/involve").status == .conflict)
            #expect(try await world.coordinator.send(.POST, path + "/entries", json: ["kind": "message", "party": "other", "body": "Hello Maya"]).status == .conflict)
            #expect(try await world.mentee.send(.POST, path + "/consent").status == .ok)
            #expect(try await world.coordinator.send(.POST, path + "/involve").status == .ok)
            #expect(try await world.coordinator.send(.POST, path + "/transitions", json: ["state": "hearing"]).status == .ok)

            // A case note for coordinators only; a word to each side for that side only.
            #expect(try await world.coordinator.send(.POST, path + "/entries", json: ["kind": "note", "body": "CASE-NOTE: patterns since spring."]).status == .created)
            #expect(try await world.coordinator.send(.POST, path + "/entries", json: ["kind": "message", "party": "other", "body": "TO-MAYA: how do you see it?"]).status == .created)
            #expect(try await world.coordinator.send(.POST, path + "/entries", json: ["kind": "message", "party": "raiser", "body": "TO-MAX: we talk to Maya."]).status == .created)
            #expect(try await world.mentor.send(.POST, path + "/entries", json: ["kind": "note", "body": "sneaky"]).status == .forbidden)
            #expect(try await world.mentor.send(.POST, path + "/entries", json: ["body": "MAYA-SIDE: my calendar exploded."]).status == .created)
            let owner = try #require(try await User.find(email: "maya@example.org", on: app.db)).requireID()
            #expect(try await world.coordinator.send(.POST, path + "/actions", json: ["title": .init("Keep the charter's 48 hours"), "ownerId": AnyEncodable(owner), "dueOn": .init("2027-01-31")]).status == .created)
            #expect(try await world.coordinator.send(.POST, path + "/actions", json: ["title": .init("x"), "ownerId": AnyEncodable(UUID())]).status == .unprocessableEntity)

            let maya = try await world.mentor.send(.GET, path)
            let mayaView = try maya.json(CaseBody.self)
            #expect(mayaView.yourPart == "other" && mayaView.description == nil && mayaView.shared == nil && mayaView.reads == nil)
            #expect(maya.body.string.contains("TO-MAYA") && maya.body.string.contains("MAYA-SIDE") && maya.body.string.contains("Keep the charter"))
            #expect(!maya.body.string.contains("CASE-NOTE") && !maya.body.string.contains("TO-MAX") && !maya.body.string.contains("four meetings"))
            let max = try await world.mentee.send(.GET, path).body.string
            #expect(max.contains("TO-MAX") && max.contains("Keep the charter") && !max.contains("CASE-NOTE") && !max.contains("TO-MAYA") && !max.contains("MAYA-SIDE"))

            // Resolved with an outcome, then closed: every move timestamped and told.
            #expect(try await world.coordinator.send(.POST, path + "/transitions", json: ["state": "agreed_actions"]).status == .ok)
            #expect(try await world.coordinator.send(.POST, path + "/transitions", json: ["state": "resolved"]).status == .unprocessableEntity)
            #expect(try await world.coordinator.send(.POST, path + "/transitions", json: ["state": "resolved", "outcome": "new_charter"]).status == .ok)
            #expect(try await world.coordinator.send(.POST, path + "/transitions", json: ["state": "closed"]).status == .ok)
            let done = try await world.mentee.send(.GET, path).json(CaseBody.self)
            #expect(done.concern.state == "closed" && done.concern.outcome == "new_charter")
            #expect(done.entries.compactMap(\.toState) == ["raised", "acknowledged", "acknowledged", "hearing", "agreed_actions", "resolved", "closed"], "opening mediation is a line of its own")
            #expect(try await world.mentee.send(.POST, path + "/entries", json: ["body": "late"]).status == .conflict)
            #expect(try await world.mentee.send(.GET, "/api/v1/me/export").body.string.contains("Maya moved four meetings"), "the raiser's words are in their export")
            #expect(!(try await world.mentor.send(.GET, "/api/v1/me/export").body.string.contains("Maya moved four meetings")))
        }
    }

    @Test("bad input: the category, over-long texts, shares that are not the raiser's to share — 422 naming the field")
    func badInput() async throws {
        try await withTandem { app in
            let world = try await MentorshipWorld.make(app)
            let noCategory = try await raise(world.mentee, world, ["description": .init("x")])
            let noCategoryFields = try noCategory.json(Problem.self).errors?.map(\.field) ?? []
            #expect(noCategory.status == .unprocessableEntity && noCategoryFields.contains("category"))
            let long = try await raise(world.mentee, world, ["category": .init("conduct"), "description": .init(String(repeating: "é", count: ConcernLimits.description + 1))])
            let longFields = try long.json(Problem.self).errors?.map(\.field) ?? []
            #expect(long.status == .unprocessableEntity && longFields == ["description"])
            // A message of another mentorship is not Max's to share.
            let other = Mentorship(programID: world.programID, mentorID: try #require(try await User.find(email: "maya@example.org", on: app.db)).requireID(),
                                   menteeID: try #require(try await User.find(email: "pat@example.org", on: app.db)).requireID())
            try await other.save(on: app.db)
            let foreign = Message(mentorshipID: try other.requireID(), authorID: other.$mentor.id, kind: .message, body: "Not Max's", meetingID: nil)
            try await foreign.save(on: app.db)
            for share in ["message:\(try foreign.requireID().uuidString)", "message:\(UUID().uuidString)", "everything", "goal:1"] {
                let refused = try await raise(world.mentee, world, ["category": .init("conduct"), "description": .init("x"), "shares": .init([share])])
                #expect(refused.status == .unprocessableEntity, "\(share)")
                let fields = try refused.json(Problem.self).errors?.map(\.field) ?? []
                #expect(fields == ["shares"], "\(share)")
            }
            #expect(try await Concern.query(on: app.db).count() == 0, "nothing half-written")
            // Nobody outside the pair raises a concern about it, a coordinator included.
            #expect(try await raise(world.coordinator, world, ["category": .init("conduct"), "description": .init("x")]).status == .notFound)
            #expect(try await raise(world.stranger, world, ["category": .init("conduct"), "description": .init("x")]).status == .notFound)
            // A coordinator never writes into the pair's feedback.
            #expect(try await world.coordinator.send(.POST, "/api/v1/mentorships/\(world.mentorshipID)/feedback", json: ["subject": "mentoring", "observed": "x"]).status == .notFound)
        }
    }

    @Test("a safety concern pauses messages and meeting proposals at once and tells the coordinators urgently — not a coordinator in the pair")
    func safety() async throws {
        try await withTandem { app in
            let world = try await MentorshipWorld.make(app)
            // Maya is a coordinator too: she must never handle, or hear of, a concern about her own mentorship.
            let mayaID = try #require(try await User.find(email: "maya@example.org", on: app.db)).requireID()
            let membership = try #require(try await ProgramMembership.query(on: app.db).filter(\.$user.$id == mayaID).first())
            membership.isCoordinator = true
            try await membership.save(on: app.db)

            let raised = try await raise(world.mentee, world, ["category": .init("safety"), "description": .init("I do not feel safe."), "tellOther": .init(false)])
            #expect(raised.status == .created)
            let id = try raised.json(CaseBody.self).concern.id
            #expect(try raised.json(CaseBody.self).paused)
            #expect(try await world.coordinator.send(.GET, "/api/v1/notifications").body.string.contains("Urgent: a safety concern"))
            #expect(try await OutboxMessage.query(on: app.db).filter(\.$subject ~~ "Urgent").count() == 1, "e-mailed to Dana alone")
            #expect(!(try await world.mentor.send(.GET, "/api/v1/notifications").body.string.contains("Urgent")))
            #expect(try await world.mentor.send(.GET, "/api/v1/concerns/\(id)").status == .notFound, "a coordinator in the pair reads it as the other side")

            let blocked = try await world.mentor.send(.POST, "/api/v1/mentorships/\(world.mentorshipID)/messages", json: ["body": "Hello?"])
            #expect(blocked.status == .conflict && !blocked.body.string.lowercased().contains("concern"), "the words name no concern")
            let proposal = try await world.mentor.send(.POST, "/api/v1/mentorships/\(world.mentorshipID)/meetings",
                                                       json: ["start": .init(localTime(hoursFromNow: 24 * 10, in: "Europe/Berlin")), "timeZone": AnyEncodable("Europe/Berlin")])
            #expect(proposal.status == .conflict)
            #expect(try await world.mentee.send(.POST, "/api/v1/concerns/\(id)/lift-pause").status == .forbidden)
            #expect(try await world.coordinator.send(.POST, "/api/v1/concerns/\(id)/lift-pause").status == .ok)
            #expect(try await world.mentor.send(.POST, "/api/v1/mentorships/\(world.mentorshipID)/messages", json: ["body": "Hello?"]).status == .created)
        }
    }

    @Test("a case nobody acknowledged within the response time is reminded to every coordinator, once")
    func reminder() async throws {
        try await withTandem { app in
            let world = try await MentorshipWorld.make(app)
            let raised = try await raise(world.mentee, world, ["category": .init("communication"), "description": .init("Answers take weeks.")])
            let id = try raised.json(CaseBody.self).concern.id
            let context = ActionContext(db: app.db, publicURL: "http://tandem.test", logger: app.logger)
            #expect(try await Reminders.run(now: Date().addingTimeInterval(2 * 86_400), context) == 0, "within the 3 days")
            async let first = Reminders.run(now: Date().addingTimeInterval(3 * 86_400 + 3600), context)
            async let second = Reminders.run(now: Date().addingTimeInterval(3 * 86_400 + 3600), context)
            #expect(try await first + second == 1, "Dana, once, whichever worker claimed it")
            #expect(try await Notification.query(on: app.db).filter(\.$title ~~ "waits for acknowledgement").count() == 1)
            #expect(try await world.coordinator.send(.POST, "/api/v1/concerns/\(id)/transitions", json: ["state": "acknowledged"]).status == .ok)
        }
    }

    @Test("a code of conduct: shown when joining, accepted once; a concern can point to it")
    func codeOfConduct() async throws {
        try await withTandem { app in
            let world = try await MentorshipWorld.make(app)
            #expect(try await raise(world.mentee, world, ["category": .init("conduct"), "description": .init("x"), "citesCodeOfConduct": .init(true)]).status == .unprocessableEntity)
            let set = try await world.coordinator.send(.PATCH, "/api/v1/programs/\(world.programID)", json: ["codeOfConduct": .init("Be kind. Keep confidences."), "responseTimeDays": AnyEncodable(2)])
            #expect(set.status == .ok, "\(set.body.string)")
            #expect(try await world.coordinator.send(.PATCH, "/api/v1/programs/\(world.programID)", json: ["responseTimeDays": 0]).status == .unprocessableEntity)
            let newcomer = try await APIClient.newUser(app, name: "Nia Newcomer", email: "nia@example.org")
            let refused = try await newcomer.send(.POST, "/api/v1/join/\(world.inviteCode)", json: ["role": "mentee"])
            #expect(refused.status == .unprocessableEntity && refused.body.string.contains("acceptCodeOfConduct"))
            #expect(try await newcomer.send(.GET, "/api/v1/programs/\(world.programID)").status == .notFound, "not joined")
            #expect(try await newcomer.send(.POST, "/api/v1/join/\(world.inviteCode)", json: ["role": .init("mentee"), "acceptCodeOfConduct": AnyEncodable(true)]).status == .ok)
            // Members from before the code accept it on its page.
            let max = Browser(app)
            try await max.signIn(email: "max@example.org")
            let before = try await max.get("/programs/\(world.programID)")
            #expect(before.body.string.contains("Read it and accept it"), "\(before.status) \(before.body.string.suffix(2000))")
            #expect(try await max.post("/programs/\(world.programID)/code-of-conduct").status == .seeOther)
            #expect(!(try await max.get("/programs/\(world.programID)").body.string.contains("Read it and accept it")))
            #expect(try await raise(world.mentee, world, ["category": .init("conduct"), "description": .init("x"), "citesCodeOfConduct": .init(true)]).status == .created)
        }
    }

    @Test("the web pages: advice first, an inline error keeps what was typed, the case page per viewer")
    func pages() async throws {
        try await withTandem { app in
            let world = try await MentorshipWorld.make(app)
            let max = Browser(app)
            try await max.signIn(email: "max@example.org")
            let page = try await max.get("/mentorships/\(world.mentorshipID)/concern").body.string
            #expect(page.contains("First, if you can: talk with Maya") && page.contains("Raise it with the coordinators"))
            let missing = try await max.post("/mentorships/\(world.mentorshipID)/concern", ["description": "Everything I typed stays.", "share-late_changes": "on"])
            #expect(missing.status == .unprocessableEntity)
            #expect(missing.body.string.contains("Everything I typed stays.") && missing.body.string.contains("Choose what the concern is about"))
            let raised = try await max.post("/mentorships/\(world.mentorshipID)/concern", ["category": "boundaries", "description": "Everything I typed stays."])
            #expect(raised.status == .seeOther)
            let casePath = try #require(raised.location)
            let own = try await max.get(casePath)
            #expect(own.body.string.contains("Everything I typed stays."), "\(own.status) \(own.body.string.suffix(3000))")
            let dana = Browser(app)
            try await dana.signIn(email: "dana@example.org")
            #expect(try await dana.get("/dashboard").body.string.contains("1 concern waiting for acknowledgement"))
            let seen = try await dana.get(casePath).body.string
            #expect(seen.contains("Move the case") && seen.contains("Everything I typed stays."))
            let wrong = try await dana.post(casePath + "/move", ["state": "closed"])
            #expect(wrong.status == .conflict && wrong.body.string.contains("cannot move"))
            #expect(try await dana.post(casePath + "/move", ["state": "acknowledged"]).status == .seeOther)
            #expect(!(try await dana.get("/dashboard").body.string.contains("waiting for acknowledgement")))
            #expect(try await max.get(casePath).body.string.contains("Dana Coordinator"), "Max sees who read his case")
            let maya = Browser(app)
            try await maya.signIn(email: "maya@example.org")
            #expect(try await maya.get(casePath).status == .notFound)
            #expect(try await max.get("/concerns").body.string.contains("Boundaries"))
        }
    }
}
