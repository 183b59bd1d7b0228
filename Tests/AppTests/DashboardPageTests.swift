import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import App

@Suite("Dashboards that show what's next")
struct DashboardPageTests {
    @Test("the mentee's next agreed meeting comes first with its agenda; goals with progress; actions due in words")
    func pairDashboards() async throws {
        try await withTandem { app in
            let world = try await MentorshipWorld.make(app)
            let path = "/api/v1/mentorships/\(world.mentorshipID)/meetings"
            #expect(try await world.mentor.send(.PATCH, "/api/v1/me", json: ["timeZone": "Europe/Berlin"]).status == .ok)
            let proposed = try await world.mentee.send(.POST, path, json: [
                "start": AnyEncodable(localTime(hoursFromNow: 30, in: "America/New_York")), "timeZone": AnyEncodable("America/New_York"),
                "minutes": AnyEncodable(45)])
            let meeting = try #require(try proposed.isoJSON([MeetingBody].self).first)
            #expect(try await world.mentor.send(.POST, "/api/v1/meetings/\(meeting.id)/accept").status == .ok)
            #expect(try await world.mentee.send(.POST, "/api/v1/meetings/\(meeting.id)/agenda",
                                                json: ["section": "question", "body": "How do I ask for a stretch project?"]).status == .created)
            let goal = try await world.mentee.send(.POST, "/api/v1/goals", json: reactGoal(sharedWith: [world.mentorshipID]))
            let goalID = try goal.json(GoalDetailBody.self).goal.id
            #expect(try await world.mentee.send(.POST, "/api/v1/goals/\(goalID)/progress", json: ["value": 2]).status == .created)
            let due = Day.from(3)
            #expect(try await world.mentor.send(.POST, "/api/v1/mentorships/\(world.mentorshipID)/actions",
                                                json: ["title": "Send the outline to Maya", "ownerId": try #require(try await User.find(email: "max@example.org", on: app.db)?.id).uuidString,
                                                       "dueOn": due]).status == .created)

            let max = Browser(app)
            try await max.signIn(email: "max@example.org")
            let page = try await max.get("/dashboard").body.string
            let meetingCard = try #require(page.range(of: "Next meeting with Maya"))
            let waiting = try #require(page.range(of: "Waiting for you"))
            #expect(meetingCard.lowerBound < waiting.lowerBound, "the next meeting is the first card")
            #expect(page.contains("How do I ask for a stretch project?"))
            #expect(page.contains("For Maya:"), "the other side's time, since Maya lives elsewhere")
            #expect(page.contains(#"href="/meetings/\#(meeting.id)#agenda">Add a question</a>"#))
            #expect(page.contains("meter-67") && page.contains("2 of 3 features"), "the goal with its progress bar")
            #expect(page.contains("Send the outline to Maya"))
            let weekday = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "America/New_York")!
            let dueDay = weekday[calendar.component(.weekday, from: Date().addingTimeInterval(3 * 86_400)) - 1]
            #expect(page.contains("due \(dueDay)"), "the due date in words")
            #expect(page.contains("tomorrow") || page.contains("in 2 days") || page.contains("hours"), "how far ahead, in words")

            // The API's dashboard names the same next meeting.
            struct Summary: Decodable { struct Next: Decodable { let id: UUID; let withName: String; let minutes: Int }; let nextMeeting: Next? }
            let summary = try await world.mentee.send(.GET, "/api/v1/dashboard").isoJSON(Summary.self)
            #expect(summary.nextMeeting?.id == meeting.id && summary.nextMeeting?.withName == "Maya Mentor" && summary.nextMeeting?.minutes == 45)
            #expect(try await world.participant.send(.GET, "/api/v1/dashboard").isoJSON(Summary.self).nextMeeting == nil)

            // A mentor only is not asked to set goals of their own.
            let maya = Browser(app)
            try await maya.signIn(email: "maya@example.org")
            let mentorPage = try await maya.get("/dashboard").body.string
            #expect(mentorPage.contains("Next meeting with Max"))
            #expect(!mentorPage.contains("Your goals"))
        }
    }

    @Test("a coordinator sees what needs them, with the button that acts on it; empty states fit the role")
    func coordinatorDashboard() async throws {
        try await withTandem { app in
            let world = try await MentorshipWorld.make(app)
            let dana = Browser(app)
            try await dana.signIn(email: "dana@example.org")
            let page = try await dana.get("/dashboard").body.string
            #expect(page.contains("what needs you"))
            #expect(page.contains("1 mentee without a mentor or a request on the way"), "Pat has no mentor")
            #expect(page.contains(#"href="/programs/\#(world.programID)/matching">Match the cohort</a>"#))
            #expect(page.contains("1 pair with no meeting planned"))
            #expect(page.contains(#"<span class="stat-value">3</span><span class="stat-label">participants</span>"#))
            #expect(!page.contains("When a mentor accepts your request"))
            #expect(page.contains("You coordinate “Circle” and are in no pair yourself"))
            #expect(!page.contains("Nobody has asked you yet"))
            // Pat, a mentee still looking, is offered the directory.
            let pat = Browser(app)
            try await pat.signIn(email: "pat@example.org")
            let patPage = try await pat.get("/dashboard").body.string
            #expect(patPage.contains(#"href="/programs/\#(world.programID)/mentors">Find a mentor</a>"#))
            #expect(!patPage.contains("what needs you"), "a participant sees no program health")
        }
    }

    @Test("next steps from a long record: overdue items counted, the six soonest actions (undated last), proposals to answer, a meeting to plan")
    func stepsFromALongRecord() async throws {
        try await withTandem { app in
            let world = try await MentorshipWorld.make(app)
            let actions = "/api/v1/mentorships/\(world.mentorshipID)/actions"
            let max = try #require(try await User.find(email: "max@example.org", on: app.db)?.id).uuidString
            let max2 = Browser(app)
            try await max2.signIn(email: "max@example.org")
            #expect(try await max2.get("/dashboard").body.string.contains("Plan your next meeting with Maya Mentor"), "nothing ahead: plan one")
            for (title, due) in [("Undated one", nil), ("Late by two days", Day.from(-2)), ("Late by five days", Day.from(-5)),
                                 ("Due in a week", Day.from(7)), ("Due tomorrow", Day.from(1))] as [(String, String?)] {
                var body: [String: String] = ["title": title, "ownerId": max]
                if let due { body["dueOn"] = due }
                #expect(try await world.mentor.send(.POST, actions, json: body).status == .created)
            }
            for i in 1...4 { #expect(try await world.mentor.send(.POST, actions, json: ["title": "Filler \(i)", "ownerId": max, "dueOn": Day.from(20 + i)]).status == .created) }
            let proposed = try await world.mentor.send(.POST, "/api/v1/mentorships/\(world.mentorshipID)/meetings", json: [
                "start": localTime(hoursFromNow: 50, in: "America/New_York"), "timeZone": "America/New_York"])
            #expect(proposed.status == .created)
            let page = try await max2.get("/dashboard").body.string
            #expect(page.contains("2 overdue action items"))
            #expect(page.contains("Answer Maya&#39;s meeting proposal") || page.contains("Answer Maya's meeting proposal"), "the proposal waits for Max")
            #expect(!page.contains("Plan your next meeting with Maya Mentor"), "something is ahead now")
            let shown = ["Late by five days", "Late by two days", "Due tomorrow", "Due in a week", "Filler 1", "Filler 2"]
            let positions = shown.compactMap { page.range(of: $0)?.lowerBound }
            #expect(positions.count == 6 && positions == positions.sorted(), "the six soonest, in order")
            #expect(!page.contains("Undated one") && !page.contains("Filler 3"), "undated after every dated one; six at most")
        }
    }
}
