import Foundation
import Testing
@testable import TandemCore

@Suite("Program health: pairs that need attention, the rhythm distribution, filters, small groups, charts")
struct ProgramHealthTests {
    let now = Date(timeIntervalSince1970: 1_796_000_000)
    func daysAgo(_ d: Double) -> Date { now.addingTimeInterval(-d * 86_400) }

    func facts(started: Double = 120, cadence: Int = 14, agreed: Bool = true, signed: Bool = true, lastHeld: Double? = 5,
               next: Double? = -7, held: Int = 8, late: Int = 0, overdue: Int = 0, paused: Bool = false) -> PairRhythmFacts {
        PairRhythmFacts(startedAt: daysAgo(started), cadenceDays: cadence, cadenceAgreed: agreed, charterSigned: signed, paused: paused,
                        lastHeldAt: lastHeld.map(daysAgo), nextPlannedAt: next.map(daysAgo), heldCount: held,
                        lateChangesLast30Days: late, actionsOverdueTwoWeeks: overdue)
    }

    @Test("a pair on its rhythm needs nothing")
    func healthyPair() {
        #expect(PairAttention.signs(facts(), now: now).isEmpty)
        #expect(facts().rhythm(now: now) == .onRhythm)
    }

    @Test("no meeting for more than 1.5 × the pair's own cadence, not the program's")
    func silence() {
        #expect(PairAttention.signs(facts(cadence: 14, lastHeld: 21), now: now).isEmpty, "21 days is exactly 1.5 × 14")
        let signs = PairAttention.signs(facts(cadence: 14, lastHeld: 22), now: now)
        #expect(signs.map(\.reason) == [.noMeeting])
        #expect(signs[0].sentence == "No meeting for 22 days — more than 1.5 × the 14 days their charter agrees.")
        #expect(PairAttention.signs(facts(cadence: 28, lastHeld: 22), now: now).isEmpty, "a monthly pair is fine at 22 days")
        let unagreed = PairAttention.signs(facts(cadence: 7, agreed: false, lastHeld: 11), now: now)
        #expect(unagreed.first?.sentence == "No meeting for 11 days — more than 1.5 × the program’s 7 days.")
        let never = PairAttention.signs(facts(started: 30, lastHeld: nil, held: 0), now: now)
        #expect(never.first?.sentence.hasPrefix("No meeting since they started 30 days ago") == true)
        #expect(PairAttention.signs(facts(lastHeld: 60, next: nil, paused: true), now: now).isEmpty, "a paused pair is not nagged")
    }

    @Test("nothing planned and the last meeting longer ago than the cadence")
    func nothingPlanned() {
        #expect(PairAttention.signs(facts(lastHeld: 14, next: nil), now: now).isEmpty, "exactly one cadence ago is still fine")
        #expect(PairAttention.signs(facts(lastHeld: 15, next: nil), now: now).map(\.reason) == [.nothingPlanned])
        #expect(PairAttention.signs(facts(lastHeld: 30, next: nil), now: now).map(\.reason) == [.noMeeting, .nothingPlanned])
        #expect(PairAttention.signs(facts(lastHeld: 15, next: -2), now: now).isEmpty, "a meeting ahead answers it")
    }

