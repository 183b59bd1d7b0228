import Foundation
import Testing
@testable import TandemCore

@Suite("Meetings: local times, daylight saving, late changes, free slots, series, iCalendar")
struct MeetingRulesTests {
    let berlin = TimeZone(identifier: "Europe/Berlin")!
    let newYork = TimeZone(identifier: "America/New_York")!

    func instant(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    @Test("18:00 in Berlin is 17:00 UTC before the clocks change on 28 March 2027 and 16:00 after")
    func daylightSaving() throws {
        #expect(LocalTime.parse("2027-03-26T18:00", in: berlin) == instant("2027-03-26T17:00:00Z"))
        #expect(LocalTime.parse("2027-03-30T18:00", in: berlin) == instant("2027-03-30T16:00:00Z"))
        #expect(LocalTime.parse("2027-03-28T02:30", in: berlin) == nil, "02:30 does not exist that night")
        #expect(LocalTime.parse("2027-03-30T18:00:00+02:00", in: newYork) == instant("2027-03-30T16:00:00Z"), "an explicit offset wins")
        #expect(LocalTime.parse("tomorrow at six", in: berlin) == nil)
        #expect(LocalTime.format(instant("2027-03-30T16:00:00Z"), in: newYork) == "2027-03-30T12:00")
    }

    @Test("a weekly series keeps its wall-clock time across the change")
    func series() {
        let first = LocalTime.parse("2027-03-16T18:00", in: berlin)!
        let starts = MeetingSeries.starts(first: first, cadenceDays: 7, count: 4, in: berlin)
        #expect(starts.map { LocalTime.format($0, in: berlin) } == ["2027-03-16T18:00", "2027-03-23T18:00", "2027-03-30T18:00", "2027-04-06T18:00"])
        #expect(starts[2].timeIntervalSince(starts[1]) == 7 * 86_400 - 3600, "one hour shorter across spring forward")
    }

    @Test("a change with less notice than the charter asks is late")
    func lateChange() {
        let start = instant("2027-01-10T17:00:00Z")
        #expect(LateChange.isLate(changedAt: instant("2027-01-10T12:00:00Z"), meetingStart: start, noticeHours: 6))
        #expect(!LateChange.isLate(changedAt: instant("2027-01-10T10:00:00Z"), meetingStart: start, noticeHours: 6))
        #expect(!LateChange.isLate(changedAt: instant("2027-01-10T16:59:00Z"), meetingStart: start, noticeHours: 0))
    }

    @Test("a meeting in the past, too long, or with a link that is not one is refused")
    func draftValidation() {
        let now = instant("2027-01-10T12:00:00Z")
        do {
            _ = try MeetingDraft(start: now.addingTimeInterval(-60), minutes: 600, link: "javascript:alert(1)").validated(now: now)
            Issue.record("expected a refusal")
        } catch {
            #expect(Set(error.errors.map(\.field)) == ["start", "minutes", "link"])
        }
        #expect((try? MeetingDraft(start: now.addingTimeInterval(3600), minutes: 45, link: "https://meet.example.org/x").validated(now: now)) != nil)
    }

    @Test("free slots: both people's windows in their own zones, minus what is booked, across daylight saving")
    func freeSlots() {
        // Maya (Berlin) Tuesdays 18:00–20:00; Max (New York) Tuesdays 11:00–15:00.
        let maya = FreeSlots.Person(windows: [WeeklyWindow(weekday: 2, startMinute: 18 * 60, endMinute: 20 * 60)], zone: berlin)
        let max = FreeSlots.Person(windows: [WeeklyWindow(weekday: 2, startMinute: 11 * 60, endMinute: 15 * 60)], zone: newYork)
        let from = instant("2027-03-08T00:00:00Z")
        let slots = FreeSlots.find(maya, max, busy: [], from: from, days: 14, minutes: 60)
        // 9 March: New York already on summer time (-4), Berlin not yet (+1): 18:00 Berlin = 13:00 NY,
        // so the overlap is 17:00–19:00 UTC. 16 March the same. Both people are free then.
        #expect(slots.map(\.start) == [instant("2027-03-09T17:00:00Z"), instant("2027-03-09T18:00:00Z"),
                                       instant("2027-03-16T17:00:00Z"), instant("2027-03-16T18:00:00Z")])
        let busy = [DateInterval(start: instant("2027-03-09T17:30:00Z"), duration: 3600)]
        let fewer = FreeSlots.find(maya, max, busy: busy, from: from, days: 14, minutes: 60)
        #expect(!fewer.contains { $0.start == instant("2027-03-09T17:00:00Z") || $0.start == instant("2027-03-09T18:00:00Z") })
        #expect(FreeSlots.find(maya, FreeSlots.Person(windows: [], zone: newYork), busy: [], from: from, minutes: 30).isEmpty)
    }

    @Test("iCalendar: the zone with its real transitions, escaped text, folded lines, cancel")
    func iCalendar() {
        let event = CalendarEvent(uid: "m-1@tandem", sequence: 2, start: instant("2027-03-30T16:00:00Z"), end: instant("2027-03-30T16:45:00Z"),
                                  summary: "Maya & Max; goals, wins", description: "Line one\nLine two — a long description that goes on and on past seventy-five octets for sure",
                                  location: "https://meet.example.org/x", status: .confirmed, lastModified: instant("2027-03-01T10:00:00Z"))
        let text = ICalendar.document([event], method: .request, zone: berlin, now: instant("2027-03-01T10:00:00Z"))
        #expect(text.contains("DTSTART;TZID=Europe/Berlin:20270330T180000\r\n"))
        #expect(text.contains("SUMMARY:Maya & Max\\; goals\\, wins"))
        #expect(text.contains("BEGIN:DAYLIGHT\r\nDTSTART:20270328T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200"))
        #expect(text.contains("SEQUENCE:2") && text.contains("METHOD:REQUEST"))
        #expect(text.split(separator: "\r\n").allSatisfy { $0.utf8.count <= 75 })
        #expect(text.contains("\r\n "), "long lines are folded")
        var cancelled = event
        cancelled.status = .cancelled
        cancelled.sequence = 3
        let cancel = ICalendar.document([cancelled], method: .cancel, zone: TimeZone(identifier: "UTC")!, now: Date())
        #expect(cancel.contains("METHOD:CANCEL") && cancel.contains("STATUS:CANCELLED") && cancel.contains("DTSTART:20270330T160000Z"))
    }
}

