import Foundation
import Testing
@testable import TandemCore

@Suite("Confidentiality of feedback, check-ins and concern cases: viewer × record, written out")
struct PrivateRecordPolicyTests {
    /// Every record kind a test can name: feedback, a check-in blind or answered by both, and
    /// each part of a case with the other side involved or not.
    static let records: [PrivateRecord] = [.feedback, .checkIn(bothAnswered: false), .checkIn(bothAnswered: true)]
        + ConcernPart.allCases.flatMap { [PrivateRecord.concern($0, otherInvolved: false), .concern($0, otherInvolved: true)] }

    /// The whole rule by hand. A change to the policy has to change this table too.
    static func expected(_ relation: ViewerRelation, _ record: PrivateRecord) -> Access {
        switch record {
        case .feedback:
            return [.author: .read, .counterpart: .read, .coordinator: .aggregate][relation] ?? .none
        case .checkIn(let both):
            return [.author: .read, .counterpart: both ? .read : .none, .coordinator: .aggregate][relation] ?? .none
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
        #expect(Self.records.count == 3 + 2 * ConcernPart.allCases.count)
        for record in Self.records {
            #expect(AccessPolicy.access(relation, to: record) == Self.expected(relation, record), "\(relation) reading \(record)")
        }
    }

    @Test("a coordinator never reads feedback or a check-in; a case's other side never reads what the raiser wrote or shared")
    func promises() {
        #expect(AccessPolicy.access(.coordinator, to: .feedback) != .read)
        #expect(AccessPolicy.access(.coordinator, to: .checkIn(bothAnswered: true)) != .read)
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
