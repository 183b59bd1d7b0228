import Fluent
import Vapor

/// A coordinator's rule about one pair in a program: never match them (their own manager, say),
/// or keep them together whatever the solver prefers.
final class PairRule: Model, @unchecked Sendable {
    static let schema = "pair_rules"

    enum Kind: String, Codable, Sendable {
        case forbid
        case lock
    }

    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Enum(key: "kind") var kind: Kind

    @Parent(key: "program_id") var program: Program
    @Parent(key: "mentee_id") var mentee: User
    @Parent(key: "mentor_id") var mentor: User

    init() {}

    init(programID: UUID, menteeID: UUID, mentorID: UUID, kind: Kind) {
        self.$program.id = programID
        self.$mentee.id = menteeID
        self.$mentor.id = mentorID
        self.kind = kind
    }
}
