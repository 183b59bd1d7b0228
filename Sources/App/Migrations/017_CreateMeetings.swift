import Fluent
import SQLKit

struct CreateMeetings: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Meeting.schema)
            .id()
            .field("mentorship_id", .uuid, .required, .references(Mentorship.schema, "id", onDelete: .cascade))
            .field("proposed_by_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("starts_at", .datetime, .required)
            .field("ends_at", .datetime, .required)
            .field("place", .string, .required)
            .field("link", .string, .required)
            .field("time_zone", .string, .required)
            .field("status", .string, .required)
            .field("uid", .string, .required)
            .field("sequence", .int, .required)
            .field("series_id", .uuid)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "uid", name: "meetings_uid")
            .create()
        try await database.schema(MeetingChange.schema)
            .id()
            .field("meeting_id", .uuid, .required, .references(Meeting.schema, "id", onDelete: .cascade))
            .field("actor_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("from_start", .datetime)
            .field("to_start", .datetime)
            .field("late", .bool, .required)
            .field("message", .string, .required)
            .field("created_at", .datetime)
            .create()
        try await database.schema(CalendarFeedToken.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("digest", .string, .required)
            .field("prefix", .string, .required)
            .field("revoked_at", .datetime)
            .field("last_used_at", .datetime)
            .field("created_at", .datetime)
            .unique(on: "digest", name: "calendar_feed_tokens_digest")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "meetings_by_mentorship_start").on(Meeting.schema).column("mentorship_id").column("starts_at").run()
        try await sql.create(index: "meeting_changes_by_meeting").on(MeetingChange.schema).column("meeting_id").run()
    }

    func revert(on database: any Database) async throws {
        for schema in [CalendarFeedToken.schema, MeetingChange.schema, Meeting.schema] {
            try await database.schema(schema).delete()
        }
    }
}
