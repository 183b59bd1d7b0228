import Fluent
import TandemCore
import Vapor

/// A coordinator matches the whole cohort at once (journey J3): every mentee still without a
/// mentor against every mentor's free places, with forbidden and locked pairs, solved to the
/// optimum, previewed, then published as introductions for each pair to accept.
enum BulkMatching {
    struct Options: Content {
        /// Nil: match everyone possible. A number: only pairs at or above it.
        var minimumScore: Int?
    }

    struct ProposedPair: Content {
        let mentee: PersonDTO
        let mentor: PersonDTO
        let score: Int
        let locked: Bool
        /// The mentee's wish rank for this mentor (1 is the first wish), if any.
        let wish: Int?
        let reasons: [String]
    }

    struct Unmatched: Content {
        let mentee: PersonDTO
        let reason: String
    }

    struct Preview: Content {
        let pairs: [ProposedPair]
        let unmatched: [Unmatched]
        let total: Int
        let menteesConsidered: Int
        let placesAvailable: Int
    }

    static func preview(_ options: Options, in programID: UUID?, by user: User, on db: any Database) async throws -> Preview {
        let found = try await Programs.findAsCoordinator(programID, for: user, on: db)
        if let minimum = options.minimumScore, !(0...100).contains(minimum) {
            throw ValidationFailure("minimumScore", "The minimum score must be from 0 to 100.")
        }
        let members = try await Programs.members(of: found.programID, on: db)
        let active = try await Mentorship.query(on: db).filter(\.$program.$id == found.programID).all()
        let menteesWithMentor = Set(active.filter { $0.status == .active }.map { $0.$mentee.id })
        let pastPairs = Set(active.map { "\($0.$mentee.id)|\($0.$mentor.id)" })
        let pending = try await MentorshipRequest.query(on: db).filter(\.$program.$id == found.programID)
            .filter(\.$status == .pending).all()
        let menteesWaiting = Set(pending.map { $0.$mentee.id })
        let mentees = members.filter { $0.isMentee && !menteesWithMentor.contains($0.$user.id) && !menteesWaiting.contains($0.$user.id) }
        let mentors = members.filter(\.isMentor)
        let rules = try await PairRule.query(on: db).filter(\.$program.$id == found.programID).all()
        // A coordinator's forbidden pairs, and pairs one side asked privately not to repeat (never shown as such).
        let forbidden = Set(rules.filter { $0.kind == .forbid }.map { "\($0.$mentee.id)|\($0.$mentor.id)" })
            .union(try await MatchPreference.avoidedPairs(in: found.programID, on: db))
        let locked = Set(rules.filter { $0.kind == .lock }.map { "\($0.$mentee.id)|\($0.$mentor.id)" })
        let wishes = Dictionary(try await MentorWish.query(on: db).filter(\.$program.$id == found.programID).all()
            .map { ("\($0.$mentee.id)|\($0.$mentor.id)", $0.rank) }, uniquingKeysWith: min)

        let ids = members.map { $0.$user.id }
        let profiles = Dictionary(try await Profile.query(on: db).filter(\.$user.$id ~~ ids).all().map { ($0.$user.id, $0) },
                                  uniquingKeysWith: { a, _ in a })
        let loads = try await Directory.activeMentees(of: mentors.map { $0.$user.id }, on: db)
        // A place with a request waiting for the mentor's answer is spoken for.
        let asked = pending.reduce(into: [UUID: Int]()) { $0[$1.$mentor.id, default: 0] += 1 }
        let capacities = mentors.map { membership -> Int in
            let profile = profiles[membership.$user.id] ?? Profile(userID: membership.$user.id)
            let taken = (loads[membership.$user.id] ?? 0) + (asked[membership.$user.id] ?? 0)
            return profile.openToMentees ? max(0, profile.capacity - taken) : 0
        }
        let weights = found.program.criteriaWeights
        let now = Date()
        var scores = ScoreMatrix(menteeCount: mentees.count, mentorCount: mentors.count)
        var explanations: [[Compatibility?]] = Array(repeating: Array(repeating: nil, count: mentors.count), count: mentees.count)
        // Locked pairs outrank everything else: the bonus makes the solver keep them.
        let lockBonus = 150
        for (i, mentee) in mentees.enumerated() {
            let menteeProfile = (profiles[mentee.$user.id] ?? Profile(userID: mentee.$user.id)).menteeProfile(timeZone: mentee.user.timeZone)
            // The coordinator and the proposed mentor read the reasons: about the mentee, not to them.
            let voice = CompatibilityModel.Voice.about(mentee.user.firstName)
            for (j, mentor) in mentors.enumerated() {
                let key = "\(mentee.$user.id)|\(mentor.$user.id)"
                guard mentee.$user.id != mentor.$user.id, !forbidden.contains(key), !pastPairs.contains(key) else { continue }
                let mentorProfile = (profiles[mentor.$user.id] ?? Profile(userID: mentor.$user.id)).mentorProfile(timeZone: mentor.user.timeZone)
                let compatibility = CompatibilityModel.evaluate(mentee: menteeProfile, mentor: mentorProfile, weights: weights, at: now, voice: voice)
                if compatibility.isExcluded && !locked.contains(key) { continue }
                explanations[i][j] = compatibility
                // Wishes add a bonus the solver weighs; the reported score stays the compatibility.
                scores[i, j] = compatibility.score + MentorWish.bonus(rank: wishes[key] ?? 0) + (locked.contains(key) ? lockBonus : 0)
            }
        }
        var problem = MatchingProblem(scores: scores, capacities: capacities)
        // A minimum score drops weak pairs; locked pairs stay whatever the minimum.
        if let minimum = options.minimumScore {
            for i in 0..<mentees.count {
                for j in 0..<mentors.count {
                    if let score = scores[i, j], score < lockBonus, let compatibility = explanations[i][j], compatibility.score < minimum {
                        problem.scores[i, j] = nil
                    }
                }
            }
        }
        let result = AssignmentSolver.solve(problem)
        var pairs: [ProposedPair] = []
        var unmatched: [Unmatched] = []
        var total = 0
        for (i, mentee) in mentees.enumerated() {
            if let j = result.mentorOfMentee[i], let compatibility = explanations[i][j] {
                let mentor = mentors[j]
                total += compatibility.score
                pairs.append(ProposedPair(mentee: try PersonDTO(mentee.user), mentor: try PersonDTO(mentor.user), score: compatibility.score,
                                          locked: locked.contains("\(mentee.$user.id)|\(mentor.$user.id)"),
                                          wish: wishes["\(mentee.$user.id)|\(mentor.$user.id)"],
                                          reasons: Array(compatibility.strongestReasons.prefix(3))))
            } else {
                let candidates = (0..<mentors.count).filter { problem.scores[i, $0] != nil }
                let reason: String
                if candidates.isEmpty {
                    reason = options.minimumScore.map { "no mentor reaches the minimum score of \($0)" } ?? "no mentor can be paired (forbidden, past pair or no shared language)"
                } else if candidates.allSatisfy({ capacities[$0] == 0 }) {
                    reason = "every suitable mentor is full"
                } else {
                    reason = "the places of suitable mentors went to better-fitting mentees"
                }
                unmatched.append(Unmatched(mentee: try PersonDTO(mentee.user), reason: reason))
            }
        }
        return Preview(pairs: pairs.sorted { $0.score > $1.score }, unmatched: unmatched, total: total,
                       menteesConsidered: mentees.count, placesAvailable: capacities.reduce(0, +))
    }

