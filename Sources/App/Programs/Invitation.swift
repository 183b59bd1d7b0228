import Fluent
import TandemCore
import Vapor

/// An invitation sent to an e-mail address. The link carries a secret whose digest is kept here.
final class Invitation: Model, @unchecked Sendable {
    static let schema = "invitations"

    static let lifetime: TimeInterval = 30 * 24 * 60 * 60

    // managed fields
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // data fields
    @Field(key: "email") var email: String
    @Enum(key: "role") var role: ParticipantRole
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "accepted_at") var acceptedAt: Date?

    // relationships
    @Parent(key: "program_id") var program: Program
    @Parent(key: "invited_by") var invitedBy: User
    @OptionalParent(key: "accepted_by") var acceptedBy: User?

    init() {}

    init(programID: UUID, email: String, role: ParticipantRole, tokenHash: String, invitedBy: UUID, expiresAt: Date) {
        self.$program.id = programID
        self.email = email
        self.role = role
        self.tokenHash = tokenHash
        self.$invitedBy.id = invitedBy
        self.expiresAt = expiresAt
    }

    var status: String {
        if acceptedAt != nil { return "accepted" }
        return expiresAt < Date() ? "expired" : "pending"
    }
}
