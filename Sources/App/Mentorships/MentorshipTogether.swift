import Fluent
import TandemCore
import Vapor

/// The working parts of a mentorship's pages for the pair: the next meetings, the thank-you
/// still to send, open action items and resources. Each list is bounded, so a long
/// mentorship's page stays quick (see `tandem-bench`'s page benchmark).
struct MentorshipTogether: Encodable {
    struct ResourceView: Encodable {
        let id: UUID
        let title: String
        let url: String
        let kind: String
        let kindLabel: String
        let why: String
        let impressions: String
        let onNextAgenda: Bool
        let addedBy: String
    }

    struct Counts: Encodable {
        let meetingsHeld: Int
        let meetingsPlanned: Int
        let actionsOpen: Int
        let actionsDone: Int
        let messages: Int
    }

    let upcoming: [MeetingPages.MeetingRow]
    let pastCount: Int
    let lateChanges: [String]
    let followUp: [MeetingPages.MeetingRow]
    let openActions: [MeetingPages.ActionView]
    let openActionCount: Int
    let doneActionCount: Int
    let resources: [ResourceView]
    let isMentor: Bool
    let isMentee: Bool
    let owners: [MeetingPages.OwnerOption]
    let otherName: String

    static let listLimit = 20

    static func build(_ access: Mentorships.Access, viewer: User, now: Date = Date(), on db: any Database) async throws -> MentorshipTogether {
        let m = access.mentorship
        let id = try m.requireID()
        let other = access.viewerID == m.$mentor.id ? m.mentee : m.mentor
        let voice = viewer.voice
        let upcoming = try await Meeting.query(on: db).filter(\.$mentorship.$id == id).filter(\.$status != .cancelled)
            .filter(\.$endsAt > now).sort(\.$startsAt).limit(3).all()
        let pastCount = try await Meeting.query(on: db).filter(\.$mentorship.$id == id).filter(\.$endsAt <= now).count()
        let late = try await lateChanges(in: id, voice: voice, now: now, limit: 3, on: db)
        let followUp = access.viewerID == m.$mentee.id ? try await FollowUp.awaitingFollowUp(in: m, now: now, on: db) : []
        let actions = try await Actions.list(in: id, limit: listLimit, on: db)
        let resources = try await FollowUp.resources(in: id, on: db)
        let clock = MeetingPages.Clock(viewer: viewer, other: other)
        let todays = MeetingPages.todays(of: m)
        return MentorshipTogether(
            upcoming: upcoming.map { MeetingPages.row($0, clock: clock, now: now) }, pastCount: pastCount,
            lateChanges: late,
            followUp: followUp.prefix(3).map { MeetingPages.row($0, clock: clock, now: now) },
            openActions: actions.open.map { MeetingPages.actionView($0, todays: todays) }, openActionCount: actions.count[.open] ?? 0, doneActionCount: actions.count[.done] ?? 0,
            resources: resources.map {
                ResourceView(id: $0.id!, title: $0.title, url: $0.url, kind: $0.kind.rawValue, kindLabel: $0.kind.rawValue.capitalized, why: $0.why, impressions: $0.impressions,
                             onNextAgenda: $0.onNextAgenda, addedBy: $0.addedBy.displayName)
            },
            isMentor: access.viewerID == m.$mentor.id, isMentee: access.viewerID == m.$mentee.id,
            owners: [MeetingPages.OwnerOption(id: viewer.id!, name: "Me"), MeetingPages.OwnerOption(id: other.id!, name: other.displayName)],
            otherName: other.displayName)
    }

    /// Meetings moved or cancelled with less notice than the charter asks, newest first, in words.
    static func lateChanges(in mentorshipID: UUID, voice: DateVoice, now: Date, limit: Int, on db: any Database) async throws -> [String] {
        let late = try await MeetingChange.query(on: db).join(Meeting.self, on: \MeetingChange.$meeting.$id == \Meeting.$id)
            .filter(Meeting.self, \.$mentorship.$id == mentorshipID).filter(\.$late == true).with(\.$actor)
            .sort(\.$createdAt, .descending).limit(limit).all()
        return late.map { change in
            let what = change.kind == .cancelled ? "cancelled" : "moved"
            return "\(change.actor.displayName) \(what) a meeting late (\(change.createdAt.map { voice.moment($0, now: now) } ?? ""))\(change.message.isEmpty ? "" : ": “\(change.message)”")"
        }
    }

    /// A coordinator's view: how active the pair is, never what they said.
    static func counts(of mentorshipID: UUID, now: Date = Date(), on db: any Database) async throws -> Counts {
        let meetings = Meeting.query(on: db).filter(\.$mentorship.$id == mentorshipID)
        let actions = try await Actions.counts(in: mentorshipID, on: db)
        return Counts(meetingsHeld: try await meetings.copy().filter(\.$status == .accepted).filter(\.$endsAt <= now).count(),
                      meetingsPlanned: try await meetings.copy().filter(\.$status != .cancelled).filter(\.$endsAt > now).count(),
                      actionsOpen: actions[.open] ?? 0, actionsDone: actions[.done] ?? 0,
                      messages: try await Message.query(on: db).filter(\.$mentorship.$id == mentorshipID).count())
    }
}
