import Foundation

/// Ending a mentorship well (journey J15): "always part on amicable terms … explaining your
/// reasons and expressing gratitude". One side proposes, the other confirms (or asks for a last
/// meeting first); one side ends alone only when the other has not answered in time.
public enum EndingLimits {
    public static let words = 1000
    public static let reflectionPart = 2000
    public static let gratitude = 2000
}

public enum EndingReason: String, CaseIterable, Codable, Sendable {
    case goalsAchieved = "goals_achieved"
    case durationOver = "duration_over"
    case notAFit = "not_a_fit"
    case noTime = "no_time"
    case other

    public var label: String {
        switch self {
        case .goalsAchieved: "The goals are achieved"
        case .durationOver: "The agreed time is over"
        case .notAFit: "We don’t fit"
        case .noTime: "No time right now"
        case .other: "Something else"
        }
    }
}

/// A proposal to end, checked.
public struct EndingProposalDraft: Equatable, Sendable {
    public let reason: EndingReason
    public let words: String

    public init(reason: String?, words: String?) throws(ValidationFailure) {
        var v = InputValidator()
        let reason = EndingReason(rawValue: reason ?? "")
        if reason == nil { v.add("reason", "Choose a reason: \(EndingReason.allCases.map(\.rawValue).joined(separator: ", ")).") }
        let words = v.optionalText("words", words, label: "A few words", max: EndingLimits.words)
        if reason == .other && words.isEmpty { v.add("words", "Say in a few words why, when the reason is “something else”.") }
        try v.check()
        self.reason = reason!
        self.words = words
    }
}

public enum EndingRules {
    /// The one who proposed may end alone once the other side has let the program's response
    /// time pass without confirming or asking for a last meeting.
    public static func mayEndAlone(proposedAt: Date, now: Date, responseDays: Int) -> Bool {
        now >= proposedAt.addingTimeInterval(Double(responseDays) * 86_400)
    }
}

/// What one side takes from the mentorship, in the guides' three questions. Shared with the
/// other side or kept private.
public struct ReflectionDraft: Equatable, Sendable {
    public let learned: String
    public let differently: String
    public let keepDoing: String

    public init(learned: String?, differently: String?, keepDoing: String?) throws(ValidationFailure) {
        var v = InputValidator()
        self.learned = v.optionalText("learned", learned, label: "What I learned", max: EndingLimits.reflectionPart)
        self.differently = v.optionalText("differently", differently, label: "What I would do differently", max: EndingLimits.reflectionPart)
        self.keepDoing = v.optionalText("keepDoing", keepDoing, label: "What I’ll keep doing", max: EndingLimits.reflectionPart)
        if v.errors.isEmpty && self.learned.isEmpty && self.differently.isEmpty && self.keepDoing.isEmpty {
            v.add("learned", "Write at least one of the three.")
        }
        try v.check()
    }
}

/// The recap of a mentorship, built from the pair's own record: the same facts for both sides.
public struct MentorshipRecap: Sendable, Equatable {
    public struct GoalLine: Sendable, Equatable {
        public let title: String
        public let unit: String
        public let baseline: Double?
        public let final: Double?
        public let target: Double?
        public let status: GoalStatus
        public let milestonesReached: Int
        public let milestones: Int

        public init(title: String, unit: String, baseline: Double?, final: Double?, target: Double?, status: GoalStatus,
                    milestonesReached: Int, milestones: Int) {
            self.title = title
            self.unit = unit
            self.baseline = baseline
            self.final = final
            self.target = target
            self.status = status
            self.milestonesReached = milestonesReached
            self.milestones = milestones
        }

        /// "From 0 to 7 of 10 features; 2 of 4 milestones reached — achieved".
        public var sentence: String {
            let f = { (v: Double) in v.rounded() == v ? String(Int(v)) : String(format: "%.1f", v) }
            let of = target.map { " of \(f($0))\(unit.isEmpty ? "" : " \(unit)")" } ?? (unit.isEmpty ? "" : " \(unit)")
            var parts: [String] = []
            switch (baseline, final) {
            case let (b?, v?): parts.append("from \(f(b)) to \(f(v))\(of)")
            case let (nil, v?): parts.append("reached \(f(v))\(of)")
            default: if let target { parts.append("target \(f(target))\(unit.isEmpty ? "" : " \(unit)"), no reading recorded") }
            }
            if milestones > 0 { parts.append("\(milestonesReached) of \(milestones) milestones reached") }
            let facts = parts.joined(separator: "; ")
            return (facts.isEmpty ? "" : facts.prefix(1).uppercased() + facts.dropFirst() + " — ") + status.label.lowercased()
        }
    }

