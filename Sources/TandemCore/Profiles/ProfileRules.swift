import Foundation

/// A skill with the mentor's level in it, 1 (some) to 5 (expert).
public struct SkillLevel: Codable, Sendable, Equatable, Hashable {
    public var skill: String
    public var level: Int

    public init(skill: String, level: Int) {
        self.skill = skill
        self.level = level
    }

    public static let levels = 1...5
    public static let defaultLevel = 3
}

/// Reading the short lists people type into forms: "Swift (5), System design (4), Go".
public enum ListInput {
    public static let maximumItems = 20
    public static let maximumLength = 40

    /// Splits on commas and new lines, trims, drops empties and duplicates (case-insensitively).
    public static func items(_ text: String?) -> [String] {
        var seen = Set<String>()
        return (text ?? "").split(whereSeparator: { $0 == "," || $0 == "\n" || $0 == ";" })
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { !$0.isEmpty && seen.insert($0.lowercased()).inserted }
    }

    public static func check(_ items: [String], field: String, label: String, into v: inout InputValidator) {
        if items.count > maximumItems {
            v.add(field, "\(label): at most \(maximumItems) entries (you have \(items.count)).")
        } else if let long = items.first(where: { $0.count > maximumLength }) {
            v.add(field, "\(label): “\(long.prefix(20))…” is longer than \(maximumLength) characters.")
        }
    }

    /// "Swift (5), Go" → Swift at 5, Go at the default level.
    public static func skills(_ text: String?, field: String, into v: inout InputValidator) -> [SkillLevel] {
        var result: [SkillLevel] = []
        for item in items(text) {
            var name = item
            var level = SkillLevel.defaultLevel
            if item.hasSuffix(")"), let open = item.lastIndex(of: "(") {
                let inside = item[item.index(after: open)..<item.index(before: item.endIndex)]
                name = item[..<open].trimmingCharacters(in: .whitespaces)
                guard let parsed = Int(inside.trimmingCharacters(in: .whitespaces)), SkillLevel.levels.contains(parsed) else {
                    v.add(field, "The level of “\(name)” must be a number from 1 to 5, as in “\(name) (4)”.")
                    continue
                }
                level = parsed
            }
            result.append(SkillLevel(skill: name, level: level))
        }
        check(result.map(\.skill), field: field, label: "Expertise", into: &v)
        return result
    }

    public static func render(_ skills: [SkillLevel]) -> String {
        skills.map { "\($0.skill) (\($0.level))" }.joined(separator: ", ")
    }

    /// "18:30" → 1110 minutes.
    public static func minutes(_ text: String) -> Int? {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: ":")
        guard parts.count == 2, let h = Int(parts[0]), let m = Int(parts[1]), (0...24).contains(h), (0...59).contains(m),
              h * 60 + m <= 1440 else { return nil }
        return h * 60 + m
    }

    public static func clock(_ minutes: Int) -> String {
        String(format: "%02d:%02d", minutes / 60, minutes % 60)
    }
}

/// What a profile still lacks, so the page can say what to add next.
public struct ProfileCompleteness: Sendable, Equatable {
    public let missing: [String]
    public let percent: Int

    public struct Facts: Sendable {
        public var hasHeadline: Bool
        public var hasBio: Bool
        public var hasLanguages: Bool
        public var hasValues: Bool
        public var hasWorkStyle: Bool
        public var hasAvailability: Bool
        public var hasExpertise: Bool
        public var hasChallengesFaced: Bool
        public var hasExperienceYears: Bool
        public var hasGoals: Bool
        public var hasSkillsWanted: Bool
        public var hasChallenges: Bool

        public init(hasHeadline: Bool = false, hasBio: Bool = false, hasLanguages: Bool = false, hasValues: Bool = false,
                    hasWorkStyle: Bool = false, hasAvailability: Bool = false, hasExpertise: Bool = false,
                    hasChallengesFaced: Bool = false, hasExperienceYears: Bool = false, hasGoals: Bool = false,
                    hasSkillsWanted: Bool = false, hasChallenges: Bool = false) {
            self.hasHeadline = hasHeadline
            self.hasBio = hasBio
            self.hasLanguages = hasLanguages
            self.hasValues = hasValues
            self.hasWorkStyle = hasWorkStyle
            self.hasAvailability = hasAvailability
            self.hasExpertise = hasExpertise
            self.hasChallengesFaced = hasChallengesFaced
            self.hasExperienceYears = hasExperienceYears
            self.hasGoals = hasGoals
            self.hasSkillsWanted = hasSkillsWanted
            self.hasChallenges = hasChallenges
        }
    }

