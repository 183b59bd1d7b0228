import Fluent
import TandemCore
import Vapor

/// One line of a meeting's agenda, in one of the guides' five parts, or a question the mentee
/// (or mentor) brings (journey J8).
final class AgendaItem: Model, @unchecked Sendable {
    static let schema = "agenda_items"

    enum Section: String, Codable, Sendable, CaseIterable {
        case sinceLast = "since_last"
        case worked
        case didntWork = "didnt_work"
        case nextSteps = "next_steps"
        case nextObjectives = "next_objectives"
        case question

        var label: String {
            switch self {
            case .sinceLast: "What I did since last time"
            case .worked: "What worked"
            case .didntWork: "What didn't work"
            case .nextSteps: "Next steps"
            case .nextObjectives: "Next objectives"
            case .question: "Questions to bring"
            }
        }
    }

    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Enum(key: "section") var section: Section
    @Field(key: "body") var body: String

    @Parent(key: "meeting_id") var meeting: Meeting
    @Parent(key: "author_id") var author: User

    init() {}

    init(meetingID: UUID, authorID: UUID, section: Section, body: String) {
        self.$meeting.id = meetingID
        self.$author.id = authorID
        self.section = section
        self.body = body
    }
}

/// A note taken in a meeting: shared with the pair, or private to its author.
final class MeetingNote: Model, @unchecked Sendable {
    static let schema = "meeting_notes"

    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?
    @Enum(key: "visibility") var visibility: Visibility
    @Field(key: "body") var body: String

    @Parent(key: "meeting_id") var meeting: Meeting
    @Parent(key: "author_id") var author: User

    init() {}

    init(meetingID: UUID, authorID: UUID, visibility: Visibility, body: String) {
        self.$meeting.id = meetingID
        self.$author.id = authorID
        self.visibility = visibility
        self.body = body
    }
}
