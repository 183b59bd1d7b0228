import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import App
import TandemCore

struct FeedbackBody: Decodable {
    struct Person: Decodable { let displayName: String }
    struct Answer: Decodable { let situation: String; let observed: String; let effect: String; let suggestion: String }
    let id: UUID
    let status: String
    let subject: String
    let question: String
    let receiver: Person
    let giver: Person
    let answer: Answer?
    let helpfulAt: Date?
    let actionItemId: UUID?
}

@Suite("Feedback on request, private to the pair (J11)")
struct FeedbackTests {
    func problem(_ response: TestingHTTPResponse) -> String { response.body.string.replacingOccurrences(of: "\\/", with: "/") }

    @Test("the mentee asks about a goal; only the mentor answers, once; the mentee marks it helpful and makes the suggestion an action")
    func askAnswerAct() async throws {
        try await withTandem { app in
            let world = try await MentorshipWorld.make(app)
            let goal = try await world.mentee.send(.POST, "/api/v1/goals", json: reactGoal(sharedWith: [world.mentorshipID]))
            let goalID = try goal.json(GoalDetailBody.self).goal.id
            let requests = "/api/v1/mentorships/\(world.mentorshipID)/feedback/requests"

            // Bad input is refused, field by field, and nothing is saved.
            let empty = try await world.mentee.send(.POST, requests, json: ["subject": "goal:\(goalID)", "question": "  "])
            #expect(empty.status == .unprocessableEntity && problem(empty).contains("question"))
            let noWork = try await world.mentee.send(.POST, requests, json: ["subject": "work", "question": "Is my outline too long?"])
            #expect(noWork.status == .unprocessableEntity && problem(noWork).contains("workLink"))
            let badLink = try await world.mentee.send(.POST, requests, json: ["subject": "work", "question": "Too long?", "workLink": "outline.doc"])
            #expect(badLink.status == .unprocessableEntity && problem(badLink).contains("web address"))
            let foreign = try await world.mentee.send(.POST, requests, json: ["subject": "goal:\(UUID())", "question": "Is this right?"])
            #expect(foreign.status == .unprocessableEntity && problem(foreign).contains("subject"))
            #expect(try await Feedback.query(on: app.db).count() == 0)

            let asked = try await world.mentee.send(.POST, requests, json: ["subject": "goal:\(goalID)", "question": "Is three features too much for three months?"])
            #expect(asked.status == .created, "\(asked.body.string)")
            let request = try asked.isoJSON(FeedbackBody.self)
            #expect(request.status == "asked" && request.giver.displayName == "Maya Mentor" && request.subject == "goal")
            #expect(try await OutboxMessage.query(on: app.db).filter(\.$recipient == "maya@example.org").filter(\.$subject == "Max Mentee asks for your feedback").count() == 1,
                    "the mentor is told by e-mail")
            let dashboard = try await world.mentor.send(.GET, "/api/v1/dashboard").body.string
            #expect(dashboard.contains("Answer Max's request for feedback"))

            // Who may answer: the one asked, once.
            let answer = "/api/v1/feedback/\(request.id)/answer"
            let good: [String: String] = ["situation": "In our last call", "observed": "You listed sign-in, search and a shared list.",
                                          "effect": "Search alone may take a month.", "suggestion": "Ship sign-in and search first. Keep the list for later."]
            #expect(try await world.stranger.send(.POST, answer, json: good).status == .notFound)
            #expect(try await world.coordinator.send(.POST, answer, json: good).status == .notFound)
            #expect(try await world.mentee.send(.POST, answer, json: good).status == .forbidden, "the asker does not answer her own request")
            let blank = try await world.mentor.send(.POST, answer, json: ["situation": "", "observed": " "])
            #expect(blank.status == .unprocessableEntity && problem(blank).contains("at least one part"))
            let answered = try await world.mentor.send(.POST, answer, json: good)
            #expect(answered.status == .ok)
            #expect(try answered.isoJSON(FeedbackBody.self).answer?.suggestion == good["suggestion"])
            #expect(try await world.mentor.send(.POST, answer, json: good).status == .conflict, "answered once")

            // The asker marks it helpful and turns the suggestion into an action of hers.
            let helpful = "/api/v1/feedback/\(request.id)/helpful"
            #expect(try await world.mentor.send(.POST, helpful).status == .forbidden)
            #expect(try await world.mentee.send(.POST, helpful).status == .ok)
            let action = try await world.mentee.send(.POST, "/api/v1/feedback/\(request.id)/action-item", json: ["dueOn": Day.from(7)])
            #expect(action.status == .created, "\(action.body.string)")
            let item = try #require(try await ActionItem.query(on: app.db).with(\.$owner).first())
            #expect(item.title == "Ship sign-in and search first" && item.owner.email == "max@example.org")
            #expect(try await world.mentee.send(.POST, "/api/v1/feedback/\(request.id)/action-item").status == .conflict)
            let listed = try await world.mentee.send(.GET, "/api/v1/mentorships/\(world.mentorshipID)/feedback").isoJSON([FeedbackBody].self)
            #expect(listed.first?.helpfulAt != nil && listed.first?.actionItemId == item.id)

            // Or she changes the goal in the light of it: the suggestion stands beside the goal's form.
            let max = Browser(app)
            try await max.signIn(email: "max@example.org")
            let tab = try await max.get("/mentorships/\(world.mentorshipID)/feedback").body.string
            let link = "/goals/\(goalID)/edit?feedback=\(request.id)"
            #expect(tab.contains("Change the goal in the light of it") && tab.contains(link))
            let form = try await max.get(link).body.string
            #expect(form.contains("Maya Mentor suggested:") && form.contains("Ship sign-in and search first. Keep the list for later."))
            #expect(!(try await max.get("/goals/\(goalID)/edit?feedback=\(UUID())").body.string.contains("suggested:")), "unknown feedback is ignored")
            let maya = Browser(app)
            try await maya.signIn(email: "maya@example.org")
            #expect(!(try await maya.get("/mentorships/\(world.mentorshipID)/feedback").body.string.contains("Change the goal")), "not Maya's goal")
        }
    }

    @Test("a coordinator, another participant and a stranger read nothing of it; the export has one's own")
    func privacy() async throws {
        try await withTandem { app in
            let world = try await MentorshipWorld.make(app)
            let question = "Was I too quiet in the architecture review?"
            let asked = try await world.mentee.send(.POST, "/api/v1/mentorships/\(world.mentorshipID)/feedback/requests",
                                                    json: ["subject": "mentoring", "question": question])
            #expect(asked.status == .created)
            let given = try await world.mentor.send(.POST, "/api/v1/mentorships/\(world.mentorshipID)/feedback",
                                                    json: ["subject": "work", "observed": "Your PR description was clear and short."])
            #expect(given.status == .created)
            #expect(try given.isoJSON(FeedbackBody.self).status == "given")
            #expect(try await world.mentor.send(.POST, "/api/v1/mentorships/\(world.mentorshipID)/feedback", json: ["subject": "work"]).status == .unprocessableEntity)
            for outsider in [world.coordinator, world.participant, world.stranger] {
                let response = try await outsider.send(.GET, "/api/v1/mentorships/\(world.mentorshipID)/feedback")
                #expect(response.status == .notFound)
                #expect(!response.body.string.contains(question))
                #expect(try await outsider.send(.POST, "/api/v1/mentorships/\(world.mentorshipID)/feedback/requests",
                                                json: ["subject": "mentoring", "question": "Me too?"]).status == .notFound)
            }
            let dana = Browser(app)
            try await dana.signIn(email: "dana@example.org")
            for page in ["/mentorships/\(world.mentorshipID)", "/mentorships/\(world.mentorshipID)/feedback", "/programs/\(world.programID)", "/dashboard"] {
                #expect(!(try await dana.get(page).body.string.contains(question)), "\(page) shows nothing of the pair's feedback")
            }
            #expect(try await dana.get("/mentorships/\(world.mentorshipID)/feedback").status == .notFound)
            let export = try await world.mentee.send(.GET, "/api/v1/me/export").body.string
            #expect(export.contains(question) && export.contains("Your PR description was clear"))
        }
    }

    @Test("the Feedback tab: answer in the page, errors inline with the text kept; an unanswered request is reminded once")
    func pageAndReminder() async throws {
        try await withTandem { app in
            let world = try await MentorshipWorld.make(app)
            let max = Browser(app)
            try await max.signIn(email: "max@example.org")
            let tab = "/mentorships/\(world.mentorshipID)/feedback"
            #expect(try await max.get(tab).body.string.contains("Ask Maya for feedback"))
            let refused = try await max.post(tab + "/ask", ["subject": "work", "question": "Is my talk outline too long for 10 minutes?"])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("Give a link to the work") && refused.body.string.contains("Is my talk outline too long for 10 minutes?"))
            #expect(try await max.post(tab + "/ask", ["subject": "work", "question": "Is my talk outline too long for 10 minutes?",
                                                      "workText": "1. Why tests. 2. Three patterns. 3. A demo."]).status == .seeOther)
            let request = try #require(try await Feedback.query(on: app.db).first())

            let maya = Browser(app)
            try await maya.signIn(email: "maya@example.org")
            let page = try await maya.get(tab).body.string
            #expect(page.contains("Asked of you") && page.contains("1. Why tests."))
            let long = String(repeating: "x", count: 2001)
            let tooLong = try await maya.post("/feedback/\(request.requireID())/answer", ["observed": long, "suggestion": "Cut the demo."])
            #expect(tooLong.status == .unprocessableEntity && tooLong.body.string.contains("at most 2000 characters") && tooLong.body.string.contains("Cut the demo."))
            #expect(try await maya.post("/feedback/\(request.requireID())/answer", ["suggestion": "Cut the demo to one minute."]).status == .seeOther)
            #expect(try await max.get(tab).body.string.contains("Cut the demo to one minute."))

            // A second request, left unanswered for three days, is reminded once.
            #expect(try await max.post(tab + "/ask", ["subject": "mentoring", "question": "Are our meetings useful to you?"]).status == .seeOther)
            let open = try #require(try await Feedback.query(on: app.db).filter(\.$status == .asked).first())
            open.createdAt = Date().addingTimeInterval(-4 * 86_400)
            try await open.save(on: app.db)
            let context = ActionContext(db: app.db, publicURL: "http://tandem.test", logger: app.logger)
            let before = try await Notification.query(on: app.db).filter(\.$title == "Max Mentee is waiting for your feedback").count()
            _ = try await Reminders.run(context)
            _ = try await Reminders.run(context)
            #expect(try await Notification.query(on: app.db).filter(\.$title == "Max Mentee is waiting for your feedback").count() == before + 1)
        }
    }

    @Test("two answers at once, two 'make it an action' at once: one of each is kept, the other is 409")
    func concurrent() async throws {
        try await withTandem { app in
            let world = try await MentorshipWorld.make(app)
            let asked = try await world.mentee.send(.POST, "/api/v1/mentorships/\(world.mentorshipID)/feedback/requests",
                                                    json: ["subject": "mentoring", "question": "What should I do more of?"])
            let id = try asked.isoJSON(FeedbackBody.self).id
            let mentor = world.mentor, mentee = world.mentee
            let body = ["observed": "You prepare well.", "suggestion": "Bring one question you are afraid to ask."]
            async let a = mentor.send(.POST, "/api/v1/feedback/\(id)/answer", json: body)
            async let b = mentor.send(.POST, "/api/v1/feedback/\(id)/answer", json: body)
            #expect([try await a.status.code, try await b.status.code].sorted() == [200, 409])
            async let c = mentee.send(.POST, "/api/v1/feedback/\(id)/action-item")
            async let d = mentee.send(.POST, "/api/v1/feedback/\(id)/action-item")
            #expect([try await c.status.code, try await d.status.code].sorted() == [201, 409])
            #expect(try await ActionItem.query(on: app.db).count() == 1)
        }
    }
}
