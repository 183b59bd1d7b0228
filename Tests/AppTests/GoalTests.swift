import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import App
@testable import TandemCore

struct ReviewBody: Decodable {
    struct Finding: Decodable { let rule: String; let letter: String; let severity: String; let message: String; let suggestion: String }
    let smart: Bool
    let findings: [Finding]
}

struct GoalDetailBody: Decodable {
    struct Goal: Decodable { let id: UUID; let title: String; let status: String; let alignedWith: [String] }
    struct Milestone: Decodable { let id: UUID; let title: String; let done: Bool }
    struct Progress: Decodable { let value: Double; let note: String }
    struct Share: Decodable { let mentorshipId: UUID }
    struct Feedback: Decodable { let kind: String; let body: String }
    let goal: Goal
    let smart: Bool
    let findings: [ReviewBody.Finding]
    let milestones: [Milestone]
    let progress: [Progress]
    let sharedWith: [Share]
    let feedback: [Feedback]
}

/// Dates relative to today, so the goals stay in the future whenever the tests run.
enum Day {
    static func from(_ days: Int) -> String { CalendarDate(Date(), in: TimeZone(identifier: "America/New_York")!).adding(days: days).description }
}

/// The guides' good goal, written out in full.
func reactGoal(sharedWith: [UUID] = [], status: String = "active", title: String = "Build a working web application using React") -> [String: AnyEncodable] {
    [
        "title": .init(title),
        "specific": .init("A deployed React app with three features: sign-in, search and a shared list."),
        "metric": .init("features deployed"), "unit": .init("features"), "baseline": .init(0.0), "target": .init(3.0),
        "achievable": .init("Five hours a week; the official tutorial; Maya reviews my pull requests."),
        "relevant": .init("Front-end skills are what I need to move from QA into product engineering."),
        "startsOn": .init(Day.from(0)), "deadline": .init(Day.from(90)),
        "sharedWith": .init(sharedWith), "status": .init(status),
    ]
}

struct AnyEncodable: Encodable {
    let value: any Encodable
    init(_ value: any Encodable) { self.value = value }
    func encode(to encoder: any Encoder) throws { try value.encode(to: encoder) }
}

@Suite("SMART goals: the checker, milestones, progress, alignment, visibility, celebrations")
struct GoalAppTests {
    @Test("review without saving: the vague goal is flagged on several letters, the guides' React goal passes")
    func review() async throws {
        try await withTandem { app in
            let world = try await MentorshipWorld.make(app)
            let vague = try await world.mentee.send(.POST, "/api/v1/goals/review", json: ["title": "Improve my programming skills"]).json(ReviewBody.self)
            #expect(!vague.smart)
            #expect(Set(vague.findings.filter { $0.severity == "problem" }.map(\.letter)).isSuperset(of: ["S", "M", "R", "T"]))
            #expect(vague.findings.allSatisfy { !$0.suggestion.isEmpty })
            let good = try await world.mentee.send(.POST, "/api/v1/goals/review", json: reactGoal()).json(ReviewBody.self)
            #expect(good.smart, "\(good.findings.map(\.message))")
            #expect(try await Goal.query(on: app.db).count() == 0, "reviewing saves nothing")
        }
    }