    public static func evaluate(_ facts: Facts, asMentor: Bool, asMentee: Bool) -> ProfileCompleteness {
        var checks: [(Bool, String)] = [
            (facts.hasHeadline, "a headline"), (facts.hasBio, "a few words about you"),
            (facts.hasLanguages, "the languages you speak"), (facts.hasValues, "your values"),
            (facts.hasWorkStyle, "your work style"), (facts.hasAvailability, "when you are available"),
        ]
        if asMentor {
            checks += [(facts.hasExpertise, "your expertise"), (facts.hasChallengesFaced, "career challenges you have faced"),
                       (facts.hasExperienceYears, "your years of experience")]
        }
        if asMentee {
            checks += [(facts.hasGoals, "what you want to achieve"), (facts.hasSkillsWanted, "the skills you want to grow"),
                       (facts.hasChallenges, "the challenges you face")]
        }
        let missing = checks.filter { !$0.0 }.map(\.1)
        let percent = checks.isEmpty ? 100 : Int((Double(checks.count - missing.count) / Double(checks.count) * 100).rounded())
        return ProfileCompleteness(missing: missing, percent: percent)
    }
}

/// A profile as submitted, lists already split; `validate` checks it whole.
public struct ProfileDraft: Sendable {
    public var expertise: [SkillLevel] = []
    public var industries: [String] = []
    public var yearsExperience: Int?
    public var challengesFaced: [String] = []
    public var capacity: Int = 2
    public var openToMentees: Bool = true
    public var goals: String = ""
    public var skillsWanted: [String] = []
    public var challenges: [String] = []
    public var workStructure: String?
    public var frequencyDays: Int?
    public var channel: String?
    public var values: [String] = []
    public var languages: [String] = []
    public var availability: [WeeklyWindow] = []

    public init() {}

    public static let capacityRange = 0...20
    public static let yearsRange = 0...70
    public static let goalsLimit = 1000

    /// Adds every problem to `v` (which may already hold parsing problems) and throws them together.
    public func validate(_ v: inout InputValidator) throws(ValidationFailure) {
        if !expertise.allSatisfy({ SkillLevel.levels.contains($0.level) }) {
            v.add("expertise", "Skill levels go from 1 to 5.")
        }
        ListInput.check(expertise.map(\.skill), field: "expertise", label: "Expertise", into: &v)
        ListInput.check(industries, field: "industries", label: "Industries", into: &v)
        ListInput.check(challengesFaced, field: "challengesFaced", label: "Challenges faced", into: &v)
        ListInput.check(skillsWanted, field: "skillsWanted", label: "Skills to grow", into: &v)
        ListInput.check(challenges, field: "challenges", label: "Challenges", into: &v)
        ListInput.check(values, field: "values", label: "Values", into: &v)
        ListInput.check(languages, field: "languages", label: "Languages", into: &v)
        if let years = yearsExperience, !Self.yearsRange.contains(years) {
            v.add("yearsExperience", "Years of experience must be from 0 to 70.")
        }
        if !Self.capacityRange.contains(capacity) {
            v.add("capacity", "Capacity must be from 0 to 20 mentees at once.")
        }
        if goals.count > Self.goalsLimit {
            v.add("goals", "What you want to achieve must be at most \(Self.goalsLimit) characters.")
        }
        if let structure = workStructure, WorkStyle.Structure(rawValue: structure) == nil {
            v.add("workStructure", "Work style must be structured or flexible.")
        }
        if let channel, WorkStyle.Channel(rawValue: channel) == nil {
            v.add("channel", "Channel must be one of: \(WorkStyle.Channel.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        if let days = frequencyDays, !(1...90).contains(days) {
            v.add("frequencyDays", "Meeting every N days: N must be from 1 to 90.")
        }
        for window in availability {
            if !(1...7).contains(window.weekday) || window.startMinute < 0 || window.endMinute > 1440 || window.startMinute >= window.endMinute {
                v.add("availability", "Each available time needs a day and an end after its start.")
                break
            }
        }
        try v.check()
    }
}
