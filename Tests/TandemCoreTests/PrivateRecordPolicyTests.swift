import Foundation
import Testing
@testable import TandemCore

@Suite("Confidentiality of feedback, check-ins and concern cases: viewer × record, written out")
struct PrivateRecordPolicyTests {
    /// Every record kind a test can name: feedback, a check-in blind or answered by both, and
    /// each part of a case with the other side involved or not.
    static let records: [PrivateRecord] = [.feedback, .checkIn(bothAnswered: false), .checkIn(bothAnswered: true)]
        + ConcernPart.allCases.flatMap { [PrivateRecord.concern($0, otherInvolved: false), .concern($0, otherInvolved: true)] }
        + [.reflection(shared: false), .reflection(shared: true), .gratitude, .endingReason, .notAgain]
        + [.selfCheck, .stayInTouch(bothAgreed: false), .stayInTouch(bothAgreed: true)]
        + TestimonialDisplay.allCases.map(PrivateRecord.testimonial)

    /// The whole rule by hand. A change to the policy has to change this table too.
    static func expected(_ relation: ViewerRelation, _ record: PrivateRecord) -> Access {
        switch record {
        case .feedback:
            return [.author: .read, .counterpart: .read, .coordinator: .aggregate][relation] ?? .none
        case .checkIn(let both):
            return [.author: .read, .counterpart: both ? .read : .none, .coordinator: .aggregate][relation] ?? .none
        case .reflection(let shared):
            return [.author: .read, .counterpart: shared ? .read : .none][relation] ?? .none
        case .gratitude:
            return [.author: .read, .counterpart: .read][relation] ?? .none
        case .endingReason:
            return [.author: .read, .counterpart: .read, .coordinator: .aggregate][relation] ?? .none
        case .notAgain, .selfCheck:
            return relation == .author ? .read : .none
        case .stayInTouch(let both):
            return [.author: .read, .counterpart: both ? .read : .none][relation] ?? .none
        case .testimonial(let display):
            let onProfile: Access = display == .shown ? .read : .none
            return [.author: .read, .counterpart: .read, .coordinator: onProfile, .participant: onProfile][relation] ?? .none
        case .concern(let part, let involved):
            let raiser: [ConcernPart: Access] = [.outline: .read, .description: .read, .shared: .read, .caseNote: .none,
                                                 .raiserThread: .read, .otherThread: .none, .agreedAction: .read]
            let other: [ConcernPart: Access] = [.outline: .read, .description: .none, .shared: .none, .caseNote: .none,
                                                .raiserThread: .none, .otherThread: .read, .agreedAction: .read]
            switch relation {
            case .author: return raiser[part]!
            case .counterpart: return involved ? other[part]! : .none
            case .coordinator: return .read
            case .participant, .stranger: return .none
            }
        }
    }

    @Test("every viewer × every record", arguments: ViewerRelation.allCases)
    func table(_ relation: ViewerRelation) {
        #expect(Self.records.count == 3 + 2 * ConcernPart.allCases.count + 5 + 3 + TestimonialDisplay.allCases.count)
        for record in Self.records {
            #expect(AccessPolicy.access(relation, to: record) == Self.expected(relation, record), "\(relation) reading \(record)")
        }
    }

    @Test("a coordinator never reads feedback or a check-in; a case's other side never reads what the raiser wrote or shared")
    func promises() {
        #expect(AccessPolicy.access(.coordinator, to: .feedback) != .read)
        #expect(AccessPolicy.access(.coordinator, to: .checkIn(bothAnswered: true)) != .read)
        for record in [PrivateRecord.reflection(shared: true), .gratitude, .notAgain] {
            #expect(AccessPolicy.access(.coordinator, to: record) == .none, "a coordinator never reads nor counts \(record)")
        }
        #expect(ViewerRelation.allCases.filter { AccessPolicy.access($0, to: .notAgain) != .none } == [.author])
        #expect(ViewerRelation.allCases.filter { AccessPolicy.access($0, to: .selfCheck) != .none } == [.author])
        // Without the mentee's consent, nobody beyond the pair reads a testimonial; a stranger never does.
        for display in [TestimonialDisplay.private, .allowed] {
            #expect(ViewerRelation.allCases.filter { AccessPolicy.access($0, to: .testimonial(display)) != .none } == [.author, .counterpart])
        }
        #expect(AccessPolicy.access(.stranger, to: .testimonial(.shown)) == .none)
        for involved in [false, true] {
            for part in [ConcernPart.description, .shared, .caseNote, .raiserThread] {
                #expect(AccessPolicy.access(.counterpart, to: .concern(part, otherInvolved: involved)) == .none)
            }
        }
        // Until involved, nothing of the case exists for the other side.
        #expect(ConcernPart.allCases.allSatisfy { AccessPolicy.access(.counterpart, to: .concern($0, otherInvolved: false)) == .none })
    }
}

