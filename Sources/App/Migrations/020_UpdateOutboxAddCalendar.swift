import Fluent

/// Meeting e-mails carry their iCalendar invitation.
struct UpdateOutboxAddCalendar: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(OutboxMessage.schema).field("calendar", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(OutboxMessage.schema).deleteField("calendar").update()
    }
}
