import Fluent
import TandemCore
import Vapor

/// Profile rules shared by the pages and the API.
enum Profiles {
    static func profile(of userID: UUID, on db: any Database) async throws -> Profile {
        try await Profile.query(on: db).filter(\.$user.$id == userID).first() ?? Profile(userID: userID)
    }

    /// Roles across all programs, to know which parts of the profile matter.
    static func roles(of userID: UUID, on db: any Database) async throws -> (mentor: Bool, mentee: Bool) {
        let memberships = try await ProgramMembership.query(on: db).filter(\.$user.$id == userID).all()
        return (memberships.contains(where: \.isMentor), memberships.contains(where: \.isMentee))
    }

    static func save(_ draft: ProfileDraft, parsing v: InputValidator, for user: User, on db: any Database) async throws -> Profile {
        var v = v
        let userID = try user.requireID()
        let mentoring = try await Mentorship.query(on: db).filter(\.$mentor.$id == userID).filter(\.$status == .active).count()
        if draft.capacity < mentoring {
            v.add("capacity", "You mentor \(mentoring) people now; capacity cannot be lower than that.")
        }
        try draft.validate(&v)
        let profile = try await profile(of: userID, on: db)
        profile.expertise = draft.expertise
        profile.industries = draft.industries
        profile.yearsExperience = draft.yearsExperience
        profile.challengesFaced = draft.challengesFaced
        profile.capacity = draft.capacity
        profile.openToMentees = draft.openToMentees
        profile.goals = draft.goals.trimmingCharacters(in: .whitespacesAndNewlines)
        profile.skillsWanted = draft.skillsWanted
        profile.challenges = draft.challenges
        profile.workStructure = draft.workStructure
        profile.frequencyDays = draft.frequencyDays
        profile.channel = draft.channel
        profile.values = draft.values
        profile.languages = draft.languages
        profile.availability = draft.availability.sorted { ($0.weekday, $0.startMinute) < ($1.weekday, $1.startMinute) }
        try await profile.save(on: db)
        return profile
    }

    static func completeness(_ profile: Profile, user: User, roles: (mentor: Bool, mentee: Bool)) -> ProfileCompleteness {
        ProfileCompleteness.evaluate(.init(
            hasHeadline: !user.headline.isEmpty, hasBio: !user.bio.isEmpty, hasLanguages: !profile.languages.isEmpty,
            hasValues: !profile.values.isEmpty, hasWorkStyle: profile.workStructure != nil || profile.frequencyDays != nil,
            hasAvailability: !profile.availability.isEmpty, hasExpertise: !profile.expertise.isEmpty,
            hasChallengesFaced: !profile.challengesFaced.isEmpty, hasExperienceYears: profile.yearsExperience != nil,
            hasGoals: !profile.goals.isEmpty, hasSkillsWanted: !profile.skillsWanted.isEmpty,
            hasChallenges: !profile.challenges.isEmpty), asMentor: roles.mentor, asMentee: roles.mentee)
    }

    /// Another person's profile is visible to those who share a program with them; else 404.
    static func visibleProfile(of userID: UUID?, to viewer: User, on db: any Database) async throws -> (User, Profile) {
        let viewerID = try viewer.requireID()
        guard let userID, let person = try await User.find(userID, on: db) else { throw DomainError.notFound("Person") }
        if userID != viewerID {
            let mine = try await ProgramMembership.query(on: db).filter(\.$user.$id == viewerID).all().map { $0.$program.id }
            let shared = try await ProgramMembership.query(on: db).filter(\.$user.$id == userID)
                .filter(\.$program.$id ~~ mine).count()
            guard shared > 0 else { throw DomainError.notFound("Person") }
        }
        return (person, try await profile(of: userID, on: db))
    }
}

/// The profile in the API, and the shape a client sends to replace it.
struct ProfileDTO: Content {
    struct WorkStyleDTO: Content {
        var structure: String?
        var frequencyDays: Int?
        var channel: String?
    }

    struct CompletenessDTO: Content {
        let percent: Int
        let missing: [String]
    }

    var expertise: [SkillLevel]?
    var industries: [String]?
    var yearsExperience: Int?
    var challengesFaced: [String]?
    var capacity: Int?
    var openToMentees: Bool?
    var goals: String?
    var skillsWanted: [String]?
    var challenges: [String]?
    var workStyle: WorkStyleDTO?
    var values: [String]?
    var languages: [String]?
    var availability: [WeeklyWindow]?
    /// Answers only.
    var completeness: CompletenessDTO?
    var user: PersonDTO?
    var headline: String?
    var bio: String?
    var timeZone: String?

    init(_ profile: Profile, user: User, completeness: ProfileCompleteness?) throws {
        expertise = profile.expertise
        industries = profile.industries
        yearsExperience = profile.yearsExperience
        challengesFaced = profile.challengesFaced
        capacity = profile.capacity
        openToMentees = profile.openToMentees
        goals = profile.goals
        skillsWanted = profile.skillsWanted
        challenges = profile.challenges
        workStyle = WorkStyleDTO(structure: profile.workStructure, frequencyDays: profile.frequencyDays, channel: profile.channel)
        values = profile.values
        languages = profile.languages
        availability = profile.availability
        self.completeness = completeness.map { CompletenessDTO(percent: $0.percent, missing: $0.missing) }
        self.user = try PersonDTO(user)
        headline = user.headline
        bio = user.bio
        timeZone = user.timeZone
    }

    /// Lists are cleaned like the form's: trimmed, no empties, no duplicates.
    var draft: ProfileDraft {
        var draft = ProfileDraft()
        let clean: ([String]?) -> [String] = { ListInput.items(($0 ?? []).joined(separator: "\n")) }
        draft.expertise = (expertise ?? []).map { SkillLevel(skill: $0.skill.trimmingCharacters(in: .whitespaces), level: $0.level) }
        draft.industries = clean(industries)
        draft.yearsExperience = yearsExperience
        draft.challengesFaced = clean(challengesFaced)
        draft.capacity = capacity ?? 2
        draft.openToMentees = openToMentees ?? true
        draft.goals = goals ?? ""
        draft.skillsWanted = clean(skillsWanted)
        draft.challenges = clean(challenges)
        draft.workStructure = workStyle?.structure
        draft.frequencyDays = workStyle?.frequencyDays
        draft.channel = workStyle?.channel
        draft.values = clean(values)
        draft.languages = clean(languages)
        draft.availability = availability ?? []
        return draft
    }
}
