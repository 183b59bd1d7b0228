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
        #expect(history.status == .notStarted)
        let first = try history.propose(terms)
        #expect(first.number == 1 && first.awaiting == [.mentor, .mentee] && history.status == .awaitingSignatures)
        // Unsigned wording can still change in place.
        var longer = terms
        longer.meetingMinutes = 60
        #expect(try history.save(longer).number == 1)
        _ = try history.sign(version: 1, by: .mentee, at: now)
        #expect(throws: CharterHistory.Problem.alreadySigned(1)) { try history.sign(version: 1, by: .mentee, at: now) }
        #expect(throws: CharterHistory.Problem.signedVersion(1)) { try history.edit(version: 1, to: terms) }
        #expect(try history.sign(version: 1, by: .mentor, at: now).isSigned)
        #expect(history.isSigned && history.status == .signed)

        var changed = longer
        changed.rescheduleNoticeHours = 6
        #expect(throws: CharterHistory.Problem.unchanged) { try history.propose(longer) }
        let second = try history.save(changed)
        #expect(second.number == 2 && history.status == .changeProposed)
        #expect(history.inForce?.number == 1, "version 1 holds until both sign version 2")
        #expect(throws: CharterHistory.Problem.notTheLatest(1, latest: 2)) { try history.sign(version: 1, by: .mentee, at: now) }
        #expect(throws: CharterHistory.Problem.unknownVersion(7)) { try history.sign(version: 7, by: .mentee, at: now) }
        _ = try history.sign(version: 2, by: .mentee, at: now)
        _ = try history.sign(version: 2, by: .mentor, at: now)
        #expect(history.inForce?.terms.rescheduleNoticeHours == 6)
        #expect(history.versions.count == 2 && history.version(1)?.terms.meetingMinutes == 60, "earlier versions stay readable")
    }

    @Test("a phone channel needs a number")
    func phone() {
        var bad = terms
        bad.channels = [.phone]
        #expect(throws: ValidationFailure.self) { try bad.validate() }
        bad.phone = "+49 30 1234567"
        #expect((try? bad.validate()) != nil)
    }
}
