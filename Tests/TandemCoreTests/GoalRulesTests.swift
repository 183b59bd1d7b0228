import Foundation
import Testing
@testable import TandemCore

@Suite("Goals: what can be saved, how they move, how progress is drawn")
struct GoalRulesTests {
    let start = CalendarDate("2026-12-01")!
    let deadline = CalendarDate("2027-03-01")!

    @Test("a deadline before the start, a blank title and an impossible number cannot be saved")
    func unsavable() {
        let draft = GoalDraft(title: "  ", target: .infinity, startsOn: deadline, deadline: start)
        do {
            _ = try draft.validated()
            Issue.record("expected a refusal")
        } catch {
            #expect(Set(error.errors.map(\.field)) == ["title", "target", "deadline"])
            #expect(error.message(for: "deadline")?.contains("before the start (1 Mar 2027)") == true)
        }
        #expect((try? GoalDraft(title: " Ship it ", startsOn: start, deadline: deadline).validated())?.title == "Ship it")
    }

    @Test("numbers as people type them; anything else is not a number")
    func numbers() {
        #expect(NumberInput.parse("3") == 3)
        #expect(NumberInput.parse("2,5") == 2.5)
        #expect(NumberInput.parse(" 1 000 ") == 1000)
        #expect(NumberInput.parse("three") == nil)
        #expect(NumberInput.parse("nan") == nil)
        #expect(NumberInput.parse("") == nil)
        #expect(NumberInput.format(3) == "3" && NumberInput.format(2.5) == "2.5")
    }

    @Test("statuses move forward; nothing returns to draft")
    func transitions() {
        #expect(GoalStatus.draft.canMove(to: .active))
        #expect(GoalStatus.active.canMove(to: .achieved))
        #expect(GoalStatus.achieved.canMove(to: .active))
        #expect(!GoalStatus.active.canMove(to: .draft))
        #expect(!GoalStatus.draft.canMove(to: .achieved))
        #expect(!GoalStatus.dropped.canMove(to: .achieved))
    }

    @Test("a milestone falls within the goal's dates")
    func milestones() {
        #expect(throws: ValidationFailure.self) { try MilestoneDraft(title: "Early", dueOn: start.adding(days: -1)).validated(goalStartsOn: start, deadline: deadline) }
        #expect(throws: ValidationFailure.self) { try MilestoneDraft(title: "Late", dueOn: deadline.adding(days: 1)).validated(goalStartsOn: start, deadline: deadline) }
        #expect(throws: ValidationFailure.self) { try MilestoneDraft(title: "", dueOn: nil).validated(goalStartsOn: start, deadline: deadline) }
        #expect((try? MilestoneDraft(title: "First feature", dueOn: deadline).validated(goalStartsOn: start, deadline: deadline)) != nil)
    }

    @Test("the chart places readings by date and value between baseline and target")
    func chart() {
        let points = [ProgressPoint(date: start.adding(days: 30), value: 1), ProgressPoint(date: start.adding(days: 10), value: 0)]
        let chart = ProgressChart(points: points, baseline: 0, target: 3, startsOn: start, deadline: deadline, unit: "features")
        #expect(chart.points.map(\.value) == [0, 1], "readings are sorted by date")
        #expect(chart.x(start) < chart.x(start.adding(days: 10)) && chart.x(start.adding(days: 30)) < chart.x(deadline))
        #expect(chart.y(3) < chart.y(1) && chart.y(1) < chart.y(0), "higher values are drawn higher")
        let svg = chart.svg(title: "Deploy <React> app")
        #expect(svg.hasPrefix("<svg") && svg.hasSuffix("</svg>"))
        #expect(svg.contains("Deploy &lt;React&gt; app"))
        #expect(svg.contains("<polyline"))
        #expect(chart.summary == "2 readings; latest 1 feature on 31 Dec 2026, target 3 features by 1 Mar 2027; on pace.")
        #expect(chart.expected(on: start) == 0 && chart.expected(on: deadline) == 3, "the pace runs from the baseline at the start to the target by the deadline")
        let behind = ProgressChart(points: [ProgressPoint(date: start.adding(days: 50), value: 0)], baseline: 0, target: 3, startsOn: start, deadline: deadline,
                                   unit: "features", milestones: [ChartMilestone(date: start.adding(days: 20), title: "Sign-in", done: true),
                                                                  ChartMilestone(date: start.adding(days: 40), title: "Search", done: false)],
                                   today: start.adding(days: 50))
        #expect(behind.pace == "behind the pace" && behind.summary.hasSuffix("; behind the pace; 1 of 2 milestones reached."))
        let drawn = behind.svg(title: "x")
        #expect(drawn.contains(">today</text>") && drawn.contains(">pace</text>") && drawn.components(separatedBy: "<polygon").count == 3)
        #expect(ProgressChart(points: [ProgressPoint(date: start.adding(days: 30), value: 85)], baseline: 90, target: 60, startsOn: start, deadline: deadline, unit: "").pace == "behind the pace",
                "a target below the baseline: a small drop at a third of the way is behind")
        #expect(ProgressChart(points: [], baseline: nil, target: nil, startsOn: nil, deadline: nil, unit: "").summary == "No progress recorded yet.")
    }
}
