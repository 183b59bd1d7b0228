import Fluent
import TandemCore
import Vapor

// The shapes of the JSON API, described one for one in Resources/openapi.yaml.

struct UserDTO: Content {
    let id: UUID
    let email: String
    let displayName: String
    let timeZone: String
    let headline: String
    let bio: String
    let clock: String

    init(_ user: User) throws {
        id = try user.requireID()
        email = user.email
        displayName = user.displayName
        timeZone = user.timeZone
        headline = user.headline
        bio = user.bio
        clock = user.voice.clock.rawValue
    }
}

struct PersonDTO: Content {
    let id: UUID
    let displayName: String

    init(_ user: User) throws {
        id = try user.requireID()
        displayName = user.displayName
    }
}

struct AccessTokenDTO: Content {
    let id: UUID
    let name: String
    let prefix: String
    let createdAt: Date?
    let lastUsedAt: Date?
    let expiresAt: Date?
    let revokedAt: Date?

    init(_ token: AccessToken) throws {
        id = try token.requireID()
        name = token.name
        prefix = token.tokenPrefix
        createdAt = token.createdAt
        lastUsedAt = token.lastUsedAt
        expiresAt = token.expiresAt
        revokedAt = token.revokedAt
    }
}

struct CreatedAccessTokenDTO: Content {
    let token: AccessTokenDTO
    /// Shown once: only its digest is stored.
    let secret: String
}

struct RolesDTO: Content {
    let coordinator: Bool
    let mentor: Bool
    let mentee: Bool

    init(_ membership: ProgramMembership) {
        coordinator = membership.isCoordinator
        mentor = membership.isMentor
        mentee = membership.isMentee
    }
}

struct ProgramDTO: Content {
    let id: UUID
    let name: String
    let description: String
    let startsOn: String
    let endsOn: String
    let meetingCadenceDays: Int
    let myRoles: RolesDTO
    /// Only coordinators see the shareable invite link.
    let inviteLink: String?
    let criteriaWeights: [String: Int]
    let languageRequired: Bool
    let requestExpiryDays: Int
    let privacyThreshold: Int
    let responseTimeDays: Int
    let maxMentorsPerMentee: Int
    let codeOfConduct: String
    /// When the caller accepted the code of conduct (null if not, or if there is none).
    let codeOfConductAcceptedAt: Date?
    let maxOpenRequests: Int
    let challengeOptions: [String]
    let valueOptions: [String]

    init(_ program: Program, membership: ProgramMembership, publicURL: String) throws {
        id = try program.requireID()
        name = program.name
        description = program.description
        startsOn = program.startsOn
        endsOn = program.endsOn
        meetingCadenceDays = program.meetingCadenceDays
        myRoles = RolesDTO(membership)
        inviteLink = membership.isCoordinator ? publicURL + Paths.join(program.inviteCode) : nil
        let weights = program.criteriaWeights
        criteriaWeights = Dictionary(uniqueKeysWithValues: Criterion.allCases.map { ($0.rawValue, weights.weight($0)) })
        languageRequired = weights.languageRequired
        requestExpiryDays = program.requestExpiryDays
        privacyThreshold = program.privacyThreshold
        responseTimeDays = program.responseTimeDays
        maxMentorsPerMentee = program.maxMentorsPerMentee
        codeOfConduct = program.codeOfConduct
        codeOfConductAcceptedAt = membership.conductAcceptedAt
        maxOpenRequests = program.maxOpenRequests
        challengeOptions = program.challengeOptions
        valueOptions = program.valueOptions
    }
}

struct MemberDTO: Content {
    let user: PersonDTO
    let email: String
    let roles: RolesDTO
    let joinedAt: Date?

    init(_ membership: ProgramMembership) throws {
        user = try PersonDTO(membership.user)
        email = membership.user.email
        roles = RolesDTO(membership)
        joinedAt = membership.joinedAt
    }
}

struct InvitationDTO: Content {
    let id: UUID
    let email: String
    let role: ParticipantRole
    let status: String
    let createdAt: Date?
    let expiresAt: Date

    init(_ invitation: Invitation) throws {
        id = try invitation.requireID()
        email = invitation.email
        role = invitation.role
        status = invitation.status
        createdAt = invitation.createdAt
        expiresAt = invitation.expiresAt
    }
}

struct MentorshipDTO: Content {
    let id: UUID
    let programId: UUID
    let programName: String
    let mentor: PersonDTO
    let mentee: PersonDTO
    let status: String
    let startedAt: Date
    let endedAt: Date?

    init(_ mentorship: Mentorship) throws {
        id = try mentorship.requireID()
        programId = mentorship.$program.id
        programName = mentorship.program.name
        mentor = try PersonDTO(mentorship.mentor)
        mentee = try PersonDTO(mentorship.mentee)
        status = mentorship.status.rawValue
        startedAt = mentorship.startedAt
        endedAt = mentorship.endedAt
    }
}

struct MentorshipDetailDTO: Content {
    let mentorship: MentorshipDTO
    /// How the viewer stands to the mentorship: "pair" or "coordinator".
    let viewerRole: String
    /// "not_started", "awaiting_signatures", "signed" or "change_proposed".
    let charterStatus: CharterHistory.Status
    let charterInForceVersion: Int?
    /// Notes the viewer may read (none for a coordinator).
    let notes: [NoteDTO]
    /// Notes the viewer may only count (a coordinator's view of activity).
    let notesCounted: Int
}

struct NoteDTO: Content {
    let id: UUID
    let author: PersonDTO
    let visibility: Visibility
    let body: String
    let createdAt: Date?

    init(_ note: MentorshipNote) throws {
        id = try note.requireID()
        author = try PersonDTO(note.author)
        visibility = note.visibility
        body = note.body
        createdAt = note.createdAt
    }
}

struct AuditEntryDTO: Content {
    let id: UUID
    let actor: PersonDTO
    let action: String
    let channel: String
    let createdAt: Date?

    init(_ entry: AccessAuditEntry) throws {
        id = try entry.requireID()
        actor = try PersonDTO(entry.actor)
        action = entry.action
        channel = entry.channel
        createdAt = entry.createdAt
    }
}

struct NotificationDTO: Content {
    let id: UUID
    let title: String
    let body: String
    let link: String
    let createdAt: Date?
    let readAt: Date?

    init(_ notification: Notification) throws {
        id = try notification.requireID()
        title = notification.title
        body = notification.body
        link = notification.link
        createdAt = notification.createdAt
        readAt = notification.readAt
    }
}
