import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import App
@testable import TandemCore

struct MeetingBody: Decodable {
    let id: UUID
    let startsAt: Date
    let startsAtLocal: String
    let viewerTimeZone: String
    let status: String
    let awaitingYou: Bool
    let uid: String
    let sequence: Int
    let seriesId: UUID?
}

struct MeetingDetailBody: Decodable {
    struct Change: Decodable { let kind: String; let late: Bool; let message: String }
    let meeting: MeetingBody
    let history: [Change]
}

extension TestingHTTPResponse {
    /// The API writes dates as ISO 8601.
    func isoJSON<T: Decodable>(_ type: T.Type = T.self) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(T.self, from: Data(body.readableBytesView))
    }
}

/// "2027-03-30T18:00"-style local times `hours` from now in a zone, on the hour.
func localTime(hoursFromNow hours: Double, in zone: String) -> String {
    let date = Date(timeIntervalSince1970: ((Date().timeIntervalSince1970 + hours * 3600) / 3600).rounded(.up) * 3600)
    return LocalTime.format(date, in: TimeZone(identifier: zone)!)
}

@Suite("Meetings: planned in advance, in each person's time zone, under the charter's rule")
struct MeetingTests {
    func propose(_ client: APIClient, _ world: MentorshipWorld, _ body: [String: AnyEncodable]) async throws -> TestingHTTPResponse {
        try await client.send(.POST, "/api/v1/mentorships/\(world.mentorshipID)/meetings", json: body)
    }

    @Test("time zones are regions (EST is refused, a region suggested); no meeting after the mentorship ends or with a long message")
    func zonesAndEnds() async throws {
        try await withTandem { app in
            let world = try await MentorshipWorld.make(app)
            let est = try await propose(world.mentee, world, ["start": .init("2027-03-10T10:00"), "timeZone": .init("EST")])
            #expect(est.status == .unprocessableEntity)
            #expect(try est.json(Problem.self).errors?.first { $0.field == "timeZone" }?.message.contains("America/New_York") == true)
            let far = try await propose(world.mentee, world, ["start": .init("9999-01-10T10:00"), "timeZone": .init("Europe/Berlin")])
            #expect(far.status == .unprocessableEntity && far.body.string.contains("The mentorship ends on 2027-12-31"))
            let after = try await propose(world.mentee, world, ["start": .init("2028-01-02T10:00"), "timeZone": .init("Europe/Berlin")])
            #expect(after.status == .unprocessableEntity && after.body.string.contains("plan the meeting before then"))
            let series = try await propose(world.mentee, world, ["start": .init("2027-12-01T10:00"), "timeZone": .init("Europe/Berlin"), "repeatCount": .init(6)])
            #expect(series.status == .unprocessableEntity && series.body.string.contains("after the mentorship ends"))
            let chatty = try await propose(world.mentee, world, ["start": .init("2027-03-10T10:00"), "timeZone": .init("Europe/Berlin"),
                                                                "message": .init(String(repeating: "x", count: 5000))])
            #expect(chatty.status == .unprocessableEntity && chatty.body.string.contains("message"))
            #expect(try await Meeting.query(on: app.db).count() == 0)
            // A person's own zone follows the same rule, with the region suggested.
            let profile = try await world.mentee.send(.PATCH, "/api/v1/me", json: ["timeZone": "CET"])
            #expect(profile.status == .unprocessableEntity)
            #expect(try profile.json(Problem.self).errors?.first?.message.contains("Europe/Berlin") == true)
            #expect(try await world.mentee.send(.PATCH, "/api/v1/me", json: ["timeZone": "Europe/Berlin"]).status == .ok)
        }
    }

    @Test("a time typed in Berlin is stored in UTC and shown in New York time, across the spring change")
    func timeZones() async throws {
        try await withTandem { app in
            let world = try await MentorshipWorld.make(app)
            // The mentee lives in New York (the test accounts' zone); Maya types Berlin time.
            let after = try await propose(world.mentor, world, ["start": .init("2027-03-30T18:00"), "timeZone": .init("Europe/Berlin"), "minutes": .init(45)])
            #expect(after.status == .created, "\(after.body.string)")
            let meeting = try #require(try after.isoJSON([MeetingBody].self).first)
            #expect(meeting.startsAt == ISO8601DateFormatter().date(from: "2027-03-30T16:00:00Z"), "Berlin is on summer time (+2) by then")
            let seen = try await world.mentee.send(.GET, "/api/v1/meetings/\(meeting.id)").isoJSON(MeetingDetailBody.self).meeting
            #expect(seen.startsAtLocal == "2027-03-30T12:00" && seen.viewerTimeZone == "America/New_York" && seen.awaitingYou)
            let before = try await propose(world.mentor, world, ["start": .init("2027-03-26T18:00"), "timeZone": .init("Europe/Berlin")])
            #expect(try before.isoJSON([MeetingBody].self).first?.startsAt == ISO8601DateFormatter().date(from: "2027-03-26T17:00:00Z"))
            let skipped = try await propose(world.mentor, world, ["start": .init("2027-03-28T02:30"), "timeZone": .init("Europe/Berlin")])
            #expect(skipped.status == .unprocessableEntity && skipped.body.string.contains("skipped when the clocks change"))
        }
    }