    public let goals: [GoalLine]
    public let meetingsHeld: Int
    public let meetingsCancelled: Int
    public let lateChanges: Int
    /// Meetings the charter's cadence asked for over the time the mentorship lasted.
    public let meetingsAsked: Int
    public let actionsDone: Int
    /// Agreed not to do after all: a decision, not a failure.
    public let actionsDropped: Int
    public let actionsCarried: Int
    public let wins: [String]
    public let setbacks: [String]
    public let resources: [(title: String, impressions: String)]
    public let daysLasted: Int
    /// Days the charter agreed (start to its end date); nil without a charter.
    public let daysAgreed: Int?

    public init(goals: [GoalLine], meetingsHeld: Int, meetingsCancelled: Int, lateChanges: Int, cadenceDays: Int,
                actionsDone: Int, actionsDropped: Int = 0, actionsCarried: Int, wins: [String], setbacks: [String],
                resources: [(title: String, impressions: String)], startedOn: CalendarDate, endedOn: CalendarDate, agreedEnd: CalendarDate?) {
        self.goals = goals
        self.meetingsHeld = meetingsHeld
        self.meetingsCancelled = meetingsCancelled
        self.lateChanges = lateChanges
        self.actionsDone = actionsDone
        self.actionsDropped = actionsDropped
        self.actionsCarried = actionsCarried
        self.wins = wins
        self.setbacks = setbacks
        self.resources = resources
        daysLasted = max(0, startedOn.days(until: endedOn))
        daysAgreed = agreedEnd.map { max(0, startedOn.days(until: $0)) }
        meetingsAsked = cadenceDays > 0 ? daysLasted / cadenceDays : 0
    }

    public static func == (a: MentorshipRecap, b: MentorshipRecap) -> Bool {
        a.goals == b.goals && a.meetingsHeld == b.meetingsHeld && a.meetingsCancelled == b.meetingsCancelled && a.lateChanges == b.lateChanges
            && a.meetingsAsked == b.meetingsAsked && a.actionsDone == b.actionsDone && a.actionsDropped == b.actionsDropped && a.actionsCarried == b.actionsCarried
            && a.wins == b.wins && a.setbacks == b.setbacks && a.daysLasted == b.daysLasted && a.daysAgreed == b.daysAgreed
            && a.resources.map(\.title) == b.resources.map(\.title) && a.resources.map(\.impressions) == b.resources.map(\.impressions)
    }

    static func plural(_ n: Int, _ one: String, _ many: String) -> String { "\(n) \(n == 1 ? one : many)" }

    /// "142 days of the 182 agreed".
    public var duration: String {
        let lasted = Self.plural(daysLasted, "day", "days")
        guard let daysAgreed else { return lasted }
        return daysLasted == daysAgreed ? "\(lasted), as agreed" : "\(lasted) of the \(daysAgreed) agreed"
    }

    /// "9 meetings held; the charter's rhythm asked for 10. 2 cancelled, 1 moved late."
    public var meetings: String {
        var words = "\(Self.plural(meetingsHeld, "meeting", "meetings")) held; the charter’s rhythm asked for \(meetingsAsked)."
        var more: [String] = []
        if meetingsCancelled > 0 { more.append("\(meetingsCancelled) cancelled") }
        if lateChanges > 0 { more.append("\(Self.plural(lateChanges, "change", "changes")) with less notice than agreed") }
        if !more.isEmpty { words += " " + more.joined(separator: ", ").prefix(1).uppercased() + more.joined(separator: ", ").dropFirst() + "." }
        return words
    }

    /// "12 action items done, 2 dropped, 1 still open to carry forward."
    public var actions: String {
        var words = "\(Self.plural(actionsDone, "action item", "action items")) done"
        if actionsDropped > 0 { words += ", \(actionsDropped) dropped" }
        if actionsCarried > 0 { words += ", \(actionsCarried) still open to carry forward" }
        return words + "."
    }
}

/// Endings as a coordinator may see them: how many, and by reason only once at least k
/// mentorships have ended. A reason given fewer than 3 times is "fewer than 3"; when only one
/// reason is hidden, the next smallest is hidden too, so none can be worked out from the total.
public struct EndingAggregate: Sendable, Equatable {
    public struct Bucket: Sendable, Equatable {
        public let reason: EndingReason
        /// nil: too few to show.
        public let count: Int?
    }

    public let total: Int
    public let k: Int
    /// Empty while fewer than k mentorships have ended.
    public let buckets: [Bucket]

    public init(reasons: [EndingReason], k requested: Int) {
        let k = max(3, requested)
        self.k = k
        total = reasons.count
        guard reasons.count >= k else { buckets = []; return }
        let counts = EndingReason.allCases.map { r in (r, reasons.filter { $0 == r }.count) }.filter { $0.1 > 0 }
        var hidden = Set(counts.filter { $0.1 < 3 }.map(\.0))
        if hidden.count == 1, let next = counts.filter({ !hidden.contains($0.0) }).min(by: { $0.1 < $1.1 }) { hidden.insert(next.0) }
        buckets = counts.map { Bucket(reason: $0.0, count: hidden.contains($0.0) ? nil : $0.1) }
    }
}
