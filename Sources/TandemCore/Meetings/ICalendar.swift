import Foundation

/// One meeting as a calendar event (RFC 5545).
public struct CalendarEvent: Sendable, Equatable {
    public enum Status: String, Sendable { case tentative = "TENTATIVE", confirmed = "CONFIRMED", cancelled = "CANCELLED" }

    public struct Person: Sendable, Equatable {
        public let name: String
        public let email: String

        public init(name: String, email: String) {
            self.name = name
            self.email = email
        }
    }

    /// Stable across reschedules, so calendars move the event instead of adding another.
    public var uid: String
    /// Raised on every change, so calendars know which version is newer.
    public var sequence: Int
    public var start: Date
    public var end: Date
    public var summary: String
    public var description: String
    public var location: String
    public var url: String
    public var status: Status
    public var organizer: Person?
    public var attendees: [Person]
    public var lastModified: Date

    public init(uid: String, sequence: Int, start: Date, end: Date, summary: String, description: String = "",
                location: String = "", url: String = "", status: Status = .confirmed, organizer: Person? = nil,
                attendees: [Person] = [], lastModified: Date) {
        self.uid = uid
        self.sequence = sequence
        self.start = start
        self.end = end
        self.summary = summary
        self.description = description
        self.location = location
        self.url = url
        self.status = status
        self.organizer = organizer
        self.attendees = attendees
        self.lastModified = lastModified
    }
}

/// Writes iCalendar files: one meeting to import (METHOD:REQUEST, or CANCEL when it is called
/// off), or a person's whole feed (METHOD:PUBLISH). Times carry the reader's time zone with a
/// VTIMEZONE built from the zone's real transitions, so calendars show the same wall time Tandem does.
public enum ICalendar {
    public enum Method: String, Sendable { case publish = "PUBLISH", request = "REQUEST", cancel = "CANCEL" }

