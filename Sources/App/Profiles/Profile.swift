import Fluent
import TandemCore
import Vapor

/// What a person offers as a mentor and looks for as a mentee (journey J1). One per person,
/// shared by all their programs; name, headline, bio and time zone live on `User`.
final class Profile: Model, @unchecked Sendable {
    static let schema = "profiles"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    // as a mentor
    @Field(key: "expertise") var expertise: [SkillLevel]
    @Field(key: "industries") var industries: [String]
    @OptionalField(key: "years_experience") var yearsExperience: Int?
    @Field(key: "challenges_faced") var challengesFaced: [String]
    /// Mentees at once, across programs.
    @Field(key: "capacity") var capacity: Int
    @Field(key: "open_to_mentees") var openToMentees: Bool

    // as a mentee
    @Field(key: "goals") var goals: String
    @Field(key: "skills_wanted") var skillsWanted: [String]
    @Field(key: "challenges") var challenges: [String]

    // both
    @OptionalField(key: "work_structure") var workStructure: String?
    @OptionalField(key: "frequency_days") var frequencyDays: Int?
    @OptionalField(key: "channel") var channel: String?
    @Field(key: "values") var values: [String]
    @Field(key: "languages") var languages: [String]
    @Field(key: "availability") var availability: [WeeklyWindow]

    // relationships
    @Parent(key: "user_id") var user: User

    init() {}

    init(userID: UUID) {
        self.$user.id = userID
        expertise = []
        industries = []
        challengesFaced = []
        capacity = 2
        openToMentees = true
        goals = ""
        skillsWanted = []
        challenges = []
        values = []
        languages = []
        availability = []
    }

    var workStyle: WorkStyle {
        WorkStyle(structure: workStructure.flatMap(WorkStyle.Structure.init(rawValue:)), frequencyDays: frequencyDays,
                  channel: channel.flatMap(WorkStyle.Channel.init(rawValue:)))
    }

    func mentorProfile(timeZone: String) -> MentorProfile {
        MentorProfile(expertise: Dictionary(expertise.map { ($0.skill, $0.level) }, uniquingKeysWith: max),
                      challengesFaced: Set(challengesFaced), workStyle: workStyle, values: Set(values),
                      languages: Set(languages), timeZone: timeZone, availability: availability)
    }

    func menteeProfile(timeZone: String) -> MenteeProfile {
        MenteeProfile(skillsWanted: Set(skillsWanted), challenges: Set(challenges), workStyle: workStyle,
                      values: Set(values), languages: Set(languages), timeZone: timeZone, availability: availability)
    }
}
