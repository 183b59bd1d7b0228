import Foundation

/// The one way Tandem writes dates and times: in the reader's time zone and 12- or 24-hour
/// habit, short where the context says the rest ("Sun 6 Dec, 20:00"; the year only when it is
/// not this one), relative where it helps ("tomorrow at 8:00 PM", "yesterday at 14:05").
/// Built by hand from calendar components: cheap to make per page, and a plain Sendable value.
public struct DateVoice: Sendable {
    public enum Clock: String, Sendable, CaseIterable, Codable {
        case h24 = "24h"
        case h12 = "12h"

        public var label: String { self == .h24 ? "24-hour (20:00)" : "12-hour (8:00 PM)" }

        /// The habit of the place a zone names, for people who have not chosen: the places
        /// that usually read a 12-hour clock; everywhere else 24 hours.
        public static func usual(in zoneID: String) -> Clock {
            if twelveHourZones.contains(zoneID) { return .h12 }
            for prefix in twelveHourPrefixes where zoneID.hasPrefix(prefix) { return .h12 }
            return .h24
        }

        static let twelveHourPrefixes = ["US/", "Canada/", "Australia/", "America/Indiana/", "America/Kentucky/", "America/North_Dakota/"]
        static let twelveHourZones: Set<String> = [
            "America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles", "America/Phoenix",
            "America/Anchorage", "America/Juneau", "America/Sitka", "America/Nome", "America/Adak", "America/Boise",
            "America/Detroit", "America/Menominee", "America/Metlakatla", "America/Yakutat", "Pacific/Honolulu",
            "America/Toronto", "America/Vancouver", "America/Edmonton", "America/Winnipeg", "America/Halifax",
            "America/St_Johns", "America/Regina", "America/Moncton", "America/Mexico_City", "America/Puerto_Rico",
            "Pacific/Auckland", "Asia/Kolkata", "Asia/Calcutta", "Asia/Manila", "Asia/Karachi", "Asia/Dhaka",
            "Africa/Cairo", "Asia/Riyadh",
        ]
    }

    public let timeZone: TimeZone
    public let clock: Clock
    let calendar: Calendar

    static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    static let longWeekdays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    public init(timeZone: TimeZone, clock: Clock) {
        self.timeZone = timeZone
        self.clock = clock
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        self.calendar = calendar
    }

    /// `zoneID` an IANA name; `clock` nil means the zone's usual habit.
    public init(zoneID: String, clock: Clock?) {
        self.init(timeZone: TimeZone(identifier: zoneID) ?? .gmt, clock: clock ?? .usual(in: zoneID))
    }

    struct Parts {
        let year, month, day, weekday, hour, minute: Int
    }

    func parts(_ date: Date) -> Parts {
        let c = calendar.dateComponents([.year, .month, .day, .weekday, .hour, .minute], from: date)
        return Parts(year: c.year!, month: c.month!, day: c.day!, weekday: c.weekday!, hour: c.hour!, minute: c.minute!)
    }

    /// "20:00" or "8:00 PM".
    public func time(_ date: Date) -> String {
        time(parts(date))
    }

    func time(_ p: Parts) -> String {
        let minutes = p.minute < 10 ? "0\(p.minute)" : "\(p.minute)"
        switch clock {
        case .h24:
            return "\(p.hour < 10 ? "0" : "")\(p.hour):\(minutes)"
        case .h12:
            let hour = p.hour % 12 == 0 ? 12 : p.hour % 12
            return "\(hour):\(minutes) \(p.hour < 12 ? "AM" : "PM")"
        }
    }

    func day(_ p: Parts, now: Parts, weekday: Bool = true) -> String {
        let date = "\(p.day) \(Self.months[p.month - 1])\(p.year == now.year ? "" : " \(p.year)")"
        return weekday ? "\(Self.weekdays[p.weekday - 1]) \(date)" : date
    }

    /// "Sun 6 Dec, 20:00" (with the year when it is not this year's).
    public func dateTime(_ date: Date, now: Date = Date()) -> String {
        let p = parts(date)
        return "\(day(p, now: parts(now))), \(time(p))"
    }

    /// "Sun 6 Dec" for an instant's day in this zone.
    public func day(_ date: Date, now: Date = Date()) -> String {
        day(parts(date), now: parts(now))
    }

    /// A calendar day (a due date, a deadline): "Fri 11 Dec", "3 Mar 2027" without the weekday when far.
    public func day(_ value: CalendarDate, today: CalendarDate) -> String {
        Self.day(value, today: today)
    }

    /// The same, for a day that belongs to no zone (a stored date).
    public static func day(_ value: CalendarDate, today: CalendarDate) -> String {
        let start = value.start()
        var gmt = Calendar(identifier: .gregorian)
        gmt.timeZone = .gmt
        let weekday = gmt.component(.weekday, from: start)
        let text = "\(value.day) \(Self.months[value.month - 1])\(value.year == today.year ? "" : " \(value.year)")"
        return value.year == today.year ? "\(Self.weekdays[weekday - 1]) \(text)" : text
    }

    /// A day in a sentence that may be read any time later (an error, an e-mail): "18 Apr 2027".
    public static func spoken(_ value: CalendarDate) -> String {
        "\(value.day) \(months[value.month - 1]) \(value.year)"
    }

    /// A month in the reader's zone, for what is dated loosely (a testimonial): "Dec 2026".
    public func monthYear(_ date: Date) -> String {
        let p = parts(date)
        return "\(Self.months[p.month - 1]) \(p.year)"
    }

    /// When something was written or happened: "today at 14:05", "yesterday at 9:10 AM",
    /// "Friday at 10:00" within the last week, "22 Nov at 10:00", "22 Nov 2025" in another year.
    public func moment(_ date: Date, now: Date = Date()) -> String {
        let p = parts(date), n = parts(now)
        let days = dayDistance(from: now, to: date)
        switch days {
        case 0: return "today at \(time(p))"
        case -1: return "yesterday at \(time(p))"
        case -6 ... -2: return "\(Self.longWeekdays[p.weekday - 1]) at \(time(p))"
        case 1: return "tomorrow at \(time(p))"
        default: return p.year == n.year ? "\(day(p, now: n, weekday: false)) at \(time(p))" : day(p, now: n, weekday: false)
        }
    }

    /// How far ahead a coming meeting is: "now", "in 40 minutes", "in 3 hours", "tomorrow",
    /// "in 4 days", "in 3 weeks"; "" once it is past.
    public func until(_ date: Date, now: Date = Date()) -> String {
        let seconds = date.timeIntervalSince(now)
        if seconds < -60 { return "" }
        if seconds < 60 { return "now" }
        let minutes = Int((seconds / 60).rounded())
        if minutes < 60 { return minutes == 1 ? "in 1 minute" : "in \(minutes) minutes" }
        let days = dayDistance(from: now, to: date)
        if days == 0 {
            let hours = Int((seconds / 3600).rounded())
            return hours == 1 ? "in 1 hour" : "in \(hours) hours"
        }
        if days == 1 { return "tomorrow" }
        if days < 14 { return "in \(days) days" }
        let weeks = days / 7
        return weeks < 9 ? "in \(weeks) weeks" : "in \(days / 30) months"
    }

    /// Whole calendar days between two instants, counted in this zone (0 = the same day).
    public func dayDistance(from a: Date, to b: Date) -> Int {
        RelativeDay.distance(from: CalendarDate(a, in: timeZone), to: CalendarDate(b, in: timeZone))
    }
}
