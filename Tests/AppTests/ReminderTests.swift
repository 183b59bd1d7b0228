import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import App
@testable import TandemCore

@Suite("Reminders: each sent exactly once, in the recipient's zone, as they prefer")
struct ReminderTests {
    func context(_ app: Application) -> ActionContext { ActionContext(db: app.db, publicURL: "http://tandem.test", logger: app.logger) }

    /// An agreed meeting of the world's pair starting at `start`.
    func agreedMeeting(_ app: Application, _ world: MentorshipWorld, start: Date) async throws -> Meeting {
        let maya = try #require(try await User.find(email: "maya@example.org", on: app.db))
        let meeting = Meeting(mentorshipID: world.mentorshipID, proposedBy: try maya.requireID(),
                              draft: MeetingDraft(start: start, minutes: 45), timeZone: "Europe/Berlin")
        meeting.status = .accepted
        try await meeting.create(on: app.db)
        return meeting
    }

    func titles(_ app: Application, containing text: String) async throws -> Int {
        try await Notification.query(on: app.db).filter(\.$title ~~ text).count()
    }

    @Test("two workers at once: each meeting reminder goes out exactly once, to each of the pair")
    func exactlyOnce() async throws {
        try await withTandem { app in
            let world = try await MentorshipWorld.make(app)
            let now = Date()
            _ = try await agreedMeeting(app, world, start: now.addingTimeInterval(23 * 3600))
            let context = context(app)
            async let first = Reminders.run(now: now, context)
            async let second = Reminders.run(now: now, context)
            let sent = try await first + second
            #expect(sent == 2, "one for Maya, one for Max, whichever worker claimed them")
            #expect(try await titles(app, containing: "tomorrow") == 2)
            #expect(try await Reminder.query(on: app.db).count() == 2)
            #expect(try await Reminders.run(now: now.addingTimeInterval(60), context) == 0, "nothing twice")
            // An hour before, the second reminder; again once.
            async let third = Reminders.run(now: now.addingTimeInterval(22 * 3600 + 60), context)
            async let fourth = Reminders.run(now: now.addingTimeInterval(22 * 3600 + 60), context)
            #expect(try await third + fourth == 2)
            #expect(try await titles(app, containing: "in an hour") == 2)
            #expect(try await OutboxMessage.query(on: app.db).filter(\.$subject ~~ "in an hour").count() == 2, "by e-mail by default")
        }
    }

    @Test("in-app only, and quiet hours in the recipient's own zone hold a reminder back until they end")
    func preferences() async throws {
        try await withTandem { app in
            let world = try await MentorshipWorld.make(app)
            let now = Date()
            _ = try await agreedMeeting(app, world, start: now.addingTimeInterval(23 * 3600))
            // Max (New York) is in quiet hours right now; Maya wants reminders in Tandem only.
            let newYork = TimeZone(identifier: "America/New_York")!
            let minute = QuietHours.minute(of: now, in: newYork)
            let quiet = ["quietStart": ListInput.clock((minute + 1440 - 30) % 1440), "quietEnd": ListInput.clock((minute + 30) % 1440)]
            #expect(try await world.mentee.send(.PUT, "/api/v1/me/preferences", json: quiet).status == .ok)
            #expect(try await world.mentor.send(.PUT, "/api/v1/me/preferences", json: ["remindersByEmail": false]).status == .ok)
            let bad = try await world.mentee.send(.PUT, "/api/v1/me/preferences", json: ["quietStart": "late", "quietEnd": "07:00"])
            #expect(bad.status == .unprocessableEntity && bad.body.string.contains("like 22:00"))

            #expect(try await Reminders.run(now: now, context(app)) == 1, "Maya only; Max is in quiet hours")
            #expect(try await OutboxMessage.query(on: app.db).filter(\.$subject ~~ "tomorrow").count() == 0, "Maya asked for Tandem only")
            let later = now.addingTimeInterval(31 * 60)
            #expect(try await Reminders.run(now: later, context(app)) == 1, "Max's waited until his quiet hours ended")
            #expect(try await OutboxMessage.query(on: app.db).filter(\.$recipient == "max@example.org").filter(\.$subject ~~ "tomorrow").count() == 1)
        }
    }

    @Test("overdue actions, the follow-up after a meeting, and the nudge when the pair has not met for longer than the cadence")
    func otherReminders() async throws {
        try await withTandem { app in
            let world = try await MentorshipWorld.make(app)
            let context = context(app)
            let now = Date()
            // The pair started three weeks ago and never met: both are nudged (cadence 14 days), once.
            let mentorship = try #require(try await Mentorship.find(world.mentorshipID, on: app.db))
            mentorship.startedAt = now.addingTimeInterval(-21 * 86_400)
            try await mentorship.save(on: app.db)
            #expect(try await Reminders.run(now: now, context) == 2)
            #expect(try await titles(app, containing: "Time to plan your next meeting") == 2)
            #expect(try await Reminders.run(now: now, context) == 0)

            // A meeting that ended three hours ago: the mentee is asked how it was, once; no nudge while it is recent.
            let held = try await agreedMeeting(app, world, start: now.addingTimeInterval(-4 * 3600))
            #expect(try await Reminders.run(now: now, context) == 1)
            #expect(try await titles(app, containing: "How was your meeting") == 1)

            // An action due the day before yesterday, owned by Max in New York: reminded once.
            let max = try #require(try await User.find(email: "max@example.org", on: app.db))
            let due = CalendarDate(now, in: max.zone).adding(days: -2)
            try await ActionItem(mentorshipID: world.mentorshipID, meetingID: held.id, ownerID: try max.requireID(), createdByID: try max.requireID(),
                                 title: "Send the outline", dueOn: due.description).save(on: app.db)
            try await ActionItem(mentorshipID: world.mentorshipID, meetingID: nil, ownerID: try max.requireID(), createdByID: try max.requireID(),
                                 title: "Not due yet", dueOn: CalendarDate(now, in: max.zone).adding(days: 3).description).save(on: app.db)
            #expect(try await Reminders.run(now: now, context) == 1)
            #expect(try await titles(app, containing: "Overdue: “Send the outline”") == 1)
            #expect(try await titles(app, containing: "Not due yet") == 0)
            #expect(try await Reminders.run(now: now.addingTimeInterval(3600), context) == 0)
        }
    }
}
