import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import App
@testable import TandemCore

@Suite("Meeting pages: plan, accept, move, talk flow, notes, actions, thank-you, thread")
struct MeetingPageTests {
    @Test("times read in the reader's zone and clock habit: the zone's usual one, or the one chosen in Settings")
    func clockHabit() async throws {
        try await withTandem { app in
            let world = try await MentorshipWorld.make(app)
            let mentee = Browser(app)
            try await mentee.signIn(email: "max@example.org")
            try await mentee.get("/settings")
            #expect(try await mentee.post("/settings/profile", ["displayName": "Max Mentee", "timeZone": "America/New_York", "clock": "auto"]).status == .seeOther)
            let start = localTime(hoursFromNow: 30, in: "America/New_York")  // "2026-12-03T14:00"
            let hour = Int(start.dropFirst(11).prefix(2))!
            #expect(try await mentee.post("/mentorships/\(world.mentorshipID)/meetings",
                                          ["start": start, "timeZone": "America/New_York", "minutes": "45"]).status == .seeOther)
            let twelve = "\(hour % 12 == 0 ? 12 : hour % 12):00 \(hour < 12 ? "AM" : "PM")"
            let twentyFour = String(start.dropFirst(11).prefix(5))
            let meetings = "/mentorships/\(world.mentorshipID)/meetings"
            #expect(try await mentee.get(meetings).body.string.contains(", \(twelve)"), "New York reads a 12-hour clock by default")
            #expect(try await mentee.post("/settings/profile", ["displayName": "Max Mentee", "timeZone": "America/New_York", "clock": "24h"]).status == .seeOther)
            let page = try await mentee.get(meetings).body.string
            #expect(page.contains(", \(twentyFour)") && !page.contains(twelve), "the chosen habit wins")
            #expect(try await mentee.post("/settings/profile", ["displayName": "Max Mentee", "clock": "13h"]).status == .unprocessableEntity)
            let me = try await world.mentee.send(.GET, "/api/v1/me")
            #expect(me.body.string.contains(#""clock":"24h""#))
        }
    }

    @Test("plan a meeting in the browser's own terms, with inline errors; the other side accepts; late moves are marked")
    func planAndAccept() async throws {
        try await withTandem { app in
            let world = try await MentorshipWorld.make(app)
            let mentee = Browser(app)
            try await mentee.signIn(email: "max@example.org")
            let form = try await mentee.get("/mentorships/\(world.mentorshipID)/meetings/new").body.string
            #expect(form.contains("Plan a meeting with Maya Mentor") && form.contains(#"name="minutes" inputmode="numeric" value="45""#))
            let past = try await mentee.post("/mentorships/\(world.mentorshipID)/meetings", ["start": "2020-01-01T10:00", "timeZone": "America/New_York", "minutes": "45"])
            #expect(past.status == .unprocessableEntity && past.body.string.contains(#"id="start-error""#))
            let zone = try await mentee.post("/mentorships/\(world.mentorshipID)/meetings", ["start": "2027-01-01T10:00", "timeZone": "Atlantis/Capital", "minutes": "45"])
            #expect(zone.status == .unprocessableEntity && zone.body.string.contains("is not a time zone we know") && zone.body.string.contains(#"value="Atlantis/Capital""#))
            let planned = try await mentee.post("/mentorships/\(world.mentorshipID)/meetings",
                                                ["start": localTime(hoursFromNow: 5, in: "America/New_York"), "timeZone": "America/New_York", "minutes": "45", "link": ""])
            #expect(planned.status == .seeOther, "\(planned.body.string)")
            let meetingPath = try #require(planned.location)
            #expect(try await mentee.get(meetingPath).body.string.contains("proposed"))

            let mentor = Browser(app)
            try await mentor.signIn(email: "maya@example.org")
            let page = try await mentor.get(meetingPath).body.string
            #expect(page.contains("Accept this time") && page.contains("meeting.ics"))
            #expect(try await mentor.post(meetingPath + "/accept").status == .seeOther)
            #expect(try await mentor.get(meetingPath).body.string.contains("agreed"))
            // Moving it with five hours' notice breaks the default 24-hour rule: recorded as late.
            let moved = try await mentor.post(meetingPath + "/reschedule", ["start": localTime(hoursFromNow: 8, in: "America/New_York"),
                                                                             "timeZone": "America/New_York", "minutes": "45", "message": "Train delayed"])
            #expect(moved.status == .seeOther)
            #expect(try await mentee.get(meetingPath).body.string.contains("late change"))
            #expect(try await mentee.get("/mentorships/\(world.mentorshipID)/meetings").body.string.contains("moved a meeting late"))
            let ics = try await mentee.get(meetingPath + "/meeting.ics")
            #expect(ics.headers.contentType?.description.hasPrefix("text/calendar") == true && ics.body.string.contains("SEQUENCE:2"))
            let stranger = Browser(app)
            try await stranger.signIn(email: "sam@example.org")
            #expect(try await stranger.get(meetingPath).status == .notFound)
            #expect(try await stranger.get("/mentorships/\(world.mentorshipID)/meetings/new").status == .notFound)
        }
    }

    @Test("talk flow, notes, actions and the thank-you on the page; the thread, journal and resources on the mentorship")
    func talkFlowAndFollowUp() async throws {
        try await withTandem { app in
            let world = try await MentorshipWorld.make(app)
            let made = try await world.mentee.send(.POST, "/api/v1/mentorships/\(world.mentorshipID)/meetings",
                                                   json: ["start": localTime(hoursFromNow: 30, in: "America/New_York")])
            let meetingID = try #require(try made.isoJSON([MeetingBody].self).first?.id)
            let path = "/meetings/\(meetingID)"
            let mentee = Browser(app)
            try await mentee.signIn(email: "max@example.org")
            _ = try await mentee.get(path)
            let empty = try await mentee.post(path + "/agenda", ["section": "question", "body": "  "])
            #expect(empty.status == .unprocessableEntity && empty.body.string.contains(#"id="agenda-body-error""#))
            #expect(try await mentee.post(path + "/agenda", ["section": "question", "body": "How do I say no to extra work?"]).status == .seeOther)
            #expect(try await mentee.post(path + "/notes", ["body": "Only for me: ask about salary", "visibility": "author_only"]).status == .seeOther)
            #expect(try await mentee.post(path + "/actions", ["title": "Draft the talk outline", "dueOn": "not a date"]).status == .unprocessableEntity)
            #expect(try await mentee.post(path + "/actions", ["title": "Draft the talk outline", "dueOn": Day.from(5)]).status == .seeOther)
            let page = try await mentee.get(path).body.string
            #expect(page.contains("How do I say no to extra work?") && page.contains("Only for me: ask about salary") && page.contains("Draft the talk outline"))

            let mentor = Browser(app)
            try await mentor.signIn(email: "maya@example.org")
            let mentorPage = try await mentor.get(path).body.string
            #expect(mentorPage.contains("How do I say no to extra work?") && !mentorPage.contains("ask about salary"))

            // After the meeting, the mentee is invited to say thank you.
            let meeting = try #require(try await Meeting.find(meetingID, on: app.db))
            meeting.status = .accepted
            meeting.startsAt = Date().addingTimeInterval(-7200)
            meeting.endsAt = Date().addingTimeInterval(-3600)
            try await meeting.save(on: app.db)
            let mentorship = "/mentorships/\(world.mentorshipID)"
            #expect(try await mentee.get(mentorship).body.string.contains("Say thank you"))
            #expect(try await mentee.post(path + "/thanks", ["kind": "thank_you", "body": "Thank you, this helped a lot."]).status == .seeOther)
            #expect(!(try await mentee.get(mentorship).body.string.contains("Say thank you")))
            #expect(try await mentor.get(mentorship).body.string.contains("Thank you, this helped a lot."))

            #expect(try await mentor.post(mentorship + "/messages", ["body": ""]).status == .unprocessableEntity)
            #expect(try await mentor.post(mentorship + "/messages", ["body": "My pleasure. Read chapter 3 before next time."]).status == .seeOther)
            #expect(try await mentor.post(mentorship + "/resources", ["title": "The Manager's Path", "kind": "book", "url": "nope"]).status == .unprocessableEntity)
            #expect(try await mentor.post(mentorship + "/resources", ["title": "The Manager's Path", "kind": "book", "url": "https://example.org/book"]).status == .seeOther)
            #expect(try await mentor.post(mentorship + "/journal", ["kind": "win", "body": "x"]).status == .forbidden)
            #expect(try await mentee.post(mentorship + "/journal", ["kind": "setback", "body": "Froze in the demo", "visibility": "author_only"]).status == .seeOther)
            let menteeView = try await mentee.get(mentorship).body.string
            #expect(menteeView.contains("Read chapter 3"), "the overview shows the latest of the conversation")
            #expect(try await mentee.get(mentorship + "/resources").body.string.contains("https://example.org/book"))
            #expect(try await mentee.get(mentorship + "/conversation").body.string.contains("Read chapter 3"))
            #expect(menteeView.contains("Froze in the demo"))
            #expect(!(try await mentor.get(mentorship).body.string.contains("Froze in the demo")), "a private setback stays private")
            let coordinator = Browser(app)
            try await coordinator.signIn(email: "dana@example.org")
            let outline = try await coordinator.get(mentorship).body.string
            #expect(outline.contains(#"<span class="stat-value">1</span><span class="stat-label">meeting held</span>"#) && !outline.contains("Read chapter 3"))
            for tab in ["conversation", "wins", "resources", "goals", "actions", "meetings"] {
                #expect(try await coordinator.get(mentorship + "/" + tab).status == .notFound, "a coordinator reads no tab of the pair's (\(tab))")
            }
            let action = try #require(try await ActionItem.query(on: app.db).first())
            #expect(try await mentor.post("/actions/\(action.requireID())/toggle").status == .seeOther)
            #expect(try await ActionItem.find(action.id, on: app.db)?.status == .done)
            #expect(try await coordinator.post("/actions/\(action.requireID())/toggle").status == .notFound)
        }
    }
}
