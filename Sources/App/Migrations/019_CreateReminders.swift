import Fluent
import SQLKit

struct CreateReminders: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Reminder.schema)
            .id()
            .field("kind", .string, .required)
            .field("subject_id", .uuid, .required)
            .field("recipient_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("occasion", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "kind", "subject_id", "recipient_id", "occasion", name: "reminders_once")
            .create()
        // Preferences live with the account; absent means the defaults (e-mail, no quiet hours).
        try await database.schema(User.schema).field("reminders_by_email", .bool).update()
        try await database.schema(User.schema).field("quiet_start", .int).update()
        try await database.schema(User.schema).field("quiet_end", .int).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(User.schema).deleteField("quiet_end").update()
        try await database.schema(User.schema).deleteField("quiet_start").update()
        try await database.schema(User.schema).deleteField("reminders_by_email").update()
        try await database.schema(Reminder.schema).delete()
    }
}
