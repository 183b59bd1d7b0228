import Fluent
import TandemCore
import Vapor

/// Personal access tokens: created and revoked by their owner, stored as digests.
enum AccessTokens {
    struct Input: Content {
        var name: String?
        var expiresInDays: Int?
    }

    static func create(name rawName: String?, expiresInDays: Int?, for user: User, on db: any Database) async throws -> CreatedAccessTokenDTO {
        var v = InputValidator()
        let name = v.text("name", rawName, label: "Token name", max: Limits.tokenName)
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

    static func revoke(_ id: UUID?, for user: User, on db: any Database) async throws {
        guard let id, let token = try await AccessToken.query(on: db).filter(\.$id == id)
            .filter(\.$user.$id == user.requireID()).first() else {
            throw DomainError.notFound("Access token")
        }
        if token.revokedAt == nil {
            token.revokedAt = Date()
            try await token.save(on: db)
        }
    }
}
