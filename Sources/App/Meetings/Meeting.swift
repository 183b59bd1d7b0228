import Fluent
import TandemCore
import Vapor

/// A meeting of a pair (journey J7). Times are stored in UTC; the zone the proposer typed it in is
/// kept to repeat it at the same wall-clock time.
final class Meeting: Model, @unchecked Sendable {
    static let schema = "meetings"

    enum Status: String, Codable, Sendable, CaseIterable {
        /// Waiting for the other side to accept (or propose another time).
        case proposed
        case accepted
        case cancelled
    }

    // managed fields
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    // data fields
    @Field(key: "starts_at") var startsAt: Date
    @Field(key: "ends_at") var endsAt: Date
    @Field(key: "place") var place: String
    @Field(key: "link") var link: String
    @Field(key: "time_zone") var timeZone: String
    @Enum(key: "status") var status: Status
    /// The calendar identity: the same across reschedules, so calendars move the event.
    @Field(key: "uid") var uid: String
    /// Raised on every change (RFC 5545 SEQUENCE).
    @Field(key: "sequence") var sequence: Int
    /// Meetings planned together on the charter's cadence share a series.
    @OptionalField(key: "series_id") var seriesID: UUID?

    // relationships
    @Parent(key: "mentorship_id") var mentorship: Mentorship
    /// Who proposed the current time; the other side accepts it.
    @Parent(key: "proposed_by_id") var proposedBy: User

    init() {}

    init(mentorshipID: UUID, proposedBy: UUID, draft: MeetingDraft, timeZone: String, seriesID: UUID? = nil) {
        let id = UUID()
        self.id = id
        self.$mentorship.id = mentorshipID
        self.$proposedBy.id = proposedBy
        self.timeZone = timeZone
        self.status = .proposed
        self.uid = "\(id.uuidString.lowercased())@tandem"
        self.sequence = 0
        self.seriesID = seriesID
        apply(draft)
    }

    func apply(_ draft: MeetingDraft) {
        startsAt = draft.start
        endsAt = draft.end
        place = draft.place
        link = draft.link
    }

    var minutes: Int { Int(endsAt.timeIntervalSince(startsAt) / 60) }
    var interval: DateInterval { DateInterval(start: startsAt, end: endsAt) }
    /// Accepted and over: it happened.
    func isHeld(now: Date = Date()) -> Bool { status == .accepted && endsAt <= now }
}

/// One change in a meeting's life, kept as history the pair reads: proposals, acceptance,
/// reschedules and cancellations, late ones marked.
final class MeetingChange: Model, @unchecked Sendable {
    static let schema = "meeting_changes"

    enum Kind: String, Codable, Sendable {
        case proposed
        case accepted
        case rescheduled
        case cancelled
    }

    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Enum(key: "kind") var kind: Kind
    @OptionalField(key: "from_start") var fromStart: Date?
    @OptionalField(key: "to_start") var toStart: Date?
    /// Made with less notice than the charter's rescheduling rule.
    @Field(key: "late") var late: Bool
    @Field(key: "message") var message: String

    @Parent(key: "meeting_id") var meeting: Meeting
    @Parent(key: "actor_id") var actor: User

    init() {}

    init(meetingID: UUID, actorID: UUID, kind: Kind, fromStart: Date? = nil, toStart: Date? = nil, late: Bool = false, message: String = "") {
        self.$meeting.id = meetingID
        self.$actor.id = actorID
        self.kind = kind
        self.fromStart = fromStart
        self.toStart = toStart
        self.late = late
        self.message = message
    }
}

/// The secret part of a person's calendar feed URL, stored as a digest; revocable.
final class CalendarFeedToken: Model, @unchecked Sendable {
    static let schema = "calendar_feed_tokens"

    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Field(key: "digest") var digest: String
    @Field(key: "prefix") var prefix: String
    @OptionalField(key: "revoked_at") var revokedAt: Date?
    @OptionalField(key: "last_used_at") var lastUsedAt: Date?

    @Parent(key: "user_id") var user: User

    init() {}

    init(userID: UUID, digest: String, prefix: String) {
        self.$user.id = userID
        self.digest = digest
        self.prefix = prefix
    }
}
