import Foundation

/// Where a goal stands (journey J6). A goal is a draft until the mentee commits to it; only a
/// SMART goal can become active.
public enum GoalStatus: String, Codable, Sendable, CaseIterable {
    case draft, active, achieved, dropped

    public var label: String {
        switch self {
        case .draft: "Draft"
        case .active: "Active"
        case .achieved: "Achieved"
        case .dropped: "Dropped"
        }
    }

    /// The moves a mentee may make. Nothing goes back to draft once committed to; an achieved or
    /// dropped goal can be taken up again.
    public func canMove(to next: GoalStatus) -> Bool {
        switch (self, next) {
        case (.draft, .active), (.draft, .dropped), (.active, .achieved), (.active, .dropped),
             (.achieved, .active), (.dropped, .active):
            true
        default:
            self == next
        }
    }
}

public enum GoalLimits {
    public static let title = 200
    public static let text = 2000
    public static let metric = 120
    public static let unit = 40
    public static let milestoneTitle = 200
    public static let progressNote = 1000
    public static let comment = 4000
    public static let milestonesPerGoal = 50
}

extension GoalDraft {
    /// What cannot be saved at all, as opposed to what the SMART checker advises: a missing title,
    /// text too long, a deadline before the start. Returns the draft with its text trimmed.
    public func validated() throws(ValidationFailure) -> GoalDraft {
        var v = InputValidator()
        var clean = self
        clean.title = v.text("title", title, label: "Title", max: GoalLimits.title)
        clean.specific = v.optionalText("specific", specific, label: "Specific", max: GoalLimits.text)
        clean.metric = v.optionalText("metric", metric, label: "Metric", max: GoalLimits.metric)
        clean.unit = v.optionalText("unit", unit, label: "Unit", max: GoalLimits.unit)
        clean.achievable = v.optionalText("achievable", achievable, label: "Achievable", max: GoalLimits.text)
        clean.relevant = v.optionalText("relevant", relevant, label: "Relevant", max: GoalLimits.text)
        for (field, value) in [("baseline", baseline), ("target", target)] {
            if let value, !value.isFinite || abs(value) > 1e12 { v.add(field, "Give a number between -1,000,000,000,000 and 1,000,000,000,000.") }
        }
        if let start = startsOn, let deadline, deadline < start {
            v.add("deadline", "The deadline (\(DateVoice.spoken(deadline))) must not be before the start (\(DateVoice.spoken(start))).")
        }
        try v.check()
        return clean
    }
}

/// Reading numbers as people type them: "3", "2.5", "2,5", " 1 000 ".
public enum NumberInput {
    public static func parse(_ text: String?) -> Double? {
        guard var raw = text?.trimmingCharacters(in: .whitespacesAndNewlines), !raw.isEmpty else { return nil }
        raw = raw.replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "\u{00A0}", with: "")
        if raw.contains(","), !raw.contains(".") { raw = raw.replacingOccurrences(of: ",", with: ".") }
        guard let value = Double(raw), value.isFinite else { return nil }
        return value
    }

    public static func format(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(format: "%.2f", value).replacingOccurrences(of: #"\.?0+$"#, with: "", options: .regularExpression)
    }
}

/// A step on the way to a goal.
public struct MilestoneDraft: Sendable, Equatable {
    public var title: String
    public var dueOn: CalendarDate?

    public init(title: String, dueOn: CalendarDate?) {
        self.title = title
        self.dueOn = dueOn
    }

    /// A milestone falls within its goal's dates.
    public func validated(goalStartsOn: CalendarDate?, deadline: CalendarDate?) throws(ValidationFailure) -> MilestoneDraft {
        var v = InputValidator()
        var clean = self
        clean.title = v.text("title", title, label: "Milestone", max: GoalLimits.milestoneTitle)
        if let due = dueOn {
            if let start = goalStartsOn, due < start {
                v.add("dueOn", "The milestone is due \(DateVoice.spoken(due)), before the goal starts (\(DateVoice.spoken(start))).")
            } else if let deadline, due > deadline {
                v.add("dueOn", "The milestone is due \(DateVoice.spoken(due)), after the goal's deadline (\(DateVoice.spoken(deadline))).")
            }
        }
        try v.check()
        return clean
    }
}

/// One reading of the goal's metric.
public struct ProgressPoint: Sendable, Equatable {
    public let date: CalendarDate
    public let value: Double

    public init(date: CalendarDate, value: Double) {
        self.date = date
        self.value = value
    }
}

/// The small progress chart: the metric over time against the baseline and the target. Plain
/// SVG so it prints, scales and needs no script.
/// A milestone as the chart marks it on the time axis.
public struct ChartMilestone: Sendable, Equatable {
    public let date: CalendarDate
    public let title: String
    public let done: Bool

