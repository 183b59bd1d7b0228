import Foundation

/// Feedback between the two people of a mentorship (journey J11): asked for about something
/// specific, or given unasked; answered respectfully — the situation, what was observed, its
/// effect, a suggestion — guided by the form, never forced. Private to the pair.
public enum FeedbackLimits {
    public static let question = 1000
    public static let workText = 2000
    public static let link = 1000
    public static let part = 2000
}

/// What feedback is about: a goal, an action item, a meeting, a piece of work, or the mentoring itself.
public enum FeedbackSubject: Equatable, Sendable {
    case goal(UUID)
    case action(UUID)
    case meeting(UUID)
    case work
    case mentoring

    public var kind: String {
        switch self {
        case .goal: "goal"
        case .action: "action"
        case .meeting: "meeting"
        case .work: "work"
        case .mentoring: "mentoring"
        }
    }

    public var id: UUID? {
        switch self {
        case .goal(let id), .action(let id), .meeting(let id): id
        case .work, .mentoring: nil
        }
    }

    /// From the stored kind and id; nil when they do not fit together.
    public init?(kind: String, id: UUID?) {
        switch (kind, id) {
        case ("goal", .some(let id)): self = .goal(id)
        case ("action", .some(let id)): self = .action(id)
        case ("meeting", .some(let id)): self = .meeting(id)
        case ("work", _): self = .work
        case ("mentoring", _): self = .mentoring
        default: return nil
        }
    }

    /// A form's single choice, "goal:<uuid>", "work" or "mentoring".
    public init?(choice: String) {
        let parts = choice.split(separator: ":", maxSplits: 1).map(String.init)
        self.init(kind: parts.first ?? "", id: parts.count == 2 ? UUID(uuidString: parts[1]) : nil)
    }

    public var choice: String { id.map { "\(kind):\($0.uuidString)" } ?? kind }
}

/// A request for feedback, checked: the question, and for a piece of work a link and/or a text.
public struct FeedbackRequestDraft: Equatable, Sendable {
    public var subject: FeedbackSubject?
    public var question: String?
    public var workLink: String?
    public var workText: String?

    public init(subject: FeedbackSubject?, question: String?, workLink: String? = nil, workText: String? = nil) {
        self.subject = subject
        self.question = question
        self.workLink = workLink
        self.workText = workText
    }

    public func validated() throws(ValidationFailure) -> (subject: FeedbackSubject, question: String, workLink: String, workText: String) {
        var v = InputValidator()
        if subject == nil { v.add("subject", "Say what you would like feedback on: a goal, an action item, a meeting, a piece of work, or the mentoring.") }
        let question = v.text("question", question, label: "Your question", max: FeedbackLimits.question)
        let link = v.optionalText("workLink", workLink, label: "Link", max: FeedbackLimits.link)
        if !link.isEmpty && !MeetingDraft.isWebLink(link) { v.add("workLink", "The link must be a web address starting with https:// (or http://).") }
        let text = v.optionalText("workText", workText, label: "The work", max: FeedbackLimits.workText)
        if subject == .work && link.isEmpty && text.isEmpty {
            v.add("workLink", "Give a link to the work, or paste a short part of it below.")
        }
        try v.check()
        return (subject!, question, link, text)
    }
}

/// An answer (or unasked feedback), in the guides' respectful shape. Each part is optional;
/// at least one must say something.
public struct FeedbackAnswer: Equatable, Sendable, Codable {
    public var situation: String
    public var observed: String
    public var effect: String
    public var suggestion: String

    public static let parts = ["situation", "observed", "effect", "suggestion"]

    public init(situation: String?, observed: String?, effect: String?, suggestion: String?) throws(ValidationFailure) {
        var v = InputValidator()
        self.situation = v.optionalText("situation", situation, label: "The situation", max: FeedbackLimits.part)
        self.observed = v.optionalText("observed", observed, label: "What you observed", max: FeedbackLimits.part)
        self.effect = v.optionalText("effect", effect, label: "Its effect", max: FeedbackLimits.part)
        self.suggestion = v.optionalText("suggestion", suggestion, label: "A suggestion", max: FeedbackLimits.part)
        if v.errors.isEmpty && [self.situation, self.observed, self.effect, self.suggestion].allSatisfy(\.isEmpty) {
            v.add("observed", "Write at least one part: what you observed, its effect, or a suggestion.")
        }
        try v.check()
    }

    /// The suggestion as an action item's title: its first sentence, at most 300 characters.
    public var actionTitle: String? {
        let text = suggestion.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { return nil }
        let firstSentence = text.split(whereSeparator: { ".!?\n".contains($0) }).first.map(String.init) ?? text
        let title = firstSentence.trimmingCharacters(in: .whitespaces)
        return title.count <= 300 ? title : String(title.prefix(299)) + "…"
    }
}