@Suite("Concern cases: states, outcomes, what may be shared")
struct ConcernRulesTests {
    @Test("every move from every state: only forward (follow-up may revisit actions); resolving needs an outcome")
    func transitions() throws {
        for from in CaseState.allCases {
            for to in CaseState.allCases {
                let allowed = from.next.contains(to)
                let outcome: CaseOutcome? = to == .resolved ? .continueAsBefore : nil
                let result = Result { () throws(CaseTransitionError) in try CaseTransition.check(from: from, to: to, outcome: outcome) }
                if allowed {
                    #expect((try? result.get()) == outcome, "\(from) → \(to)")
                    #expect(to.step > from.step || (from == .followUp && to == .agreedActions), "\(from) → \(to) goes forward")
                } else {
                    #expect(throws: CaseTransitionError.impossible(from: from, to: to)) { try result.get() }
                }
            }
        }
        #expect(throws: CaseTransitionError.outcomeNeeded) { try CaseTransition.check(from: .hearing, to: .resolved, outcome: nil) }
        #expect(throws: CaseTransitionError.outcomeNeeded) { try CaseTransition.check(from: .hearing, to: .resolved, outcome: .withdrawn) }
        #expect(CaseState.closed.next.isEmpty)
        #expect(CaseState.allCases.filter(CaseTransition.canWithdraw) == [.raised, .acknowledged, .hearing, .agreedActions, .followUp])
    }

    @Test("a draft: category, description within limits, shares by name only, a code of conduct to point to")
    func draft() throws {
        let id = UUID()
        let ok = try ConcernDraft(category: "safety", description: "  I feel unsafe.  ", shares: ["late_changes", "message:\(id)", "late_changes", ""],
                                  tellOther: false, consentToMediation: true, citesCodeOfConduct: false, programHasCode: false)
        #expect(ok.shares == [.lateChanges, .message(id)] && ok.pausesPair && ok.description == "I feel unsafe.")
        #expect(throws: ValidationFailure.self) {
            try ConcernDraft(category: "gossip", description: "x", shares: [], tellOther: false, consentToMediation: false, citesCodeOfConduct: false, programHasCode: false)
        }
        do {
            _ = try ConcernDraft(category: nil, description: String(repeating: "x", count: ConcernLimits.description + 1), shares: ["all of it"],
                                 tellOther: false, consentToMediation: false, citesCodeOfConduct: true, programHasCode: false)
            Issue.record("accepted")
        } catch {
            #expect(error.errors.map(\.field) == ["category", "description", "shares", "citesCodeOfConduct"], "every problem at once")
        }
        for share in ConcernShare.allExamples { #expect(ConcernShare(choice: share.choice) == share) }
    }
}

extension ConcernShare {
    static let allExamples: [ConcernShare] = [.lateChanges, .meetingHistory, .myCheckIns, .message(UUID())]
}

@Suite("Endings: reasons, the time to end alone, reflections, the recap in words")
struct EndingRulesTests {
    @Test("a reason from the list; “something else” needs words; a reflection needs one of its three parts")
    func drafts() throws {
        #expect(try EndingProposalDraft(reason: "goals_achieved", words: nil).reason == .goalsAchieved)
        #expect(throws: ValidationFailure.self) { try EndingProposalDraft(reason: "bored", words: "x") }
        #expect(throws: ValidationFailure.self) { try EndingProposalDraft(reason: "other", words: "  ") }
        #expect(throws: ValidationFailure.self) { try ReflectionDraft(learned: " ", differently: nil, keepDoing: "") }
        #expect(try ReflectionDraft(learned: nil, differently: nil, keepDoing: "Weekly hour").keepDoing == "Weekly hour")
    }

    @Test("alone only after the response time has passed")
    func alone() {
        let at = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(!EndingRules.mayEndAlone(proposedAt: at, now: at.addingTimeInterval(3 * 86_400 - 1), responseDays: 3))
        #expect(EndingRules.mayEndAlone(proposedAt: at, now: at.addingTimeInterval(3 * 86_400), responseDays: 3))
    }

