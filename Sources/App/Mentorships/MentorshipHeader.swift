import Foundation
import TandemCore

/// The parts of a mentorship the pair moves between: an overview, then one page per kind of
/// work. Each tab is its own address, so it works without JavaScript and can be bookmarked.
enum MentorshipTab: String, CaseIterable {
    case overview, meetings, goals, actions, conversation, feedback, wins, resources, charter, ending

    var label: String {
        switch self {
        case .overview: "Overview"
        case .meetings: "Meetings"
        case .goals: "Goals"
        case .actions: "Actions"
        case .conversation: "Conversation"
        case .feedback: "Feedback"
        case .wins: "Wins & setbacks"
        case .resources: "Resources"
        case .charter: "Charter"
        case .ending: "Ending"
        }
    }

    func path(_ mentorshipID: UUID) -> String {
        self == .overview ? "/mentorships/\(mentorshipID)" : "/mentorships/\(mentorshipID)/\(rawValue)"
    }
}

/// The top of every page of a mentorship: who, since when, the charter's state, and the tabs.
struct MentorshipHeader: Encodable {
    struct Tab: Encodable {
        let label: String
        let link: String
        let current: Bool
    }

    let title: String
    let subtitle: String
    let programName: String
    let programLink: String
    let mentor: Avatar
    let mentee: Avatar
    let charterLabel: String
    let charterTone: String
    /// Only the pair moves between tabs; a coordinator sees the outline alone.
    let tabs: [Tab]
    /// A safety concern paused messages and meeting proposals (the words name no concern).
    let paused: Bool
    /// Ended (said on every tab but the Ending one, which says it itself): read-only, with the recap there.
    let ended: Bool
    let endingLink: String

    init(_ access: Mentorships.Access, tab: MentorshipTab, charter: CharterHistory, viewer: User, now: Date = Date()) {
        let m = access.mentorship
        let id = m.id!
        title = "\(m.mentor.displayName) mentors \(m.mentee.displayName)"
        let voice = viewer.voice
        subtitle = m.status == .active ? "Active · since \(voice.day(m.startedAt, now: now))"
            : "Ended \(m.endedAt.map { voice.day($0, now: now) } ?? "") · began \(voice.day(m.startedAt, now: now))"
        programName = m.program.name
        programLink = Paths.program(m.$program.id)
        mentor = Avatar(name: m.mentor.displayName)
        mentee = Avatar(name: m.mentee.displayName)
        (charterLabel, charterTone) = switch charter.status {
        case .notStarted: ("Charter not written yet", "wait")
        case .awaitingSignatures: ("Charter waits for a signature", "wait")
        case .signed: ("Charter signed by both", "ok")
        case .changeProposed: ("Charter change proposed", "info")
        }
        paused = m.pausedAt != nil
        ended = m.status == .ended && tab != .ending && access.isPairMember
        endingLink = MentorshipTab.ending.path(id)
        tabs = access.isPairMember
            ? MentorshipTab.allCases.map { Tab(label: $0.label, link: $0.path(id), current: $0 == tab) }
            : []
    }
}
