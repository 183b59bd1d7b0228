import Foundation

/// A mentee's request to a mentor, and where it can go from each state (journey J4).
public enum RequestStatus: String, Codable, Sendable, CaseIterable {
    case pending, accepted, declined, withdrawn, expired

    public var isOpen: Bool { self == .pending }

    /// Only a pending request changes; every answer is final.
    public func canBecome(_ next: RequestStatus) -> Bool {
        self == .pending && next != .pending
    }

    /// Why a request in this state cannot be answered, in words.
    public var closedReason: String {
        switch self {
        case .pending: "This request is still open."
        case .accepted: "This request was already accepted."
        case .declined: "This request was declined."
        case .withdrawn: "The mentee withdrew this request."
        case .expired: "This request expired without an answer."
        }
    }
}

/// The thoughtful introduction the guides ask for: who I am, what drew me to you, what I hope to
/// achieve, how much time I ask for.
public struct IntroductionDraft: Sendable {
    public var whoIAm: String?
    public var whatDrewMe: String?
    public var hopeToAchieve: String?
    public var timeAsked: String?

    public init(whoIAm: String?, whatDrewMe: String?, hopeToAchieve: String?, timeAsked: String?) {
        self.whoIAm = whoIAm
        self.whatDrewMe = whatDrewMe
        self.hopeToAchieve = hopeToAchieve
        self.timeAsked = timeAsked
    }

    public static let partMaximum = 1500
    /// All four parts together: long enough to be a real introduction, not "hi, mentor me?".
    public static let totalMinimum = 150

    public struct Clean: Sendable, Equatable {
        public let whoIAm: String
        public let whatDrewMe: String
        public let hopeToAchieve: String
        public let timeAsked: String

        public init(whoIAm: String, whatDrewMe: String, hopeToAchieve: String, timeAsked: String) {
            self.whoIAm = whoIAm
            self.whatDrewMe = whatDrewMe
            self.hopeToAchieve = hopeToAchieve
            self.timeAsked = timeAsked
        }
    }

    public func validate() throws(ValidationFailure) -> Clean {
        var v = InputValidator()
        let who = v.text("whoIAm", whoIAm, label: "Who you are", min: 20, max: Self.partMaximum)
        let drew = v.text("whatDrewMe", whatDrewMe, label: "What drew you to this mentor", min: 20, max: Self.partMaximum)
        let hope = v.text("hopeToAchieve", hopeToAchieve, label: "What you hope to achieve", min: 20, max: Self.partMaximum)
        let time = v.text("timeAsked", timeAsked, label: "The time you ask for", min: 5, max: 300)
        if v.errors.isEmpty && (who + drew + hope + time).count < Self.totalMinimum {
            v.add("whoIAm", "Your introduction is \((who + drew + hope + time).count) characters; write at least \(Self.totalMinimum) in all so the mentor can judge the fit.")
        }
        try v.check()
        return Clean(whoIAm: who, whatDrewMe: drew, hopeToAchieve: hope, timeAsked: time)
    }
}

public enum RequestRules {
    public static let expiryRange = 1...90
    public static let openRequestRange = 1...20
    public static let declineReasonLimit = 500

    /// The typical time a mentor takes to answer: the median of their past answers.
    public static func typicalResponse(_ answered: [TimeInterval]) -> TimeInterval? {
        guard !answered.isEmpty else { return nil }
        let sorted = answered.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    public static func describe(_ interval: TimeInterval) -> String {
        let hours = Int((interval / 3600).rounded())
        if hours <= 1 { return "within an hour" }
        if hours < 48 { return "within \(hours) hours" }
        return "within \(Int((Double(hours) / 24).rounded(.up))) days"
    }
}
