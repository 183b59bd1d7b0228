import Fluent
import TandemCore
import Vapor

/// How one person takes part in one program. A coordinator need not be a participant, and a
/// participant can be a mentee and a mentor at once.
final class ProgramMembership: Model, @unchecked Sendable {
    static let schema = "program_memberships"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "joined_at", on: .create) var joinedAt: Date?

    // data fields
    @Field(key: "is_coordinator") var isCoordinator: Bool
    @Field(key: "is_mentor") var isMentor: Bool
    @Field(key: "is_mentee") var isMentee: Bool
    /// When this person accepted the program's code of conduct.
    @OptionalField(key: "conduct_accepted_at") var conductAcceptedAt: Date?

    // relationships
    @Parent(key: "program_id") var program: Program
    @Parent(key: "user_id") var user: User

    init() {}

    init(programID: UUID, userID: UUID, isCoordinator: Bool, isMentor: Bool, isMentee: Bool) {
        self.$program.id = programID
        self.$user.id = userID
        self.isCoordinator = isCoordinator
        self.isMentor = isMentor
        self.isMentee = isMentee
    }

    var isParticipant: Bool { isMentor || isMentee }

    var role: ParticipantRole? {
        isParticipant ? ParticipantRole(isMentee: isMentee, isMentor: isMentor) : nil
    }

    /// Words for the roles, as shown on pages: "Coordinator · Mentor".
    var roleLabel: String {
        var parts: [String] = []
        if isCoordinator { parts.append("Coordinator") }
        if let role { parts.append(role.label) }
        return parts.joined(separator: " · ")
    }
}
