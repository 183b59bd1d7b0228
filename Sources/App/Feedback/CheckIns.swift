import Fluent
import TandemCore
import Vapor

/// One person's answers to one check-in of their mentorship. Blind to the other side until both
/// have answered the same check-in; never read by anyone outside the pair.
final class CheckIn: Model, @unchecked Sendable {
    static let schema = "check_ins"

    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Parent(key: "mentorship_id") var mentorship: Mentorship
    @Parent(key: "author_id") var author: User
    /// "first" (after the first meeting) or "p1", "p2", … (the charter's rhythm).
    @Field(key: "period") var period: String
    @Field(key: "progress") var progress: Int
    @Field(key: "communication") var communication: Int
    @Field(key: "preparation") var preparation: Int
    @Field(key: "fit") var fit: Int
    @Field(key: "sentence") var sentence: String
    @OptionalField(key: "verdict") var verdict: String?

    init() {}

    init(mentorshipID: UUID, authorID: UUID, period: String, answers: CheckInAnswers) {
        self.$mentorship.id = mentorshipID
        self.$author.id = authorID
        self.period = period
        self.progress = answers.scores[.progress] ?? 0
        self.communication = answers.scores[.communication] ?? 0
        self.preparation = answers.scores[.preparation] ?? 0
        self.fit = answers.scores[.fit] ?? 0
        self.sentence = answers.sentence
        self.verdict = answers.verdict?.rawValue
    }

    var answers: CheckInAnswers {
        CheckInAnswers(scores: [.progress: progress, .communication: communication, .preparation: preparation, .fit: fit],
                       sentence: sentence, verdict: verdict.flatMap(FitVerdict.init(rawValue:)))
    }
}

struct CreateCheckIns: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(CheckIn.schema)
            .id()
            .field("mentorship_id", .uuid, .required, .references(Mentorship.schema, "id", onDelete: .cascade))
            .field("author_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("period", .string, .required)
            .field("progress", .int, .required)
            .field("communication", .int, .required)
            .field("preparation", .int, .required)
            .field("fit", .int, .required)
            .field("sentence", .string, .required)
            .field("verdict", .string)
            .field("created_at", .datetime)
            .unique(on: "mentorship_id", "author_id", "period", name: "check_ins_once_per_period")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(CheckIn.schema).delete()
    }
}

enum CheckIns {
    struct Input: Content {
        var period: String?
        var progress: Int?
        var communication: Int?
        var preparation: Int?
        var fit: Int?
        var sentence: String?
        var verdict: String?
    }

    /// A pair's check-in state as one of them sees it.
    struct State {
        let schedule: CheckInSchedule
        /// Check-ins the viewer may answer now.
        let open: [String]
        /// Every check-in of the pair, the other side's only where both answered.
        let mine: [CheckIn]
        let theirs: [CheckIn]
    }

    /// `viewer` is the person of `access` (their zone dates the check-ins).
    /// `history`, when the caller has read the pair's charter history already, saves reading it again.
    static func state(of access: Mentorships.Access, viewer: User, now: Date = Date(), history: CharterHistory? = nil,
                      on db: any Database) async throws -> State {
        guard access.isPairMember else { throw DomainError.notFound("Mentorship") }
        let m = access.mentorship
        let id = try m.requireID()
        let charter: CharterHistory
        if let history { charter = history } else { charter = try await Charters.history(of: id, on: db) }
        let terms = try await Meetings.terms(of: m, history: charter, on: db)
        let zone = viewer.zone
        let firstHeld = try await Meeting.query(on: db).filter(\.$mentorship.$id == id).filter(\.$status == .accepted)
            .filter(\.$endsAt <= now).sort(\.$startsAt).first()
        let schedule = CheckInSchedule(startsOn: CalendarDate(m.startedAt, in: zone), everyDays: terms.checkInEveryDays,
                                       firstMeetingOn: firstHeld.map { CalendarDate($0.endsAt, in: zone) })
        let all = try await CheckIn.query(on: db).filter(\.$mentorship.$id == id).sort(\.$createdAt).all()
        let mine = all.filter { $0.$author.id == access.viewerID }
        let answered = Set(mine.map(\.period))
        // Blind until both have answered the same check-in.
        let theirs = all.filter { $0.$author.id != access.viewerID && answered.contains($0.period) }
        return State(schedule: schedule, open: schedule.open(on: CalendarDate(now, in: zone), answered: answered), mine: mine, theirs: theirs)
    }

