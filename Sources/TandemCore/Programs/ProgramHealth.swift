import Foundation

/// Which part of a program the health page looks at: a role, a cohort (the month people joined)
/// and a date range for what happened. Everything it selects is counted, never read.
public struct HealthFilter: Sendable, Equatable {
    public enum Role: String, Sendable, CaseIterable {
        case mentee, mentor

        public var plural: String { self == .mentee ? "mentees" : "mentors" }
    }

    public let role: Role?
    /// The first day of the cohort's month.
    public let cohort: CalendarDate?
    public let from: CalendarDate
    public let to: CalendarDate

    public init(role: Role? = nil, cohort: CalendarDate? = nil, from: CalendarDate, to: CalendarDate) {
        self.role = role
        self.cohort = cohort
        self.from = from
        self.to = to
    }

    /// The first day after the cohort's month.
    public var cohortEnd: CalendarDate? {
        guard let cohort else { return nil }
        return CalendarDate(year: cohort.month == 12 ? cohort.year + 1 : cohort.year, month: cohort.month % 12 + 1, day: 1)
    }

    /// The values of a form or query string; empty means "everyone" and "the whole program so far".
    /// Each problem names its field, so the page can show it beside the field with what was typed.
    public static func parse(role: String?, cohort: String?, from: String?, to: String?,
                             programStartsOn: CalendarDate, today: CalendarDate) throws -> HealthFilter {
        var v = InputValidator()
        func clean(_ s: String?) -> String { (s ?? "").trimmingCharacters(in: .whitespaces) }
        var parsedRole: Role?
        if !clean(role).isEmpty {
            parsedRole = Role(rawValue: clean(role).lowercased())
            if parsedRole == nil { v.add("role", "Role must be mentee or mentor (or empty for everyone), not “\(clean(role).prefix(40))”.") }
        }
        var month: CalendarDate?
        if !clean(cohort).isEmpty {
            month = CalendarDate(clean(cohort) + "-01")
            if month == nil || clean(cohort).count != 7 {
                month = nil
                v.add("cohort", "Cohort must be a month written as YYYY-MM (e.g. 2026-09), not “\(clean(cohort).prefix(40))”.")
            }
        }
        func day(_ raw: String?, _ field: String, _ label: String, _ fallback: CalendarDate) -> CalendarDate {
            let text = clean(raw)
            if text.isEmpty { return fallback }
            guard let d = CalendarDate(text) else { v.add(field, "\(label) must be a date written as YYYY-MM-DD, not “\(text.prefix(40))”."); return fallback }
            return d
        }
        let start = day(from, "from", "The start of the range", min(programStartsOn, today))
        let end = day(to, "to", "The end of the range", today)
        if v.errors.isEmpty && end < start {
            v.add("to", "The range ends (\(end)) before it starts (\(start)): choose an end on or after the start.")
        }
        if v.errors.isEmpty && start.days(until: end) > 3_660 {
            v.add("from", "A range covers at most ten years.")
        }
        try v.check()
        return HealthFilter(role: parsedRole, cohort: month, from: start, to: end)
    }

    /// The weeks of the range, each starting on its first day ("weeks since the program started").
    public var weeks: [CalendarDate] {
        stride(from: 0, through: from.days(until: to), by: 7).map { from.adding(days: $0) }
    }

    /// The months the range touches, each as its first day.
    public var months: [CalendarDate] {
        var out: [CalendarDate] = []
        var month = CalendarDate(year: from.year, month: from.month, day: 1)!
        while month <= to {
            out.append(month)
            month = CalendarDate(year: month.month == 12 ? month.year + 1 : month.year, month: month.month % 12 + 1, day: 1)!
        }
        return out
    }
}

/// A pair's rhythm as facts a coordinator may know: dates, counts and statuses — never what
/// anyone wrote. The cadence is the pair's own, from its signed charter, or the program's.
public struct PairRhythmFacts: Sendable, Equatable {
    public var startedAt: Date
    public var cadenceDays: Int
    /// The cadence comes from the pair's signed charter (not the program's default).
    public var cadenceAgreed: Bool
    public var charterSigned: Bool
    public var paused: Bool
    public var lastHeldAt: Date?
    public var nextPlannedAt: Date?
    public var heldCount: Int
    public var lateChangesLast30Days: Int
    /// Open action items more than two weeks past their due date.
    public var actionsOverdueTwoWeeks: Int

