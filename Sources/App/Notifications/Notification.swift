import Fluent
import Vapor

/// An in-app notification on a person's list.
final class Notification: Model, @unchecked Sendable {
    static let schema = "notifications"

    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Field(key: "title") var title: String
    @Field(key: "body") var body: String
    /// A path inside Tandem to go to, if any.
    @Field(key: "link") var link: String
    @OptionalField(key: "read_at") var readAt: Date?

    @Parent(key: "user_id") var user: User

    init() {}

    init(userID: UUID, title: String, body: String, link: String) {
        self.$user.id = userID
        self.title = title
        self.body = body
        self.link = link
    }
}