    public static func document(_ events: [CalendarEvent], method: Method, zone: TimeZone, name: String? = nil, now: Date) -> String {
        var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Tandem//Mentorship meetings//EN", "CALSCALE:GREGORIAN",
                     "METHOD:\(method.rawValue)"]
        if let name {
            lines.append("X-WR-CALNAME:\(escape(name))")
            lines.append("X-WR-TIMEZONE:\(zone.identifier)")
        }
        let utc = zone.identifier == "UTC" || zone.identifier == "GMT"
        // One calendar per zone for the whole document: making one per date is slow.
        let local = LocalTime.calendar(zone)
        func localStamp(_ date: Date) -> String { stamp(date, calendar: local) }
        if !utc, let first = events.map(\.start).min(), let last = events.map(\.end).max() {
            lines += timeZone(zone, from: first, to: last)
        }
        for event in events {
            lines.append("BEGIN:VEVENT")
            lines.append("UID:\(escape(event.uid))")
            lines.append("DTSTAMP:\(utcStamp(now))")
            lines.append(utc ? "DTSTART:\(utcStamp(event.start))" : "DTSTART;TZID=\(zone.identifier):\(localStamp(event.start))")
            lines.append(utc ? "DTEND:\(utcStamp(event.end))" : "DTEND;TZID=\(zone.identifier):\(localStamp(event.end))")
            lines.append("SEQUENCE:\(event.sequence)")
            lines.append("SUMMARY:\(escape(event.summary))")
            if !event.description.isEmpty { lines.append("DESCRIPTION:\(escape(event.description))") }
            if !event.location.isEmpty { lines.append("LOCATION:\(escape(event.location))") }
            if !event.url.isEmpty { lines.append("URL:\(event.url)") }
            lines.append("STATUS:\(event.status.rawValue)")
            if let organizer = event.organizer {
                lines.append("ORGANIZER;CN=\(parameter(organizer.name)):mailto:\(organizer.email)")
            }
            for attendee in event.attendees {
                lines.append("ATTENDEE;CN=\(parameter(attendee.name));ROLE=REQ-PARTICIPANT:mailto:\(attendee.email)")
            }
            lines.append("LAST-MODIFIED:\(utcStamp(event.lastModified))")
            lines.append("END:VEVENT")
        }
        lines.append("END:VCALENDAR")
        return lines.map(fold).joined(separator: "\r\n") + "\r\n"
    }

    /// VTIMEZONE with every transition from a year before the first event to a year after the
    /// last, each with its exact onset: no recurrence rules to get wrong.
    static func timeZone(_ zone: TimeZone, from first: Date, to last: Date) -> [String] {
        var lines = ["BEGIN:VTIMEZONE", "TZID:\(zone.identifier)"]
        let rangeStart = first.addingTimeInterval(-400 * 86_400)
        let rangeEnd = last.addingTimeInterval(400 * 86_400)
        var transitions: [Date] = []
        var cursor = rangeStart
        while let next = zone.nextDaylightSavingTimeTransition(after: cursor), next < rangeEnd, transitions.count < 20 {
            transitions.append(next)
            cursor = next
        }
        if transitions.isEmpty {
            let offset = offsetText(zone.secondsFromGMT(for: first))
            lines += ["BEGIN:STANDARD", "DTSTART:19700101T000000", "TZOFFSETFROM:\(offset)", "TZOFFSETTO:\(offset)",
                      "TZNAME:\(zone.abbreviation(for: first) ?? zone.identifier)", "END:STANDARD"]
        }
        for onset in transitions {
            let before = zone.secondsFromGMT(for: onset.addingTimeInterval(-1))
            let after = zone.secondsFromGMT(for: onset)
            let kind = zone.isDaylightSavingTime(for: onset) ? "DAYLIGHT" : "STANDARD"
            lines += ["BEGIN:\(kind)", "DTSTART:\(utcStamp(onset.addingTimeInterval(Double(before))).dropLast())",
                      "TZOFFSETFROM:\(offsetText(before))", "TZOFFSETTO:\(offsetText(after))",
                      "TZNAME:\(zone.abbreviation(for: onset) ?? zone.identifier)", "END:\(kind)"]
        }
        lines.append("END:VTIMEZONE")
        return lines
    }

    static func offsetText(_ seconds: Int) -> String {
        let sign = seconds < 0 ? "-" : "+"
        let minutes = abs(seconds) / 60
        return String(format: "%@%02d%02d", sign, minutes / 60, minutes % 60)
    }

    static let utcCalendar = LocalTime.calendar(TimeZone(identifier: "UTC")!)

    static func utcStamp(_ date: Date) -> String {
        stamp(date, calendar: utcCalendar) + "Z"
    }

    static func stamp(_ date: Date, calendar: Calendar) -> String {
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d%02d%02dT%02d%02d%02d", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
    }

    /// TEXT values: backslash, semicolon, comma and newlines escaped (RFC 5545 §3.3.11).
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: ";", with: "\\;")
            .replacingOccurrences(of: ",", with: "\\,").replacingOccurrences(of: "\r\n", with: "\\n")
            .replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\r", with: "\\n")
    }

    /// A parameter value is quoted; quotes inside cannot be escaped, so they go.
    static func parameter(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\"", with: "'").replacingOccurrences(of: "\n", with: " ") + "\""
    }

    /// Lines longer than 75 octets continue on the next line after a space, never inside a character.
    static func fold(_ line: String) -> String {
        guard line.utf8.count > 75 else { return line }
        var parts: [String] = []
        var current = ""
        var octets = 0
        for character in line {
            let size = String(character).utf8.count
            let limit = parts.isEmpty ? 75 : 74
            if octets + size > limit {
                parts.append(current)
                current = ""
                octets = 0
            }
            current.append(character)
            octets += size
        }
        parts.append(current)
        return parts.joined(separator: "\r\n ")
    }
}
