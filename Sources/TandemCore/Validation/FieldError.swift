import Foundation

/// A problem with one field of a form or a request body, named so people can fix it.
public struct FieldError: Error, Equatable, Codable, Sendable {
    public let field: String
    public let message: String

    public init(_ field: String, _ message: String) {
        self.field = field
        self.message = message
    }
}

/// One or more field problems; nothing is written when this is thrown.
public struct ValidationFailure: Error, Equatable, Sendable {
    public let errors: [FieldError]

    public init(_ errors: [FieldError]) { self.errors = errors }
    public init(_ field: String, _ message: String) { self.errors = [FieldError(field, message)] }

    public var summary: String {
        errors.map { "\($0.field): \($0.message)" }.joined(separator: "; ")
    }

    public func message(for field: String) -> String? {
        errors.first { $0.field == field }?.message
    }
}

/// Collects field problems, then throws them all at once, so a form shows every mistake together.
public struct InputValidator: Sendable {
    public private(set) var errors: [FieldError] = []

    public init() {}

    public mutating func add(_ field: String, _ message: String) {
        // One message per field is enough for a person to act on.
        guard !errors.contains(where: { $0.field == field }) else { return }
        errors.append(FieldError(field, message))
    }

    /// Trims and checks a required text field; returns the cleaned value.
    @discardableResult
    public mutating func text(_ field: String, _ value: String?, label: String, min: Int = 1, max: Int) -> String {
        let trimmed = (value ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.count < min {
            add(field, min <= 1 ? "\(label) must not be empty." : "\(label) must be at least \(min) characters.")
        } else if trimmed.count > max {
            add(field, "\(label) must be at most \(max) characters (it has \(trimmed.count)).")
        }
        return trimmed
    }

    /// An optional text field: empty is fine, too long is not.
    public mutating func optionalText(_ field: String, _ value: String?, label: String, max: Int) -> String {
        let trimmed = (value ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.count > max {
            add(field, "\(label) must be at most \(max) characters (it has \(trimmed.count)).")
        }
        return trimmed
    }

    public mutating func email(_ field: String, _ value: String?) -> String {
        let cleaned = (value ?? "").trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        if cleaned.isEmpty {
            add(field, "E-mail address must not be empty.")
        } else if cleaned.count > Limits.email {
            add(field, "E-mail address must be at most \(Limits.email) characters.")
        } else if !EmailAddress.isValid(cleaned) {
            add(field, "“\(cleaned)” is not a valid e-mail address.")
        }
        return cleaned
    }

    public mutating func password(_ field: String, _ value: String?) -> String {
        let password = value ?? ""
        if password.count < Limits.passwordMin {
            add(field, "Password must be at least \(Limits.passwordMin) characters.")
        } else if password.utf8.count > Limits.passwordMaxBytes {
            // Bcrypt reads at most 72 bytes; longer passwords would be silently truncated.
            add(field, "Password must be at most \(Limits.passwordMaxBytes) bytes.")
        }
        return password
    }

    public mutating func integer(_ field: String, _ value: Int?, label: String, in range: ClosedRange<Int>) -> Int {
        guard let value else {
            add(field, "\(label) must be a whole number.")
            return range.lowerBound
        }
        if !range.contains(value) {
            add(field, "\(label) must be between \(range.lowerBound) and \(range.upperBound).")
        }
        return value
    }

    public func check() throws(ValidationFailure) {
        if !errors.isEmpty { throw ValidationFailure(errors) }
    }
}

/// Documented limits, shared by pages, the API and the OpenAPI document.
public enum Limits {
    public static let email = 254
    public static let displayName = 80
    public static let passwordMin = 10
    public static let passwordMaxBytes = 72
    public static let programName = 120
    public static let programDescription = 4000
    public static let tokenName = 60
    public static let noteBody = 10_000
    public static let timeZone = 64
    public static let invitationBatch = 100
}

extension InputValidator {
    /// An IANA region name such as "Europe/Berlin" (or UTC); empty means `fallback`.
    public mutating func timeZone(_ field: String, _ value: String?, fallback: String = "UTC") -> String {
        let name = (value ?? "").trimmingCharacters(in: .whitespaces)
        if name.isEmpty { return fallback }
        if let problem = TimeZoneNames.problem(with: name) { add(field, problem) }
        return name
    }
}

/// Time zones are region names: a fixed abbreviation such as EST knows no daylight saving, so a
/// meeting "at 18:00 EST" would move by an hour against the clocks of the people in it.
public enum TimeZoneNames {
    public static let known: Set<String> = Set(TimeZone.knownTimeZoneIdentifiers).union(["UTC"])

    /// Regions people usually mean by an abbreviation.
    static let regionsFor: [String: String] = [
        "EST": "America/New_York", "EDT": "America/New_York", "CST": "America/Chicago", "CDT": "America/Chicago",
        "MST": "America/Denver", "MDT": "America/Denver", "PST": "America/Los_Angeles", "PDT": "America/Los_Angeles",
        "BST": "Europe/London", "WET": "Europe/Lisbon", "CET": "Europe/Berlin", "CEST": "Europe/Berlin", "MET": "Europe/Berlin",
        "EET": "Europe/Athens", "EEST": "Europe/Athens", "MSK": "Europe/Moscow", "IST": "Asia/Kolkata", "JST": "Asia/Tokyo",
        "KST": "Asia/Seoul", "HKT": "Asia/Hong_Kong", "SGT": "Asia/Singapore", "AEST": "Australia/Sydney",
        "AEDT": "Australia/Sydney", "NZST": "Pacific/Auckland", "HST": "Pacific/Honolulu", "AKST": "America/Anchorage",
    ]

    /// Why `name` is not accepted, with a region to use instead; nil when it is fine.
    public static func problem(with name: String) -> String? {
        if name.count <= Limits.timeZone, known.contains(name) { return nil }
        if let region = regionsFor[name.uppercased()] {
            return "“\(name)” is a fixed abbreviation without daylight saving; choose the region instead, such as \(region)."
        }
        if let match = known.first(where: { $0.caseInsensitiveCompare(name) == .orderedSame }) {
            return "“\(name)” is not a time zone we know; did you mean \(match)?"
        }
        let city = name.split(separator: "/").last.map { $0.replacingOccurrences(of: " ", with: "_").lowercased() } ?? ""
        if !city.isEmpty, let match = known.first(where: { $0.lowercased().hasSuffix("/" + city) }) {
            return "“\(name)” is not a time zone we know; did you mean \(match)?"
        }
        return "“\(name)” is not a time zone we know; use a region name like Europe/Berlin or America/New_York."
    }
}

extension InputValidator {
    public static let dateHint = "Give the date as YYYY-MM-DD, like 2027-03-31."

    /// A date typed as YYYY-MM-DD that must be there.
    public mutating func date(_ field: String, _ text: String) -> CalendarDate? {
        guard let date = CalendarDate(text.trimmingCharacters(in: .whitespaces)) else {
            add(field, Self.dateHint)
            return nil
        }
        return date
    }

    /// A date that may be left empty (nil, and no error); anything else must be a date.
    public mutating func optionalDate(_ field: String, _ text: String) -> CalendarDate? {
        text.trimmingCharacters(in: .whitespaces).isEmpty ? nil : date(field, text)
    }
}

extension InputValidator {
    /// A whole number typed into a form field that must be there.
    public mutating func wholeNumber(_ field: String, _ text: String?, label: String) -> Int? {
        guard let value = Int((text ?? "").trimmingCharacters(in: .whitespaces)) else {
            add(field, "\(label) must be a whole number.")
            return nil
        }
        return value
    }

    /// A whole number that may be left empty (nil, and no error).
    public mutating func optionalWholeNumber(_ field: String, _ text: String?, label: String) -> Int? {
        (text ?? "").trimmingCharacters(in: .whitespaces).isEmpty ? nil : wholeNumber(field, text, label: label)
    }
}
