import Foundation

/// What a mentor offers, as the guides ask a mentee to weigh it: expertise, career challenges
/// faced, work style and values, plus the practical fit of language and time.
public struct MentorProfile: Sendable, Equatable {
    public var expertise: [String: Int]          // skill → level 1...5
    public var challengesFaced: Set<String>
    public var workStyle: WorkStyle
    public var values: Set<String>
    public var languages: Set<String>
    public var timeZone: String
    public var availability: [WeeklyWindow]

    public init(expertise: [String: Int] = [:], challengesFaced: Set<String> = [], workStyle: WorkStyle = .init(),
                values: Set<String> = [], languages: Set<String> = [], timeZone: String = "UTC", availability: [WeeklyWindow] = []) {
        self.expertise = expertise
        self.challengesFaced = challengesFaced
        self.workStyle = workStyle
        self.values = values
        self.languages = languages
        self.timeZone = timeZone
        self.availability = availability
    }
}

/// What a mentee is looking for.
public struct MenteeProfile: Sendable, Equatable {
    public var skillsWanted: Set<String>
    public var challenges: Set<String>
    public var workStyle: WorkStyle
    public var values: Set<String>
    public var languages: Set<String>
    public var timeZone: String
    public var availability: [WeeklyWindow]

    public init(skillsWanted: Set<String> = [], challenges: Set<String> = [], workStyle: WorkStyle = .init(),
                values: Set<String> = [], languages: Set<String> = [], timeZone: String = "UTC", availability: [WeeklyWindow] = []) {
        self.skillsWanted = skillsWanted
        self.challenges = challenges
        self.workStyle = workStyle
        self.values = values
        self.languages = languages
        self.timeZone = timeZone
        self.availability = availability
    }
}

public struct WorkStyle: Sendable, Equatable, Codable {
    public enum Structure: String, Sendable, Codable, CaseIterable {
        case structured, flexible
        public var label: String { self == .structured ? "Structured: an agenda and a plan" : "Flexible: follow what comes up" }
    }

    public enum Channel: String, Sendable, Codable, CaseIterable {
        case video, inPerson = "in_person", phone, chat
        public var label: String {
            switch self {
            case .video: "Video call"
            case .inPerson: "In person"
            case .phone: "Phone"
            case .chat: "Chat"
            }
        }
    }

    public var structure: Structure?
    /// Preferred days between meetings.
    public var frequencyDays: Int?
    public var channel: Channel?

    public init(structure: Structure? = nil, frequencyDays: Int? = nil, channel: Channel? = nil) {
        self.structure = structure
        self.frequencyDays = frequencyDays
        self.channel = channel
    }
}

/// A weekly window in the person's own time zone: weekday 1 (Monday)...7, minutes from midnight.
public struct WeeklyWindow: Sendable, Equatable, Codable {
    public var weekday: Int
    public var startMinute: Int
    public var endMinute: Int

    public init(weekday: Int, startMinute: Int, endMinute: Int) {
        self.weekday = weekday
        self.startMinute = startMinute
        self.endMinute = endMinute
    }

    /// Minutes since Monday 00:00 UTC, shifted by the zone's offset.
    func utcRange(offsetMinutes: Int) -> (Int, Int) {
        let start = (weekday - 1) * 1440 + startMinute - offsetMinutes
        return (start, start + (endMinute - startMinute))
    }
}

public enum Criterion: String, CaseIterable, Codable, Sendable {
    case skills, challenges, values, workStyle = "work_style", language, time

    public var label: String {
        switch self {
        case .skills: "Skills and expertise"
        case .challenges: "Career challenges faced"
        case .values: "Values"
        case .workStyle: "Work style"
        case .language: "Language"
        case .time: "Time zone and availability"
        }
    }
}

/// How much each criterion counts in a program; a coordinator sets them (0...10 each).
public struct CriteriaWeights: Sendable, Equatable, Codable {
    public var weights: [Criterion: Int]
    /// With this, a mentor sharing no language with the mentee is not suggested at all.
    public var languageRequired: Bool

    public static let range = 0...10
    public static let standard = CriteriaWeights(
        weights: [.skills: 10, .challenges: 6, .values: 5, .workStyle: 3, .language: 3, .time: 3], languageRequired: true)

    public init(weights: [Criterion: Int], languageRequired: Bool) {
        self.weights = weights
        self.languageRequired = languageRequired
    }

    public func weight(_ criterion: Criterion) -> Int { weights[criterion] ?? 0 }

    public func validated() throws(ValidationFailure) -> CriteriaWeights {
        var v = InputValidator()
        for criterion in Criterion.allCases {
            let value = weight(criterion)
            if !Self.range.contains(value) {
                v.add("weights.\(criterion.rawValue)", "\(criterion.label) weight must be from 0 to 10.")
            }
        }
        if Criterion.allCases.allSatisfy({ weight($0) == 0 }) {
            v.add("weights", "At least one criterion must count.")
        }
        try v.check()
        return self
    }
}