    @Test("late changes, overdue actions, an unsigned charter two weeks in, a week-old request")
    func otherSigns() {
        #expect(PairAttention.signs(facts(late: 1), now: now).isEmpty)
        #expect(PairAttention.signs(facts(late: 2), now: now).first?.sentence
            == "2 meetings were moved or cancelled with less notice than agreed in the last 30 days.")
        #expect(PairAttention.signs(facts(overdue: 1), now: now).first?.sentence == "1 action item is overdue by more than two weeks.")
        #expect(PairAttention.signs(facts(started: 13, signed: false, lastHeld: 2, held: 1), now: now).isEmpty)
        #expect(PairAttention.signs(facts(started: 14, signed: false, lastHeld: 2, held: 1), now: now).map(\.reason) == [.unsignedCharter])
        #expect(PairAttention.request(createdAt: daysAgo(6.9), now: now) == nil)
        #expect(PairAttention.request(createdAt: daysAgo(9), now: now)?.sentence == "A request has waited 9 days for the mentor’s answer.")
    }

    @Test("the rhythm distribution uses the same judgement as the pair's own strip")
    func rhythm() {
        #expect(facts(cadence: 14, lastHeld: 22, held: 8).rhythm(now: now) == .slower)
        #expect(facts(cadence: 14, lastHeld: 43, held: 8).rhythm(now: now) == .longSilence)
        #expect(facts(started: 140, cadence: 14, lastHeld: 3, held: 3).rhythm(now: now) == .slower, "10 asked for, 3 held")
        let strip = MeetingRhythm(startsOn: CalendarDate(daysAgo(120)), endsOn: CalendarDate(now).adding(days: 60), cadenceDays: 14,
                                  today: CalendarDate(now), entries: [MeetingRhythm.Entry(day: CalendarDate(daysAgo(43)), kind: .held)])
        #expect(strip.judgement == RhythmJudgement.longSilence.label)
    }

    @Test("filters: empty is everyone since the start; each bad value is named; a range ending before it starts is refused")
    func filters() throws {
        let start = CalendarDate("2026-09-01")!, today = CalendarDate("2026-12-02")!
        let all = try HealthFilter.parse(role: nil, cohort: "", from: nil, to: " ", programStartsOn: start, today: today)
        #expect(all == HealthFilter(role: nil, cohort: nil, from: start, to: today))
        #expect(all.weeks.count == 14 && all.weeks.first == start && all.weeks.last == CalendarDate("2026-12-01"))
        #expect(all.months.map(\.month) == [9, 10, 11, 12])
        let some = try HealthFilter.parse(role: "Mentor", cohort: "2026-10", from: "2026-10-01", to: "2026-10-31", programStartsOn: start, today: today)
        #expect(some.role == .mentor && some.cohort == CalendarDate("2026-10-01") && some.cohortEnd == CalendarDate("2026-11-01"))
        #expect(try HealthFilter.parse(role: nil, cohort: "2026-12", from: nil, to: nil, programStartsOn: start, today: today).cohortEnd == CalendarDate("2027-01-01"))
        do {
            _ = try HealthFilter.parse(role: "admin", cohort: "2026-13", from: "yesterday", to: nil, programStartsOn: start, today: today)
            Issue.record("refused")
        } catch let failure as ValidationFailure {
            #expect(Set(failure.errors.map(\.field)) == ["role", "cohort", "from"])
        }
        #expect(throws: ValidationFailure("to", "The range ends (2026-10-01) before it starts (2026-11-01): choose an end on or after the start.")) {
            try HealthFilter.parse(role: nil, cohort: nil, from: "2026-11-01", to: "2026-10-01", programStartsOn: start, today: today)
        }
    }

    @Test("a filtered figure from private answers shows only when it and what it leaves out both cover at least k")
    func smallGroups() {
        #expect(SmallGroups.mayShow(5, of: 5, k: 5))
        #expect(!SmallGroups.mayShow(4, of: 4, k: 5))
        #expect(!SmallGroups.mayShow(8, of: 10, k: 5), "the other 2 would be the total minus this")
        #expect(SmallGroups.mayShow(5, of: 10, k: 5))
        #expect(!SmallGroups.mayShow(2, of: 2, k: 1), "k is never below 3")
    }

    @Test("waiting times: median and buckets")
    func days() {
        let d = DayDistribution(days: [1, 3, 8, 40, 100, 4])
        #expect(d.median == 6 && d.medianWords == "median 6 days")
        #expect(DayDistribution(days: [2, 3]).medianWords == "median 2.5 days")
        #expect(d.buckets.map(\.count) == [3, 1, 1, 1])
        #expect(DayDistribution(days: []).medianWords == "none yet")
    }

    @Test("charts say in words what they draw, and escape what they are given")
    func charts() {
        let bars = BarChart(id: "roles", title: "People by role", bars: [.init("Mentees", 7_499), .init("Mentors <b>", 2_500)])
        #expect(bars.summary == "Mentees: 7,499; Mentors <b>: 2,500.")
        #expect(bars.svg().contains("Mentors &lt;b&gt;") && !bars.svg().contains("<b>"))
        #expect(bars.svg().contains(#"aria-labelledby="roles-t roles-d""#))
        let weeks = HealthFilter(from: CalendarDate("2026-11-02")!, to: CalendarDate("2026-11-22")!).weeks
        let columns = ColumnChart(id: "held", title: "Meetings held", periods: weeks, values: [3, 12, 7], period: "week")
        #expect(columns.summary == "22 in all over 3 weeks; most in the week of 9 Nov 2026 (12); the last week 7.")
        #expect(columns.svg().components(separatedBy: "<rect").count == 4)
        #expect(ColumnChart(id: "x", title: "x", periods: weeks, values: [0, 0, 0], period: "week").summary == "None in these 3 weeks.")
    }
}
