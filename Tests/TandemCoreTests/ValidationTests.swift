import Testing
@testable import TandemCore

@Suite("Validation of what people type")
struct ValidationTests {
    @Test("real addresses pass", arguments: [
        "ana@example.org", "first.last+tag@mail.example.co.uk", "o'brien@example.ie", "x@a-b.io",
    ])
    func validEmail(_ address: String) {
        #expect(EmailAddress.isValid(address))
    }

    @Test("typos are refused", arguments: [
        "", "ana", "ana@", "@example.org", "ana@example", "ana@@example.org", "ana@example..org",
        ".ana@example.org", "ana.@example.org", "ana@-example.org", "ana@example.o1", "ana example@x.org",
        "ana@exa_mple.org",
    ])
    func invalidEmail(_ address: String) {
        #expect(!EmailAddress.isValid(address))
    }

    @Test("text is trimmed and bounded, and the message names the field")
    func textLimits() {
        var v = InputValidator()
        #expect(v.text("name", "  Ana  ", label: "Name", max: 10) == "Ana")
        v.text("empty", "   ", label: "Name", max: 10)
        v.text("long", String(repeating: "x", count: 11), label: "Name", max: 10)
        #expect(v.errors.map(\.field) == ["empty", "long"])
        #expect(v.errors[0].message == "Name must not be empty.")
        #expect(v.errors[1].message.contains("at most 10"))
        #expect(throws: ValidationFailure.self) { try v.check() }
    }

    @Test("passwords: at least 10 characters, at most 72 bytes")
    func passwords() {
        var v = InputValidator()
        _ = v.password("a", "short")
        _ = v.password("b", String(repeating: "é", count: 40)) // 80 bytes
        _ = v.password("c", "long enough password")
        #expect(v.errors.map(\.field) == ["a", "b"])
    }

    @Test("time zones are IANA names")
    func timeZones() {
        var v = InputValidator()
        #expect(v.timeZone("tz", "Europe/Berlin") == "Europe/Berlin")
        #expect(v.timeZone("empty", "") == "UTC")
        _ = v.timeZone("bad", "Mars/Olympus")
        #expect(v.errors.map(\.field) == ["bad"])
    }

    @Test("numbers outside their range are named")
    func integerRange() {
        var v = InputValidator()
        _ = v.integer("cadence", 0, label: "Cadence", in: 1...90)
        _ = v.integer("missing", nil, label: "Missing", in: 1...90)
        #expect(v.errors.map(\.field) == ["cadence", "missing"])
    }
}

@Suite("Calendar dates")
struct CalendarDateTests {
    @Test("parses YYYY-MM-DD and refuses impossible days")
    func parsing() {
        #expect(CalendarDate("2026-03-01")?.description == "2026-03-01")
        #expect(CalendarDate("2028-02-29") != nil)
        #expect(CalendarDate("2026-02-29") == nil)
        #expect(CalendarDate("2026-13-01") == nil)
        #expect(CalendarDate("26-03-01") == nil)
        #expect(CalendarDate("2026/03/01") == nil)
        #expect(CalendarDate("") == nil)
    }

    @Test("orders and adds days across month ends")
    func arithmetic() {
        let date = CalendarDate("2026-01-30")!
        #expect(date.adding(days: 2).description == "2026-02-01")
        #expect(date < date.adding(days: 1))
    }
}

@Suite("Program settings")
struct ProgramSettingsTests {
    func draft(name: String? = "Spring cohort", start: String? = "2026-03-01", end: String? = "2026-08-31",
               cadence: Int? = 14) -> ProgramDraft {
        ProgramDraft(name: name, description: nil, startsOn: start, endsOn: end, meetingCadenceDays: cadence)
    }

    @Test("a sound program passes")
    func valid() throws {
        let settings = try ProgramSettings.validate(draft())
        #expect(settings.name == "Spring cohort")
        #expect(settings.startsOn.description == "2026-03-01")
        #expect(settings.meetingCadenceDays == 14)
    }

    @Test("a range ending before it starts is refused on the end date")
    func endBeforeStart() {
        #expect(throws: ValidationFailure([FieldError("endsOn", "End date must be after the start date (2026-03-01).")])) {
            try ProgramSettings.validate(draft(end: "2026-02-01"))
        }
    }

    @Test("every bad field is reported at once")
    func manyErrors() {
        do {
            _ = try ProgramSettings.validate(draft(name: "", start: "soon", end: nil, cadence: 500))
            Issue.record("expected a validation failure")
        } catch {
            #expect(error.errors.map(\.field).sorted() == ["endsOn", "meetingCadenceDays", "name", "startsOn"])
        }
    }

    @Test("a program cannot run longer than three years")
    func tooLong() {
        #expect(throws: ValidationFailure.self) { try ProgramSettings.validate(draft(end: "2030-01-01")) }
    }
}
