import Foundation

/// The guides' "Assessing Compatibility: evaluate whether the current mentorship aligns with your
/// goals, communication style, and objectives" — three honest answers, private to their author,
/// and what to do next. Nobody else reads them: not the other side, not a coordinator.
public enum SelfCheckQuestion: String, CaseIterable, Codable, Sendable {
    case goals
    case communication
    case objectives

    public var prompt: String {
        switch self {
        case .goals: "Does this mentorship help with the goals I came for?"
        case .communication: "Does our way of communicating suit me — how often, how, how openly?"
        case .objectives: "Are we after the same things from it?"
        }
    }
}

public enum FitAnswer: String, CaseIterable, Codable, Sendable {
    case fits
    case partly
    case notReally = "not_really"

    public var label: String {
        switch self {
        case .fits: "Yes"
        case .partly: "Partly"
        case .notReally: "Not really"
        }
    }
}

/// What a self-check suggests, in the order worth trying.
public enum SelfCheckSuggestion: String, CaseIterable, Codable, Sendable {
    case talkAtNextMeeting = "talk_at_next_meeting"
    case proposeCharterChange = "propose_charter_change"
    case anotherMentorAlongside = "another_mentor_alongside"
    case continueAsYouAre = "continue"

    /// The advice in words; a mentor does not look for a mentor, they suggest one.
    public func advice(asMentee: Bool) -> String {
        switch self {
        case .talkAtNextMeeting:
            "Talk about it at your next meeting: say what works and what doesn’t, openly and kindly."
        case .proposeCharterChange:
            "Propose a charter change: how often you meet, how you reach each other, the rescheduling rules."
        case .anotherMentorAlongside:
            asMentee
                ? "Look for another mentor alongside for the goals this mentorship doesn’t cover — it isn’t an admission of failure."
                : "Suggest a second mentor alongside for the goals you can help with less; multiple mentors offer diverse insights."
        case .continueAsYouAre:
            "Carry on as you are — this mentorship fits."
        }
    }
}

public enum SelfCheckLimits {
    public static let note = 1000
}

/// A self-check as answered, with its suggestions.
public struct CompatibilitySelfCheck: Equatable, Sendable {
    public let answers: [SelfCheckQuestion: FitAnswer]
    public let note: String

    public init(goals: String?, communication: String?, objectives: String?, note: String?) throws(ValidationFailure) {
        var v = InputValidator()
        var answers: [SelfCheckQuestion: FitAnswer] = [:]
        for (question, raw) in [(SelfCheckQuestion.goals, goals), (.communication, communication), (.objectives, objectives)] {
            if let answer = FitAnswer(rawValue: raw ?? "") { answers[question] = answer } else {
                v.add(question.rawValue, "Answer “\(question.prompt)” with \(FitAnswer.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
        }
        self.note = v.optionalText("note", note, label: "A note for yourself", max: SelfCheckLimits.note)
        try v.check()
        self.answers = answers
    }

    public init(answers: [SelfCheckQuestion: FitAnswer], note: String) {
        self.answers = answers
        self.note = note
    }

    /// Anything short of a yes is worth talking about first ("discuss your decision with your
    /// current mentor"); communication is what the charter settles; goals or objectives that do
    /// not fit call for another mentor alongside, not an ending.
    public var suggestions: [SelfCheckSuggestion] {
        let short = answers.filter { $0.value != .fits }
        guard !short.isEmpty else { return [.continueAsYouAre] }
        var out: [SelfCheckSuggestion] = [.talkAtNextMeeting]
        if short[.communication] != nil { out.append(.proposeCharterChange) }
        if answers[.goals] == .notReally || answers[.objectives] == .notReally { out.append(.anotherMentorAlongside) }
        return out
    }
}

/// Whether a testimonial may appear on the mentor's profile. One state, so a testimonial shown
/// without the mentee's consent cannot be represented: only `shown` is displayed, only the
/// mentor moves `allowed` to `shown`, and the mentee's withdrawal returns it to `private`.
public enum TestimonialDisplay: String, CaseIterable, Codable, Sendable {
    /// The mentor reads it; nobody else.
    case `private`
    /// The mentee allows it on the mentor's profile; the mentor has not chosen to show it.
    case allowed
    /// On the mentor's profile, for the program's members.
    case shown
}

public enum TestimonialLimits {
    public static let body = 1500
    public static let contact = 300
}