@Suite("Meeting rhythm: the pair's meetings against its own cadence")
struct MeetingRhythmTests {
    let start = CalendarDate("2026-10-01")!
    let end = CalendarDate("2027-03-31")!

    @Test("meetings every two weeks are on rhythm; a long silence is said as such")
    func judgement() {
        let steady = (1...4).map { MeetingRhythm.Entry(day: start.adding(days: 14 * $0), kind: .held) }
        let today = start.adding(days: 60)
        let onRhythm = MeetingRhythm(startsOn: start, endsOn: end, cadenceDays: 14, today: today,
                                     entries: steady + [.init(day: today.adding(days: 5), kind: .planned)])
        #expect(onRhythm.expectedByNow == 4 && onRhythm.judgement == "on rhythm")
        #expect(onRhythm.summary == "4 meetings held since Thu 1 Oct, 1 planned; the charter asks for one every 14 days (4 by now): on rhythm; longest gap 14 days.")
        let silent = MeetingRhythm(startsOn: start, endsOn: end, cadenceDays: 14, today: start.adding(days: 100), entries: Array(steady.prefix(1)))
        #expect(silent.judgement == "nothing for a long time" && silent.longestGap == 86)
        let slow = MeetingRhythm(startsOn: start, endsOn: end, cadenceDays: 14, today: start.adding(days: 60),
                                 entries: [.init(day: start.adding(days: 20), kind: .held), .init(day: start.adding(days: 50), kind: .held, late: true)])
        #expect(slow.judgement == "slower than agreed" && slow.lateCount == 1)
        #expect(slow.summary.contains("1 moved or cancelled late"))
    }

    @Test("the strip draws months, the cadence's ticks, today and each meeting, with its text alternative")
    func drawing() {
        let today = start.adding(days: 45)
        let rhythm = MeetingRhythm(startsOn: start, endsOn: end, cadenceDays: 14, today: today, entries: [
            .init(day: start.adding(days: 13), kind: .held), .init(day: start.adding(days: 30), kind: .cancelled, late: true),
            .init(day: today.adding(days: 4), kind: .planned),
        ])
        let svg = rhythm.svg(title: "Meeting rhythm")
        #expect(svg.contains(">Oct</text>") && svg.contains(">Nov</text>") && svg.contains(">today</text>"))
        #expect(svg.contains("<title>Held Wed 14 Oct</title>") && svg.contains("<title>Cancelled Sat 31 Oct, late</title>") && svg.contains("<title>Planned Thu 19 Nov</title>"))
        #expect(svg.contains("<desc id=\"rhythm-d\">\(rhythm.summary)</desc>"))
    }
}
