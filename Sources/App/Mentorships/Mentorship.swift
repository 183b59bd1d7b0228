import Fluent
import Vapor

/// A mentor and a mentee working together inside a program.
final class Mentorship: Model, @unchecked Sendable {
    static let schema = "mentorships"

    enum Status: String, Codable, Sendable {
        case active
        case ended
    }

    // managed fields
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // data fields
    @Enum(key: "status") var status: Status
    @Field(key: "started_at") var startedAt: Date
    @OptionalField(key: "ended_at") var endedAt: Date?
    /// Which of the mentor's places this mentorship takes while active (unique per mentor).
    @OptionalField(key: "mentor_slot") var mentorSlot: Int?
    /// Set by a safety concern: messages and meeting proposals wait until a coordinator lifts it.
    @OptionalField(key: "paused_at") var pausedAt: Date?

    // relationships
    @Parent(key: "program_id") var program: Program
    @Parent(key: "mentor_id") var mentor: User
    @Parent(key: "mentee_id") var mentee: User

    init() {}

    init(programID: UUID, mentorID: UUID, menteeID: UUID, startedAt: Date = Date()) {
        self.$program.id = programID
        self.$mentor.id = mentorID
        self.$mentee.id = menteeID
        self.status = .active
        self.startedAt = startedAt
    }

    var pair: Set<UUID> { [$mentor.id, $mentee.id] }

    /// The other person of the pair, for one of them (both must be loaded).
    func other(than personID: UUID) -> User { personID == $mentor.id ? mentee : mentor }

    func counterpart(of userID: UUID) -> UUID? {
        if userID == $mentor.id { return $mentee.id }
        if userID == $mentee.id { return $mentor.id }
        return nil
    }
}
