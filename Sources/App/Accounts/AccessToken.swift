import Crypto
import Fluent
import Vapor

/// A personal access token for the JSON API. Only its SHA-256 digest is stored: the secret is
/// shown once, when it is created.
final class AccessToken: Model, @unchecked Sendable {
    static let schema = "access_tokens"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // data fields
    @Field(key: "name") var name: String
    @Field(key: "token_hash") var tokenHash: String
    /// The first characters of the secret, so a person can tell their tokens apart.
    @Field(key: "token_prefix") var tokenPrefix: String
    @OptionalField(key: "last_used_at") var lastUsedAt: Date?
    @OptionalField(key: "expires_at") var expiresAt: Date?
    @OptionalField(key: "revoked_at") var revokedAt: Date?

    // relationships
    @Parent(key: "user_id") var user: User

    init() {}

    init(userID: UUID, name: String, tokenHash: String, tokenPrefix: String, expiresAt: Date?) {
        self.$user.id = userID
        self.name = name
        self.tokenHash = tokenHash
        self.tokenPrefix = tokenPrefix
        self.expiresAt = expiresAt
    }

    var isUsable: Bool {
        revokedAt == nil && (expiresAt.map { $0 > Date() } ?? true)
    }
}

/// Random secrets and their digests, shared by access tokens, password resets, invitations
/// and calendar feeds.
enum Secret {
    /// 32 random bytes, URL-safe, with a readable prefix naming what the secret is for.
    static func generate(prefix: String) -> String {
        var bytes = [UInt8](repeating: 0, count: 32)
        for i in bytes.indices { bytes[i] = UInt8.random(in: .min ... .max) }
        let encoded = Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        return prefix + encoded
    }

    static func digest(_ secret: String) -> String {
        SHA256.hash(data: Data(secret.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
