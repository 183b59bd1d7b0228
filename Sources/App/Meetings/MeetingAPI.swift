import Fluent
import TandemCore
import Vapor

/// /api/v1 meetings and calendar feeds — described in Resources/openapi.yaml.
enum MeetingAPI {
    static func register(_ api: any RoutesBuilder) {
        api.get("mentorships", ":mentorshipID", "meetings", use: list)
        api.post("mentorships", ":mentorshipID", "meetings", use: propose)
        api.get("mentorships", ":mentorshipID", "free-slots", use: freeSlots)
        api.get("meetings", ":meetingID", use: show)
        api.post("meetings", ":meetingID", "accept", use: accept)
        api.post("meetings", ":meetingID", "reschedule", use: reschedule)
        api.post("meetings", ":meetingID", "cancel", use: cancel)
        api.get("meetings", ":meetingID", "ics", use: ics)
        api.get("me", "calendar-feed", use: feed)
        api.post("me", "calendar-feed", use: createFeed)
        api.delete("me", "calendar-feed", use: revokeFeed)
    }

    struct MeetingDTO: Content {
        let id: UUID
        let mentorshipId: UUID
        let startsAt: Date
        let endsAt: Date
        let minutes: Int
        /// The start as a wall-clock time in the caller's own time zone.
        let startsAtLocal: String
        let viewerTimeZone: String
        /// The zone the time was proposed in.
        let timeZone: String
        let place: String
        let link: String
        let status: Meeting.Status
        let proposedById: UUID
        /// True when the caller is the one to accept or propose another time.
        let awaitingYou: Bool
        let held: Bool
        let seriesId: UUID?
        let uid: String
        let sequence: Int

        init(_ meeting: Meeting, viewer: User, now: Date = Date()) {
            let zone = TimeZone(identifier: viewer.timeZone) ?? .gmt
            id = meeting.id!
            mentorshipId = meeting.$mentorship.id
            startsAt = meeting.startsAt
            endsAt = meeting.endsAt
            minutes = meeting.minutes
            startsAtLocal = LocalTime.format(meeting.startsAt, in: zone)
            viewerTimeZone = zone.identifier
            timeZone = meeting.timeZone
            place = meeting.place
            link = meeting.link
            status = meeting.status
            proposedById = meeting.$proposedBy.id
            awaitingYou = meeting.status == .proposed && meeting.$proposedBy.id != viewer.id && meeting.endsAt > now
            held = meeting.isHeld(now: now)
            seriesId = meeting.seriesID
            uid = meeting.uid
            sequence = meeting.sequence
        }
    }

    struct ChangeDTO: Content {
        let kind: MeetingChange.Kind
        let actor: PersonDTO
        let fromStart: Date?
        let toStart: Date?
        let late: Bool
        let message: String
        let at: Date?

        init(_ change: MeetingChange) throws {
            kind = change.kind
            actor = try PersonDTO(change.actor)
            fromStart = change.fromStart
            toStart = change.toStart
            late = change.late
            message = change.message
            at = change.createdAt
        }
    }

    struct MeetingDetailDTO: Content {
        let meeting: MeetingDTO
        let history: [ChangeDTO]
    }

    struct MeetingListDTO: Content {
        let meetings: [MeetingDTO]
        /// Meetings the caller may only count (a coordinator's view).
        let meetingsCounted: Int
        /// Changes made with less notice than the charter asks.
        let lateChanges: [ChangeDTO]
    }

    static func mentorshipAccess(_ req: Request) async throws -> Mentorships.Access {
        try await Mentorships.access(req.parameters.get("mentorshipID", as: UUID.self), for: try req.user, via: .api, on: req.db)
    }

    static func access(_ req: Request) async throws -> Meetings.Access {
        try await Meetings.access(req.parameters.get("meetingID", as: UUID.self), for: try req.user, on: req.db)
    }

    @Sendable static func list(req: Request) async throws -> MeetingListDTO {
        let access = try await mentorshipAccess(req)
        let meetings = try await Meetings.meetings(in: try access.mentorship.requireID(), on: req.db)
        guard access.isPairMember else {
            // A coordinator sees that the pair meets, not when or about what.
            return MeetingListDTO(meetings: [], meetingsCounted: meetings.filter { $0.isHeld() }.count, lateChanges: [])
        }
        let user = try req.user
        return MeetingListDTO(meetings: meetings.map { MeetingDTO($0, viewer: user) }, meetingsCounted: 0,
                              lateChanges: try await Meetings.lateChanges(in: try access.mentorship.requireID(), on: req.db).map(ChangeDTO.init))
    }

    @Sendable static func propose(req: Request) async throws -> Response {
        let user = try req.user
        let meetings = try await Meetings.propose(try req.content.decode(Meetings.Input.self), in: try await mentorshipAccess(req), by: user, req.actions)
        return try await meetings.map { MeetingDTO($0, viewer: user) }.encodeResponse(status: .created, for: req)
    }

