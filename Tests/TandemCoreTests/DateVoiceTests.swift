import Foundation
import Testing
@testable import TandemCore

@Suite("One voice for dates and times: the reader's zone and clock habit")
struct DateVoiceTests {
    /// Tuesday 1 December 2026, 12:00 UTC.
    let now = Date(timeIntervalSince1970: 1_796_126_400)
    let berlin = DateVoice(zoneID: "Europe/Berlin", clock: nil)
    let newYork = DateVoice(zoneID: "America/New_York", clock: nil)

    func at(_ iso: String) -> Date { ISO8601DateFormatter().date(from: iso)! }

    @Test("a zone's usual clock is the default, and a chosen clock wins")
    func clocks() {
        #expect(berlin.clock == .h24)
        #expect(newYork.clock == .h12)
        #expect(DateVoice.Clock.usual(in: "Australia/Sydney") == .h12)
        #expect(DateVoice.Clock.usual(in: "Asia/Tokyo") == .h24)
        #expect(DateVoice(zoneID: "America/New_York", clock: .h24).clock == .h24)
    }

    @Test("one instant reads in each reader's own zone and habit")
    func sameInstant() {
        let meeting = at("2026-12-06T19:00:00Z")
        #expect(berlin.dateTime(meeting, now: now) == "Sun 6 Dec, 20:00")
        #expect(newYork.dateTime(meeting, now: now) == "Sun 6 Dec, 2:00 PM")
        #expect(berlin.time(at("2026-12-06T23:05:00Z")) == "00:05")
        #expect(newYork.time(at("2026-12-07T05:05:00Z")) == "12:05 AM")
        #expect(newYork.time(at("2026-12-07T17:30:00Z")) == "12:30 PM")
        #expect(berlin.dateTime(at("2027-01-04T09:00:00Z"), now: now) == "Mon 4 Jan 2027, 10:00", "the year only when it is not this one")
    }

    @Test("moments are relative within the week, a date beyond")
    func moments() {
        #expect(berlin.moment(at("2026-12-01T08:28:00Z"), now: now) == "today at 09:28")
        #expect(berlin.moment(at("2026-11-30T08:10:00Z"), now: now) == "yesterday at 09:10")
        #expect(berlin.moment(at("2026-11-27T09:00:00Z"), now: now) == "Friday at 10:00")
        #expect(berlin.moment(at("2026-11-12T09:00:00Z"), now: now) == "12 Nov at 10:00")
        #expect(berlin.moment(at("2025-11-12T09:00:00Z"), now: now) == "12 Nov 2025")
        #expect(newYork.moment(at("2026-12-01T03:00:00Z"), now: now) == "yesterday at 10:00 PM", "the day is the reader's")
    }

    @Test("how far ahead, in words")
    func until() {
        #expect(berlin.until(now.addingTimeInterval(30), now: now) == "now")
        #expect(berlin.until(now.addingTimeInterval(40 * 60), now: now) == "in 40 minutes")
        #expect(berlin.until(now.addingTimeInterval(3 * 3600), now: now) == "in 3 hours")
        #expect(berlin.until(at("2026-12-02T09:00:00Z"), now: now) == "tomorrow")
        #expect(berlin.until(at("2026-12-06T19:00:00Z"), now: now) == "in 5 days")
        #expect(berlin.until(at("2026-12-29T19:00:00Z"), now: now) == "in 4 weeks")
        #expect(berlin.until(now.addingTimeInterval(-3600), now: now) == "")
    }

    @Test("calendar days carry their weekday this year, the year otherwise")
    func days() {
        let today = CalendarDate("2026-12-01")!
        #expect(berlin.day(CalendarDate("2026-12-11")!, today: today) == "Fri 11 Dec")
        #expect(berlin.day(CalendarDate("2027-03-03")!, today: today) == "3 Mar 2027")
    }
}