    @Test("bad input: the past, a wrong length, an unknown zone, a malformed link, an overlap, accepting one's own or a cancelled meeting")
    func badInput() async throws {
        try await withTandem { app in
            let world = try await MentorshipWorld.make(app)
            let zone = "America/New_York"
            let past = try await propose(world.mentee, world, ["start": .init(localTime(hoursFromNow: -3, in: zone))])
            #expect(past.status == .unprocessableEntity && past.body.string.contains("after now"))
            let long = try await propose(world.mentee, world, ["start": .init(localTime(hoursFromNow: 50, in: zone)), "minutes": .init(-30)])
            #expect(long.status == .unprocessableEntity && long.body.string.contains("minutes: Must be at least 10"))
            let backwards = try await propose(world.mentee, world, ["start": .init("2027-01-10T10:00"), "end": .init("2027-01-10T09:00")])
            #expect(backwards.status == .unprocessableEntity && backwards.body.string.contains("must come after the start"))
            let withEnd = try await propose(world.mentee, world, ["start": .init("2027-01-12T10:00"), "end": .init("2027-01-12T11:30")])
            #expect(try withEnd.isoJSON([MeetingBody].self).first.map { _ in true } == true)
            #expect(try await Meeting.query(on: app.db).first()?.minutes == 90)
            try await Meeting.query(on: app.db).delete()
            let mars = try await propose(world.mentee, world, ["start": .init("2027-01-10T10:00"), "timeZone": .init("Mars/Olympus")])
            #expect(mars.status == .unprocessableEntity && mars.body.string.contains("is not a time zone we know"))
            let link = try await propose(world.mentee, world, ["start": .init(localTime(hoursFromNow: 50, in: zone)), "link": .init("meet me at the café")])
            #expect(link.status == .unprocessableEntity && link.body.string.contains("must be a web address"))
            #expect(try await Meeting.query(on: app.db).count() == 0, "nothing was saved")

            let first = try await propose(world.mentee, world, ["start": .init(localTime(hoursFromNow: 50, in: zone)), "minutes": .init(60)])
            let meeting = try #require(try first.isoJSON([MeetingBody].self).first)
            let overlap = try await propose(world.mentee, world, ["start": .init(LocalTime.format(meeting.startsAt.addingTimeInterval(1800), in: TimeZone(identifier: zone)!))])
            #expect(overlap.status == .conflict && overlap.body.string.contains("You already have a meeting"))
            let own = try await world.mentee.send(.POST, "/api/v1/meetings/\(meeting.id)/accept")
            #expect(own.status == .conflict && own.body.string.contains("You proposed this time"))
            for outsider in [world.stranger, world.participant, world.coordinator] {
                #expect(try await outsider.send(.GET, "/api/v1/meetings/\(meeting.id)").status == .notFound)
                #expect(try await outsider.send(.POST, "/api/v1/meetings/\(meeting.id)/accept").status == .notFound)
            }
            let counted = try await world.coordinator.send(.GET, "/api/v1/mentorships/\(world.mentorshipID)/meetings").body.string
            #expect(counted.contains(#""meetings":[]"#), "a coordinator sees no meeting details")
            #expect(try await world.mentee.send(.POST, "/api/v1/meetings/\(meeting.id)/cancel", json: ["message": "Sorry"]).status == .ok)
            let cancelled = try await world.mentor.send(.POST, "/api/v1/meetings/\(meeting.id)/accept")
            #expect(cancelled.status == .conflict && cancelled.body.string.contains("was cancelled"))
            #expect(try await world.mentor.send(.POST, "/api/v1/meetings/\(meeting.id)/reschedule", json: ["start": localTime(hoursFromNow: 80, in: zone)]).status == .conflict)
        }
    }