    public init(startedAt: Date, cadenceDays: Int, cadenceAgreed: Bool, charterSigned: Bool, paused: Bool = false,
                lastHeldAt: Date? = nil, nextPlannedAt: Date? = nil, heldCount: Int = 0,
                lateChangesLast30Days: Int = 0, actionsOverdueTwoWeeks: Int = 0) {
        self.startedAt = startedAt
        self.cadenceDays = max(1, cadenceDays)
        self.cadenceAgreed = cadenceAgreed
        self.charterSigned = charterSigned
        self.paused = paused
        self.lastHeldAt = lastHeldAt
        self.nextPlannedAt = nextPlannedAt
        self.heldCount = heldCount
        self.lateChangesLast30Days = lateChangesLast30Days
        self.actionsOverdueTwoWeeks = actionsOverdueTwoWeeks
    }

    static func days(from date: Date, to now: Date) -> Int { max(0, Int(now.timeIntervalSince(date) / 86_400)) }

    /// Days since the last meeting held, or since the start when none was.
    public func daysQuiet(now: Date) -> Int { Self.days(from: lastHeldAt ?? startedAt, to: now) }

    /// Meetings the cadence asks for from the start until now.
    public func expected(now: Date) -> Int { Self.days(from: startedAt, to: now) / cadenceDays }

    public func rhythm(now: Date) -> RhythmJudgement {
        RhythmJudgement(daysSinceLast: daysQuiet(now: now), held: heldCount, expected: expected(now: now), cadenceDays: cadenceDays)
    }
}

/// How a pair keeps the rhythm it agreed — the same words on the pair's own rhythm strip and
/// in the coordinator's distribution.
public enum RhythmJudgement: String, Sendable, CaseIterable, Codable {
    case onRhythm = "on_rhythm"
    case slower
    case longSilence = "long_silence"

    public init(daysSinceLast: Int, held: Int, expected: Int, cadenceDays: Int) {
        let cadence = max(1, cadenceDays)
        if daysSinceLast > cadence * 3 { self = .longSilence }
        else if daysSinceLast > cadence * 3 / 2 || held + 1 < expected { self = .slower }
        else { self = .onRhythm }
    }

    public var label: String {
        switch self {
        case .onRhythm: "on rhythm"
        case .slower: "slower than agreed"
        case .longSilence: "nothing for a long time"
        }
    }
}

/// Why a pair or a request needs a coordinator's attention.
public enum AttentionReason: String, Sendable, CaseIterable, Codable {
    case noMeeting = "no_meeting"
    case unsignedCharter = "unsigned_charter"
    case nothingPlanned = "nothing_planned"
    case lateChanges = "late_changes"
    case overdueActions = "overdue_actions"
    case unansweredRequest = "unanswered_request"

    public var label: String {
        switch self {
        case .noMeeting: "No meeting for long"
        case .unsignedCharter: "Charter unsigned"
        case .nothingPlanned: "Nothing planned"
        case .lateChanges: "Late changes"
        case .overdueActions: "Actions overdue"
        case .unansweredRequest: "Request unanswered"
        }
    }
}

public struct AttentionSign: Sendable, Equatable {
    public let reason: AttentionReason
    /// The one sentence that explains why, in facts a coordinator may know.
    public let sentence: String
}

/// The program-health rules for "pairs that need attention", each measured against the pair's
/// own charter where it has one (journey J17). Most pressing first.
public enum PairAttention {
    static func plural(_ n: Int, _ one: String, _ many: String) -> String { "\(n) \(n == 1 ? one : many)" }

