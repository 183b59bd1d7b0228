import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import App

@Suite("The goal pages: the checker as you write, inline errors, progress, milestones, alignment")
struct GoalPageTests {
    static let good: [String: String] = [
        "title": "Build a working web application using React",
        "specific": "A deployed React app with three features: sign-in, search and a shared list.",
        "metric": "features deployed", "unit": "features", "baseline": "0", "target": "3",
        "achievable": "Five hours a week and the official tutorial.",
        "relevant": "Front-end skills move me from QA into product engineering.",
        "startsOn": Day.from(0), "deadline": Day.from(90),
    ]

    @Test("an honest checker: nothing typed is not judged, what cannot be read is a finding, a refused save is judged as typed")
    func honestChecker() async throws {
        try await withTandem { app in
            _ = try await MentorshipWorld.make(app)
            let mentee = Browser(app)
            try await mentee.signIn(email: "max@example.org")
            let empty = try await mentee.get("/goals/new").body.string
            #expect(!empty.contains("This goal is SMART"), "an empty form is not SMART")
            #expect(empty.contains("letter pending") && empty.contains("Start with the title"))

            // The live checker (the same fragment the button and the page use).
            var vague = ["title": "Improve my programming skills", "baseline": "none"]
            let live = try await mentee.post("/goals/check", vague).body.string
            #expect(!live.contains("This goal is SMART"))
            #expect(live.contains("The starting value “none” is not a number"))
            #expect(live.contains("names an effort, not an outcome"))

            // A refused save: the checker judges what was typed, not an empty goal.
            var typed = Self.good
            typed["target"] = "three"
            typed["intent"] = "active"
            let refused = try await mentee.post("/goals", typed)
            #expect(refused.status == .unprocessableEntity)
            let html = refused.body.string
            #expect(html.contains("The target “three” is not a number"))
            #expect(!html.contains("The goal has no title"), "the title was typed")
            #expect(!html.contains("There is no deadline"), "the deadline was typed")
            #expect(!html.contains("The metric has no target value"), "a target was typed, just not a number")
            vague["baseline"] = "0"
            #expect(try await mentee.post("/goals/check", vague).body.string.contains("Not SMART yet"))
        }
    }

    @Test("write a goal: check without saving, refuse to commit a vague goal, save a draft, commit a SMART one")
    func writing() async throws {
        try await withTandem { app in
            let world = try await MentorshipWorld.make(app)
            let mentee = Browser(app)
            try await mentee.signIn(email: "max@example.org")
            let form = try await mentee.get("/goals/new?mentorship=\(world.mentorshipID)").body.string
            #expect(form.contains("A new SMART goal") && form.contains(#"name="sharedWith_\#(world.mentorshipID)" checked"#))

            let checked = try await mentee.post("/goals", ["title": "Improve my programming skills", "intent": "check"])
            #expect(checked.status == .ok && checked.body.string.contains("Not SMART yet"))
            #expect(checked.body.string.contains("names an effort, not an outcome"))
            let live = try await mentee.post("/goals/check", ["title": "Improve my programming skills"])
            #expect(live.status == .ok && live.body.string.contains("finding-problem") && !live.body.string.contains("<html"), "\(live.status) \(live.body.string.prefix(600))")
            let refused = try await mentee.post("/goals", ["title": "Improve my programming skills", "baseline": "lots", "intent": "active"])
            #expect(refused.status == .unprocessableEntity && refused.body.string.contains("The starting value “lots” is not a number, like 0 or 2.5."))
            let vague = try await mentee.post("/goals", ["title": "Improve my programming skills", "intent": "active"])
            #expect(vague.status == .unprocessableEntity && vague.body.string.contains(#"id="metric-error""#))
            #expect(try await Goal.query(on: app.db).count() == 0)

            let draft = try await mentee.post("/goals", ["title": "Improve my programming skills", "intent": "draft"])
            #expect(draft.status == .seeOther)
            var values = Self.good
            values["intent"] = "active"
            values["sharedWith_\(world.mentorshipID)"] = "on"
            let committed = try await mentee.post("/goals", values)
            #expect(committed.status == .seeOther, "\(committed.body.string)")
            let goalPath = try #require(committed.location)
            let page = try await mentee.get(goalPath).body.string
            #expect(page.contains("This goal is SMART") && page.contains("Mark achieved") && page.contains("from 0 to 3 features"))
            let list = try await mentee.get("/goals").body.string
            #expect(list.contains("Build a working web application") && list.contains("Improve my programming skills"))
            #expect(try await mentee.get("/mentorships/\(world.mentorshipID)").body.string.contains("Build a working web application"))
        }
    }

