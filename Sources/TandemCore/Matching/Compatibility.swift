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
        let seeker = PreparedMentee(mentee), offer = PreparedMentor(mentor)
        let menteeOffset = offsetMinutes(mentee.timeZone, at: date), mentorOffset = offsetMinutes(mentor.timeZone, at: date)
        let fit = fits(seeker, offer, menteeOffset: menteeOffset, mentorOffset: mentorOffset)
        var parts: [(Criterion, Double, String)] = []

        // Skills: what the mentee wants to learn that the mentor has, deeper expertise counting more.
        if seeker.wanted.isEmpty {
            parts.append((.skills, fit.skills, "\(voice.youHave) not listed skills to grow yet"))
        } else {
            let names = seeker.wanted.compactMap { offer.offered[$0] }.sorted { ($0.level, $1.name) > ($1.level, $0.name) }.map(\.name)
            parts.append((.skills, fit.skills, names.isEmpty
                ? "shares none of the \(seeker.wanted.count) skills \(voice.youWant) to grow"
                : "shares \(names.count) of \(voice.your) \(seeker.wanted.count) skills: \(names.joined(separator: ", "))"))
        }

        // Challenges the mentor has been through themselves.
        if seeker.challenges.isEmpty {
            parts.append((.challenges, fit.challenges, "\(voice.youHave) not named a career challenge"))
        } else {
            let common = mentee.challenges.filter { offer.faced.contains(normalizedKey($0)) }.sorted()
            parts.append((.challenges, fit.challenges, common.isEmpty
                ? "has not faced \(voice.your) challenges"
                : "has faced \(voice.your) challenge\(common.count > 1 ? "s" : ""): \(common.joined(separator: ", "))"))
        }

        // Values held in common.
        if seeker.values.isEmpty {
            parts.append((.values, fit.values, "\(voice.youHave) not chosen values"))
        } else {
            let common = mentee.values.filter { offer.values.contains(normalizedKey($0)) }.sorted()
            parts.append((.values, fit.values, common.isEmpty
                ? "shares none of \(voice.your) values"
                : "shares \(voice.your) values: \(common.joined(separator: ", "))"))
        }

        // Work style: structure, rhythm and channel.
        var styleWords: [String] = []
        if let a = mentee.workStyle.structure, let b = mentor.workStyle.structure {
            styleWords.append(a == b ? "both prefer a \(a.rawValue) style" : "\(voice.youPrefer) a \(a.rawValue) style, \(voice.they) a \(b.rawValue) one")
        }
        if let a = mentee.workStyle.frequencyDays, let b = mentor.workStyle.frequencyDays {
            styleWords.append(a == b ? "both like to meet every \(a) days" : "\(voice.youLike) to meet every \(a) days, \(voice.they) every \(b)")
        }
        if let a = mentee.workStyle.channel, let b = mentor.workStyle.channel, a == b {
            styleWords.append("both prefer \(a.label.lowercased())")
        }
        parts.append((.workStyle, fit.workStyle, styleWords.isEmpty ? "work style not stated by both" : styleWords.joined(separator: "; ")))

        // Language: a shared one is needed to talk at all.
        if mentee.languages.isEmpty || mentor.languages.isEmpty {
            parts.append((.language, fit.language, "languages not stated by both"))
        } else {
            let common = mentee.languages.filter { offer.languages.contains(normalizedKey($0)) }.sorted()
            parts.append((.language, fit.language, common.isEmpty ? "no language in common" : "both speak \(common.joined(separator: ", "))"))
        }

        // Time: the time-zone gap, and the overlap of weekly availability when both gave some.
        var timeWords = fit.gap == 0 ? "same time zone" : "\(fit.gap) h time-zone difference"
        if let overlap = fit.overlap {
            timeWords += overlap == 0 ? "; no common free time in the week" : "; \(overlap / 60) h \(overlap % 60 == 0 ? "" : "\(overlap % 60) min ")a week free at the same time"
        }
        parts.append((.time, fit.time, timeWords))

        let totalWeight = Criterion.allCases.reduce(0) { $0 + weights.weight($1) }
        let criteria = parts.map { criterion, fit, words in
            let share = totalWeight == 0 ? 0 : Double(weights.weight(criterion)) / Double(totalWeight) * 100
            return CriterionScore(criterion: criterion, fit: fit, points: Int((fit * share).rounded()), explanation: words)
        }
        return Compatibility(score: fit.score(weights), criteria: criteria,
                             excludedBecause: fit.isExcluded(weights) ? "no language in common, and this program requires one" : nil)
    }

    /// How well each criterion fits, without the words: what ranking thousands of mentors needs.
    /// `evaluate` builds its explanation on these same numbers, so both always agree.
    public struct Fits: Sendable, Equatable {
        public var skills = 0.0, challenges = 0.0, values = 0.0, workStyle = 0.0, language = 0.0, time = 0.0
        /// Both named languages and share none.
        public var noCommonLanguage = false
        public var gap = 0
        /// Minutes a week both are free, when both gave availability.
        public var overlap: Int?

        public func isExcluded(_ weights: CriteriaWeights) -> Bool { weights.languageRequired && noCommonLanguage }

        /// The 0–100 score under a program's weights.
        public func score(_ weights: CriteriaWeights) -> Int {
            let totalWeight = Criterion.allCases.reduce(0) { $0 + weights.weight($1) }
            var exact = 0.0
            for (criterion, fit) in [(Criterion.skills, skills), (.challenges, challenges), (.values, values),
                                     (.workStyle, workStyle), (.language, language), (.time, time)] {
                let share = totalWeight == 0 ? 0 : Double(weights.weight(criterion)) / Double(totalWeight) * 100
                exact += fit * share
            }
            return min(100, max(0, Int(exact.rounded())))
        }
    }

    /// A mentee's lists normalised once, to be scored against many mentors.
    public struct PreparedMentee: Sendable {
        public let profile: MenteeProfile
        let wanted: Set<String>
        let challenges: Set<String>
        let values: Set<String>
        /// Each stated value or challenge normalised, repeats kept: the fit counts them as the mentee wrote them.
        let challengeKeys: [String]
        let valueKeys: [String]
        let languageKeys: [String]

        public init(_ profile: MenteeProfile) {
            self.profile = profile
            wanted = normalized(profile.skillsWanted)
            challenges = normalized(profile.challenges)
            values = normalized(profile.values)
            challengeKeys = profile.challenges.map(normalizedKey)
            valueKeys = profile.values.map(normalizedKey)
            languageKeys = profile.languages.map(normalizedKey)
        }
    }

    /// A mentor's lists normalised once, kept while the mentor's profile stays as it is.
    public struct PreparedMentor: Sendable {
        public let profile: MentorProfile
        let offered: [String: (name: String, level: Int)]
        let faced: Set<String>
        let values: Set<String>
        let languages: Set<String>

        public init(_ profile: MentorProfile) {
            self.profile = profile
            offered = Dictionary(profile.expertise.map { (normalizedKey($0.key), (name: $0.key, level: $0.value)) }, uniquingKeysWith: { a, _ in a })
            faced = normalized(profile.challengesFaced)
            values = normalized(profile.values)
            languages = normalized(profile.languages)
        }
    }

    /// The fit of one pair; the zones' offsets (minutes east of UTC) are given so a caller
    /// scoring many mentors looks each zone up once.
    public static func fits(_ mentee: PreparedMentee, _ mentor: PreparedMentor, menteeOffset: Int, mentorOffset: Int) -> Fits {
        var fit = Fits()
        if mentee.wanted.isEmpty {
            fit.skills = 0.5
        } else {
            let levels = mentee.wanted.compactMap { mentor.offered[$0]?.level }.sorted(by: >)
            let depth = levels.reduce(0.0) { $0 + 0.6 + 0.1 * Double(min(max($1, 1), 5) - 1) }
            fit.skills = min(1, depth / Double(mentee.wanted.count))
        }
        fit.challenges = mentee.challenges.isEmpty ? 0.5
            : Double(mentee.challengeKeys.filter { mentor.faced.contains($0) }.count) / Double(mentee.challenges.count)
        fit.values = mentee.values.isEmpty ? 0.5
            : Double(mentee.valueKeys.filter { mentor.values.contains($0) }.count) / Double(mentee.values.count)

        let a = mentee.profile.workStyle, b = mentor.profile.workStyle
        var styleFit: [Double] = []
        if let x = a.structure, let y = b.structure { styleFit.append(x == y ? 1 : 0) }
        if let x = a.frequencyDays, let y = b.frequencyDays { styleFit.append(Double(min(x, y)) / Double(max(x, y, 1))) }
        if let x = a.channel, let y = b.channel { styleFit.append(x == y ? 1 : 0.3) }
        fit.workStyle = styleFit.isEmpty ? 0.5 : styleFit.reduce(0, +) / Double(styleFit.count)

        if mentee.languageKeys.isEmpty || mentor.languages.isEmpty {
            fit.language = 0.5
        } else {
            let shared = mentee.languageKeys.contains { mentor.languages.contains($0) }
            fit.language = shared ? 1 : 0
            fit.noCommonLanguage = !shared
        }

        fit.gap = hours(between: menteeOffset, and: mentorOffset)
        var timeFit = fit.gap <= 2 ? 1 : max(0, 1 - Double(fit.gap - 2) / 8)
        if !mentee.profile.availability.isEmpty && !mentor.profile.availability.isEmpty {
            let overlap = overlapMinutes(mentee.profile.availability, menteeOffset, mentor.profile.availability, mentorOffset)
            fit.overlap = overlap
            timeFit = (timeFit + min(1, Double(overlap) / 120)) / 2
        }
        fit.time = timeFit
        return fit
    }

    static func normalizedKey(_ text: String) -> String {
        text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }

    static func normalized(_ set: Set<String>) -> Set<String> { Set(set.map(normalizedKey)) }

    /// Whole hours between two zones at a date (daylight saving included).
    public static func hoursBetween(_ a: String, _ b: String, at date: Date) -> Int {
        hours(between: offsetMinutes(a, at: date), and: offsetMinutes(b, at: date))
    }

    /// Minutes east of UTC of a zone at a date; an unknown zone counts as UTC.
    public static func offsetMinutes(_ zone: String, at date: Date) -> Int {
        (TimeZone(identifier: zone)?.secondsFromGMT(for: date) ?? 0) / 60
    }

    public static func hours(between a: Int, and b: Int) -> Int {
        let hours = abs(a - b) / 60
        return min(hours, 24 - hours)
    }

    static func overlapMinutes(_ first: [WeeklyWindow], _ firstOffset: Int, _ second: [WeeklyWindow], _ secondOffset: Int) -> Int {
        let week = 7 * 1440
        func ranges(_ windows: [WeeklyWindow], _ offset: Int) -> [(Int, Int)] {
            windows.flatMap { window -> [(Int, Int)] in
                let (start, end) = window.utcRange(offsetMinutes: offset)
                // Wrap around the week so Sunday evening in one zone meets Monday morning in another.
                let s = ((start % week) + week) % week
                return [(s, s + (end - start)), (s - week, s - week + (end - start)), (s + week, s + week + (end - start))]
            }
        }
        let a = ranges(first, firstOffset)
        let b = ranges(second, secondOffset)
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
