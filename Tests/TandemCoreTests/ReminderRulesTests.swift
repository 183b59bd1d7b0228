import Foundation
import Testing
@testable import TandemCore

@Suite("Reminders: when each is due, quiet hours in the recipient's zone")
struct ReminderRulesTests {
    let tokyo = TimeZone(identifier: "Asia/Tokyo")!
    let berlin = TimeZone(identifier: "Europe/Berlin")!
    func instant(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    @Test("quiet hours across midnight, in the person's own zone")
    func quietHours() {
        let night = QuietHours(startMinute: 22 * 60, endMinute: 7 * 60)
        // 21:30 UTC is 22:30 in Berlin (winter): quiet; it ends at 07:00 Berlin = 06:00 UTC.
        #expect(night.contains(instant("2027-01-10T21:30:00Z"), in: berlin))
        #expect(night.nextAllowed(after: instant("2027-01-10T21:30:00Z"), in: berlin) == instant("2027-01-11T06:00:00Z"))
        #expect(!night.contains(instant("2027-01-10T12:00:00Z"), in: berlin))
        #expect(night.nextAllowed(after: instant("2027-01-10T12:00:00Z"), in: berlin) == instant("2027-01-10T12:00:00Z"))
        let lunch = QuietHours(startMinute: 12 * 60, endMinute: 13 * 60)
        #expect(lunch.contains(instant("2027-01-10T03:30:00Z"), in: tokyo), "12:30 in Tokyo")
        #expect(!QuietHours(startMinute: 600, endMinute: 600).contains(Date(), in: tokyo), "equal ends mean none")
    }

    @Test("a meeting is reminded a day and an hour before, each only in its window; a moved meeting is a new occasion")
    func meetings() {
        let start = instant("2027-03-30T16:00:00Z")
        let people = [UUID(), UUID()]
        let plans = ReminderPlanner.meeting(UUID(), start: start, people: people)
        #expect(plans.count == 4)
        let day = plans.first { $0.kind == .meetingDayBefore }!
        #expect(day.dueAt == instant("2027-03-29T16:00:00Z") && day.expiresAt == instant("2027-03-30T15:00:00Z"))
        #expect(day.deliverable(now: instant("2027-03-29T16:01:00Z"), quiet: nil, zone: berlin))
        #expect(!day.deliverable(now: instant("2027-03-29T15:59:00Z"), quiet: nil, zone: berlin), "not yet")
        #expect(!day.deliverable(now: instant("2027-03-30T15:30:00Z"), quiet: nil, zone: berlin), "too late: the hour-before one takes over")
        let night = QuietHours(startMinute: 17 * 60, endMinute: 19 * 60)
        #expect(!day.deliverable(now: instant("2027-03-29T16:01:00Z"), quiet: night, zone: berlin), "18:01 in Berlin is quiet")
        let moved = ReminderPlanner.meeting(plans[0].subjectID, start: start.addingTimeInterval(3600), people: people)
        #expect(moved[0].occasion != plans[0].occasion)
    }

    @Test("an overdue action is reminded at 09:00 the next morning where its owner lives, across the spring change")
    func overdueAction() {
        let due = CalendarDate("2027-03-27")!
        let berlinPlan = ReminderPlanner.overdueAction(UUID(), owner: UUID(), dueOn: due, zone: berlin)
        #expect(berlinPlan.dueAt == instant("2027-03-28T07:00:00Z"), "09:00 summer time on the morning the clocks change")
        let tokyoPlan = ReminderPlanner.overdueAction(UUID(), owner: UUID(), dueOn: due, zone: tokyo)
        #expect(tokyoPlan.dueAt == instant("2027-03-28T00:00:00Z"))
    }

    @Test("the follow-up two hours after; the nudge after the cadence")
    func followUpAndNudge() {
        let end = instant("2027-01-10T18:00:00Z")
        #expect(ReminderPlanner.followUp(UUID(), end: end, mentee: UUID()).dueAt == instant("2027-01-10T20:00:00Z"))
        let nudges = ReminderPlanner.noMeeting(UUID(), since: end, cadenceDays: 14, people: [UUID(), UUID()])
        #expect(nudges.count == 2 && nudges[0].dueAt == instant("2027-01-24T18:00:00Z"))
    }
}
