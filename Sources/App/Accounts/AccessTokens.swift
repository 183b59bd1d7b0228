import Fluent
import TandemCore
import Vapor

/// Personal access tokens: created and revoked by their owner, stored as digests.
enum AccessTokens {
    struct Input: Content {
        var name: String?
        var expiresInDays: Int?
    }

    /// `daysText` is the form's typed expiry, checked together with the name so a person sees
    /// every problem at once.
    static func create(name rawName: String?, expiresInDays: Int?, daysText: String? = nil, for user: User, on db: any Database) async throws -> CreatedAccessTokenDTO {
        var v = InputValidator()
        let name = v.text("name", rawName, label: "Token name", max: Limits.tokenName)
        let expiresInDays = expiresInDays ?? v.optionalWholeNumber("expiresInDays", daysText, label: "Expiry (days)")
        if let days = expiresInDays { _ = v.integer("expiresInDays", days, label: "Expiry (days)", in: 1...3650) }
        try v.check()
        let secret = Secret.generate(prefix: "tdm_")
        let token = AccessToken(userID: try user.requireID(), name: name, tokenHash: Secret.digest(secret),
                                tokenPrefix: String(secret.prefix(10)),
                                expiresAt: expiresInDays.map { Date().addingTimeInterval(Double($0) * 86_400) })
        try await token.save(on: db)
        return CreatedAccessTokenDTO(token: try AccessTokenDTO(token), secret: secret)
    }

    static func list(for user: User, on db: any Database) async throws -> [AccessToken] {
        try await AccessToken.query(on: db).filter(\.$user.$id == user.requireID())
            .sort(\.$createdAt, .descending).all()
    }

    /// One of the person's own tokens; anyone else's is not found.
    static func find(_ id: UUID?, for user: User, on db: any Database) async throws -> AccessToken {
        guard let id, let token = try await AccessToken.query(on: db).filter(\.$id == id)
            .filter(\.$user.$id == user.requireID()).first() else {
            throw DomainError.notFound("Access token")
        }
        return token
    }

    static func revoke(_ id: UUID?, for user: User, on db: any Database) async throws {
        let token = try await find(id, for: user, on: db)
        if token.revokedAt == nil {
            token.revokedAt = Date()
            try await token.save(on: db)
        }
    }
}
