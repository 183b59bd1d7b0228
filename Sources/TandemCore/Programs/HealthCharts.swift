import Foundation

/// Counts by kind as horizontal bars, each labelled with its number: server-made SVG with a
/// title and a description that says the same in words (the page shows the numbers as a table too).
public struct BarChart: Sendable {
    public struct Bar: Sendable, Equatable {
        public let label: String
        public let value: Int
        /// One of the page's named colours (`ok`, `warn`, `alert`, `main`).
        public let tone: String

        public init(_ label: String, _ value: Int, tone: String = "main") {
            self.label = label
            self.value = value
            self.tone = tone
        }
    }

    public let id: String
    public let title: String
    public let bars: [Bar]
    public var width = 560.0

    public init(id: String, title: String, bars: [Bar]) {
        self.id = id
        self.title = title
        self.bars = bars
    }

    static let fills = ["main": "#2f5bd3", "ok": "#1f7a4d", "warn": "#a35f00", "alert": "#b42318", "muted": "#5b6477"]

    /// "Mentees: 7,499; mentors: 2,500."
    public var summary: String {
        bars.isEmpty ? "Nothing to count yet." : bars.map { "\($0.label): \(HealthNumber.words($0.value))" }.joined(separator: "; ") + "."
    }

    public func svg() -> String {
        let n = HealthNumber.svg
        let row = 30.0, labelWidth = 190.0, right = 64.0
        let height = max(1, Double(bars.count)) * row + 8
        let most = max(1, bars.map(\.value).max() ?? 1)
        let plot = width - labelWidth - right
        var out = ##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \##(n(width)) \##(n(height))" width="\##(n(width))" height="\##(n(height))" role="img" aria-labelledby="\##(id)-t \##(id)-d" font-family="system-ui, sans-serif">"##
        out += "<title id=\"\(id)-t\">\(ProgressChart.escape(title))</title><desc id=\"\(id)-d\">\(ProgressChart.escape(summary))</desc>"
        for (i, bar) in bars.enumerated() {
            let y = 4 + Double(i) * row
            let w = bar.value == 0 ? 0 : max(2, Double(bar.value) / Double(most) * plot)
            out += ##"<text x="\##(n(labelWidth - 10))" y="\##(n(y + 19))" font-size="13" text-anchor="end" fill="#222222">\##(ProgressChart.escape(bar.label))</text>"##
            out += ##"<rect x="\##(n(labelWidth))" y="\##(n(y + 5))" width="\##(n(w))" height="20" rx="3" fill="\##(Self.fills[bar.tone] ?? Self.fills["main"]!)"/>"##
            out += ##"<text x="\##(n(labelWidth + w + 6))" y="\##(n(y + 19))" font-size="13" fill="#222222">\##(HealthNumber.words(bar.value))</text>"##
        }
        return out + "</svg>"
    }
}

/// A count per week (or month) over a range, as columns — the trends on the health page.
public struct ColumnChart: Sendable {
    public let id: String
    public let title: String
    /// The first day of each period.
    public let periods: [CalendarDate]
    public let values: [Int]
    /// "week" or "month": how the description names a period.
    public let period: String
    public var width = 560.0
    public var height = 170.0

    public init(id: String, title: String, periods: [CalendarDate], values: [Int], period: String) {
        self.id = id
        self.title = title
        self.periods = periods
        self.values = values
        self.period = period
    }

    func name(_ day: CalendarDate) -> String {
        period == "month" ? "\(RelativeDay.months[day.month - 1]) \(day.year)" : "the week of \(day.day) \(RelativeDay.months[day.month - 1]) \(day.year)"
    }

    /// "142 in all over 13 weeks; most in the week of 3 Nov 2026 (21); last week 12."
    public var summary: String {
        let total = values.reduce(0, +)
        guard !values.isEmpty else { return "No \(period)s in the range." }
        guard total > 0, let peak = values.indices.max(by: { values[$0] < values[$1] }) else { return "None in these \(values.count) \(period)s." }
        let plural = values.count == 1 ? period : period + "s"
        return "\(HealthNumber.words(total)) in all over \(values.count) \(plural); most in \(name(periods[peak])) (\(HealthNumber.words(values[peak]))); the last \(period) \(HealthNumber.words(values.last ?? 0))."
    }

    public func svg() -> String {
        let n = HealthNumber.svg
        let left = 40.0, right = 10.0, top = 12.0, bottom = 28.0
        let plotW = width - left - right, plotH = height - top - bottom
        let most = max(1, values.max() ?? 1)
        // A round top for the scale: 1, 2, 5 × 10ⁿ.
        let step = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000].first { most <= $0 * 4 } ?? most
        let scaleTop = Double(((most + step - 1) / step) * step)
        var out = ##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \##(n(width)) \##(n(height))" width="\##(n(width))" height="\##(n(height))" role="img" aria-labelledby="\##(id)-t \##(id)-d" font-family="system-ui, sans-serif">"##
        out += "<title id=\"\(id)-t\">\(ProgressChart.escape(title))</title><desc id=\"\(id)-d\">\(ProgressChart.escape(summary))</desc>"
        var level = 0
        while Double(level) <= scaleTop {
            let y = top + plotH - Double(level) / scaleTop * plotH
            out += ##"<line x1="\##(n(left))" y1="\##(n(y))" x2="\##(n(width - right))" y2="\##(n(y))" stroke="#e3e6ee"/>"##
            out += ##"<text x="\##(n(left - 6))" y="\##(n(y + 4))" font-size="11" text-anchor="end" fill="#444444">\##(level)</text>"##
            level += step
        }
        let slot = plotW / Double(max(1, values.count))
        let barW = max(1, slot * 0.75)
        for (i, value) in values.enumerated() {
            let h = Double(value) / scaleTop * plotH
            let x = left + Double(i) * slot + (slot - barW) / 2
            out += ##"<rect x="\##(n(x))" y="\##(n(top + plotH - h))" width="\##(n(barW))" height="\##(n(h))" fill="#2f5bd3"><title>\##(ProgressChart.escape(name(periods[i]))): \##(value)</title></rect>"##
        }
        // A label at each month's first period, thinned so they never overlap.
        var lastLabelX = -100.0
        for (i, day) in periods.enumerated() where i == 0 || periods[i - 1].month != day.month {
            let x = left + Double(i) * slot
            guard x - lastLabelX >= 44 else { continue }
            lastLabelX = x
            out += ##"<text x="\##(n(x))" y="\##(n(height - 8))" font-size="11" fill="#444444">\##(RelativeDay.months[day.month - 1])</text>"##
        }
        return out + "</svg>"
    }
}

enum HealthNumber {
    static func svg(_ v: Double) -> String { String(format: "%.1f", v) }

    /// 7499 → "7,499": the numbers people read in the figures.
    static func words(_ n: Int) -> String {
        let digits = String(abs(n))
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
            out.append(c)
        }
        return n < 0 ? "-" + out : out
    }
}
