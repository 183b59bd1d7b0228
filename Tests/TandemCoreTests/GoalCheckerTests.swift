import Testing
@testable import TandemCore

@Suite("The SMART goal checker")
struct GoalCheckerTests {
    let today = CalendarDate("2026-11-25")!
    var context: GoalContext { GoalContext(today: today, mentorshipEndsOn: CalendarDate("2027-06-30"), activeGoals: 1) }

    /// The guides' good example.
    var react: GoalDraft {
        GoalDraft(title: "Build a working web application using React within 3 months",
                  specific: "A to-do app with sign-in, lists and sharing, deployed for friends to use",
                  metric: "features deployed", unit: "features", baseline: 0, target: 3,
                  achievable: "Five hours a week; the official React course; my mentor reviews each feature",
                  relevant: "I want to move from QA into frontend development",
                  startsOn: CalendarDate("2026-11-25"), deadline: CalendarDate("2027-02-25"))
    }

    func rules(_ draft: GoalDraft, _ context: GoalContext? = nil) -> Set<String> {
        Set(GoalChecker.review(draft, context ?? self.context).map(\.rule))
    }

    @Test("“Build a working web application using React within 3 months” passes")
    func goodGoal() {
        #expect(GoalChecker.review(react, context).isEmpty)
        #expect(GoalChecker.isSMART(react, context))
    }

    @Test("“Improve my programming skills” is flagged on several letters")
    func vagueGoal() {
        let findings = GoalChecker.review(GoalDraft(title: "Improve my programming skills"), context)
        let letters = Set(findings.map(\.letter))
        #expect(letters.isSuperset(of: [.specific, .measurable, .relevant, .timeBound]))
        #expect(findings.first?.severity == .problem, "problems come first")
        #expect(findings.contains { $0.rule == "vague-verb" && $0.message.contains("“improve”") })
        #expect(!GoalChecker.isSMART(GoalDraft(title: "Improve my programming skills"), context))
    }

    /// Breaks exactly one rule of the good example.
    static func breaking(_ id: String, _ d: inout GoalDraft) {
        switch id {
        case "title-missing": d.title = "  "
        case "vague-verb": d.title = "Get better at public speaking"; d.specific = "Work on presenting to large groups of people"
        case "specific-thin": d.specific = "An app"
        case "metric-missing": d.metric = ""
        case "target-missing": d.target = nil
        case "target-equals-baseline": d.baseline = 3
        case "achievable-missing": d.achievable = ""
        case "relevance-missing": d.relevant = ""
        case "deadline-missing": d.deadline = nil
        case "deadline-past": d.deadline = CalendarDate("2026-11-01"); d.startsOn = CalendarDate("2026-10-01")
        case "deadline-before-start": d.startsOn = CalendarDate("2027-03-01")
        case "deadline-after-mentorship": d.deadline = CalendarDate("2027-09-01")
        default: Issue.record("no case for \(id)")
        }
    }

    @Test("one test per rule", arguments: ["title-missing", "vague-verb", "specific-thin", "metric-missing", "target-missing",
                                           "target-equals-baseline", "achievable-missing", "relevance-missing", "deadline-missing",
                                           "deadline-past", "deadline-before-start", "deadline-after-mentorship"])
    func rule(_ id: String) {
        var draft = react
        Self.breaking(id, &draft)
        #expect(rules(draft) == [id], "only \(id) fires")
    }

    @Test("too many active goals at once")
    func tooMany() {
        #expect(rules(react, GoalContext(today: today, activeGoals: 3)) == ["too-many-goals"])
        #expect(rules(react, GoalContext(today: today, activeGoals: 2)).isEmpty)
    }

    @Test("a vague title is forgiven when the specific part names an observable result")
    func vagueTitleConcreteSpecific() {
        var draft = react
        draft.title = "Improve my frontend skills"
        #expect(!rules(draft).contains("vague-verb"))
    }

    @Test("a text longer than saving keeps is a problem the review names, at the same limit")
    func tooLong() {
        var draft = react
        draft.title = String(repeating: "t", count: GoalLimits.title)
        #expect(!rules(draft).contains("title-too-long"))
        draft.title += "t"
        #expect(rules(draft).contains("title-too-long"))
        draft.relevant = String(repeating: "r", count: GoalLimits.text + 1)
        #expect(rules(draft).contains("relevant-too-long"))
        #expect(!GoalChecker.isSMART(draft, GoalContext(today: today)))
        // What the review refuses, saving refuses too.
        #expect(throws: ValidationFailure.self) { try draft.validated() }
    }

    @Test("every rule has an id, a suggestion, and a distinct id")
    func table() {
        #expect(Set(GoalChecker.rules.map(\.id)).count == GoalChecker.rules.count)
        #expect(GoalChecker.rules.allSatisfy { !$0.suggestion.isEmpty })
        #expect(Set(GoalChecker.rules.map(\.letter)) == Set(SMARTLetter.allCases))
    }
}
