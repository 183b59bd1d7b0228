import Foundation
import Testing
@testable import TandemCore

@Suite("Check-ins: their rhythm, their answers, what they suggest, what a coordinator may see")
struct CheckInRulesTests {
    let start = CalendarDate("2026-10-01")!

    @Test("one after the first meeting, then one per rhythm period; answered ones are no longer open")
    func schedule() {
        let schedule = CheckInSchedule(startsOn: start, everyDays: 28, firstMeetingOn: start.adding(days: 9))
        #expect(schedule.open(on: start.adding(days: 5), answered: []).isEmpty, "nothing before the first meeting or period")
        #expect(schedule.open(on: start.adding(days: 10), answered: []) == ["first"])
        #expect(schedule.open(on: start.adding(days: 29), answered: []) == ["first", "p1"])
        #expect(schedule.open(on: start.adding(days: 29), answered: ["first"]) == ["p1"])
        #expect(schedule.open(on: start.adding(days: 60), answered: ["first", "p1"]) == ["p2"])
        #expect(schedule.open(on: start.adding(days: 60), answered: ["p2"]) == [], "the first one lapses three weeks after the meeting")
        #expect(schedule.starts(2) == start.adding(days: 56))
    }

    @Test("four answers from 1 to 5, a sentence of at most 500 characters, and after the first meeting the fit")
    func answers() throws {
        let good = try CheckInAnswers(scores: ["progress": 4, "communication": 5, "preparation": 3, "fit": 4], sentence: " Going well ", verdict: "good_fit", needsVerdict: true)
        #expect(good.scores[.communication] == 5 && good.sentence == "Going well" && good.verdict == .goodFit)
        #expect(throws: ValidationFailure.self) { try CheckInAnswers(scores: ["progress": 6, "communication": 5, "preparation": 3, "fit": 4], sentence: nil, verdict: nil, needsVerdict: false) }
        do {
            _ = try CheckInAnswers(scores: ["progress": 0, "communication": nil], sentence: String(repeating: "x", count: 501), verdict: "maybe", needsVerdict: true)
            Issue.record("refused")
        } catch {
            #expect(Set(error.errors.map(\.field)) == ["progress", "communication", "preparation", "fit", "sentence", "verdict"], "every problem at once")
        }
    }

    @Test("a low answer, a drop, a gap between the sides and “not a good fit” each bring a suggestion")
    func signals() {
        let steady = CheckInAnswers(scores: [.progress: 4, .communication: 4, .preparation: 4, .fit: 4])
        #expect(CheckInSignals.of(mine: steady, theirs: steady, myPrevious: steady, otherName: "Maya").isEmpty)
        let gap = CheckInAnswers(scores: [.progress: 4, .communication: 5, .preparation: 4, .fit: 4])
        let theirs = CheckInAnswers(scores: [.progress: 4, .communication: 2, .preparation: 4, .fit: 4], verdict: .notAGoodFit)
        let signals = CheckInSignals.of(mine: gap, theirs: theirs, myPrevious: nil, otherName: "Maya")
        #expect(signals.contains("One of you does not feel it is a good fit yet."))
        #expect(signals.contains("A low answer on how well we communicate."))
        #expect(signals.contains("You and Maya see how well we communicate differently (5 and 2)."))
        let dropped = CheckInAnswers(scores: [.progress: 2 + 1, .communication: 4, .preparation: 4, .fit: 4])
        #expect(CheckInSignals.of(mine: dropped, theirs: nil, myPrevious: CheckInAnswers(scores: [.progress: 5, .communication: 4, .preparation: 4, .fit: 4]), otherName: "Maya")
                == ["Your answer on progress toward the goals dropped from 5 to 3."])
    }

    @Test("a coordinator sees averages only over at least k mentorships; a small group hides its siblings")
    func kAnonymity() {
        func rows(_ count: Int, _ score: Int) -> [(mentorship: UUID, answers: CheckInAnswers)] {
            (0..<count).map { _ in (UUID(), CheckInAnswers(scores: [.progress: score, .communication: score, .preparation: score, .fit: score])) }
        }
        let big = CheckInAggregate(answers: ["mentees": rows(6, 4), "mentors": rows(5, 2)], k: 5)
        #expect(big.overall.averages?[.progress] == 3.1 && big.groups.allSatisfy { $0.averages != nil })
        let small = CheckInAggregate(answers: ["mentees": rows(6, 4), "mentors": rows(2, 1)], k: 5)
        #expect(small.overall.averages != nil && small.groups.allSatisfy { $0.averages == nil },
                "with the mentors' group hidden, the mentees' is too: the total minus it would give the mentors away")
        #expect(CheckInAggregate(answers: ["mentees": rows(4, 4)], k: 5).overall.averages == nil, "too few to show")
        #expect(CheckInAggregate(answers: ["mentees": rows(3, 4)], k: 1).k == 3, "never below 3")
    }
}