    public init(date: CalendarDate, title: String, done: Bool) {
        self.date = date
        self.title = title
        self.done = done
    }
}

/// The goal's picture: readings over time against the straight pace from baseline to target by
/// the deadline, a line for today, and the milestones on the time axis. Server-made SVG that
/// scales to the page's width, with a sentence that says the same for screen readers.
public struct ProgressChart: Sendable {
    public let points: [ProgressPoint]
    public let baseline: Double?
    public let target: Double?
    public let startsOn: CalendarDate?
    public let deadline: CalendarDate?
    public let unit: String
    public let milestones: [ChartMilestone]
    public let today: CalendarDate?
    public var width = 760.0
    public var height = 240.0
    let margin = (left: 48.0, right: 16.0, top: 18.0, bottom: 40.0)

    public init(points: [ProgressPoint], baseline: Double?, target: Double?, startsOn: CalendarDate?, deadline: CalendarDate?, unit: String,
                milestones: [ChartMilestone] = [], today: CalendarDate? = nil) {
        self.points = points.sorted { $0.date < $1.date }
        self.baseline = baseline
        self.target = target
        self.startsOn = startsOn
        self.deadline = deadline
        self.unit = unit
        self.milestones = milestones.sorted { $0.date < $1.date }
        self.today = today
    }

    static func day(_ date: CalendarDate) -> Double { date.start().timeIntervalSince1970 / 86_400 }

    /// The days shown: from the start (or first reading) to the deadline (or last reading).
    var dayRange: (Double, Double) {
        let days = points.map { Self.day($0.date) } + milestones.map { Self.day($0.date) }
        let first = startsOn.map(Self.day) ?? days.min() ?? today.map(Self.day) ?? 0
        let last = max(deadline.map(Self.day) ?? days.max() ?? first, days.max() ?? first)
        let from = min(first, days.min() ?? first)
        return last > from ? (from, last) : (from - 1, from + 1)
    }

    var valueRange: (Double, Double) {
        let values = points.map(\.value) + [baseline, target].compactMap { $0 }
        let low = values.min() ?? 0
        let high = values.max() ?? 1
        return high > low ? (low, high) : (low - 1, high + 1)
    }

    public func x(_ date: CalendarDate) -> Double {
        let (from, to) = dayRange
        return margin.left + (Self.day(date) - from) / (to - from) * (width - margin.left - margin.right)
    }

    public func y(_ value: Double) -> Double {
        let (low, high) = valueRange
        return margin.top + (high - value) / (high - low) * (height - margin.top - margin.bottom)
    }

    /// Where the straight pace from baseline to target by the deadline stands on a day.
    public func expected(on date: CalendarDate) -> Double? {
        guard let target, let startsOn, let deadline, deadline > startsOn else { return nil }
        let start = baseline ?? 0
        let share = min(max((Self.day(date) - Self.day(startsOn)) / (Self.day(deadline) - Self.day(startsOn)), 0), 1)
        return start + (target - start) * share
    }

    /// "ahead of the pace", "on pace" or "behind the pace", for the latest reading.
    public var pace: String? {
        guard let last = points.last, let target, let expected = expected(on: last.date) else { return nil }
        let start = baseline ?? 0
        let span = abs(target - start)
        guard span > 0 else { return nil }
        let gain = (last.value - expected) * (target >= start ? 1 : -1)
        if abs(gain) < span * 0.05 { return "on pace" }
        return gain > 0 ? "ahead of the pace" : "behind the pace"
    }

    static func number(_ value: Double) -> String { String(format: "%.1f", value) }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// A sentence for screen readers and the image's alt text.
    public var summary: String {
        let unitText = unit.isEmpty ? "" : " \(unit)"
        var words: String
        if let last = points.last {
            words = "\(points.count) reading\(points.count == 1 ? "" : "s"); latest \(GoalProgress.quantity(last.value, unit)) on \(DateVoice.spoken(last.date))"
        } else {
            words = "No progress recorded yet"
        }
        if let target { words += ", target \(NumberInput.format(target))\(unitText)" }
        if let deadline { words += " by \(DateVoice.spoken(deadline))" }
        if let pace { words += "; \(pace)" }
        if !milestones.isEmpty { words += "; \(milestones.filter(\.done).count) of \(milestones.count) milestones reached" }
        return words + "."
    }

