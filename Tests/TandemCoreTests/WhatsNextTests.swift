import Testing
@testable import TandemCore

@Suite("What's next: due dates in words, goal progress")
struct WhatsNextTests {
    let today = CalendarDate("2026-12-01")!  // a Tuesday

    @Test("due dates are relative while near, a date when far, overdue said as such")
    func dueDates() {
        #expect(RelativeDay.due(today, today: today) == "due today")
        #expect(RelativeDay.due(CalendarDate("2026-12-02")!, today: today) == "due tomorrow")
        #expect(RelativeDay.due(CalendarDate("2026-12-04")!, today: today) == "due Friday")
        #expect(RelativeDay.due(CalendarDate("2026-12-12")!, today: today) == "due 12 Dec")
        #expect(RelativeDay.due(CalendarDate("2027-01-05")!, today: today) == "due 5 Jan 2027")
        #expect(RelativeDay.due(CalendarDate("2026-11-30")!, today: today) == "overdue since yesterday")
        #expect(RelativeDay.due(CalendarDate("2026-11-27")!, today: today) == "overdue since Friday")
        #expect(RelativeDay.due(CalendarDate("2026-11-02")!, today: today) == "overdue since 2 Nov")
        #expect(RelativeDay.on(today, today: today) == "today")
        #expect(RelativeDay.on(CalendarDate("2026-11-28")!, today: today) == "Saturday")
        #expect(RelativeDay.on(CalendarDate("2026-11-22")!, today: today) == "22 Nov")
    }

    @Test("a quantity reads in the right number: 1 feature, 2 features")
    func quantities() {
        #expect(GoalProgress.quantity(1, "features") == "1 feature")
        #expect(GoalProgress.quantity(2, "features") == "2 features")
        #expect(GoalProgress.quantity(0, "talks") == "0 talks")
        #expect(GoalProgress.quantity(1, "classes") == "1 class")
        #expect(GoalProgress.quantity(1, "activities") == "1 activity")
        #expect(GoalProgress.quantity(1, "km") == "1 km")
        #expect(GoalProgress.quantity(1.5, "hours") == "1.5 hours")
        #expect(GoalProgress.quantity(3, "") == "3")
    }

    @Test("progress runs from baseline to target in either direction and stays within 0–100")
    func progress() {
        #expect(GoalProgress.percent(baseline: 0, target: 10, latest: 6) == 60)
        #expect(GoalProgress.percent(baseline: 90, target: 60, latest: 75) == 50, "a target below the baseline")
        #expect(GoalProgress.percent(baseline: 0, target: 10, latest: 14) == 100)
        #expect(GoalProgress.percent(baseline: 5, target: 10, latest: 2) == 0)
        #expect(GoalProgress.percent(baseline: 0, target: 10, latest: nil) == 0)
        #expect(GoalProgress.percent(baseline: 3, target: 3, latest: 3) == nil)
        #expect(GoalProgress.percent(baseline: nil, target: nil, latest: 4) == nil)
        #expect(GoalProgress.label(baseline: 0, target: 10, latest: 6, unit: "rehearsals") == "6 of 10 rehearsals (from 0)")
        #expect(GoalProgress.label(baseline: nil, target: 5, latest: nil, unit: "km") == "no reading yet · target 5 km")
    }
}
