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
