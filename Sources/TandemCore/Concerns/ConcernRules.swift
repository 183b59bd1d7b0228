import Foundation

/// Concerns and mediation (journey J13). The guides ask for "open communication … active
/// listening … seek mediation: involve a neutral third party … maintain professionalism", and
/// to keep a mentee's challenges private. So a concern is the raiser's: the other side learns of
/// it only with the raiser's agreement, and the coordinators read only what the raiser chose to
/// share with them.
public enum ConcernLimits {
    public static let description = 4000
    public static let entry = 4000
    public static let actionTitle = 300
    public static let codeOfConduct = 20_000
    public static let shares = 20
    public static let responseDays = 1...30
}

public enum ConcernCategory: String, CaseIterable, Codable, Sendable {
    case communication
    case commitment
    case boundaries
    case conduct
    case integrity
    case safety

    public var label: String {
        switch self {
        case .communication: "Communication"
        case .commitment: "Commitment and missed meetings"
        case .boundaries: "Boundaries and off-limits topics"
        case .conduct: "Conduct"
        case .integrity: "Plagiarism and integrity"
        case .safety: "Safety"
        }
    }

    public var hint: String {
        switch self {
        case .communication: "Misunderstandings, tone, answers that do not come."
        case .commitment: "Meetings missed or moved late, work not done as agreed."
        case .boundaries: "Topics or contact you agreed to keep out of the mentorship."
        case .conduct: "Behaviour that goes against the program's code of conduct."
        case .integrity: "Work passed off as one's own, confidences broken."
        case .safety: "You feel unsafe. Messages and meeting proposals pause at once, and the coordinators are told urgently."
        }
    }
}

/// Where a case stands. Each move is timestamped; a case only moves forward, except that agreed
/// actions may be revisited during the follow-up.
public enum CaseState: String, CaseIterable, Codable, Sendable {
    case raised
    case acknowledged
    case hearing
    case agreedActions = "agreed_actions"
    case followUp = "follow_up"
    case resolved
    case closed

    public var label: String {
        switch self {
        case .raised: "Raised"
        case .acknowledged: "Acknowledged"
        case .hearing: "Hearing each side"
        case .agreedActions: "Agreed actions"
        case .followUp: "Follow-up"
        case .resolved: "Resolved"
        case .closed: "Closed"
        }
    }

    /// The states a coordinator may move the case to from here.
    public var next: [CaseState] {
        switch self {
        case .raised: [.acknowledged]
        case .acknowledged: [.hearing, .agreedActions, .resolved]
        case .hearing: [.agreedActions, .resolved]
        case .agreedActions: [.followUp, .resolved]
        case .followUp: [.agreedActions, .resolved]
        case .resolved: [.closed]
        case .closed: []
        }
    }

    public var isOpen: Bool { self != .resolved && self != .closed }

    /// The stepper's order.
    public var step: Int { CaseState.allCases.firstIndex(of: self)! }
}

public enum CaseOutcome: String, CaseIterable, Codable, Sendable {
    case continueAsBefore = "continue"
    case newCharterVersion = "new_charter"
    case newMentor = "new_mentor"
    case endMentorship = "end"
    /// The raiser took the concern back before it was resolved.
    case withdrawn

    public var label: String {
        switch self {
        case .continueAsBefore: "Continue as before"
        case .newCharterVersion: "Continue with a new charter version"
        case .newMentor: "A new mentor for the mentee"
        case .endMentorship: "End the mentorship"
        case .withdrawn: "Withdrawn by the one who raised it"
        }
    }

    /// Outcomes a coordinator chooses when resolving (withdrawing is the raiser's).
    public static let resolutions: [CaseOutcome] = [.continueAsBefore, .newCharterVersion, .newMentor, .endMentorship]
}

public enum CaseTransitionError: Error, Equatable, Sendable {
    /// Not a move this case can make from where it stands.
    case impossible(from: CaseState, to: CaseState)
    /// Resolving needs an outcome.
    case outcomeNeeded
}