    @Test("the recap says what happened, in words")
    func recap() {
        let goal = MentorshipRecap.GoalLine(title: "App", unit: "features", baseline: 0, final: 2, target: 3, status: .active, milestonesReached: 2, milestones: 4)
        #expect(goal.sentence == "From 0 to 2 of 3 features; 2 of 4 milestones reached — active")
        let none = MentorshipRecap.GoalLine(title: "Exam", unit: "points", baseline: nil, final: nil, target: 800, status: .dropped, milestonesReached: 0, milestones: 0)
        #expect(none.sentence == "Target 800 points, no reading recorded — dropped")
        let recap = MentorshipRecap(goals: [goal], meetingsHeld: 9, meetingsCancelled: 1, lateChanges: 2, cadenceDays: 14, actionsDone: 1,
                                    actionsCarried: 2, wins: [], setbacks: [], resources: [],
                                    startedOn: CalendarDate("2027-01-01")!, endedOn: CalendarDate("2027-05-23")!, agreedEnd: CalendarDate("2027-07-01")!)
        #expect(recap.duration == "142 days of the 181 agreed")
        #expect(recap.meetings == "9 meetings held; the charter’s rhythm asked for 10. 1 cancelled, 2 changes with less notice than agreed.")
        #expect(recap.actions == "1 action item done, 2 still open to carry forward.")
        let dropped = MentorshipRecap(goals: [], meetingsHeld: 0, meetingsCancelled: 0, lateChanges: 0, cadenceDays: 14, actionsDone: 12,
                                      actionsDropped: 2, actionsCarried: 0, wins: [], setbacks: [], resources: [],
                                      startedOn: CalendarDate("2027-01-01")!, endedOn: CalendarDate("2027-01-01")!, agreedEnd: nil)
        #expect(dropped.actions == "12 action items done, 2 dropped.")
    }
}

@Suite("Endings in aggregate: at least k, small reasons hidden with a neighbour")
struct EndingAggregateTests {
    @Test("below k nothing by reason; a lone small reason takes the next smallest with it")
    func suppression() {
        #expect(EndingAggregate(reasons: [.goalsAchieved, .noTime], k: 5).buckets.isEmpty)
        let five = EndingAggregate(reasons: [.goalsAchieved, .goalsAchieved, .goalsAchieved, .notAFit, .durationOver, .durationOver, .durationOver, .durationOver], k: 5)
        #expect(five.total == 8)
        #expect(five.buckets.first { $0.reason == .notAFit }?.count == nil, "one “not a fit” is never shown")
        #expect(five.buckets.first { $0.reason == .goalsAchieved }?.count == nil, "and the next smallest goes with it, so 8 − 4 − 3 cannot reveal it")
        #expect(five.buckets.first { $0.reason == .durationOver }?.count == 4)
        let clear = EndingAggregate(reasons: Array(repeating: .goalsAchieved, count: 4) + Array(repeating: .noTime, count: 3), k: 5)
        #expect(clear.buckets.map(\.count) == [4, 3])
    }
}

@Suite("The compatibility self-check: every answer checked, suggestions from the guides")
struct CompatibilitySelfCheckTests {
    @Test("all yes: carry on; anything short of yes: talk first")
    func suggestions() throws {
        let all = FitAnswer.allCases
        for g in all { for c in all { for o in all {
            let check = try CompatibilitySelfCheck(goals: g.rawValue, communication: c.rawValue, objectives: o.rawValue, note: nil)
            let s = check.suggestions
            if g == .fits && c == .fits && o == .fits {
                #expect(s == [.continueAsYouAre])
                continue
            }
            #expect(s.first == .talkAtNextMeeting, "\(g) \(c) \(o)")
            #expect(s.contains(.proposeCharterChange) == (c != .fits), "communication \(c)")
            #expect(s.contains(.anotherMentorAlongside) == (g == .notReally || o == .notReally), "goals \(g) objectives \(o)")
            #expect(!s.contains(.continueAsYouAre))
        } } }
    }

    @Test("a missing or unknown answer names the question; the note has a limit")
    func validation() {
        do {
            _ = try CompatibilitySelfCheck(goals: "fits", communication: "maybe", objectives: nil, note: String(repeating: "x", count: SelfCheckLimits.note + 1))
            Issue.record("accepted")
        } catch {
            #expect(Set(error.errors.map(\.field)) == ["communication", "objectives", "note"])
        }
    }

    @Test("the advice for a mentor suggests a second mentor rather than looking for one")
    func advice() {
        #expect(SelfCheckSuggestion.anotherMentorAlongside.advice(asMentee: true).hasPrefix("Look for another mentor"))
        #expect(SelfCheckSuggestion.anotherMentorAlongside.advice(asMentee: false).hasPrefix("Suggest a second mentor"))
    }
}