    public func svg(title: String) -> String {
        let w = Self.number(width), h = Self.number(height)
        var out = ##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \##(w) \##(h)" width="\##(w)" height="\##(h)" role="img" aria-labelledby="t d" font-family="system-ui, sans-serif">"##
        out += "<title id=\"t\">\(Self.escape(title))</title><desc id=\"d\">\(Self.escape(summary))</desc>"
        out += ##"<rect x="0" y="0" width="\##(w)" height="\##(h)" fill="#ffffff"/>"##
        let left = Self.number(margin.left), right = Self.number(width - margin.right)
        let top = Self.number(margin.top), bottom = Self.number(height - margin.bottom)
        out += ##"<line x1="\##(left)" y1="\##(bottom)" x2="\##(right)" y2="\##(bottom)" stroke="#767676" stroke-width="1"/>"##
        out += ##"<line x1="\##(left)" y1="\##(top)" x2="\##(left)" y2="\##(bottom)" stroke="#767676" stroke-width="1"/>"##
        for (label, value, color, dash) in [("baseline", baseline, "#5b6477", "4 3"), ("target", target, "#1b7f3b", "6 3")] {
            guard let value else { continue }
            let lineY = Self.number(self.y(value))
            out += ##"<line x1="\##(left)" y1="\##(lineY)" x2="\##(right)" y2="\##(lineY)" stroke="\##(color)" stroke-width="1.5" stroke-dasharray="\##(dash)"/>"##
            out += ##"<text x="\##(Self.number(margin.left - 6))" y="\##(lineY)" font-size="12" text-anchor="end" dominant-baseline="middle" fill="\##(color)">\##(Self.escape(NumberInput.format(value)))</text>"##
            out += ##"<text x="\##(right)" y="\##(Self.number(y(value) - 5))" font-size="11" text-anchor="end" fill="\##(color)">\##(label)</text>"##
        }
        // The pace: a straight line from the baseline at the start to the target at the deadline.
        if let startsOn, let deadline, let from = expected(on: startsOn), let to = expected(on: deadline) {
            out += ##"<line x1="\##(Self.number(x(startsOn)))" y1="\##(Self.number(y(from)))" x2="\##(Self.number(x(deadline)))" y2="\##(Self.number(y(to)))" stroke="#8a5a00" stroke-width="1.5" stroke-dasharray="2 4"/>"##
            out += ##"<text x="\##(Self.number(x(deadline) - 4))" y="\##(Self.number(y(to) + 14))" font-size="11" text-anchor="end" fill="#8a5a00">pace</text>"##
        }
        let (from, to) = dayRange
        if let today, Self.day(today) >= from, Self.day(today) <= to {
            let tx = Self.number(x(today))
            out += ##"<line x1="\##(tx)" y1="\##(top)" x2="\##(tx)" y2="\##(bottom)" stroke="#2f5bd3" stroke-width="1" stroke-dasharray="3 3"/>"##
            out += ##"<text x="\##(tx)" y="\##(Self.number(margin.top - 5))" font-size="11" text-anchor="middle" fill="#2f5bd3">today</text>"##
        }
        let reference = today ?? CalendarDate(Date(timeIntervalSince1970: to * 86_400))
        for (day, anchor) in [(from, "start"), (to, "end")] {
            let date = CalendarDate(Date(timeIntervalSince1970: day * 86_400))
            let x = anchor == "start" ? left : right
            out += ##"<text x="\##(x)" y="\##(Self.number(height - 8))" font-size="12" text-anchor="\##(anchor)" fill="#444444">\##(RelativeDay.short(date, today: reference))</text>"##
        }
        // Milestones on the time axis: filled when reached, hollow while open.
        for milestone in milestones {
            let mx = x(milestone.date), my = height - margin.bottom
            let diamond = [(mx, my - 7), (mx + 6, my), (mx, my + 7), (mx - 6, my)].map { "\(Self.number($0.0)),\(Self.number($0.1))" }.joined(separator: " ")
            let fill = milestone.done ? "#1e7a46" : "#ffffff"
            out += ##"<polygon points="\##(diamond)" fill="\##(fill)" stroke="#1e7a46" stroke-width="1.5"><title>\##(Self.escape(milestone.title))\##(milestone.done ? " (reached)" : "")</title></polygon>"##
        }
        if !points.isEmpty {
            let coordinates = points.map { "\(Self.number(x($0.date))),\(Self.number(y($0.value)))" }
            out += ##"<polyline points="\##(coordinates.joined(separator: " "))" fill="none" stroke="#2456a6" stroke-width="2.5"/>"##
            for point in points {
                out += ##"<circle cx="\##(Self.number(x(point.date)))" cy="\##(Self.number(y(point.value)))" r="4" fill="#2456a6"/>"##
            }
        }
        return out + "</svg>"
    }
}