public enum CaseTransition {
    /// Checks a coordinator's move; returns the outcome the case keeps.
    public static func check(from: CaseState, to: CaseState, outcome: CaseOutcome?) throws(CaseTransitionError) -> CaseOutcome? {
        guard from.next.contains(to) else { throw .impossible(from: from, to: to) }
        if to == .resolved {
            guard let outcome, CaseOutcome.resolutions.contains(outcome) else { throw .outcomeNeeded }
            return outcome
        }
        return nil
    }

    /// The raiser may withdraw a case until it is resolved.
    public static func canWithdraw(_ state: CaseState) -> Bool { state.isOpen }
}

/// What a raiser may share with the coordinators — only what they select, never anything by default.
public enum ConcernShare: Equatable, Hashable, Sendable {
    /// The meetings moved or cancelled with less notice than the charter asks.
    case lateChanges
    /// The dates of meetings held, planned and cancelled (no notes).
    case meetingHistory
    /// One message of the pair's conversation (either side's, both read it).
    case message(UUID)
    /// The raiser's own check-in answers.
    case myCheckIns

    public init?(choice: String) {
        switch choice {
        case "late_changes": self = .lateChanges
        case "meetings": self = .meetingHistory
        case "my_check_ins": self = .myCheckIns
        default:
            let parts = choice.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2, parts[0] == "message", let id = UUID(uuidString: parts[1]) else { return nil }
            self = .message(id)
        }
    }

    public var choice: String {
        switch self {
        case .lateChanges: "late_changes"
        case .meetingHistory: "meetings"
        case .myCheckIns: "my_check_ins"
        case .message(let id): "message:\(id.uuidString)"
        }
    }
}

/// A concern as its raiser writes it, checked.
public struct ConcernDraft: Equatable, Sendable {
    public var category: ConcernCategory
    public var description: String
    public var shares: [ConcernShare]
    /// The raiser tells the other side themselves that they raised it.
    public var tellOther: Bool
    /// The coordinators may bring the other side in (mediation).
    public var consentToMediation: Bool
    public var citesCodeOfConduct: Bool

    public init(category: String?, description: String?, shares: [String], tellOther: Bool, consentToMediation: Bool,
                citesCodeOfConduct: Bool, programHasCode: Bool) throws(ValidationFailure) {
        var v = InputValidator()
        let category = ConcernCategory(rawValue: category ?? "")
        if category == nil { v.add("category", "Choose what the concern is about: \(ConcernCategory.allCases.map(\.rawValue).joined(separator: ", ")).") }
        self.description = v.text("description", description, label: "Description", max: ConcernLimits.description)
        var chosen: [ConcernShare] = []
        for raw in shares where !raw.isEmpty {
            guard let share = ConcernShare(choice: raw) else {
                v.add("shares", "“\(raw.prefix(60))” is not something you can share: choose late_changes, meetings, my_check_ins or message:<id>.")
                continue
            }
            if !chosen.contains(share) { chosen.append(share) }
        }
        if chosen.count > ConcernLimits.shares { v.add("shares", "Share at most \(ConcernLimits.shares) records.") }
        if citesCodeOfConduct && !programHasCode { v.add("citesCodeOfConduct", "This program has no code of conduct to point to.") }
        try v.check()
        self.category = category!
        self.shares = chosen
        self.tellOther = tellOther
        self.consentToMediation = consentToMediation
        self.citesCodeOfConduct = citesCodeOfConduct
    }

    /// A safety concern pauses the pair at once.
    public var pausesPair: Bool { category == .safety }
}

/// The guides' advice before raising a concern with anyone else.
public enum OpenConversation {
    public static let prompts = [
        "Say what you noticed, and how it affects you — “When our meetings move at short notice, I lose the week I planned around them.”",
        "Ask how it looks from their side, and listen before answering.",
        "Keep to the mentorship and what you agreed in your charter, not to the person.",
        "Agree one thing each of you will do differently, and when you will look at it again.",
    ]
}