/// One line of the explanation: what a criterion contributed and why, in words.
public struct CriterionScore: Sendable, Equatable, Codable {
    public let criterion: Criterion
    /// How well this criterion fits, 0...1.
    public let fit: Double
    /// Points of the 0–100 score it brings.
    public let points: Int
    public let explanation: String
}

public struct Compatibility: Sendable, Equatable, Codable {
    /// 0...100.
    public let score: Int
    public let criteria: [CriterionScore]
    /// Why the pair cannot be suggested at all, if so.
    public let excludedBecause: String?

    public var isExcluded: Bool { excludedBecause != nil }
}

extension Compatibility {
    /// The explanations that speak most for the pair, strongest first; neutral ones ("not stated")
    /// come after every criterion that actually fits.
    public var strongestReasons: [String] {
        criteria.sorted { ($0.fit > 0.5 ? 1 : 0, $0.points) > ($1.fit > 0.5 ? 1 : 0, $1.points) }.map(\.explanation)
    }
}

public enum CompatibilityModel {
    /// Who the explanations speak to: the mentee ("shares 3 of your 3 skills") or, for a
    /// coordinator, about the mentee by name ("shares 3 of Zoe's 3 skills").
    public struct Voice: Sendable {
        let your: String, youHave: String, youPrefer: String, youLike: String, youWant: String, they: String

        public static let mentee = Voice(your: "your", youHave: "you have", youPrefer: "you prefer", youLike: "you like",
                                         youWant: "you want", they: "they")

        public static func about(_ name: String) -> Voice {
            Voice(your: "\(name)’s", youHave: "\(name) has", youPrefer: "\(name) prefers", youLike: "\(name) likes",
                  youWant: "\(name) wants", they: "the mentor")
        }
    }

