import Foundation
import Testing
@testable import TandemCore

@Suite("The commitment charter")
struct CharterTests {
    let start = CalendarDate("2026-12-01")!
    let end = CalendarDate("2027-05-31")!
    var terms: CharterTerms { .defaults(cadenceDays: 14, startsOn: start, endsOn: end) }
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test("the defaults are a sound charter")
    func defaults() throws {
        #expect(try terms.validate() == terms)
        #expect(terms.rescheduleNoticeHours == 24 && terms.cadenceDays == 14)
    }

    @Test("bad terms are named field by field")
    func invalid() {
        var bad = terms
        bad.channels = [.chat]
        bad.rescheduleNoticeHours = -1
        bad.meetingLink = "javascript:alert(1)"
        bad.endsOn = start
        do {
            _ = try bad.validate()
            Issue.record("expected a refusal")
        } catch {
            #expect(Set(error.errors.map(\.field)) == ["chatHandle", "rescheduleNoticeHours", "meetingLink", "endsOn"])
        }
    }

    @Test("both sign; a change is a new version both sign again; the old one stays in force until then")
    func versions() throws {
        var history = CharterHistory()
        #expect(!history.isSigned)
        let first = try history.propose(terms, by: .mentee, at: now)
        #expect(first.number == 1 && first.menteeSignedAt == now && !first.isSigned)
        #expect(throws: CharterHistory.Problem.alreadySigned(1)) { try history.sign(version: 1, by: .mentee, at: now) }
        #expect(try history.sign(version: 1, by: .mentor, at: now).isSigned)
        #expect(history.isSigned)

        var changed = terms
        changed.rescheduleNoticeHours = 6
        #expect(throws: CharterHistory.Problem.unchanged) { try history.propose(terms, by: .mentor, at: now) }
        let second = try history.propose(changed, by: .mentor, at: now)
        #expect(second.number == 2)
        #expect(history.inForce?.number == 1, "version 1 holds until both sign version 2")
        #expect(throws: CharterHistory.Problem.notTheLatest(1, latest: 2)) { try history.sign(version: 1, by: .mentee, at: now) }
        _ = try history.sign(version: 2, by: .mentee, at: now)
        #expect(history.inForce?.terms.rescheduleNoticeHours == 6)
        #expect(history.versions.count == 2, "earlier versions stay readable")
    }
}