    @Test("the goal page: progress and milestones with inline errors, the chart, the mentor's endorsement, wins")
    func goalPage() async throws {
        try await withTandem { app in
            let world = try await MentorshipWorld.make(app)
            let created = try await world.mentee.send(.POST, "/api/v1/goals", json: reactGoal(sharedWith: [world.mentorshipID]))
            let id = try created.json(GoalDetailBody.self).goal.id
            let path = "/goals/\(id)"
            let mentee = Browser(app)
            try await mentee.signIn(email: "max@example.org")
            _ = try await mentee.get(path)

            let notNumber = try await mentee.post(path + "/progress", ["value": "three", "note": "nearly"])
            #expect(notNumber.status == .unprocessableEntity && notNumber.body.string.contains("“three” is not a number"))
            #expect(notNumber.body.string.contains(#"value="nearly""#), "what was typed stays")
            #expect(try await mentee.post(path + "/progress", ["value": "1", "note": "sign-in deployed"]).status == .seeOther)
            #expect(!(try await mentee.get(path).body.string.contains("meets the target")))
            let late = try await mentee.post(path + "/milestones", ["title": "Launch party", "dueOn": Day.from(200)])
            #expect(late.status == .unprocessableEntity && late.body.string.contains("after the goal&#39;s deadline") || late.body.string.contains("after the goal's deadline"))
            #expect(try await mentee.post(path + "/milestones", ["title": "Search works", "dueOn": Day.from(40)]).status == .seeOther)
            let milestone = try #require(try await Milestone.query(on: app.db).first())
            #expect(try await mentee.post(path + "/milestones/\(milestone.requireID())/toggle").status == .seeOther)
            #expect(try await Milestone.find(milestone.id, on: app.db)?.doneAt != nil)

            let chart = try await mentee.get(path + "/progress.svg")
            #expect(chart.headers.contentType?.description.hasPrefix("image/svg+xml") == true && chart.body.string.contains("<polyline"))
            let stranger = Browser(app)
            try await stranger.signIn(email: "sam@example.org")
            #expect(try await stranger.get(path + "/progress.svg").status == .notFound)
            #expect(try await stranger.get(path).status == .notFound)

            let mentor = Browser(app)
            try await mentor.signIn(email: "maya@example.org")
            #expect(try await mentor.get("/dashboard").body.string.contains("Give Max your view on"), "a shared goal waits for the mentor's view")
            let seen = try await mentor.get(path).body.string
            #expect(seen.contains("Endorse: this goal is aligned") && !seen.contains("Mark achieved"))
            #expect(try await mentor.post(path + "/feedback", ["kind": "suggest_change", "body": ""]).status == .unprocessableEntity)
            #expect(try await mentor.post(path + "/feedback", ["kind": "endorse", "body": "Good size."]).status == .seeOther)
            #expect(try await mentee.get(path).body.string.contains("Aligned with Maya Mentor"))
            #expect(!(try await mentor.get("/dashboard").body.string.contains("Give Max your view on")), "answered")
            #expect(try await mentee.post(path + "/progress", ["value": "3", "note": "all three live"]).status == .seeOther)
            #expect(try await mentee.get(path).body.string.contains("meets the target"), "the mentee is invited to mark it achieved")
            #expect(try await mentor.post(path + "/status", ["status": "achieved"]).status == .forbidden)

            let mentorship = try await mentor.get("/mentorships/\(world.mentorshipID)").body.string
            #expect(mentorship.contains("Reached “Search works”"))
            let coordinator = Browser(app)
            try await coordinator.signIn(email: "dana@example.org")
            let outline = try await coordinator.get("/mentorships/\(world.mentorshipID)").body.string
            #expect(!outline.contains("Search works") && outline.contains(#"<span class="stat-value">1</span><span class="stat-label">shared goal</span>"#))
            #expect(try await mentee.get("/dashboard").body.string.contains("Recent wins"))
        }
    }
}