    public static func evaluate(mentee: MenteeProfile, mentor: MentorProfile, weights: CriteriaWeights = .standard,
                                at date: Date = Date(), voice: Voice = .mentee) -> Compatibility {
        var parts: [(Criterion, Double, String)] = []

        // Skills: what the mentee wants to learn that the mentor has, deeper expertise counting more.
        let wanted = normalized(mentee.skillsWanted)
        let offered = Dictionary(mentor.expertise.map { (normalizedKey($0.key), (name: $0.key, level: $0.value)) }, uniquingKeysWith: { a, _ in a })
        if wanted.isEmpty {
            parts.append((.skills, 0.5, "\(voice.youHave) not listed skills to grow yet"))
        } else {
            let shared = wanted.compactMap { offered[$0] }.sorted { $0.level > $1.level }
            let depth = shared.reduce(0.0) { $0 + 0.6 + 0.1 * Double(min(max($1.level, 1), 5) - 1) }
            let fit = min(1, depth / Double(wanted.count))
            let names = shared.map(\.name).joined(separator: ", ")
            parts.append((.skills, fit, shared.isEmpty
                ? "shares none of the \(wanted.count) skills \(voice.youWant) to grow"
                : "shares \(shared.count) of \(voice.your) \(wanted.count) skills: \(names)"))
        }

        // Challenges the mentor has been through themselves.
        let challenges = normalized(mentee.challenges)
        let faced = normalized(mentor.challengesFaced)
        if challenges.isEmpty {
            parts.append((.challenges, 0.5, "\(voice.youHave) not named a career challenge"))
        } else {
            let common = mentee.challenges.filter { faced.contains(normalizedKey($0)) }.sorted()
            parts.append((.challenges, Double(common.count) / Double(challenges.count), common.isEmpty
                ? "has not faced \(voice.your) challenges"
                : "has faced \(voice.your) challenge\(common.count > 1 ? "s" : ""): \(common.joined(separator: ", "))"))
        }

        // Values held in common.
        let values = normalized(mentee.values)
        if values.isEmpty {
            parts.append((.values, 0.5, "\(voice.youHave) not chosen values"))
        } else {
            let common = mentee.values.filter { normalized(mentor.values).contains(normalizedKey($0)) }.sorted()
            parts.append((.values, Double(common.count) / Double(values.count), common.isEmpty
                ? "shares none of \(voice.your) values"
                : "shares \(voice.your) values: \(common.joined(separator: ", "))"))
        }

        // Work style: structure, rhythm and channel.
        var styleFit: [Double] = []
        var styleWords: [String] = []
        if let a = mentee.workStyle.structure, let b = mentor.workStyle.structure {
            styleFit.append(a == b ? 1 : 0)
            styleWords.append(a == b ? "both prefer a \(a.rawValue) style" : "\(voice.youPrefer) a \(a.rawValue) style, \(voice.they) a \(b.rawValue) one")
        }
        if let a = mentee.workStyle.frequencyDays, let b = mentor.workStyle.frequencyDays {
            let ratio = Double(min(a, b)) / Double(max(a, b, 1))
            styleFit.append(ratio)
            styleWords.append(a == b ? "both like to meet every \(a) days" : "\(voice.youLike) to meet every \(a) days, \(voice.they) every \(b)")
        }
        if let a = mentee.workStyle.channel, let b = mentor.workStyle.channel {
            styleFit.append(a == b ? 1 : 0.3)
            if a == b { styleWords.append("both prefer \(a.label.lowercased())") }
        }
        parts.append((.workStyle, styleFit.isEmpty ? 0.5 : styleFit.reduce(0, +) / Double(styleFit.count),
                      styleWords.isEmpty ? "work style not stated by both" : styleWords.joined(separator: "; ")))

        // Language: a shared one is needed to talk at all.
        let commonLanguages = mentee.languages.filter { normalized(mentor.languages).contains(normalizedKey($0)) }.sorted()
        if mentee.languages.isEmpty || mentor.languages.isEmpty {
            parts.append((.language, 0.5, "languages not stated by both"))
        } else {
            parts.append((.language, commonLanguages.isEmpty ? 0 : 1, commonLanguages.isEmpty
                ? "no language in common"
                : "both speak \(commonLanguages.joined(separator: ", "))"))
        }

        // Time: the time-zone gap, and the overlap of weekly availability when both gave some.
        let gap = hoursBetween(mentee.timeZone, mentor.timeZone, at: date)
        var timeFit = gap <= 2 ? 1 : max(0, 1 - Double(gap - 2) / 8)
        var timeWords = gap == 0 ? "same time zone" : "\(gap) h time-zone difference"
        if !mentee.availability.isEmpty && !mentor.availability.isEmpty {
            let overlap = overlapMinutes(mentee, mentor, at: date)
            timeFit = (timeFit + min(1, Double(overlap) / 120)) / 2
            timeWords += overlap == 0 ? "; no common free time in the week" : "; \(overlap / 60) h \(overlap % 60 == 0 ? "" : "\(overlap % 60) min ")a week free at the same time"
        }
        parts.append((.time, timeFit, timeWords))

        let totalWeight = Criterion.allCases.reduce(0) { $0 + weights.weight($1) }
        var criteria: [CriterionScore] = []
        var exact = 0.0
        for (criterion, fit, words) in parts {
            let share = totalWeight == 0 ? 0 : Double(weights.weight(criterion)) / Double(totalWeight) * 100
            exact += fit * share
            criteria.append(CriterionScore(criterion: criterion, fit: fit, points: Int((fit * share).rounded()), explanation: words))
        }
        let excluded = weights.languageRequired && !mentee.languages.isEmpty && !mentor.languages.isEmpty && commonLanguages.isEmpty
            ? "no language in common, and this program requires one" : nil
        return Compatibility(score: min(100, max(0, Int(exact.rounded()))), criteria: criteria, excludedBecause: excluded)
    }

    static func normalizedKey(_ text: String) -> String {
        text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }

    static func normalized(_ set: Set<String>) -> Set<String> { Set(set.map(normalizedKey)) }

    /// Whole hours between two zones at a date (daylight saving included).
    public static func hoursBetween(_ a: String, _ b: String, at date: Date) -> Int {
        let first = TimeZone(identifier: a)?.secondsFromGMT(for: date) ?? 0
        let second = TimeZone(identifier: b)?.secondsFromGMT(for: date) ?? 0
        let hours = abs(first - second) / 3600
        return min(hours, 24 - hours)
    }

    static func overlapMinutes(_ mentee: MenteeProfile, _ mentor: MentorProfile, at date: Date) -> Int {
        let week = 7 * 1440
        func ranges(_ windows: [WeeklyWindow], _ zone: String) -> [(Int, Int)] {
            let offset = (TimeZone(identifier: zone)?.secondsFromGMT(for: date) ?? 0) / 60
            return windows.flatMap { window -> [(Int, Int)] in
                let (start, end) = window.utcRange(offsetMinutes: offset)
                // Wrap around the week so Sunday evening in one zone meets Monday morning in another.
                let s = ((start % week) + week) % week
                return [(s, s + (end - start)), (s - week, s - week + (end - start)), (s + week, s + week + (end - start))]
            }
        }
        let a = ranges(mentee.availability, mentee.timeZone)
        let b = ranges(mentor.availability, mentor.timeZone)
        var total = 0
        for x in a where x.1 > 0 && x.0 < week {
            for y in b {
                let lo = max(x.0, y.0, 0)
                let hi = min(x.1, y.1, week)
                if hi > lo { total += hi - lo }
            }
        }
        return total
    }
}

/// Stored and sent as {"skills": 10, "challenges": 6, …}.
extension Criterion: CodingKeyRepresentable {}
