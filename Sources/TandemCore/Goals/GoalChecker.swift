import Foundation

/// A goal as the mentee drafts it, before it is saved: the five SMART letters.
public struct GoalDraft: Sendable, Equatable {
    public var title: String
    /// S — what exactly will exist or happen.
    public var specific: String
    /// M — what is counted, in which unit, from where to where.
    public var metric: String
    public var unit: String
    public var baseline: Double?
    public var target: Double?
    /// A — resources and constraints.
    public var achievable: String
    /// R — why it matters to the mentee's career goal.
    public var relevant: String
    /// T — when it starts and when it is due.
    public var startsOn: CalendarDate?
    public var deadline: CalendarDate?

    public init(title: String, specific: String = "", metric: String = "", unit: String = "", baseline: Double? = nil,
                target: Double? = nil, achievable: String = "", relevant: String = "", startsOn: CalendarDate? = nil,
                deadline: CalendarDate? = nil) {
        self.title = title
        self.specific = specific
        self.metric = metric
        self.unit = unit
        self.baseline = baseline
        self.target = target
        self.achievable = achievable
        self.relevant = relevant
        self.startsOn = startsOn
        self.deadline = deadline
    }
}

public enum SMARTLetter: String, Codable, Sendable, CaseIterable {
    case specific = "S", measurable = "M", achievable = "A", relevant = "R", timeBound = "T"
}

public struct GoalFinding: Codable, Sendable, Equatable {
    public enum Severity: String, Codable, Sendable, Comparable {
        /// The goal is not SMART until this is fixed.
        case problem
        /// Worth improving.
        case advice

        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs == .advice && rhs == .problem }
    }

    public let rule: String
    public let letter: SMARTLetter
    public let severity: Severity
    public let message: String
    public let suggestion: String
}

/// What the checker knows besides the draft itself.
public struct GoalContext: Sendable {
    public var today: CalendarDate
    /// When the mentorship (its charter) ends, if known: a goal due later cannot be reviewed together.
    public var mentorshipEndsOn: CalendarDate?
    /// Goals already active in this mentorship, not counting the draft.
    public var activeGoals: Int

    public init(today: CalendarDate, mentorshipEndsOn: CalendarDate? = nil, activeGoals: Int = 0) {
        self.today = today
        self.mentorshipEndsOn = mentorshipEndsOn
        self.activeGoals = activeGoals
    }
}

/// Holds a goal to account, the way the guides ask: "build a working web application using React
/// within 3 months" rather than "improve my programming skills". Each rule is one row of `rules`.
public enum GoalChecker {
    public struct Rule: Sendable {
        public let id: String
        public let letter: SMARTLetter
        public let severity: GoalFinding.Severity
        /// Returns the message when the rule is broken, nil when the draft passes it.
        public let check: @Sendable (GoalDraft, GoalContext) -> String?
        public let suggestion: String
    }

    /// Verbs that name an effort, not a result people could observe.
    public static let vaguePhrases = ["improve", "get better at", "learn more about", "work on", "be better at",
                                      "become better", "understand", "explore", "know more about", "try to", "develop my"]
    public static let maximumActiveGoals = 3

    /// The first vague phrase that starts a word in the text.
    static func vaguePhrase(in text: String) -> String? {
        let lowered = " " + text.lowercased()
        return vaguePhrases.first { lowered.contains(" " + $0) }
    }

    static func blank(_ text: String) -> Bool { text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }

