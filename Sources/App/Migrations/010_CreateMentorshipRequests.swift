import Fluent
import SQLKit

struct CreateMentorshipRequests: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Program.schema)
            .field("request_expiry_days", .int, .required, .sql(.default(14)))
            .update()
        try await database.schema(Program.schema)
            .field("max_open_requests", .int, .required, .sql(.default(3)))
            .update()
        try await database.schema(Mentorship.schema)
            .field("mentor_slot", .int)
            .update()
        // Capacity is guarded by the database: two accepts cannot take the same slot of a mentor.
        let sql = database as! any SQLDatabase
        try await sql.create(index: "mentorships_mentor_slot").unique().on(Mentorship.schema)
            .column("mentor_id").column("mentor_slot").run()
        try await database.schema(MentorshipRequest.schema)
            .id()
            .field("program_id", .uuid, .required, .references(Program.schema, "id", onDelete: .cascade))
            .field("mentee_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("mentor_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("mentorship_id", .uuid, .references(Mentorship.schema, "id", onDelete: .setNull))
            .field("who_i_am", .string, .required)
            .field("what_drew_me", .string, .required)
            .field("hope_to_achieve", .string, .required)
            .field("time_asked", .string, .required)
            .field("status", .string, .required)
            .field("decline_reason", .string)
            .field("expires_at", .datetime, .required)
            .field("decided_at", .datetime)
            .field("reminder_sent_at", .datetime)
            .field("created_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(MentorshipRequest.schema).delete()
        let sql = database as! any SQLDatabase
        try await sql.drop(index: "mentorships_mentor_slot").run()
        try await database.schema(Mentorship.schema).deleteField("mentor_slot").update()
        try await database.schema(Program.schema).deleteField("max_open_requests").update()
        try await database.schema(Program.schema).deleteField("request_expiry_days").update()
    }
}