    @Test("a change with less notice than the charter asks is recorded as late and the other side is told")
    func lateChanges() async throws {
        try await withTandem { app in
            let world = try await MentorshipWorld.make(app)
            let charter = "/api/v1/mentorships/\(world.mentorshipID)/charter/versions"
            _ = try await world.mentee.send(.POST, charter, json: ["rescheduleNoticeHours": 24])
            for client in [world.mentee, world.mentor] { _ = try await client.send(.POST, charter + "/1/sign") }
            let zone = "America/New_York"
            let soon = try #require(try await propose(world.mentee, world, ["start": .init(localTime(hoursFromNow: 10, in: zone))]).isoJSON([MeetingBody].self).first)
            let later = try #require(try await propose(world.mentee, world, ["start": .init(localTime(hoursFromNow: 72, in: zone))]).isoJSON([MeetingBody].self).first)
            for id in [soon.id, later.id] { #expect(try await world.mentor.send(.POST, "/api/v1/meetings/\(id)/accept").status == .ok) }

            let moved = try await world.mentor.send(.POST, "/api/v1/meetings/\(soon.id)/reschedule",
                                                    json: ["start": localTime(hoursFromNow: 30, in: zone), "message": "A client emergency, sorry!"])
            #expect(moved.status == .ok, "\(moved.body.string)")
            let detail = try moved.isoJSON(MeetingDetailBody.self)
            #expect(detail.history.last?.late == true && detail.meeting.status == "proposed" && detail.meeting.sequence == 2)
            #expect(detail.meeting.uid == soon.uid, "the calendar identity survives a reschedule")
            let told = try await world.mentee.send(.GET, "/api/v1/notifications").body.string
            #expect(told.contains("late change") && told.contains("A client emergency, sorry!"))

            let inTime = try await world.mentee.send(.POST, "/api/v1/meetings/\(later.id)/reschedule", json: ["start": localTime(hoursFromNow: 96, in: zone)])
            #expect(try inTime.isoJSON(MeetingDetailBody.self).history.last?.late == false)
            let list = try await world.mentee.send(.GET, "/api/v1/mentorships/\(world.mentorshipID)/meetings").body.string
            #expect(list.contains("A client emergency"), "the mentorship shows its late changes")
            #expect(try await MeetingChange.query(on: app.db).filter(\.$late == true).count() == 1)
        }
    }

    @Test("three proposals for the same time at once: one is booked, the others are told it is taken")
    func racingProposals() async throws {
        try await withTandem { app in
            let world = try await MentorshipWorld.make(app)
            let path = "/api/v1/mentorships/\(world.mentorshipID)/meetings"
            let body = ["start": "2027-02-03T15:00", "end": "2027-02-03T16:00"]
            async let a = world.mentee.send(.POST, path, json: body)
            async let b = world.mentor.send(.POST, path, json: body)
            async let c = world.mentee.send(.POST, path, json: body)
            let statuses = try await [a.status, b.status, c.status]
            #expect(statuses.filter { $0 == .created }.count == 1 && statuses.filter { $0 == .conflict }.count == 2, "\(statuses)")
            #expect(try await Meeting.query(on: app.db).count() == 1)
        }
    }

    @Test("a series follows the charter's cadence; accepting the series accepts them all")
    func series() async throws {
        try await withTandem { app in
            let world = try await MentorshipWorld.make(app)
            let made = try await propose(world.mentor, world, ["start": .init("2027-03-16T18:00"), "timeZone": .init("Europe/Berlin"), "repeatCount": .init(3)])
            let meetings = try made.isoJSON([MeetingBody].self)
            #expect(meetings.count == 3 && Set(meetings.compactMap(\.seriesId)).count == 1)
            let berlin = TimeZone(identifier: "Europe/Berlin")!
            #expect(meetings.map { LocalTime.format($0.startsAt, in: berlin) } == ["2027-03-16T18:00", "2027-03-30T18:00", "2027-04-13T18:00"],
                    "every 14 days (the program's cadence) at 18:00 Berlin time, across the change")
            let accepted = try await world.mentee.send(.POST, "/api/v1/meetings/\(meetings[0].id)/accept", json: ["series": true])
            #expect(try accepted.isoJSON([MeetingBody].self).allSatisfy { $0.status == "accepted" })
            #expect(try await propose(world.mentor, world, ["start": .init("2027-01-05T18:00"), "repeatCount": .init(40)]).status == .unprocessableEntity)
        }
    }

    @Test("find a time: both people's windows in their own zones, minus their meetings")
    func findATime() async throws {
        try await withTandem { app in
            let world = try await MentorshipWorld.make(app)
            let everyDay = (1...7).map { ["weekday": $0, "startMinute": 9 * 60, "endMinute": 17 * 60] }
            #expect(try await world.mentee.send(.PUT, "/api/v1/me/profile", json: ["availability": everyDay]).status == .ok)
            #expect(try await world.mentor.send(.PUT, "/api/v1/me/profile", json: ["availability": everyDay]).status == .ok)
            struct Slot: Decodable { let startsAt: Date; let startsAtLocal: String }
            let path = "/api/v1/mentorships/\(world.mentorshipID)/free-slots?minutes=60"
            let slots = try await world.mentee.send(.GET, path).isoJSON([Slot].self)
            #expect(!slots.isEmpty)
            let hour = Int(slots[0].startsAtLocal.dropFirst(11).prefix(2))!
            #expect((9...16).contains(hour), "inside the New York window: \(slots[0].startsAtLocal)")
            _ = try await propose(world.mentee, world, ["start": .init(slots[0].startsAtLocal), "minutes": .init(60)])
            let after = try await world.mentee.send(.GET, path).isoJSON([Slot].self)
            #expect(!after.contains { $0.startsAt == slots[0].startsAt }, "a booked time is no longer free")
            #expect(try await world.coordinator.send(.GET, path).status == .notFound)
        }
    }

