import Foundation

/// A wall-clock time in a named zone, as people type it: "2027-03-30T18:00" in Europe/Berlin.
/// Turned into an instant (stored in UTC) with the zone's rules for that very day, so a meeting
/// at 18:00 stays at 18:00 across a daylight-saving change.
public enum LocalTime {
    static let formats = ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm"]

    public static func calendar(_ zone: TimeZone) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar
    }

    /// Reads "2027-03-30T18:00" (local to `zone`) or an ISO 8601 instant with an offset or Z.
    public static func parse(_ text: String, in zone: TimeZone) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let iso = ISO8601DateFormatter()
        if let date = iso.date(from: trimmed) { return date }
        iso.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = iso.date(from: trimmed) { return date }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.isLenient = false
        for pattern in formats {
            formatter.dateFormat = pattern
            guard let date = formatter.date(from: trimmed) else { continue }
            // A wall time skipped by a daylight-saving jump (02:30 on the spring-forward night)
            // does not exist: it would come back as another time. Refuse it rather than move it.
            let typed = String(trimmed.replacingOccurrences(of: " ", with: "T").prefix(16))
            guard Self.format(date, in: zone) == typed else { return nil }
            return date
        }
        return nil
    }

    /// "2027-03-30T18:00" for a form field.
    public static func format(_ date: Date, in zone: TimeZone) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm"
        return formatter.string(from: date)
    }
}

/// A meeting as proposed: when, how long, where.
public struct MeetingDraft: Sendable, Equatable {
    public var start: Date
    public var minutes: Int
    public var place: String
    public var link: String

    public init(start: Date, minutes: Int, place: String = "", link: String = "") {
        self.start = start
        self.minutes = minutes
        self.place = place
        self.link = link
    }

    public var end: Date { start.addingTimeInterval(Double(minutes) * 60) }
    public var interval: DateInterval { DateInterval(start: start, end: end) }

    public static let lengths = 10...480

    /// What makes a meeting impossible to plan: the past, a silly length, a link that is not one.
    /// Checked against now and, where known, the day the mentorship ends (its charter's end date):
    /// no meeting is planned for after the mentorship.
    public func validated(now: Date, mentorshipEndsOn: CalendarDate? = nil, in zone: TimeZone = .gmt) throws(ValidationFailure) -> MeetingDraft {
        var v = InputValidator()
        var clean = self
        if start <= now { v.add("start", "A meeting is planned ahead: choose a time after now.") }
        if let mentorshipEndsOn, CalendarDate(start, in: zone) > mentorshipEndsOn {
            v.add("start", "The mentorship ends on \(mentorshipEndsOn); plan the meeting before then, or extend the mentorship in a new charter version first.")
        }
        if !Self.lengths.contains(minutes) { v.add("minutes", "A meeting lasts from 10 to 480 minutes (got \(minutes)).") }
        clean.place = v.optionalText("place", place, label: "Place", max: 300)
        clean.link = v.optionalText("link", link, label: "Video link", max: 500)
        if !clean.link.isEmpty && !Self.isWebLink(clean.link) {
            v.add("link", "The video link must be a web address starting with https:// (or http://).")
        }
        try v.check()
        return clean
    }

    public static func isWebLink(_ text: String) -> Bool {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
              let host = url.host, !host.isEmpty, !text.contains(" ") else { return false }
        return true
    }
}

/// Changing a meeting with less notice than the charter asks is allowed, and recorded as late.
public enum LateChange {
    public static func isLate(changedAt: Date, meetingStart: Date, noticeHours: Int) -> Bool {
        meetingStart.timeIntervalSince(changedAt) < Double(noticeHours) * 3600
    }
}

/// The free time two people share: their weekly windows (each in their own zone, expanded day by
/// day so daylight-saving changes land where they belong) minus what is already booked.
public enum FreeSlots {
    public struct Person: Sendable {
        public let windows: [WeeklyWindow]
        public let zone: TimeZone

        public init(windows: [WeeklyWindow], zone: TimeZone) {
            self.windows = windows
            self.zone = zone
        }

