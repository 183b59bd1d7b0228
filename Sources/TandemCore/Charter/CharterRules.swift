import Foundation

/// What the pair agrees on (journey J5), as the guides list it: contact and availability,
/// rescheduling rules, boundaries, openness to criticism, first names, plagiarism, roles, duration.
public struct CharterTerms: Codable, Sendable, Equatable {
    public enum Channel: String, Codable, Sendable, CaseIterable { case inApp = "in_app", email, phone, chat }
    public enum Format: String, Codable, Sendable, CaseIterable { case video, inPerson = "in_person", either }

    // contact
    public var channels: [Channel]
    public var chatHandle: String
    public var phone: String
    /// When each can be reached, in words both understand ("Maya: Tue and Thu after 18:00 Berlin").
    public var availability: String
    public var responseTimeHours: Int
    // meetings
    public var cadenceDays: Int
    public var meetingMinutes: Int
    public var format: Format
    public var meetingLink: String
    // rescheduling
    public var rescheduleNoticeHours: Int
    public var howToNotify: String
    // boundaries
    public var offLimitsTopics: String
    public var openToCriticism: Bool
    public var firstNameBasis: Bool
    public var plagiarismAndSharedWork: String
    public var sharingOutsidePair: String
    // roles, duration, check-ins
    public var mentorRole: String
    public var menteeRole: String
    public var startsOn: CalendarDate
    public var endsOn: CalendarDate
    public var checkInEveryDays: Int

    /// A charter pre-filled from the program's defaults; every field can be changed.
    public static func defaults(cadenceDays: Int, startsOn: CalendarDate, endsOn: CalendarDate, availability: String = "") -> CharterTerms {
        CharterTerms(channels: [.inApp, .email], chatHandle: "", phone: "", availability: availability, responseTimeHours: 48,
                     cadenceDays: cadenceDays, meetingMinutes: 45, format: .video, meetingLink: "",
                     rescheduleNoticeHours: 24, howToNotify: "A message in Tandem as early as possible",
                     offLimitsTopics: "", openToCriticism: true, firstNameBasis: true,
                     plagiarismAndSharedWork: "We credit each other's work and share examples, never company secrets.",
                     sharingOutsidePair: "What we discuss stays between us unless we both agree.",
                     mentorRole: "Listens, asks questions, shares experience, gives honest feedback in private.",
                     menteeRole: "Sets the goals, prepares each meeting, acts on what we agree and reports back.",
                     startsOn: startsOn, endsOn: endsOn, checkInEveryDays: 28)
    }

    public func validate() throws(ValidationFailure) -> CharterTerms {
        var v = InputValidator()
        if channels.isEmpty { v.add("channels", "Choose at least one way to reach each other.") }
        if channels.contains(.chat) && chatHandle.trimmingCharacters(in: .whitespaces).isEmpty {
            v.add("chatHandle", "Give the chat handle, since chat is a channel.")
        }
        if channels.contains(.phone) && phone.trimmingCharacters(in: .whitespaces).isEmpty {
            v.add("phone", "Give the phone number, since phone is a channel.")
        }
        _ = v.integer("responseTimeHours", responseTimeHours, label: "Expected response time (hours)", in: 1...336)
        _ = v.integer("cadenceDays", cadenceDays, label: "Meeting cadence (days)", in: 1...90)
        _ = v.integer("meetingMinutes", meetingMinutes, label: "Usual meeting length (minutes)", in: 10...240)
        _ = v.integer("rescheduleNoticeHours", rescheduleNoticeHours, label: "Rescheduling notice (hours)", in: 0...336)
        _ = v.integer("checkInEveryDays", checkInEveryDays, label: "Check-in frequency (days)", in: 7...180)
        if !meetingLink.isEmpty, URL(string: meetingLink)?.scheme.map({ ["http", "https"].contains($0) }) != true {
            v.add("meetingLink", "The meeting link must start with https://.")
        }
        for (field, label, text, limit) in [("chatHandle", "Chat handle", chatHandle, 100), ("phone", "Phone", phone, 40),
                                            ("meetingLink", "Meeting link", meetingLink, 500),
                                            ("availability", "Availability", availability, 1000), ("howToNotify", "How to notify", howToNotify, 500),
                                            ("offLimitsTopics", "Off-limits topics", offLimitsTopics, 2000),
                                            ("plagiarismAndSharedWork", "Plagiarism and shared work", plagiarismAndSharedWork, 2000),
                                            ("sharingOutsidePair", "Sharing outside the pair", sharingOutsidePair, 2000),
                                            ("mentorRole", "The mentor's role", mentorRole, 2000), ("menteeRole", "The mentee's role", menteeRole, 2000)] {
            _ = v.optionalText(field, text, label: label, max: limit)
        }
        if endsOn <= startsOn { v.add("endsOn", "The end must come after the start (\(startsOn)).") }
        try v.check()
        return self
    }
}

