import Fluent
import TandemCore
import Vapor

/// /api/v1/mentorships/{id}/charter — described in Resources/openapi.yaml.
enum CharterAPI {
    static func register(_ api: any RoutesBuilder) {
        let charter = api.grouped("mentorships", ":mentorshipID", "charter")
        charter.get(use: show)
        charter.post("versions", use: propose)
        charter.get("versions", ":number", use: version)
        charter.put("versions", ":number", use: edit)
        charter.post("versions", ":number", "sign", use: sign)
    }

    /// A version as one viewer may see it: the full terms for the pair; for a coordinator, only
    /// the dates and rhythm that program health needs, never the pair's boundaries.
    struct VersionDTO: Content {
        let number: Int
        let terms: CharterTerms?
        let startsOn: CalendarDate
        let endsOn: CalendarDate
        let cadenceDays: Int
        let checkInEveryDays: Int
        let mentorSignedAt: Date?
        let menteeSignedAt: Date?
        let signed: Bool
        let authorId: UUID
        let createdAt: Date?
        let updatedAt: Date?

        init(_ row: CharterVersion, fullTerms: Bool) {
            number = row.number
            terms = fullTerms ? row.terms : nil
            startsOn = row.terms.startsOn
            endsOn = row.terms.endsOn
            cadenceDays = row.terms.cadenceDays
            checkInEveryDays = row.terms.checkInEveryDays
            mentorSignedAt = row.mentorSignedAt
            menteeSignedAt = row.menteeSignedAt
            signed = row.version.isSigned
            authorId = row.$author.id
            createdAt = row.createdAt
            updatedAt = row.updatedAt
        }
    }

    struct CharterDTO: Content {
        let status: CharterHistory.Status
        let inForceVersion: Int?
        let latestVersion: Int?
        /// Who still has to sign the latest version: "mentor", "mentee".
        let awaiting: [CharterHistory.Party]
        let versions: [VersionDTO]
        /// The wording a first version starts from (for the pair, before anything is written).
        let defaults: CharterTerms?
    }

    static func access(_ req: Request) async throws -> Mentorships.Access {
        try await Mentorships.access(req.parameters.get("mentorshipID", as: UUID.self), for: try req.user, via: .api, on: req.db)
    }

    static func number(_ req: Request) throws -> Int {
        guard let number = req.parameters.get("number", as: Int.self) else {
            throw DomainError.notFound("Charter version")
        }
        return number
    }

    @Sendable static func show(req: Request) async throws -> CharterDTO {
        let access = try await access(req)
        let rows = try await Charters.rows(of: try access.mentorship.requireID(), on: req.db)
        let history = CharterHistory(versions: rows.map(\.version))
        let defaults = access.isPairMember && rows.isEmpty ? try await Charters.defaults(for: access.mentorship, on: req.db) : nil
        return CharterDTO(status: history.status, inForceVersion: history.inForce?.number, latestVersion: history.latest?.number,
                          awaiting: history.latest?.awaiting ?? [], versions: rows.map { VersionDTO($0, fullTerms: access.isPairMember) },
                          defaults: defaults)
    }

    @Sendable static func version(req: Request) async throws -> VersionDTO {
        let access = try await access(req)
        let number = try number(req)
        guard let row = try await Charters.rows(of: try access.mentorship.requireID(), on: req.db).first(where: { $0.number == number }) else {
            throw DomainError.notFound("Version \(number) of this charter")
        }
        return VersionDTO(row, fullTerms: access.isPairMember)
    }

    @Sendable static func propose(req: Request) async throws -> Response {
        let access = try await access(req)
        let row = try await Charters.change(.propose(try req.content.decode(Charters.Input.self)), in: access, req.actions)
        return try await VersionDTO(row, fullTerms: true).encodeResponse(status: .created, for: req)
    }

    @Sendable static func edit(req: Request) async throws -> VersionDTO {
        let access = try await access(req)
        let row = try await Charters.change(.edit(version: try number(req), try req.content.decode(Charters.Input.self)), in: access, req.actions)
        return VersionDTO(row, fullTerms: true)
    }

    @Sendable static func sign(req: Request) async throws -> VersionDTO {
        let access = try await access(req)
        let row = try await Charters.change(.sign(version: try number(req)), in: access, req.actions)
        return VersionDTO(row, fullTerms: true)
    }
}
