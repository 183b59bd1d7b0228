import Fluent
import TandemCore
import Vapor

/// Messages, the journal and resources of a mentorship — described in Resources/openapi.yaml.
enum FollowUpAPI {
    static func register(_ api: any RoutesBuilder) {
        api.get("mentorships", ":mentorshipID", "messages", use: messages)
        api.post("mentorships", ":mentorshipID", "messages", use: postMessage)
        api.get("mentorships", ":mentorshipID", "journal", use: journal)
        api.post("mentorships", ":mentorshipID", "journal", use: addJournalEntry)
        api.get("mentorships", ":mentorshipID", "resources", use: resources)
        api.post("mentorships", ":mentorshipID", "resources", use: recommend)
        api.patch("resources", ":resourceID", use: respond)
    }

    struct MessageDTO: Content {
        let id: UUID
        let author: PersonDTO
        let kind: Message.Kind
        let body: String
        let meetingId: UUID?
        let createdAt: Date?

        init(_ message: Message) throws {
            id = try message.requireID()
            author = try PersonDTO(message.author)
            kind = message.kind
            body = message.body
            meetingId = message.$meeting.id
            createdAt = message.createdAt
        }
    }

    struct JournalEntryDTO: Content {
        let id: UUID
        let kind: JournalEntry.Kind
        let body: String
        let visibility: Visibility
        let createdAt: Date?

        init(_ entry: JournalEntry) throws {
            id = try entry.requireID()
            kind = entry.kind
            body = entry.body
            visibility = entry.visibility
            createdAt = entry.createdAt
        }
    }

    struct JournalDTO: Content {
        let entries: [JournalEntryDTO]
        /// Entries the caller may only count.
        let entriesCounted: Int
    }

    struct ResourceDTO: Content {
        let id: UUID
        let title: String
        let url: String
        let kind: Resource.Kind
        let why: String
        let impressions: String
        let impressionsAt: Date?
        let onNextAgenda: Bool
        let addedBy: PersonDTO
        let createdAt: Date?

        init(_ resource: Resource) throws {
            id = try resource.requireID()
            title = resource.title
            url = resource.url
            kind = resource.kind
            why = resource.why
            impressions = resource.impressions
            impressionsAt = resource.impressionsAt
            onNextAgenda = resource.onNextAgenda
            addedBy = try PersonDTO(resource.addedBy)
            createdAt = resource.createdAt
        }
    }

    /// A page of the thread; when it is full, a `Link: <…?before=…>; rel="next"` header names the older page.
    @Sendable static func messages(req: Request) async throws -> Response {
        let limitText = req.query[String.self, at: "limit"]
        guard let limit = limitText.map(Int.init) ?? 100, (1...500).contains(limit) else {
            throw ValidationFailure("limit", "Limit is a whole number between 1 and 500.")
        }
        let beforeText = req.query[String.self, at: "before"]
        let before = beforeText.flatMap(UUID.init(uuidString:))
        if beforeText != nil && before == nil { throw ValidationFailure("before", "Give the id of the oldest message already read.") }
        let id = try await Mentorships.pairAccess(req).mentorship.requireID()
        let page = try await FollowUp.messages(in: id, before: before, limit: limit, on: req.db)
        let response = try await page.map(MessageDTO.init).encodeResponse(for: req)
        if page.count == limit, let oldest = page.first?.id {
            response.headers.replaceOrAdd(name: .link, value: "</api/v1/mentorships/\(id)/messages?before=\(oldest)&limit=\(limit)>; rel=\"next\"")
        }
        return response
    }

    @Sendable static func postMessage(req: Request) async throws -> Response {
        let message = try await FollowUp.post(try req.content.decode(FollowUp.MessageInput.self), in: try await Mentorships.pairAccess(req), by: try req.user, req.actions)
        return try await MessageDTO(message).encodeResponse(status: .created, for: req)
    }

    @Sendable static func journal(req: Request) async throws -> JournalDTO {
        let (entries, counted) = try await FollowUp.journal(of: try await Mentorships.pairAccess(req), on: req.db)
        return JournalDTO(entries: try entries.map(JournalEntryDTO.init), entriesCounted: counted)
    }

    @Sendable static func addJournalEntry(req: Request) async throws -> Response {
        let entry = try await FollowUp.addJournalEntry(try req.content.decode(FollowUp.JournalInput.self), in: try await Mentorships.pairAccess(req), by: try req.user, req.actions)
        return try await JournalEntryDTO(entry).encodeResponse(status: .created, for: req)
    }

    @Sendable static func resources(req: Request) async throws -> [ResourceDTO] {
        try await FollowUp.resources(in: try await Mentorships.pairAccess(req).mentorship.requireID(), on: req.db).map(ResourceDTO.init)
    }

    @Sendable static func recommend(req: Request) async throws -> Response {
        let resource = try await FollowUp.recommend(try req.content.decode(FollowUp.ResourceInput.self), in: try await Mentorships.pairAccess(req), by: try req.user, req.actions)
        return try await ResourceDTO(resource).encodeResponse(status: .created, for: req)
    }

    @Sendable static func respond(req: Request) async throws -> ResourceDTO {
        try ResourceDTO(try await FollowUp.respond(to: req.parameters.get("resourceID", as: UUID.self),
                                                   try req.content.decode(FollowUp.ResourceInput.self), by: try req.user, on: req.db))
    }
}