    static func submit(_ input: Input, in access: Mentorships.Access, by user: User, _ context: ActionContext) async throws -> CheckIn {
        let state = try await state(of: access, viewer: user, on: context.db)
        guard let period = input.period, !period.isEmpty else { throw ValidationFailure("period", "Say which check-in this answers.") }
        if state.mine.contains(where: { $0.period == period }) { throw DomainError.conflict("You have answered this check-in already.") }
        guard state.open.contains(period) else { throw DomainError.conflict("This check-in is not open now.") }
        let answers = try CheckInAnswers(scores: ["progress": input.progress, "communication": input.communication,
                                                  "preparation": input.preparation, "fit": input.fit],
                                         sentence: input.sentence, verdict: input.verdict, needsVerdict: period == "first")
        let mentorship = access.mentorship
        let checkIn = CheckIn(mentorshipID: try mentorship.requireID(), authorID: access.viewerID, period: period, answers: answers)
        let other = mentorship.other(than: access.viewerID)
        let theirsDone = try await CheckIn.query(on: context.db).filter(\.$mentorship.$id == mentorship.requireID())
            .filter(\.$author.$id == other.requireID()).filter(\.$period == period).count() > 0
        do {
            try await context.db.writeTransaction { db in
                try await checkIn.save(on: db)
                // The other side learns that answers are there, never what they are, until they answer too.
                try await Notifier.notify(other, title: theirsDone ? "Both of you have checked in" : "\(user.displayName) has checked in",
                                          body: theirsDone ? "You can now read each other's answers." : "Your answers stay yours until you check in too; then you both see both.",
                                          link: Paths.mentorship(try mentorship.requireID(), .feedback) + "#check-in",
                                          email: false, publicURL: context.publicURL, on: db, logger: context.logger)
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            throw DomainError.conflict("You have answered this check-in already.")
        }
        return checkIn
    }

    /// What a coordinator may know about a program's check-ins: averages over at least k
    /// mentorships, by role, with small groups hidden.
    static func aggregate(of programID: UUID, k: Int, on db: any Database) async throws -> CheckInAggregate {
        let mentorships = try await Mentorship.query(on: db).filter(\.$program.$id == programID).all()
        let byID = Dictionary(mentorships.map { ($0.id!, $0) }, uniquingKeysWith: { a, _ in a })
        let rows = mentorships.isEmpty ? [] : try await CheckIn.query(on: db).filter(\.$mentorship.$id ~~ Array(byID.keys)).all()
        var groups: [String: [(mentorship: UUID, answers: CheckInAnswers)]] = ["mentees": [], "mentors": []]
        for row in rows {
            guard let m = byID[row.$mentorship.id] else { continue }
            groups[row.$author.id == m.$mentee.id ? "mentees" : "mentors", default: []].append((row.$mentorship.id, row.answers))
        }
        return CheckInAggregate(answers: groups, k: k)
    }
}

/// The program's k: the fewest mentorships an aggregate a coordinator sees may cover.
struct UpdateProgramsAddPrivacyThreshold: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Program.schema).field("privacy_threshold", .int).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Program.schema).deleteField("privacy_threshold").update()
    }
}

/// What a coordinator may take away about check-ins: the same k-anonymous aggregate as the
/// program page, as JSON (API) and CSV (page) — never one pair's answers.
enum CheckInReport {
    struct GroupDTO: Content {
        let name: String
        let mentorships: Int
        /// Null when fewer than k mentorships contribute ("too few to show").
        let averages: [String: Double]?

        init(_ group: CheckInAggregate.Group) {
            name = group.name
            mentorships = group.mentorships
            averages = group.averages.map { Dictionary(uniqueKeysWithValues: $0.map { ($0.key.rawValue, $0.value) }) }
        }
    }

    struct AggregateDTO: Content {
        let k: Int
        let overall: GroupDTO
        let groups: [GroupDTO]
    }

    static func aggregate(_ req: Request) async throws -> (Programs.Membership, CheckInAggregate) {
        let found = try await Programs.findAsCoordinator(req.parameters.get("programID", as: UUID.self), for: try req.user, on: req.db)
        return (found, try await CheckIns.aggregate(of: found.programID, k: found.program.privacyThreshold, on: req.db))
    }

    @Sendable static func json(req: Request) async throws -> AggregateDTO {
        let (_, aggregate) = try await aggregate(req)
        return AggregateDTO(k: aggregate.k, overall: GroupDTO(aggregate.overall), groups: aggregate.groups.map(GroupDTO.init))
    }

    @Sendable static func csv(req: Request) async throws -> Response {
        let (found, aggregate) = try await aggregate(req)
        let rows = ([aggregate.overall] + aggregate.groups).map { group -> [String] in
            [group.name, String(group.mentorships)]
                + CheckInQuestion.allCases.map { q in group.averages?[q].map { String(format: "%.1f", $0) } ?? "too few to show" }
        }
        return try CSVDownload("check-ins", of: found.program,
                               header: ["group", "mentorships", "progress", "communication", "preparation", "fit"], rows: rows).response()
    }
}