    @Test("only a SMART goal becomes active; bad input is refused field by field and nothing changes")
    func activation() async throws {
        try await withTandem { app in
            let world = try await MentorshipWorld.make(app)
            let refused = try await world.mentee.send(.POST, "/api/v1/goals", json: ["title": "Improve my programming skills", "status": "active"])
            #expect(refused.status == .unprocessableEntity)
            #expect(Set(try refused.json(Problem.self).errors?.map(\.field) ?? []).isSuperset(of: ["specific", "metric", "relevant", "deadline"]))
            let backwards = try await world.mentee.send(.POST, "/api/v1/goals", json: ["title": "Ship it", "startsOn": Day.from(10), "deadline": Day.from(5)])
            #expect(backwards.status == .unprocessableEntity && backwards.body.string.contains("must not be before the start"))
            #expect(try await Goal.query(on: app.db).count() == 0)

            let draft = try await world.mentee.send(.POST, "/api/v1/goals", json: ["title": "Improve my programming skills"])
            #expect(draft.status == .created)
            let id = try draft.json(GoalDetailBody.self).goal.id
            #expect(try await world.mentee.send(.PATCH, "/api/v1/goals/\(id)", json: ["status": "active"]).status == .unprocessableEntity)
            var fixed = reactGoal()
            fixed["sharedWith"] = nil
            let active = try await world.mentee.send(.PATCH, "/api/v1/goals/\(id)", json: fixed)
            #expect(active.status == .ok, "\(active.body.string)")
            #expect(try active.json(GoalDetailBody.self).goal.status == "active")
            let back = try await world.mentee.send(.PATCH, "/api/v1/goals/\(id)", json: ["status": "draft"])
            #expect(back.status == .unprocessableEntity && back.body.string.contains("cannot go from active to draft"))
            let notNumber = try await world.mentee.send(.PATCH, "/api/v1/goals/\(id)", rawBody: #"{"target":"three"}"#)
            #expect(notNumber.status == .badRequest && notNumber.body.string.contains("target"))
            #expect(try await Goal.find(id, on: app.db)?.target == 3)
        }
    }

    @Test("milestones within the goal's dates, progress as numbers kept as history, wins celebrated once with both sides")
    func milestonesProgressWins() async throws {
        try await withTandem { app in
            let world = try await MentorshipWorld.make(app)
            let created = try await world.mentee.send(.POST, "/api/v1/goals", json: reactGoal(sharedWith: [world.mentorshipID]))
            #expect(created.status == .created, "\(created.body.string)")
            let id = try created.json(GoalDetailBody.self).goal.id
            let path = "/api/v1/goals/\(id)"

            let early = try await world.mentee.send(.POST, path + "/milestones", json: ["title": "Too early", "dueOn": Day.from(-1)])
            #expect(early.status == .unprocessableEntity && early.body.string.contains("before the goal starts"))
            let late = try await world.mentee.send(.POST, path + "/milestones", json: ["title": "Too late", "dueOn": Day.from(91)])
            #expect(late.status == .unprocessableEntity && late.body.string.contains("after the goal's deadline"))
            let first = try await world.mentee.send(.POST, path + "/milestones", json: ["title": "Sign-in works", "dueOn": Day.from(30)])
            #expect(first.status == .created)
            let milestoneID = try first.json(GoalDetailBody.Milestone.self).id
            #expect(try await world.mentor.send(.POST, path + "/milestones", json: ["title": "Mine"]).status == .forbidden)

            #expect(try await world.mentee.send(.POST, path + "/progress", rawBody: #"{"value":"three"}"#).status == .badRequest)
            let missing = try await world.mentee.send(.POST, path + "/progress", json: ["note": "no number"])
            #expect(missing.status == .unprocessableEntity && missing.body.string.contains("as a number"))
            #expect(try await world.mentee.send(.POST, path + "/progress", json: ["value": .init(1.0), "recordedOn": .init(Day.from(3))] as [String: AnyEncodable]).status == .unprocessableEntity, "not in the future")
            for (value, note) in [(0.0, "set up"), (1.0, "sign-in deployed")] {
                #expect(try await world.mentee.send(.POST, path + "/progress", json: ["value": .init(value), "note": .init(note)] as [String: AnyEncodable]).status == .created)
            }
            let detail = try await world.mentor.send(.GET, path).json(GoalDetailBody.self)
            #expect(detail.progress.map(\.value) == [0, 1] && detail.milestones.map(\.title) == ["Sign-in works"])

            let done = try await world.mentee.send(.PATCH, path + "/milestones/\(milestoneID)", json: ["done": true])
            #expect(try done.json(GoalDetailBody.Milestone.self).done)
            #expect(try await world.mentee.send(.GET, "/api/v1/notifications").body.string.contains("Well done: you reached the milestone"))
            #expect(try await world.mentor.send(.GET, "/api/v1/notifications").body.string.contains("Max Mentee reached the milestone “Sign-in works”"))
            // Unticked and ticked again: still one celebration.
            _ = try await world.mentee.send(.PATCH, path + "/milestones/\(milestoneID)", json: ["done": false])
            _ = try await world.mentee.send(.PATCH, path + "/milestones/\(milestoneID)", json: ["done": true])
            #expect(try await Notification.query(on: app.db).filter(\.$title ~~ "milestone").count() == 2)

            #expect(try await world.mentee.send(.PATCH, path, json: ["status": "achieved"]).status == .ok)
            let wins = try await world.mentor.send(.GET, "/api/v1/mentorships/\(world.mentorshipID)/wins").body.string
            #expect(wins.contains("Achieved “Build a working web application using React”") && wins.contains("Reached “Sign-in works”"))
            let counted = try await world.coordinator.send(.GET, "/api/v1/mentorships/\(world.mentorshipID)/wins").body.string
            #expect(counted.contains(#""winsCounted":2"#) && !counted.contains("Sign-in works"), "a coordinator counts wins, never reads them")
            #expect(try await world.mentee.send(.GET, "/api/v1/dashboard").body.string.contains("Reached “Sign-in works”"), "recent wins on the mentee's dashboard")
        }
    }

    @Test("a mentee with two mentors chooses which goals each sees; endorsing follows the wording")
    func twoMentors() async throws {
        try await withTandem { app in
            let world = try await MentorshipWorld.make(app)
            let mo = try await world.newMember(app, name: "Mo Second", email: "mo@example.org", role: "mentor")
            let maxID = try #require(try await User.find(email: "max@example.org", on: app.db)?.id)
            let moID = try #require(try await User.find(email: "mo@example.org", on: app.db)?.id)
            let second = Mentorship(programID: world.programID, mentorID: moID, menteeID: maxID)
            try await second.save(on: app.db)
            let secondID = try second.requireID()

            func goal(_ title: String, _ shared: [UUID]) async throws -> UUID {
                let response = try await world.mentee.send(.POST, "/api/v1/goals", json: reactGoal(sharedWith: shared, status: "draft", title: title))
                #expect(response.status == .created, "\(response.body.string)")
                return try response.json(GoalDetailBody.self).goal.id
            }
            let forMaya = try await goal("Build a React app for Maya", [world.mentorshipID])
            let forMo = try await goal("Give a conference talk for Mo", [secondID])
            let secret = try await goal("Find a new job", [])

            for (client, visible, hidden) in [(world.mentor, forMaya, [forMo, secret]), (mo, forMo, [forMaya, secret])] {
                #expect(try await client.send(.GET, "/api/v1/goals/\(visible)").status == .ok)
                for id in hidden { #expect(try await client.send(.GET, "/api/v1/goals/\(id)").status == .notFound) }
                let listed = try await client.send(.GET, "/api/v1/goals").body.string
                #expect(hidden.allSatisfy { !listed.contains($0.uuidString) } && listed.contains(visible.uuidString))
            }
            for outsider in [world.coordinator, world.stranger, world.participant] {
                #expect(try await outsider.send(.GET, "/api/v1/goals/\(forMaya)").status == .notFound)
                #expect(try await outsider.send(.POST, "/api/v1/goals/\(forMo)/feedback", json: ["kind": "endorse"]).status == .notFound)
            }
            let coordinatorView = try await world.coordinator.send(.GET, "/api/v1/mentorships/\(world.mentorshipID)/goals").body.string
            #expect(coordinatorView.contains(#""goalsCounted":1"#) && !coordinatorView.contains("Build a React app"))
            // Endorsing a goal one cannot see is a 404, and changes nothing.
            #expect(try await world.mentor.send(.POST, "/api/v1/goals/\(forMo)/feedback", json: ["kind": "endorse"]).status == .notFound)
            #expect(try await GoalShare.query(on: app.db).filter(\.$endorsedAt != nil).count() == 0)

            #expect(try await world.mentor.send(.PATCH, "/api/v1/goals/\(forMaya)", json: ["title": "Mine now"]).status == .forbidden)
            #expect(try await world.mentor.send(.POST, "/api/v1/goals/\(forMaya)/feedback", json: ["kind": "endorse", "body": "Right size for 3 months."]).status == .created)
            #expect(try await world.mentor.send(.POST, "/api/v1/goals/\(forMaya)/feedback", json: ["kind": "endorse"]).status == .conflict)
            #expect(try await world.mentee.send(.GET, "/api/v1/goals/\(forMaya)").json(GoalDetailBody.self).goal.alignedWith == ["Maya Mentor"])
            #expect(try await world.mentee.send(.POST, "/api/v1/goals/\(forMaya)/feedback", json: ["kind": "endorse"]).status == .forbidden)

            // Shared with both: each mentor sees only their own pair's conversation about it.
            #expect(try await world.mentee.send(.PUT, "/api/v1/goals/\(forMaya)/sharing", json: ["mentorshipIds": [world.mentorshipID, secondID]]).status == .ok)
            #expect(try await mo.send(.POST, "/api/v1/goals/\(forMaya)/feedback", json: ["kind": "suggest_change", "body": "Cut it to two features."]).status == .created)
            let mayaSees = try await world.mentor.send(.GET, "/api/v1/goals/\(forMaya)").json(GoalDetailBody.self)
            #expect(mayaSees.sharedWith.count == 1 && mayaSees.feedback.map(\.kind) == ["endorse"])
            let maxSees = try await world.mentee.send(.GET, "/api/v1/goals/\(forMaya)").json(GoalDetailBody.self)
            #expect(maxSees.sharedWith.count == 2 && maxSees.feedback.count == 2)
            let ambiguous = try await world.mentee.send(.POST, "/api/v1/goals/\(forMaya)/feedback", json: ["body": "Thanks!"])
            #expect(ambiguous.status == .unprocessableEntity, "with two mentors the mentee says whom a comment is for")

            // A new wording needs a new endorsement.
            #expect(try await world.mentee.send(.PATCH, "/api/v1/goals/\(forMaya)", json: ["title": "Build a React app with two features"]).status == .ok)
            #expect(try await world.mentee.send(.GET, "/api/v1/goals/\(forMaya)").json(GoalDetailBody.self).goal.alignedWith.isEmpty)
            let bad = try await world.mentee.send(.PUT, "/api/v1/goals/\(secret)/sharing", json: ["mentorshipIds": [UUID()]])
            #expect(bad.status == .unprocessableEntity)
            #expect(try await GoalShare.query(on: app.db).filter(\.$goal.$id == secret).count() == 0)
        }
    }
}