    @Test("iCalendar files parsed back by Python's icalendar: stable UID, rising SEQUENCE, CANCEL, the reader's zone; a private, revocable feed",
          .enabled(if: ICSParser.isAvailable, "needs Python's icalendar: pip install icalendar, or set TANDEM_TEST_PYTHON"))
    func iCalendar() async throws {
        try await withTandem { app in
            let world = try await MentorshipWorld.make(app)
            #expect(try await world.mentor.send(.PATCH, "/api/v1/me", json: ["timeZone": "Europe/Berlin"]).status == .ok)
            let meeting = try #require(try await propose(world.mentor, world, ["start": .init("2027-03-30T18:00"), "timeZone": .init("Europe/Berlin"),
                                                                                "link": .init("https://meet.example.org/maya-max")]).isoJSON([MeetingBody].self).first)
            let ics = "/api/v1/meetings/\(meeting.id)/ics"
            let first = try await world.mentee.send(.GET, ics)
            #expect(first.headers.contentType?.description.hasPrefix("text/calendar") == true)
            let parsed = try ICSParser.parse(first.body.string)
            let event = try #require(parsed.events.first)
            #expect(parsed.method == "REQUEST" && parsed.timezones == ["America/New_York"])
            #expect(event.tzid == "America/New_York" && event.start_local == "2027-03-30T12:00" && event.start_utc == "2027-03-30T16:00:00+00:00")
            #expect(event.uid == meeting.uid && event.status == "TENTATIVE")

            _ = try await world.mentee.send(.POST, "/api/v1/meetings/\(meeting.id)/reschedule", json: ["start": "2027-03-31T12:00"])
            let moved = try #require(try ICSParser.parse(try await world.mentor.send(.GET, ics).body.string).events.first)
            #expect(moved.uid == event.uid && moved.sequence > event.sequence && moved.start_local == "2027-03-31T18:00" && moved.tzid == "Europe/Berlin")
            _ = try await world.mentor.send(.POST, "/api/v1/meetings/\(meeting.id)/cancel")
            let cancelled = try ICSParser.parse(try await world.mentor.send(.GET, ics).body.string)
            #expect(cancelled.method == "CANCEL" && cancelled.events.first?.status == "CANCELLED" && cancelled.events.first!.sequence > moved.sequence)

            // The e-mails carried the invitation, then the cancellation, as a mail client reads them.
            for (subject, method) in [("proposes a meeting", "REQUEST"), ("cancelled the meeting", "CANCEL")] {
                let mail = try #require(try await OutboxMessage.query(on: app.db).filter(\.$recipient == "max@example.org")
                    .filter(\.$subject ~~ subject).first())
                let raw = SMTPClient.render(.init(from: "Tandem <tandem@example.org>", to: mail.recipient, subject: mail.subject, body: mail.body,
                                                  messageID: "test@tandem", calendar: mail.calendar))
                let invitation = try ICSParser.parse(raw, mime: true)
                #expect(invitation.method == method && invitation.contentType.contains("method=\(method)"))
                #expect(invitation.events.first?.uid == meeting.uid && invitation.events.first?.tzid == "America/New_York")
            }

            struct Feed: Decodable { let url: String? }
            let created = try await world.mentee.send(.POST, "/api/v1/me/calendar-feed")
            let url = try #require(try created.json(Feed.self).url)
            let path = String(url.dropFirst(url.range(of: "/calendar/")!.lowerBound.utf16Offset(in: url)))
            let _ = try await propose(world.mentee, world, ["start": .init("2027-02-01T09:00")])
            let anonymous = APIClient(app: app)
            let feed = try ICSParser.parse(try await anonymous.send(.GET, path).body.string)
            #expect(feed.method == "PUBLISH" && feed.events.count == 2 && feed.events.contains { $0.status == "CANCELLED" })
            let status = try await world.mentee.send(.GET, "/api/v1/me/calendar-feed").body.string
            #expect(!status.contains(path), "the secret is shown once")
            #expect(try await world.mentee.send(.DELETE, "/api/v1/me/calendar-feed").status == .noContent)
            #expect(try await anonymous.send(.GET, path).status == .notFound, "a revoked feed is gone")
            #expect(try await anonymous.send(.GET, "/calendar/cal_guess.ics").status == .notFound)
        }
    }
}
