/// Who may read a record, chosen by its author (journey J12).
///
/// The guides ask mentors to "keep all discussions about a mentee's challenges and weaknesses
/// private" and mentees to keep personal advice confidential; a coordinator runs the program
/// but never reads what a pair keeps to itself.
public enum Visibility: String, CaseIterable, Codable, Sendable {
    /// Readable by its author only — nobody else, coordinators included.
    case authorOnly = "author_only"
    /// Readable by both people in the mentorship. A coordinator may count it (activity),
    /// never read it.
    case pair
    /// Feeds the program's aggregate figures (for example how a check-in rates the mentorship).
    /// Its author reads it; nobody reads it individually, not even the other side, so an
    /// honest rating cannot be traced back by the person it is about.
    case programAggregate = "program_aggregate"

    public var label: String {
        switch self {
        case .authorOnly: "Only me"
        case .pair: "Both of us in this mentorship"
        case .programAggregate: "Program statistics only (anonymous)"
        }
    }
}
