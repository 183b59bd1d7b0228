import Fluent
import TandemCore
import Vapor

/// A note written inside a mentorship — the first record that carries a `Visibility`; later
/// records (talk-flow notes, journal entries, feedback) follow the same pattern.
final class MentorshipNote: Model, @unchecked Sendable {
    static let schema = "mentorship_notes"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    // data fields
    @Enum(key: "visibility") var visibility: Visibility
    @Field(key: "body") var body: String

    // relationships
    @Parent(key: "mentorship_id") var mentorship: Mentorship
    @Parent(key: "author_id") var author: User

    init() {}

    init(mentorshipID: UUID, authorID: UUID, visibility: Visibility, body: String) {
        self.$mentorship.id = mentorshipID
        self.$author.id = authorID
        self.visibility = visibility
        self.body = body
    }
}