    public static func signs(_ f: PairRhythmFacts, now: Date) -> [AttentionSign] {
        var found: [AttentionSign] = []
        let quiet = f.daysQuiet(now: now)
        let cadence = f.cadenceDays
        let rhythm = f.cadenceAgreed ? "the \(plural(cadence, "day", "days")) their charter agrees" : "the program’s \(plural(cadence, "day", "days"))"
        let since = f.lastHeldAt == nil ? "since they started \(plural(quiet, "day", "days")) ago" : "for \(plural(quiet, "day", "days"))"
        // A paused pair agreed to stop meeting for a while: its silence is not a warning.
        if !f.paused {
            if quiet * 2 > cadence * 3 {
                found.append(AttentionSign(reason: .noMeeting,
                                           sentence: "No meeting \(since) — more than 1.5 × \(rhythm)."))
            }
        }
        if !f.charterSigned && PairRhythmFacts.days(from: f.startedAt, to: now) >= 14 {
            found.append(AttentionSign(reason: .unsignedCharter,
                                       sentence: "Their charter is not signed by both, \(plural(PairRhythmFacts.days(from: f.startedAt, to: now), "day", "days")) after they started."))
        }
        if !f.paused && f.nextPlannedAt == nil && quiet > cadence {
            let last = f.lastHeldAt == nil ? "no meeting has been held yet" : "the last meeting was \(plural(quiet, "day", "days")) ago"
            found.append(AttentionSign(reason: .nothingPlanned, sentence: "Nothing is planned and \(last); the rhythm is \(plural(cadence, "day", "days"))."))
        }
        if f.lateChangesLast30Days >= 2 {
            found.append(AttentionSign(reason: .lateChanges,
                                       sentence: "\(plural(f.lateChangesLast30Days, "meeting was", "meetings were")) moved or cancelled with less notice than agreed in the last 30 days."))
        }
        if f.actionsOverdueTwoWeeks > 0 {
            found.append(AttentionSign(reason: .overdueActions,
                                       sentence: "\(plural(f.actionsOverdueTwoWeeks, "action item is", "action items are")) overdue by more than two weeks."))
        }
        return found
    }

    /// A request waiting more than a week for the mentor's answer.
    public static func request(createdAt: Date, now: Date) -> AttentionSign? {
        let days = PairRhythmFacts.days(from: createdAt, to: now)
        guard days >= 7 else { return nil }
        return AttentionSign(reason: .unansweredRequest, sentence: "A request has waited \(plural(days, "day", "days")) for the mentor’s answer.")
    }
}

/// When a figure drawn from private answers (check-ins, endings) may reach a coordinator under a
/// filter: it covers at least k mentorships, and so does what the filter leaves out — otherwise
/// the small remainder could be worked out as the unfiltered figure minus this one.
public enum SmallGroups {
    public static func mayShow(_ count: Int, of total: Int, k: Int) -> Bool {
        let k = max(3, k)
        let rest = total - count
        return count >= k && (rest == 0 || rest >= k)
    }
}

/// Medians and buckets of waiting times, in days.
public struct DayDistribution: Sendable, Equatable {
    public struct Bucket: Sendable, Equatable {
        public let label: String
        public let count: Int
    }

    public let count: Int
    public let median: Double?
    public let buckets: [Bucket]

    /// Upper bounds are exclusive: [7, 30, 90] → "under a week", "1–4 weeks", "1–3 months", "3 months or more".
    public init(days: [Double]) {
        let sorted = days.sorted()
        count = sorted.count
        if sorted.isEmpty { median = nil }
        else if sorted.count % 2 == 1 { median = sorted[sorted.count / 2] }
        else { median = (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2 }
        let bounds: [(String, Double)] = [("under a week", 7), ("1–4 weeks", 30), ("1–3 months", 90), ("3 months or more", .infinity)]
        var lower = -Double.infinity
        var out: [Bucket] = []
        for (label, upper) in bounds {
            out.append(Bucket(label: label, count: sorted.filter { $0 >= lower && $0 < upper }.count))
            lower = upper
        }
        buckets = out
    }

    /// "median 12 days" — or "none yet".
    public var medianWords: String {
        guard let median else { return "none yet" }
        let rounded = median < 10 ? (median * 10).rounded() / 10 : median.rounded()
        let text = rounded == rounded.rounded() ? String(Int(rounded)) : String(format: "%.1f", rounded)
        return "median \(text) day\(rounded == 1 ? "" : "s")"
    }
}
