import Foundation

/// Due dates as people say them: "due today", "due tomorrow", "due Friday", "due 12 Dec",
/// "overdue since Monday" — relative while it helps, a date when it is far.
public enum RelativeDay {
    static let weekdays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    public static func due(_ day: CalendarDate, today: CalendarDate) -> String {
        let days = distance(from: today, to: day)
        switch days {
        case 0: return "due today"
        case 1: return "due tomorrow"
        case 2...6: return "due \(weekday(of: day))"
        case -1: return "overdue since yesterday"
        case -6 ... -2: return "overdue since \(weekday(of: day))"
        default: return days > 0 ? "due \(short(day, today: today))" : "overdue since \(short(day, today: today))"
        }
    }

    /// A past day as people say it: "today", "yesterday", "Friday" within the week, else "22 Nov".
    public static func on(_ day: CalendarDate, today: CalendarDate) -> String {
        switch distance(from: today, to: day) {
        case 0: return "today"
        case -1: return "yesterday"
        case -6 ... -2: return weekday(of: day)
        default: return short(day, today: today)
        }
    }

    /// Whole days from `a` to `b` (negative when `b` is earlier).
    public static func distance(from a: CalendarDate, to b: CalendarDate) -> Int {
        Int((b.start().timeIntervalSince(a.start()) / 86_400).rounded())
    }

    static func weekday(of day: CalendarDate) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        return weekdays[calendar.component(.weekday, from: day.start()) - 1]
    }

    public static func short(_ day: CalendarDate, today: CalendarDate) -> String {
        "\(day.day) \(months[day.month - 1])" + (day.year == today.year ? "" : " \(day.year)")
    }
}

/// How far a goal has come from its baseline towards its target, whichever way the target lies.
public enum GoalProgress {
    /// 0…100, or nil when the goal has no baseline and target to measure against.
    public static func percent(baseline: Double?, target: Double?, latest: Double?) -> Int? {
        guard let target else { return nil }
        let start = baseline ?? 0
        guard target != start else { return nil }
        let now = latest ?? start
        let share = (now - start) / (target - start)
        return Int((min(max(share, 0), 1) * 100).rounded())
    }

    /// "6 of 10 rehearsals", "3.5 of 5 km", "no reading yet".
    public static func label(baseline: Double?, target: Double?, latest: Double?, unit: String) -> String {
        guard let target else { return "no target yet" }
        guard let latest else { return "no reading yet · target \(number(target))\(unit.isEmpty ? "" : " \(unit)")" }
        let from = baseline.map { " (from \(number($0)))" } ?? ""
        return "\(number(latest)) of \(number(target))\(unit.isEmpty ? "" : " \(unit)")\(from)"
    }

    /// A value with its unit as people say it: "1 feature", "2 features", "3.5 km", "0 talks".
    public static func quantity(_ value: Double, _ unit: String) -> String {
        guard !unit.isEmpty else { return number(value) }
        return "\(number(value)) \(value == 1 ? singular(unit) : unit)"
    }

    /// "features" → "feature", "classes" → "class"; a unit that is not an English plural stays.
    public static func singular(_ unit: String) -> String {
        let lower = unit.lowercased()
        guard unit.count > 2, lower.hasSuffix("s"), !lower.hasSuffix("ss"), !lower.hasSuffix("us"), !lower.hasSuffix("is") else { return unit }
        if lower.hasSuffix("sses") || lower.hasSuffix("ches") || lower.hasSuffix("shes") || lower.hasSuffix("xes") { return String(unit.dropLast(2)) }
        if lower.hasSuffix("ies") && unit.count > 4 { return String(unit.dropLast(3)) + "y" }
        return String(unit.dropLast())
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e12 ? String(Int64(value)) : String(format: "%g", value)
    }
}
