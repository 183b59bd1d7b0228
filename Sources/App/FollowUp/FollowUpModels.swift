import Fluent
import TandemCore
import Vapor

/// The pair's message thread (journey J10); a thank-you or reflection after a meeting is a message
/// that names the meeting.
final class Message: Model, @unchecked Sendable {
    static let schema = "messages"

    enum Kind: String, Codable, Sendable, CaseIterable {
        case message
        case thankYou = "thank_you"
        case reflection
    }

    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Enum(key: "kind") var kind: Kind
    @Field(key: "body") var body: String

    @Parent(key: "mentorship_id") var mentorship: Mentorship
    @Parent(key: "author_id") var author: User
    @OptionalParent(key: "meeting_id") var meeting: Meeting?

    init() {}

    init(mentorshipID: UUID, authorID: UUID, kind: Kind, body: String, meetingID: UUID?) {
        self.$mentorship.id = mentorshipID
        self.$author.id = authorID
        self.kind = kind
        self.body = body
        self.$meeting.id = meetingID
    }
}

/// The mentee's journal of wins and setbacks, each entry shared with the mentor or kept private.
final class JournalEntry: Model, @unchecked Sendable {
    static let schema = "journal_entries"

    enum Kind: String, Codable, Sendable, CaseIterable { case win, setback }

    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Enum(key: "kind") var kind: Kind
    @Field(key: "body") var body: String
    @Enum(key: "visibility") var visibility: Visibility

    @Parent(key: "mentorship_id") var mentorship: Mentorship
    @Parent(key: "author_id") var author: User

    init() {}

    init(mentorshipID: UUID, authorID: UUID, kind: Kind, body: String, visibility: Visibility) {
        self.$mentorship.id = mentorshipID
        self.$author.id = authorID
        self.kind = kind
        self.body = body
        self.visibility = visibility
    }
}

/// A book, article, course or talk the mentor recommends; the mentee reports back on it.
final class Resource: Model, @unchecked Sendable {
    static let schema = "resources"

    enum Kind: String, Codable, Sendable, CaseIterable { case book, article, course, talk, other }

    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Field(key: "title") var title: String
    @Field(key: "url") var url: String
    @Enum(key: "kind") var kind: Kind
    @Field(key: "why") var why: String
    @Field(key: "impressions") var impressions: String
    @OptionalField(key: "impressions_at") var impressionsAt: Date?
    /// The mentee wants to talk about it at the next meeting.
    @Field(key: "on_next_agenda") var onNextAgenda: Bool

    @Parent(key: "mentorship_id") var mentorship: Mentorship
    @Parent(key: "added_by_id") var addedBy: User

    init() {}

    init(mentorshipID: UUID, addedByID: UUID, title: String, url: String, kind: Kind, why: String) {
        self.$mentorship.id = mentorshipID
        self.$addedBy.id = addedByID
        self.title = title
        self.url = url
        self.kind = kind
        self.why = why
        self.impressions = ""
        self.onNextAgenda = false
    }
}