    struct Slot: Content {
        let startsAt: Date
        let endsAt: Date
        let startsAtLocal: String
    }

    @Sendable static func freeSlots(req: Request) async throws -> [Slot] {
        let access = try await mentorshipAccess(req)
        guard access.isPairMember else { throw DomainError.notFound("Mentorship") }
        let minutes = req.query[Int.self, at: "minutes"] ?? 45
        guard MeetingDraft.lengths.contains(minutes) else { throw ValidationFailure("minutes", "A meeting lasts from 10 to 480 minutes.") }
        let zone = TimeZone(identifier: try req.user.timeZone) ?? .gmt
        return try await Meetings.freeSlots(in: access, minutes: minutes, on: req.db).map {
            Slot(startsAt: $0.start, endsAt: $0.end, startsAtLocal: LocalTime.format($0.start, in: zone))
        }
    }

    @Sendable static func show(req: Request) async throws -> MeetingDetailDTO {
        let access = try await access(req)
        return MeetingDetailDTO(meeting: MeetingDTO(access.meeting, viewer: access.viewer),
                                history: try await Meetings.history(of: access.meeting, on: req.db).map(ChangeDTO.init))
    }

    struct AcceptRequest: Content { var series: Bool? }

    @Sendable static func accept(req: Request) async throws -> [MeetingDTO] {
        let access = try await access(req)
        let series = (req.body.data?.readableBytes ?? 0) > 0 ? try req.content.decode(AcceptRequest.self).series ?? false : false
        return try await Meetings.accept(access, series: series, req.actions).map { MeetingDTO($0, viewer: access.viewer) }
    }

    @Sendable static func reschedule(req: Request) async throws -> MeetingDetailDTO {
        let access = try await access(req)
        let (meeting, _) = try await Meetings.reschedule(access, try req.content.decode(Meetings.Input.self), req.actions)
        return MeetingDetailDTO(meeting: MeetingDTO(meeting, viewer: access.viewer),
                                history: try await Meetings.history(of: meeting, on: req.db).map(ChangeDTO.init))
    }

    struct CancelRequest: Content { var message: String? }

    @Sendable static func cancel(req: Request) async throws -> MeetingDetailDTO {
        let access = try await access(req)
        let message = (req.body.data?.readableBytes ?? 0) > 0 ? try req.content.decode(CancelRequest.self).message : nil
        let (meeting, _) = try await Meetings.cancel(access, message: message, req.actions)
        return MeetingDetailDTO(meeting: MeetingDTO(meeting, viewer: access.viewer),
                                history: try await Meetings.history(of: meeting, on: req.db).map(ChangeDTO.init))
    }

    static func calendarResponse(_ text: String, filename: String) -> Response {
        let response = Response(status: .ok, body: .init(string: text))
        response.headers.contentType = HTTPMediaType(type: "text", subType: "calendar", parameters: ["charset": "utf-8"])
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(filename)\"")
        response.headers.cacheControl = .init(noStore: true)
        return response
    }

    @Sendable static func ics(req: Request) async throws -> Response {
        let access = try await access(req)
        return calendarResponse(Meetings.iCalendar(access, publicURL: req.tandem.publicURL), filename: "tandem-meeting.ics")
    }

    struct FeedDTO: Content {
        let active: Bool
        let prefix: String?
        let createdAt: Date?
        let lastUsedAt: Date?
        /// Shown only when the address is created: keep it private.
        let url: String?
    }

    @Sendable static func feed(req: Request) async throws -> FeedDTO {
        let token = try await Meetings.currentFeed(of: try req.user, on: req.db)
        return FeedDTO(active: token != nil, prefix: token?.prefix, createdAt: token?.createdAt, lastUsedAt: token?.lastUsedAt, url: nil)
    }

    @Sendable static func createFeed(req: Request) async throws -> Response {
        let (token, secret) = try await Meetings.createFeed(for: try req.user, on: req.db)
        return try await FeedDTO(active: true, prefix: token.prefix, createdAt: token.createdAt, lastUsedAt: nil,
                                 url: Meetings.feedURL(secret, publicURL: req.tandem.publicURL)).encodeResponse(status: .created, for: req)
    }

    @Sendable static func revokeFeed(req: Request) async throws -> HTTPStatus {
        try await Meetings.revokeFeed(of: try req.user, on: req.db)
        return .noContent
    }

    /// GET /calendar/{secret}.ics — what calendar apps subscribe to; the secret is the key.
    @Sendable static func subscribe(req: Request) async throws -> Response {
        let file = req.parameters.get("file") ?? ""
        guard file.hasSuffix(".ics") else { throw DomainError.notFound("Calendar") }
        let text = try await Meetings.feed(secret: String(file.dropLast(4)), publicURL: req.tandem.publicURL, on: req.db)
        let response = calendarResponse(text, filename: "tandem.ics")
        response.headers.replaceOrAdd(name: .contentDisposition, value: "inline; filename=\"tandem.ics\"")
        return response
    }
}
