import Testing
@testable import TandemCore

@Suite("Introductions")
struct IntroductionRulesTests {
    @Test("only a pending request changes state")
    func transitions() {
        for status in RequestStatus.allCases {
            for next in RequestStatus.allCases {
                #expect(status.canBecome(next) == (status == .pending && next != .pending), "\(status) → \(next)")
            }
        }
    }

    @Test("a thoughtful introduction passes; a curt one is refused part by part")
    func introduction() throws {
        let good = IntroductionDraft(whoIAm: "A QA analyst of four years, moving into backend work.",
                                     whatDrewMe: "You made the same switch and now lead a platform team.",
                                     hopeToAchieve: "Ship a small Go service to production within three months.",
                                     timeAsked: "45 minutes every two weeks")
        #expect(try good.validate().timeAsked == "45 minutes every two weeks")
        do {
            _ = try IntroductionDraft(whoIAm: "hi", whatDrewMe: nil, hopeToAchieve: "mentor me please, thanks!", timeAsked: "").validate()
            Issue.record("expected a refusal")
        } catch {
            #expect(error.errors.map(\.field) == ["whoIAm", "whatDrewMe", "timeAsked"])
        }
        // Each part long enough, but all together too short to judge the fit.
        do {
            _ = try IntroductionDraft(whoIAm: String(repeating: "a", count: 20), whatDrewMe: String(repeating: "b", count: 20),
                                      hopeToAchieve: String(repeating: "c", count: 20), timeAsked: "1 hour").validate()
            Issue.record("expected a refusal")
        } catch {
            #expect(error.errors.first?.message.contains("at least 150") == true)
        }
    }

    @Test("typical response time is the median of past answers, in words")
    func typicalResponse() {
        #expect(RequestRules.typicalResponse([]) == nil)
        #expect(RequestRules.typicalResponse([3600, 7200, 100 * 3600]) == 7200)
        #expect(RequestRules.typicalResponse([3600, 7200]) == 5400)
        #expect(RequestRules.describe(1800) == "within an hour")
        #expect(RequestRules.describe(5 * 3600) == "within 5 hours")
        #expect(RequestRules.describe(60 * 3600) == "within 3 days")
    }
}
