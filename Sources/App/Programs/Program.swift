import Fluent
import TandemCore
import Vapor

/// A mentorship program run by one or more coordinators: a company cohort, a school year, a
/// community's season.
final class Program: Model, @unchecked Sendable {
    static let schema = "programs"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    // data fields
    @Field(key: "name") var name: String
    @Field(key: "description") var description: String
    @Field(key: "starts_on") var startsOn: String
    @Field(key: "ends_on") var endsOn: String
    /// The default meeting rhythm a new mentorship's charter starts from.
    @Field(key: "meeting_cadence_days") var meetingCadenceDays: Int
    /// The secret part of the shareable invite link; a coordinator can replace it.
    @Field(key: "invite_code") var inviteCode: String
    /// Days a mentorship request stays open without an answer.
    @Field(key: "request_expiry_days") var requestExpiryDays: Int
    /// The fewest mentorships an aggregate about check-ins, feedback or endings may cover (k); 5 by default, never below 3.
    @OptionalField(key: "privacy_threshold") var storedPrivacyThreshold: Int?

    var privacyThreshold: Int { max(3, storedPrivacyThreshold ?? 5) }
    /// Days within which coordinators acknowledge a concern; 3 by default.
    @OptionalField(key: "response_time_days") var storedResponseTimeDays: Int?
    /// The program's code of conduct, shown when joining and accepted once; empty when there is none.
    @OptionalField(key: "code_of_conduct") var storedCodeOfConduct: String?

    var responseTimeDays: Int { storedResponseTimeDays ?? 3 }
    /// Mentors a mentee may have at once; 2 by default.
    @OptionalField(key: "max_mentors_per_mentee") var storedMaxMentors: Int?

    var maxMentorsPerMentee: Int { storedMaxMentors ?? 2 }
    var codeOfConduct: String { storedCodeOfConduct ?? "" }
    /// Open requests a mentee may have at once.
    @Field(key: "max_open_requests") var maxOpenRequests: Int
    /// How much each compatibility criterion counts here; the standard weights until a coordinator sets them.
    @OptionalField(key: "criteria_weights") var storedWeights: CriteriaWeights?

    var criteriaWeights: CriteriaWeights { storedWeights ?? .standard }
    /// Career challenges and values people pick from; a coordinator extends the lists.
    @OptionalField(key: "challenge_options") var storedChallengeOptions: [String]?
    @OptionalField(key: "value_options") var storedValueOptions: [String]?

    var challengeOptions: [String] { storedChallengeOptions ?? Self.defaultChallenges }
    var valueOptions: [String] { storedValueOptions ?? Self.defaultValues }

    static let defaultChallenges = ["career switch", "first-time manager", "returning from leave", "going freelance",
                                    "founding a company", "promotion to senior", "moving abroad", "impostor syndrome"]
    static let defaultValues = ["honesty", "craft", "growth", "balance", "curiosity", "kindness", "impact", "autonomy", "inclusion"]

    // relationships
    @Children(for: \.$program) var memberships: [ProgramMembership]

    init() {}

    init(settings: ProgramSettings) {
        self.inviteCode = Secret.generate(prefix: "").prefix(22).description
        self.requestExpiryDays = 14
        self.maxOpenRequests = 3
        apply(settings)
    }

    func apply(_ settings: ProgramSettings) {
        name = settings.name
        description = settings.description
        startsOn = settings.startsOn.description
        endsOn = settings.endsOn.description
        meetingCadenceDays = settings.meetingCadenceDays
    }
}
