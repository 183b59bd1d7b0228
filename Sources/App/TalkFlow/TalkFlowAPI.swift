import Fluent
import TandemCore
import Vapor

/// /api/v1/meetings/{id}/agenda and /notes — described in Resources/openapi.yaml.
enum TalkFlowAPI {
    static func register(_ api: any RoutesBuilder) {
        api.get("meetings", ":meetingID", "agenda", use: agenda)
        api.post("meetings", ":meetingID", "agenda", use: addItem)
        api.delete("meetings", ":meetingID", "agenda", ":itemID", use: deleteItem)
        api.get("meetings", ":meetingID", "notes", use: notes)
        api.post("meetings", ":meetingID", "notes", use: addNote)
        api.patch("meetings", ":meetingID", "notes", ":noteID", use: editNote)
    }

    struct ItemDTO: Content {
        let id: UUID
        let section: AgendaItem.Section
        let body: String
        let author: PersonDTO
        let createdAt: Date?

        init(_ item: AgendaItem) throws {
            id = try item.requireID()
            section = item.section
            body = item.body
            author = try PersonDTO(item.author)
            createdAt = item.createdAt
        }
    }

    struct AgendaDTO: Content {
        struct Part: Content {
            let section: AgendaItem.Section
            let label: String
            let items: [ItemDTO]
        }
        /// The five parts of the talk flow, then the questions brought.
        let parts: [Part]
        /// Open action items carried in from earlier (pre-filling “what I did since last time”).
        let carriedActions: [ActionAPI.ActionDTO]
        /// Resources the mentee put on this (next) meeting's agenda.
        let resources: [FollowUpAPI.ResourceDTO]
    }

    struct NoteDTO: Content {
        let id: UUID
        let author: PersonDTO
        let visibility: Visibility
        let body: String
        let createdAt: Date?
        let updatedAt: Date?

        init(_ note: MeetingNote) throws {
            id = try note.requireID()
            author = try PersonDTO(note.author)
            visibility = note.visibility
            body = note.body
            createdAt = note.createdAt
            updatedAt = note.updatedAt
        }
    }

    static func access(_ req: Request) async throws -> Meetings.Access {
        try await Meetings.access(req.parameters.get("meetingID", as: UUID.self), for: try req.user, on: req.db)
    }

    static func agendaDTO(_ agenda: TalkFlow.Agenda) throws -> AgendaDTO {
        AgendaDTO(parts: try AgendaItem.Section.allCases.map { AgendaDTO.Part(section: $0, label: $0.label, items: try (agenda.items[$0] ?? []).map(ItemDTO.init)) },
                  carriedActions: try agenda.carried.map(ActionAPI.ActionDTO.init), resources: try agenda.resources.map(FollowUpAPI.ResourceDTO.init))
    }

    @Sendable static func agenda(req: Request) async throws -> AgendaDTO {
        try agendaDTO(try await TalkFlow.agenda(of: try await access(req), on: req.db))
    }

    @Sendable static func addItem(req: Request) async throws -> Response {
        let item = try await TalkFlow.addItem(try req.content.decode(TalkFlow.AgendaInput.self), in: try await access(req), on: req.db)
        return try await ItemDTO(item).encodeResponse(status: .created, for: req)
    }

    @Sendable static func deleteItem(req: Request) async throws -> HTTPStatus {
        try await TalkFlow.deleteItem(req.parameters.get("itemID", as: UUID.self), in: try await access(req), on: req.db)
        return .noContent
    }

    @Sendable static func notes(req: Request) async throws -> [NoteDTO] {
        try await TalkFlow.notes(of: try await access(req), on: req.db).map(NoteDTO.init)
    }

    @Sendable static func addNote(req: Request) async throws -> Response {
        let note = try await TalkFlow.addNote(try req.content.decode(TalkFlow.NoteInput.self), in: try await access(req), on: req.db)
        return try await NoteDTO(note).encodeResponse(status: .created, for: req)
    }

    @Sendable static func editNote(req: Request) async throws -> NoteDTO {
        try NoteDTO(try await TalkFlow.editNote(req.parameters.get("noteID", as: UUID.self), try req.content.decode(TalkFlow.NoteInput.self),
                                                in: try await access(req), on: req.db))
    }
}
