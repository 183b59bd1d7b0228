import Fluent
import TandemCore
import Vapor

/// A person with an account. Whether they mentor, are mentored or coordinate is decided per
/// program, by their `ProgramMembership`.
final class User: Model, @unchecked Sendable {
    static let schema = "users"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    // data fields
    @Field(key: "email") var email: String
    @Field(key: "display_name") var displayName: String
    /// The name folded for sorting and searching in the database (case and accents ignored), as
    /// people read a list: "Émile" between "Elias" and "Eva". Kept by `UserNameKey` on every save.
    @OptionalField(key: "name_key") var nameKey: String?
    @Field(key: "password_hash") var passwordHash: String
    @Field(key: "time_zone") var timeZone: String
    @Field(key: "headline") var headline: String
    @Field(key: "bio") var bio: String
    /// Raised on a password change or reset: sessions carrying an older epoch are signed out.
    @Field(key: "session_epoch") var sessionEpoch: Int
    /// Reminders by e-mail as well as in Tandem (the default), or in Tandem only.
    @OptionalField(key: "reminders_by_email") var remindersByEmail: Bool?
    /// Quiet hours in the person's own zone, minutes from midnight; reminders wait until they end.
    @OptionalField(key: "quiet_start") var quietStart: Int?
    @OptionalField(key: "quiet_end") var quietEnd: Int?
    /// "12h" or "24h"; absent means the usual habit of the person's time zone.
    @OptionalField(key: "clock") var clock: String?

    init() {}

    init(email: String, displayName: String, passwordHash: String, timeZone: String = "UTC") {
        self.email = email
        self.displayName = displayName
        self.nameKey = User.nameKey(displayName)
        self.passwordHash = passwordHash
        self.timeZone = timeZone
        self.headline = ""
        self.bio = ""
        self.sessionEpoch = 0
    }
}

extension User: Authenticatable {}

extension User {
    static func nameKey(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
    }
}

/// Keeps `User.nameKey` in step with the name on every save, whichever code saves it.
struct UserNameKey: AsyncModelMiddleware {
    func create(model: User, on db: any Database, next: any AnyAsyncModelResponder) async throws {
        model.nameKey = User.nameKey(model.displayName)
        try await next.create(model, on: db)
    }

    func update(model: User, on db: any Database, next: any AnyAsyncModelResponder) async throws {
        model.nameKey = User.nameKey(model.displayName)
        try await next.update(model, on: db)
    }
}

extension User {
    static func find(email: String, on db: any Database) async throws -> User? {
        try await User.query(on: db).filter(\.$email == email.lowercased()).first()
    }

    var firstName: String {
        displayName.split(separator: " ").first.map(String.init) ?? displayName
    }
}

extension User {
    var quietHours: QuietHours? {
        guard let start = quietStart, let end = quietEnd, start != end else { return nil }
        return QuietHours(startMinute: start, endMinute: end)
    }

    var zone: TimeZone { TimeZone(identifier: timeZone) ?? .gmt }

    /// Dates and times as this person reads them: their own zone and 12- or 24-hour habit.
    var voice: DateVoice {
        DateVoice(zoneID: timeZone, clock: clock.flatMap(DateVoice.Clock.init(rawValue:)))
    }
}
