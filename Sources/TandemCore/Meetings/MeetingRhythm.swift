import Foundation

/// A pair's meetings over the months against the rhythm its charter agrees: held, planned,
/// moved late and cancelled, with the cadence's expected dates as ticks. Drawn as a strip of
/// months in SVG, with a sentence that says the same for screen readers.
public struct MeetingRhythm: Sendable {
    public enum Kind: String, Sendable {
        case held, planned, cancelled
    }

    public struct Entry: Sendable, Equatable {
        public let day: CalendarDate
        public let kind: Kind
        /// Moved or cancelled with less notice than the charter asks.
        public let late: Bool

        public init(day: CalendarDate, kind: Kind, late: Bool = false) {
            self.day = day
            self.kind = kind
            self.late = late
        }
    }

    public let startsOn: CalendarDate
    public let endsOn: CalendarDate
    public let cadenceDays: Int
    public let today: CalendarDate
    public let entries: [Entry]
    public var width = 760.0
    public var height = 96.0

    public init(startsOn: CalendarDate, endsOn: CalendarDate, cadenceDays: Int, today: CalendarDate, entries: [Entry]) {
        self.startsOn = startsOn
        self.endsOn = max(endsOn, startsOn.adding(days: 1))
        self.cadenceDays = max(1, cadenceDays)
        self.today = today
        self.entries = entries.sorted { $0.day < $1.day }
    }

    public var held: [Entry] { entries.filter { $0.kind == .held } }
    public var planned: [Entry] { entries.filter { $0.kind == .planned } }
    public var lateCount: Int { entries.filter(\.late).count }

    /// Meetings the cadence asks for from the start until today.
    public var expectedByNow: Int {
        let days = RelativeDay.distance(from: startsOn, to: min(today, endsOn))
        return days < 0 ? 0 : days / cadenceDays
    }

    /// The longest stretch without a held meeting, from the start to today, in days.
    public var longestGap: Int {
        var last = startsOn
        var longest = 0
        for entry in held where entry.day <= today {
            longest = max(longest, RelativeDay.distance(from: last, to: entry.day))
            last = entry.day
        }
        return max(longest, RelativeDay.distance(from: last, to: min(today, endsOn)))
    }

    /// "on rhythm", "slower than agreed", or "nothing for a long time" — judged against the
    /// pair's own cadence, as the coordinator's program health does.
    public var judgement: String {
        let sinceLast = RelativeDay.distance(from: held.last(where: { $0.day <= today })?.day ?? startsOn, to: min(today, endsOn))
        return RhythmJudgement(daysSinceLast: sinceLast, held: held.count, expected: expectedByNow, cadenceDays: cadenceDays).label
    }

    /// The sentence for screen readers and beside the picture.
    public var summary: String {
        let heldCount = held.count, plannedCount = planned.count
        var words = "\(heldCount) meeting\(heldCount == 1 ? "" : "s") held since \(DateVoice.day(startsOn, today: today))"
        words += plannedCount == 0 ? ", none planned" : ", \(plannedCount) planned"
        words += "; the charter asks for one every \(cadenceDays) day\(cadenceDays == 1 ? "" : "s")"
        words += " (\(expectedByNow) by now): \(judgement)"
        if lateCount > 0 { words += "; \(lateCount) moved or cancelled late" }
        if heldCount > 0 { words += "; longest gap \(longestGap) days" }
        return words + "."
    }

    /// The days shown: from the start to a month past today, within the mentorship's end.
    var range: (CalendarDate, CalendarDate) {
        let lastPlanned = planned.last?.day ?? today
        let end = min(endsOn, max(today.adding(days: 30), lastPlanned.adding(days: 7)))
        return (startsOn, max(end, startsOn.adding(days: 14)))
    }

    /// Where a day falls on the axis; `range` is passed in, since working it out reads every entry.
    func x(_ day: CalendarDate, in range: (CalendarDate, CalendarDate)) -> Double {
        let (from, to) = range
        let span = Double(max(1, RelativeDay.distance(from: from, to: to)))
        return 12 + Double(RelativeDay.distance(from: from, to: day)) / span * (width - 24)
    }

    static func n(_ value: Double) -> String { String(format: "%.1f", value) }

