import Fluent
import TandemCore
import Vapor

/// One version of a pair's commitment charter (journey J5). A version both signed is never
/// rewritten; a change is the next number.
final class CharterVersion: Model, @unchecked Sendable {
    static let schema = "charter_versions"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    // data fields
    @Field(key: "number") var number: Int
    @Field(key: "terms") var terms: CharterTerms
    @OptionalField(key: "mentor_signed_at") var mentorSignedAt: Date?
    @OptionalField(key: "mentee_signed_at") var menteeSignedAt: Date?

    // relationships
    @Parent(key: "mentorship_id") var mentorship: Mentorship
    /// Who wrote this wording (the last to edit it while unsigned).
    @Parent(key: "author_id") var author: User

    init() {}

    init(mentorshipID: UUID, authorID: UUID, version: CharterHistory.Version) {
        self.$mentorship.id = mentorshipID
        self.$author.id = authorID
        self.number = version.number
        apply(version)
    }

    func apply(_ version: CharterHistory.Version) {
        terms = version.terms
        mentorSignedAt = version.mentorSignedAt
        menteeSignedAt = version.menteeSignedAt
    }

    var version: CharterHistory.Version {
        CharterHistory.Version(number: number, terms: terms, mentorSignedAt: mentorSignedAt, menteeSignedAt: menteeSignedAt)
    }
}