    struct RuleInput: Content {
        var menteeId: UUID?
        var mentorId: UUID?
        /// "forbid", "lock", or "clear".
        var kind: String?
    }

    static func setRule(_ input: RuleInput, in programID: UUID?, by user: User, on db: any Database) async throws {
        let found = try await Programs.findAsCoordinator(programID, for: user, on: db)
        guard let menteeID = input.menteeId, let mentorID = input.mentorId else {
            throw ValidationFailure("menteeId", "Name both the mentee and the mentor.")
        }
        let mentee = try await Programs.member(menteeID, in: found.programID, on: db)
        let mentor = try await Programs.member(mentorID, in: found.programID, on: db)
        guard mentee.isMentee else { throw ValidationFailure("menteeId", "\(mentee.user.displayName) is not a mentee in this program.") }
        guard mentor.isMentor else { throw ValidationFailure("mentorId", "\(mentor.user.displayName) is not a mentor in this program.") }
        guard let kindText = input.kind, ["forbid", "lock", "clear"].contains(kindText) else {
            throw ValidationFailure("kind", "Choose forbid, lock or clear.")
        }
        try await db.writeTransaction { db in
            try await PairRule.query(on: db).filter(\.$program.$id == found.programID)
                .filter(\.$mentee.$id == menteeID).filter(\.$mentor.$id == mentorID).delete()
            if let kind = PairRule.Kind(rawValue: kindText) {
                try await PairRule(programID: found.programID, menteeID: menteeID, mentorID: mentorID, kind: kind).save(on: db)
            }
        }
    }

    /// Publishes a preview: each pair becomes an introduction the mentor answers, written from
    /// the mentee's profile and marked as proposed by the coordinator.
    static func publish(_ options: Options, in programID: UUID?, by user: User, _ context: ActionContext) async throws -> Int {
        let preview = try await preview(options, in: programID, by: user, on: context.db)
        let found = try await Programs.findAsCoordinator(programID, for: user, on: context.db)
        return try await context.db.writeTransaction { db in
            var created = 0
            for pair in preview.pairs {
                let profile = try await Profiles.profile(of: pair.mentee.id, on: db)
                guard let mentee = try await User.find(pair.mentee.id, on: db), let mentor = try await User.find(pair.mentor.id, on: db) else { continue }
                let introduction = IntroductionDraft.Clean(
                    whoIAm: mentee.headline.isEmpty ? "\(mentee.displayName), a mentee in “\(found.program.name)”." : "\(mentee.displayName): \(mentee.headline)",
                    whatDrewMe: "Proposed by the program's coordinator: " + pair.reasons.joined(separator: "; ") + ".",
                    hopeToAchieve: profile.goals.isEmpty ? "To be agreed in a first conversation." : profile.goals,
                    timeAsked: "Meetings every \(found.program.meetingCadenceDays) days until \(CalendarDate(found.program.endsOn).map(DateVoice.spoken) ?? found.program.endsOn).")
                let request = MentorshipRequest(programID: found.programID, menteeID: pair.mentee.id, mentorID: pair.mentor.id,
                                                introduction: introduction,
                                                expiresAt: Date().addingTimeInterval(Double(found.program.requestExpiryDays) * 86_400))
                try await request.save(on: db)
                try await Notifier.notify(mentor, title: "The coordinator proposes \(mentee.displayName) as your mentee",
                                          body: "Compatibility \(pair.score): \(pair.reasons.first ?? ""). Accept or decline.",
                                          link: Paths.requests, email: true, publicURL: context.publicURL, on: db, logger: context.logger)
                try await Notifier.notify(mentee, title: "The coordinator proposed \(mentor.displayName) as your mentor",
                                          body: "\(mentor.displayName) has been asked; you will hear back soon.", link: Paths.requests,
                                          email: true, publicURL: context.publicURL, on: db, logger: context.logger)
                created += 1
            }
            return created
        }
    }
}