        /// The person's windows as instants between `from` and `to`.
        func intervals(from: Date, to: Date) -> [DateInterval] {
            let calendar = LocalTime.calendar(zone)
            var result: [DateInterval] = []
            var day = calendar.startOfDay(for: from.addingTimeInterval(-86_400))
            while day < to {
                // Calendar weekday: 1 = Sunday; WeeklyWindow: 1 = Monday.
                let weekday = (calendar.component(.weekday, from: day) + 5) % 7 + 1
                let parts = calendar.dateComponents([.year, .month, .day], from: day)
                for window in windows where window.weekday == weekday {
                    var startParts = parts
                    startParts.hour = window.startMinute / 60
                    startParts.minute = window.startMinute % 60
                    var endParts = parts
                    endParts.hour = window.endMinute / 60
                    endParts.minute = window.endMinute % 60
                    if window.endMinute >= 1440 { endParts.hour = 23; endParts.minute = 59 }
                    guard let start = calendar.date(from: startParts), let end = calendar.date(from: endParts), end > start else { continue }
                    let clipped = DateInterval(start: max(start, from), end: max(min(end, to), max(start, from)))
                    if clipped.duration > 0 { result.append(clipped) }
                }
                day = calendar.date(byAdding: .day, value: 1, to: day)!
            }
            return result
        }
    }

    static func intersect(_ a: [DateInterval], _ b: [DateInterval]) -> [DateInterval] {
        var result: [DateInterval] = []
        for x in a {
            for y in b {
                let start = max(x.start, y.start), end = min(x.end, y.end)
                if end > start { result.append(DateInterval(start: start, end: end)) }
            }
        }
        return result.sorted { $0.start < $1.start }
    }

    static func subtract(_ busy: [DateInterval], from free: [DateInterval]) -> [DateInterval] {
        var result = free
        for block in busy {
            result = result.flatMap { slot -> [DateInterval] in
                guard block.start < slot.end && block.end > slot.start else { return [slot] }
                var pieces: [DateInterval] = []
                if block.start > slot.start { pieces.append(DateInterval(start: slot.start, end: block.start)) }
                if block.end < slot.end { pieces.append(DateInterval(start: block.end, end: slot.end)) }
                return pieces
            }
        }
        return result
    }

    /// Start times for a meeting of `minutes`, on the half hour, within both people's free time.
    /// At most `limit`, and at most three a day so the list spans the fortnight.
    public static func find(_ a: Person, _ b: Person, busy: [DateInterval], from: Date, days: Int = 14,
                            minutes: Int, limit: Int = 12) -> [DateInterval] {
        let to = from.addingTimeInterval(Double(days) * 86_400)
        let shared = subtract(busy, from: intersect(a.intervals(from: from, to: to), b.intervals(from: from, to: to)))
        let length = Double(minutes) * 60
        var slots: [DateInterval] = []
        var perDay: [String: Int] = [:]
        for free in shared {
            // Round up to the next half hour, so proposals look like times people choose.
            var start = Date(timeIntervalSince1970: (free.start.timeIntervalSince1970 / 1800).rounded(.up) * 1800)
            while start.addingTimeInterval(length) <= free.end {
                let day = CalendarDate(start, in: a.zone).description
                if perDay[day, default: 0] < 3 {
                    slots.append(DateInterval(start: start, duration: length))
                    perDay[day, default: 0] += 1
                }
                if slots.count == limit { return slots }
                start = start.addingTimeInterval(max(length, 3600))
            }
        }
        return slots
    }
}

/// A series that follows the charter's cadence, keeping the wall-clock time in the organiser's
/// zone (18:00 stays 18:00 after the clocks change).
public enum MeetingSeries {
    public static func starts(first: Date, cadenceDays: Int, count: Int, in zone: TimeZone) -> [Date] {
        let calendar = LocalTime.calendar(zone)
        return (0..<max(count, 0)).compactMap { calendar.date(byAdding: .day, value: $0 * cadenceDays, to: first) }
    }
}