/// The versions of a pair's charter and who signed which. A version is in force once both signed
/// it; until someone signs, its wording can still be edited; after that a change is a new version
/// that both sign again, and older versions stay readable.
public struct CharterHistory: Sendable, Equatable {
    public enum Party: String, Codable, Sendable, CaseIterable { case mentor, mentee }

    public struct Version: Sendable, Equatable {
        public let number: Int
        public var terms: CharterTerms
        public var mentorSignedAt: Date?
        public var menteeSignedAt: Date?

        public init(number: Int, terms: CharterTerms, mentorSignedAt: Date? = nil, menteeSignedAt: Date? = nil) {
            self.number = number
            self.terms = terms
            self.mentorSignedAt = mentorSignedAt
            self.menteeSignedAt = menteeSignedAt
        }

        public var isSigned: Bool { mentorSignedAt != nil && menteeSignedAt != nil }
        public var hasSignatures: Bool { mentorSignedAt != nil || menteeSignedAt != nil }

        public func signedAt(by party: Party) -> Date? { party == .mentor ? mentorSignedAt : menteeSignedAt }
        /// Who still has to sign this version.
        public var awaiting: [Party] { Party.allCases.filter { signedAt(by: $0) == nil } }
    }

    public enum Status: String, Codable, Sendable {
        /// No charter written yet.
        case notStarted = "not_started"
        /// A version exists that not both have signed, and none is in force.
        case awaitingSignatures = "awaiting_signatures"
        /// The latest version is signed by both.
        case signed
        /// A version is in force and a newer one waits for signatures.
        case changeProposed = "change_proposed"
    }

    public enum Problem: Error, Equatable, CustomStringConvertible {
        case alreadySigned(Int)
        case notTheLatest(Int, latest: Int)
        case signedVersion(Int)
        case unchanged
        case noVersion
        case unknownVersion(Int)

        public var description: String {
            switch self {
            case .alreadySigned(let n): "You already signed version \(n)."
            case .notTheLatest(let n, let latest): "Version \(n) was replaced by version \(latest); read and sign that one."
            case .signedVersion(let n): "Version \(n) has been signed, so its wording cannot change. Propose a change instead: it becomes a new version that both sign again."
            case .unchanged: "Nothing changed, so there is no new version to sign."
            case .noVersion: "There is no charter yet."
            case .unknownVersion(let n): "There is no version \(n) of this charter."
            }
        }
    }

    public private(set) var versions: [Version] = []

    public init(versions: [Version] = []) { self.versions = versions.sorted { $0.number < $1.number } }

    public var latest: Version? { versions.last }
    /// The newest version both signed: the one in force.
    public var inForce: Version? { versions.last(where: \.isSigned) }
    /// "Charter not signed yet" until some version is signed by both.
    public var isSigned: Bool { inForce != nil }

    public var status: Status {
        guard let latest else { return .notStarted }
        if latest.isSigned { return .signed }
        return inForce == nil ? .awaitingSignatures : .changeProposed
    }

    public func version(_ number: Int) -> Version? { versions.first { $0.number == number } }

    /// Writes terms down as the next version, signed by no one yet.
    public mutating func propose(_ terms: CharterTerms) throws(Problem) -> Version {
        if let latest, latest.terms == terms { throw .unchanged }
        let version = Version(number: (latest?.number ?? 0) + 1, terms: terms)
        versions.append(version)
        return version
    }

    /// Changes the wording of the latest version while nobody has signed it.
    public mutating func edit(version number: Int, to terms: CharterTerms) throws(Problem) -> Version {
        let latest = try latest(number)
        guard !latest.hasSignatures else { throw .signedVersion(number) }
        versions[versions.count - 1].terms = terms
        return versions[versions.count - 1]
    }

    /// Edits the latest version when nobody signed it yet, else proposes a new one: what a form
    /// that shows the current wording means by "save".
    public mutating func save(_ terms: CharterTerms) throws(Problem) -> Version {
        if let latest, !latest.hasSignatures { return try edit(version: latest.number, to: terms) }
        return try propose(terms)
    }

    public mutating func sign(version number: Int, by party: Party, at date: Date) throws(Problem) -> Version {
        var signed = try latest(number)
        guard signed.signedAt(by: party) == nil else { throw .alreadySigned(number) }
        if party == .mentor { signed.mentorSignedAt = date } else { signed.menteeSignedAt = date }
        versions[versions.count - 1] = signed
        return signed
    }

    private func latest(_ number: Int) throws(Problem) -> Version {
        guard let latest else { throw .noVersion }
        guard version(number) != nil else { throw .unknownVersion(number) }
        guard number == latest.number else { throw .notTheLatest(number, latest: latest.number) }
        return latest
    }
}
