import Fluent
import TandemCore
import Vapor

/// /api/v1/mentorships/{id}/actions and /api/v1/actions/{id} — described in Resources/openapi.yaml.
enum ActionAPI {
    static func register(_ api: any RoutesBuilder) {
        api.get("mentorships", ":mentorshipID", "actions", use: list)
        api.post("mentorships", ":mentorshipID", "actions", use: create)
        api.patch("actions", ":actionID", use: update)
    }

    struct ActionDTO: Content {
        let id: UUID
        let mentorshipId: UUID
        let meetingId: UUID?
        let title: String
        let owner: PersonDTO
        let dueOn: String?
        let status: ActionItem.Status
        let overdue: Bool
        let doneAt: Date?
        let createdAt: Date?

        init(_ item: ActionItem) throws {
            id = try item.requireID()
            mentorshipId = item.$mentorship.id
            meetingId = item.$meeting.id
            title = item.title
            owner = try PersonDTO(item.owner)
            dueOn = item.dueOn
            status = item.status
            // Overdue in the owner's own calendar.
            overdue = Actions.isOverdue(item, today: item.owner.today)
            doneAt = item.doneAt
            createdAt = item.createdAt
        }
    }

    struct ListDTO: Content {
        let open: [ActionDTO]
        let done: [ActionDTO]
        let dropped: [ActionDTO]
        let openCount: Int
        let doneCount: Int
        let droppedCount: Int
    }

    @Sendable static func list(req: Request) async throws -> ListDTO {
        let access = try await Mentorships.pairAccess(req)
        let limit = min(max(req.query[Int.self, at: "limit"] ?? 100, 1), 1000)
        let found = try await Actions.list(in: try access.mentorship.requireID(), limit: limit, on: req.db)
        return ListDTO(open: try found.open.map(ActionDTO.init), done: try found.done.map(ActionDTO.init),
                       dropped: try found.dropped.map(ActionDTO.init),
                       openCount: found.count[.open] ?? 0, doneCount: found.count[.done] ?? 0, droppedCount: found.count[.dropped] ?? 0)
    }

    @Sendable static func create(req: Request) async throws -> Response {
        let user = try req.user
        let access = try await Mentorships.pairAccess(req.parameters.get("mentorshipID", as: UUID.self), for: user, on: req.db)
        let item = try await Actions.create(try req.content.decode(Actions.Input.self), in: access, by: user, req.actions)
        return try await ActionDTO(item).encodeResponse(status: .created, for: req)
    }

    @Sendable static func update(req: Request) async throws -> ActionDTO {
        try ActionDTO(try await Actions.update(req.parameters.get("actionID", as: UUID.self), try req.content.decode(Actions.Input.self),
                                               by: try req.user, on: req.db))
    }
}
