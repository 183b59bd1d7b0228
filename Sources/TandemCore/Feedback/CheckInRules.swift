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

/// A person's check-ins over time — the mean of the four answers at each check-in — beside the
/// other side's where both answered: the small chart on the Feedback tab, with the numbers in words.
public struct CheckInHistoryChart: Sendable {
    public struct Series: Sendable {
        public let name: String
        /// One value per check-in, in order; nil where this person's answers are not shown.
        public let means: [Double?]
        public let colour: String

        public init(name: String, means: [Double?], colour: String) {
            self.name = name
            self.means = means
            self.colour = colour
        }
    }

    public let labels: [String]
    public let series: [Series]
    public var width = 560.0
    public var height = 170.0

    public init(labels: [String], series: [Series]) {
        self.labels = labels
        self.series = series
    }

    public static func mean(_ answers: CheckInAnswers) -> Double {
        let values = CheckInQuestion.allCases.compactMap { answers.scores[$0] }
        return values.isEmpty ? 0 : (Double(values.reduce(0, +)) / Double(values.count) * 10).rounded() / 10
    }

    public var summary: String {
        let parts = series.compactMap { s -> String? in
            let shown = s.means.compactMap { $0 }
            guard let first = shown.first, let last = shown.last else { return nil }
            let f = { (v: Double) in String(format: "%.1f", v) }
            return shown.count == 1 ? "\(s.name): \(f(first)) of 5" : "\(s.name): from \(f(first)) to \(f(last)) of 5 over \(shown.count) check-ins"
        }
        return parts.isEmpty ? "No check-ins yet." : parts.joined(separator: "; ") + "."
    }

    public func svg(title: String) -> String {
        let n = { (v: Double) in String(format: "%.1f", v) }
        let left = 28.0, right = 16.0, top = 12.0, bottom = 28.0
        let plotW = width - left - right, plotH = height - top - bottom
        let count = max(labels.count, 1)
        let x = { (i: Int) in count == 1 ? left + plotW / 2 : left + Double(i) / Double(count - 1) * plotW }
        let y = { (v: Double) in top + (5 - v) / 4 * plotH }
        var out = ##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \##(n(width)) \##(n(height))" width="\##(n(width))" height="\##(n(height))" role="img" aria-labelledby="checkins-t checkins-d" font-family="system-ui, sans-serif">"##
        out += "<title id=\"checkins-t\">\(ProgressChart.escape(title))</title><desc id=\"checkins-d\">\(ProgressChart.escape(summary))</desc>"
        for level in 1...5 {
            let ly = y(Double(level))
            out += ##"<line x1="\##(n(left))" y1="\##(n(ly))" x2="\##(n(width - right))" y2="\##(n(ly))" stroke="#e3e6ee"/>"##
            out += ##"<text x="\##(n(left - 8))" y="\##(n(ly + 4))" font-size="11" text-anchor="end" fill="#444444">\##(level)</text>"##
        }
        for (i, label) in labels.enumerated() {
            let anchor = count == 1 ? "middle" : i == 0 ? "start" : i == count - 1 ? "end" : "middle"
            out += ##"<text x="\##(n(x(i)))" y="\##(n(height - 8))" font-size="11" text-anchor="\##(anchor)" fill="#444444">\##(ProgressChart.escape(label))</text>"##
        }
        for s in series {
            let points = s.means.enumerated().compactMap { i, v in v.map { (x(i), y($0), $0) } }
            if points.count > 1 {
                out += ##"<polyline points="\##(points.map { "\(n($0.0)),\(n($0.1))" }.joined(separator: " "))" fill="none" stroke="\##(s.colour)" stroke-width="2.5"/>"##
            }
            for p in points {
                out += ##"<circle cx="\##(n(p.0))" cy="\##(n(p.1))" r="4" fill="\##(s.colour)"><title>\##(ProgressChart.escape(s.name)): \##(n(p.2))</title></circle>"##
            }
        }
        return out + "</svg>"
    }
}
