import Foundation

/// How a viewer stands to a record. Computed once per read, strongest relation first: an author
/// who is also a coordinator reads as the author; a coordinator who is the mentor in the pair
/// reads as the other side, not as a coordinator.
public enum ViewerRelation: String, CaseIterable, Sendable {
    case author
    /// The other person in the mentorship the record belongs to.
    case counterpart
    /// A coordinator of the program who is not in the mentorship.
    case coordinator
    /// Someone else in the same program.
    case participant
    case stranger

    /// Decides the relation from plain facts about the record and the viewer.
    public static func of(
        viewer: UUID,
        author: UUID,
        pair: Set<UUID>,
        coordinators: Set<UUID>,
        participants: Set<UUID>
    ) -> ViewerRelation {
        if viewer == author { return .author }
        if pair.contains(viewer) { return .counterpart }
        if coordinators.contains(viewer) { return .coordinator }
        if participants.contains(viewer) { return .participant }
        return .stranger
    }
}

/// What a viewer may do with a record.
public enum Access: Int, Comparable, Sendable {
    /// Nothing: the record does not exist for this viewer (the API answers 404).
    case none = 0
    /// The record may be counted or averaged in program statistics, never shown.
    case aggregate = 1
    /// The record may be read in full.
    case read = 2

    public static func < (lhs: Access, rhs: Access) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// The single rule every read path — web page, API, export — goes through.
public enum AccessPolicy {
    public static func access(_ relation: ViewerRelation, to visibility: Visibility) -> Access {
        switch (relation, visibility) {
        case (.author, _):
            return .read
        case (.counterpart, .pair):
            return .read
        case (.counterpart, .authorOnly), (.counterpart, .programAggregate):
            // The other side never sees a private note, nor the individual rating it is the subject of.
            return .none
        case (.coordinator, .pair), (.coordinator, .programAggregate):
            return .aggregate
        case (.coordinator, .authorOnly):
            return .none
        case (.participant, _), (.stranger, _):
            return .none
        }
    }

    public static func canRead(_ relation: ViewerRelation, _ visibility: Visibility) -> Bool {
        access(relation, to: visibility) == .read
    }

    /// Aggregates over fewer records than this are withheld, so a "program average" cannot single
    /// out one person's rating.
    public static let minimumAggregateGroup = 3
}

/// The records of feedback, check-ins and concerns (journeys J11 and J13), each with its own
/// rule. They go through `AccessPolicy.access(_:to:)` like notes do.
public enum PrivateRecord: Equatable, Sendable {
    /// Feedback asked for or given: the two of them only.
    case feedback
    /// One person's check-in answers; the other side reads them once both have answered.
    case checkIn(bothAnswered: Bool)
    /// One part of a concern case. `otherInvolved`: the raiser told the other side, or the
    /// coordinators opened mediation with the raiser's consent.
    case concern(ConcernPart, otherInvolved: Bool)
    /// A reflection at the close: shared with the other side, or kept by its author.
    case reflection(shared: Bool)
    /// A note of thanks: always delivered to the other side.
    case gratitude
    /// Why a mentorship ended: the pair's; coordinators count reasons over at least k endings.
    case endingReason
    /// "Not with this person again": its author's alone.
    case notAgain
    /// A compatibility self-check: its author's alone.
    case selfCheck
    /// "Stay in touch" with the contact line its author gives: the other side reads it once both agreed.
    case stayInTouch(bothAgreed: Bool)
    /// The mentee's testimonial (the mentee is its author): the mentor reads it; the program's
    /// members read it only when it is on the mentor's profile, which needs the mentee's consent.
    case testimonial(TestimonialDisplay)
}

/// The parts of a concern case, read by different people. The raiser is the author; the other
/// side of the pair is the counterpart.
public enum ConcernPart: String, CaseIterable, Sendable {
    /// Category, state, its timestamped moves and the outcome.
    case outline
    /// What the raiser wrote.
    case description
    /// The records the raiser chose to share with the coordinators.
    case shared
    /// Coordinators' case notes.
    case caseNote
    /// The conversation between the raiser and the coordinators.
    case raiserThread
    /// The conversation between the other side and the coordinators.
    case otherThread
    /// Agreed actions, with owners and dates.
    case agreedAction
}

extension AccessPolicy {
    public static func access(_ relation: ViewerRelation, to record: PrivateRecord) -> Access {
        switch (relation, record) {
        case (.participant, .testimonial(.shown)):
            // On the mentor's profile, which the program's members read.
            return .read
        case (.participant, _), (.stranger, _):
            return .none
        case (.author, .feedback), (.counterpart, .feedback):
            return .read
        case (.coordinator, .feedback):
            // A coordinator may count feedback (how many requests were answered), never read it.
            return .aggregate
        case (.author, .checkIn):
            return .read
        case (.counterpart, .checkIn(let both)):
            // Blind until both have answered, so neither anchors on the other.
            return both ? .read : .none
        case (.coordinator, .checkIn):
            return .aggregate
        case (.author, .concern(let part, _)):
            // A coordinator's case notes and the other side's words to the coordinators are not the raiser's.
            return part == .caseNote || part == .otherThread ? .none : .read
        case (.counterpart, .concern(let part, let involved)):
            // Until involved, the case does not exist for the other side; then they see where it
            // stands, what is agreed, and their own conversation — never what the raiser shared.
            guard involved else { return .none }
            return [.outline, .agreedAction, .otherThread].contains(part) ? .read : .none
        case (.coordinator, .concern):
            // The neutral third party reads the whole case; every read is logged for the raiser.
            return .read
        case (.author, .reflection), (.author, .gratitude), (.author, .endingReason), (.author, .notAgain):
            return .read
        case (.counterpart, .reflection(let shared)):
            return shared ? .read : .none
        case (.counterpart, .gratitude), (.counterpart, .endingReason):
            return .read
        case (.counterpart, .notAgain):
            // Never shown to the person it is about.
            return .none
        case (.coordinator, .endingReason):
            return .aggregate
        case (.coordinator, .reflection), (.coordinator, .gratitude), (.coordinator, .notAgain):
            return .none
        case (.author, .selfCheck), (.author, .stayInTouch), (.author, .testimonial):
            return .read
        case (.counterpart, .selfCheck), (.coordinator, .selfCheck), (.coordinator, .stayInTouch):
            return .none
        case (.counterpart, .stayInTouch(let both)):
            return both ? .read : .none
        case (.counterpart, .testimonial):
            // Written for the mentor, whatever its author allows others.
            return .read
        case (.coordinator, .testimonial(let display)):
            return display == .shown ? .read : .none
        }
    }
}