    public static let rules: [Rule] = [
        Rule(id: "title-missing", letter: .specific, severity: .problem,
             check: { d, _ in blank(d.title) ? "The goal has no title." : nil },
             suggestion: "Name the result in a few words, e.g. “Build a working web application using React”."),
        Rule(id: "vague-verb", letter: .specific, severity: .problem,
             check: { d, _ in
                 // A vague title is forgiven when the specific part names an observable result.
                 guard let phrase = vaguePhrase(in: d.title) ?? vaguePhrase(in: d.specific),
                       blank(d.specific) || vaguePhrase(in: d.specific) != nil else { return nil }
                 return "“\(phrase)” names an effort, not an outcome anyone could observe."
             },
             suggestion: "Say what will exist or happen when you succeed: “build and deploy a web app with React” instead of “improve my programming skills”."),
        Rule(id: "specific-thin", letter: .specific, severity: .advice,
             check: { d, _ in d.specific.trimmingCharacters(in: .whitespaces).count < 15 ? "What exactly you will do is not described yet." : nil },
             suggestion: "Describe the result in a sentence: what, for whom, with which tools."),
        Rule(id: "metric-missing", letter: .measurable, severity: .problem,
             check: { d, _ in blank(d.metric) ? "There is no measurable target: nothing says what will be counted." : nil },
             suggestion: "Pick what you will count, e.g. “features deployed”, “talks given”, “interviews passed”."),
        Rule(id: "target-missing", letter: .measurable, severity: .problem,
             check: { d, _ in !blank(d.metric) && d.target == nil ? "The metric has no target value." : nil },
             suggestion: "Give the number that means success, e.g. 3 features."),
        Rule(id: "target-equals-baseline", letter: .measurable, severity: .problem,
             check: { d, _ in
                 guard let baseline = d.baseline, let target = d.target, baseline == target else { return nil }
                 return "The target equals the baseline (\(formatted(target))): reaching it changes nothing."
             },
             suggestion: "Set a target that differs from where you start."),
        Rule(id: "achievable-missing", letter: .achievable, severity: .advice,
             check: { d, _ in blank(d.achievable) ? "Nothing says which resources and time you will use." : nil },
             suggestion: "Name the hours a week, the course or book, the help you need — and what might get in the way."),
        Rule(id: "too-many-goals", letter: .achievable, severity: .advice,
             check: { _, c in c.activeGoals >= maximumActiveGoals ? "You already have \(c.activeGoals) active goals." : nil },
             suggestion: "Finish or drop one first: \(maximumActiveGoals) goals at a time is plenty."),
        Rule(id: "relevance-missing", letter: .relevant, severity: .problem,
             check: { d, _ in blank(d.relevant) ? "The goal says nothing about why it matters to your career." : nil },
             suggestion: "Link it to where you want to be: “so I can move from QA into backend development”."),
        Rule(id: "deadline-missing", letter: .timeBound, severity: .problem,
             check: { d, _ in d.deadline == nil ? "There is no deadline." : nil },
             suggestion: "Choose a date, e.g. three months from now."),
        Rule(id: "deadline-past", letter: .timeBound, severity: .problem,
             check: { d, c in d.deadline.map { $0 < c.today } == true ? "The deadline \(DateVoice.spoken(d.deadline!)) is in the past." : nil },
             suggestion: "Choose a date from today on."),
        Rule(id: "deadline-before-start", letter: .timeBound, severity: .problem,
             check: { d, _ in
                 guard let start = d.startsOn, let deadline = d.deadline, deadline < start else { return nil }
                 return "The deadline \(DateVoice.spoken(deadline)) is before the start \(DateVoice.spoken(start))."
             },
             suggestion: "Make the deadline come after the start."),
        Rule(id: "deadline-after-mentorship", letter: .timeBound, severity: .advice,
             check: { d, c in
                 guard let end = c.mentorshipEndsOn, let deadline = d.deadline, deadline > end else { return nil }
                 return "The deadline \(DateVoice.spoken(deadline)) is after the mentorship ends (\(DateVoice.spoken(end)))."
             },
             suggestion: "Bring it within the mentorship, or split it into a milestone you can reach together."),
    ] + lengthRules

    /// Saving refuses a text over its limit, so the review says so first (the same limits).
    static let lengthRules: [Rule] = [
        ("title", "The title", SMARTLetter.specific, \GoalDraft.title, GoalLimits.title),
        ("specific", "The specific outcome", .specific, \GoalDraft.specific, GoalLimits.text),
        ("metric", "The metric", .measurable, \GoalDraft.metric, GoalLimits.metric),
        ("unit", "The unit", .measurable, \GoalDraft.unit, GoalLimits.unit),
        ("achievable", "What makes it achievable", .achievable, \GoalDraft.achievable, GoalLimits.text),
        ("relevant", "Why it matters", .relevant, \GoalDraft.relevant, GoalLimits.text),
    ].map { field, label, letter, keyPath, limit in
        Rule(id: "\(field)-too-long", letter: letter, severity: .problem,
             check: { d, _ in
                 let length = d[keyPath: keyPath].trimmingCharacters(in: .whitespacesAndNewlines).count
                 return length > limit ? "\(label) has \(length) characters; at most \(limit) are kept." : nil
             },
             suggestion: "Shorten it to \(limit) characters or fewer.")
    }

    /// Something typed that cannot be read (a baseline of "none", a date of "soon") is a problem
    /// the checker names, never silently taken as empty.
    public static func unreadable(_ field: String, letter: SMARTLetter, message: String) -> GoalFinding {
        let dates = ["startsOn", "deadline"].contains(field)
        return GoalFinding(rule: "\(field)-unreadable", letter: letter, severity: .problem, message: message,
                           suggestion: dates ? "Give the date as YYYY-MM-DD, like 2027-03-31." : "Write a number, like 0 or 2.5, or leave it empty.")
    }

    /// Findings for a draft, problems first.
    public static func review(_ draft: GoalDraft, _ context: GoalContext) -> [GoalFinding] {
        rules.compactMap { rule in
            rule.check(draft, context).map {
                GoalFinding(rule: rule.id, letter: rule.letter, severity: rule.severity, message: $0, suggestion: rule.suggestion)
            }
        }.sorted { $0.severity > $1.severity }
    }

    /// SMART when no rule of severity `problem` is broken.
    public static func isSMART(_ draft: GoalDraft, _ context: GoalContext) -> Bool {
        !review(draft, context).contains { $0.severity == .problem }
    }

    static func formatted(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