    public func svg(title: String) -> String {
        let w = Self.n(width), h = Self.n(height)
        let axis = 58.0
        var out = ##"<svg xmlns="http://www.w3.org/2000/svg" class="rhythm" viewBox="0 0 \##(w) \##(h)" width="\##(w)" height="\##(h)" role="img" aria-labelledby="rhythm-t rhythm-d" font-family="system-ui, sans-serif">"##
        out += "<title id=\"rhythm-t\">\(ProgressChart.escape(title))</title><desc id=\"rhythm-d\">\(ProgressChart.escape(summary))</desc>"
        let shown = range
        let (from, to) = shown
        let x = { (day: CalendarDate) in self.x(day, in: shown) }
        out += ##"<line x1="\##(Self.n(x(from)))" y1="\##(Self.n(axis))" x2="\##(Self.n(x(to)))" y2="\##(Self.n(axis))" stroke="#9aa3b5" stroke-width="2"/>"##
        // Month boundaries and names.
        var month = CalendarDate(year: from.year, month: from.month, day: 1)!
        while month <= to {
            let mx = max(x(from), x(month))
            if month > from {
                out += ##"<line x1="\##(Self.n(mx))" y1="14" x2="\##(Self.n(mx))" y2="\##(Self.n(axis + 10))" stroke="#d9dde6" stroke-width="1"/>"##
            }
            let next = month.month == 12 ? CalendarDate(year: month.year + 1, month: 1, day: 1)! : CalendarDate(year: month.year, month: month.month + 1, day: 1)!
            let labelX = (mx + min(x(to), x(next))) / 2
            if min(x(to), x(next)) - mx > 26 {
                out += ##"<text x="\##(Self.n(labelX))" y="\##(Self.n(height - 8))" font-size="12" text-anchor="middle" fill="#444444">\##(RelativeDay.months[month.month - 1])</text>"##
            }
            month = next
        }
        // The charter's cadence: where a meeting was due.
        var due = startsOn.adding(days: cadenceDays)
        while due <= to {
            out += ##"<line x1="\##(Self.n(x(due)))" y1="\##(Self.n(axis - 5))" x2="\##(Self.n(x(due)))" y2="\##(Self.n(axis + 5))" stroke="#5b6477" stroke-width="1.5"/>"##
            due = due.adding(days: cadenceDays)
        }
        if today >= from && today <= to {
            let tx = Self.n(x(today))
            out += ##"<line x1="\##(tx)" y1="18" x2="\##(tx)" y2="\##(Self.n(axis + 12))" stroke="#2f5bd3" stroke-width="1" stroke-dasharray="3 3"/>"##
            out += ##"<text x="\##(tx)" y="13" font-size="11" text-anchor="middle" fill="#2f5bd3">today</text>"##
        }
        for entry in entries where entry.day >= from && entry.day <= to {
            let cx = Self.n(x(entry.day)), cy = Self.n(axis - 18)
            let ring = entry.late ? "#b26b00" : (entry.kind == .planned ? "#2f5bd3" : "#1e7a46")
            switch entry.kind {
            case .held:
                out += ##"<circle cx="\##(cx)" cy="\##(cy)" r="7" fill="#1e7a46" stroke="\##(ring)" stroke-width="\##(entry.late ? "3" : "1")"><title>Held \##(DateVoice.day(entry.day, today: today))\##(entry.late ? ", moved late" : "")</title></circle>"##
            case .planned:
                out += ##"<circle cx="\##(cx)" cy="\##(cy)" r="6.5" fill="#ffffff" stroke="\##(ring)" stroke-width="2.5"><title>Planned \##(DateVoice.day(entry.day, today: today))\##(entry.late ? ", moved late" : "")</title></circle>"##
            case .cancelled:
                let x0 = x(entry.day)
                out += ##"<path d="M\##(Self.n(x0 - 5)) \##(Self.n(axis - 23))l10 10m0 -10l-10 10" stroke="\##(entry.late ? "#b26b00" : "#767676")" stroke-width="2.5"><title>Cancelled \##(DateVoice.day(entry.day, today: today))\##(entry.late ? ", late" : "")</title></path>"##
            }
        }
        return out + "</svg>"
    }
}
