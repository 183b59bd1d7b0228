import Foundation

/// Honest check-ins (journey J11): at the charter's check-in rhythm, and once after the first
/// meeting, each side answers four questions from 1 to 5 and an optional sentence. Answers stay
/// blind until both have answered, so neither anchors on the other.
public enum CheckInQuestion: String, CaseIterable, Sendable, Codable {
    case progress, communication, preparation, fit

    public var text: String {
        switch self {
        case .progress: "Progress toward the goals"
        case .communication: "How well we communicate"
        case .preparation: "How well we come prepared"
        case .fit: "How well we fit"
        }
    }
}

/// After the first meeting: is this the right pair?
public enum FitVerdict: String, CaseIterable, Sendable, Codable {
    case goodFit = "good_fit"
    case stillDeciding = "still_deciding"
    case notAGoodFit = "not_a_good_fit"

    public var label: String {
        switch self {
        case .goodFit: "A good fit"
        case .stillDeciding: "Still deciding"
        case .notAGoodFit: "Not a good fit"
        }
    }
}

/// Which check-in is open on a day: "first" once the first meeting has been held (until it is
/// answered), then one per rhythm period since the start ("p1" from start + rhythm, "p2" …).
public struct CheckInSchedule: Sendable, Equatable {
    public let startsOn: CalendarDate
    public let everyDays: Int
    public let firstMeetingOn: CalendarDate?

    public init(startsOn: CalendarDate, everyDays: Int, firstMeetingOn: CalendarDate?) {
        self.startsOn = startsOn
        self.everyDays = max(1, everyDays)
        self.firstMeetingOn = firstMeetingOn
    }

    /// The regular period a day falls in; nil before the first one is due.
    public func period(on day: CalendarDate) -> Int? {
        let days = RelativeDay.distance(from: startsOn, to: day)
        let n = days / everyDays
        return n >= 1 ? n : nil
    }

    public func starts(_ period: Int) -> CalendarDate { startsOn.adding(days: period * everyDays) }

    /// The check-ins open on a day, the one after the first meeting first; `answered` are the
    /// periods this person has answered already.
    public func open(on day: CalendarDate, answered: Set<String>) -> [String] {
        var open: [String] = []
        if let first = firstMeetingOn, first <= day, !answered.contains("first"),
           RelativeDay.distance(from: first, to: day) <= 21 {
            open.append("first")
        }
        if let n = period(on: day), !answered.contains("p\(n)") { open.append("p\(n)") }
        return open
    }
}

/// One person's answers to one check-in, checked.
public struct CheckInAnswers: Sendable, Equatable, Codable {
    public var scores: [CheckInQuestion: Int]
    public var sentence: String
    public var verdict: FitVerdict?

    public init(scores: [String: Int?], sentence: String?, verdict: String?, needsVerdict: Bool) throws(ValidationFailure) {
        var v = InputValidator()
        var clean: [CheckInQuestion: Int] = [:]
        for question in CheckInQuestion.allCases {
            guard let value = scores[question.rawValue] ?? nil else {
                v.add(question.rawValue, "Answer “\(question.text)” from 1 to 5.")
                continue
            }
            if (1...5).contains(value) { clean[question] = value } else { v.add(question.rawValue, "“\(question.text)” is from 1 to 5.") }
        }
        self.scores = clean
        self.sentence = v.optionalText("sentence", sentence, label: "Your sentence", max: 500)
        let trimmed = (verdict ?? "").trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty {
            self.verdict = nil
            if needsVerdict { v.add("verdict", "After the first meeting, say how the fit feels: a good fit, still deciding, or not a good fit.") }
        } else if let found = FitVerdict(rawValue: trimmed) {
            self.verdict = found
        } else {
            self.verdict = nil
            v.add("verdict", "The fit is one of: good_fit, still_deciding, not_a_good_fit.")
        }
        try v.check()
    }

    public init(scores: [CheckInQuestion: Int], sentence: String = "", verdict: FitVerdict? = nil) {
        self.scores = scores
        self.sentence = sentence
        self.verdict = verdict
    }
}

/// What a pair's check-ins suggest they talk about — told to the pair alone, never to anyone else.
public enum CheckInSignals {
    /// Sentences for the pair: a low answer, a drop since one's last check-in, a gap between the
    /// two sides, or "not a good fit". Empty when all is well.
    public static func of(mine: CheckInAnswers, theirs: CheckInAnswers?, myPrevious: CheckInAnswers?, otherName: String) -> [String] {
        var found: [String] = []
        if mine.verdict == .notAGoodFit || theirs?.verdict == .notAGoodFit {
            found.append("One of you does not feel it is a good fit yet.")
        }
        for question in CheckInQuestion.allCases {
            guard let me = mine.scores[question] else { continue }
            let name = question.text.lowercased()
            if me <= 2 || (theirs?.scores[question] ?? 5) <= 2 {
                found.append("A low answer on \(name).")
            } else if let before = myPrevious?.scores[question], before - me >= 2 {
                found.append("Your answer on \(name) dropped from \(before) to \(me).")
            }
            if let other = theirs?.scores[question], abs(other - me) >= 3 {
                found.append("You and \(otherName) see \(name) differently (\(me) and \(other)).")
            }
        }
        return found
    }
}

/// Check-in scores as a coordinator may see them: averages over mentorships, shown only where
/// at least k mentorships contribute. A group smaller than k is "too few to show", and when one
/// group is hidden its siblings are too, so no small group can be worked out from a total minus
/// the others.
public struct CheckInAggregate: Sendable, Equatable {
    public struct Group: Sendable, Equatable {
        public let name: String
        public let mentorships: Int
        /// nil when fewer than k mentorships contribute.
        public let averages: [CheckInQuestion: Double]?
    }

    public let k: Int
    public let overall: Group
    public let groups: [Group]

    /// `answers` per group name, each a list of (mentorship, answers).
    public init(answers: [String: [(mentorship: UUID, answers: CheckInAnswers)]], k requested: Int) {
        let k = max(3, requested)
        self.k = k
        func group(_ name: String, _ rows: [(mentorship: UUID, answers: CheckInAnswers)], shown: Bool) -> Group {
            let pairs = Set(rows.map(\.mentorship)).count
            guard shown, pairs >= k else { return Group(name: name, mentorships: pairs, averages: nil) }
            var averages: [CheckInQuestion: Double] = [:]
            for question in CheckInQuestion.allCases {
                let values = rows.compactMap { $0.answers.scores[question] }
                if !values.isEmpty { averages[question] = (Double(values.reduce(0, +)) / Double(values.count) * 10).rounded() / 10 }
            }
            return Group(name: name, mentorships: pairs, averages: averages)
        }
        let all = answers.values.flatMap { $0 }
        let overall = group("everyone", all, shown: true)
        let everyGroupLargeEnough = answers.values.allSatisfy { Set($0.map(\.mentorship)).count >= k }
        let shown = everyGroupLargeEnough && overall.averages != nil
        self.overall = overall
        self.groups = answers.keys.sorted().map { group($0, answers[$0]!, shown: shown) }
    }
}
