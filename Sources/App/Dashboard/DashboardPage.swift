import Fluent
import SQLKit
import TandemCore
import Vapor

/// The dashboard as a page: what the summary says, plus the next agreed meeting first, goals with
/// their progress, open actions in words ("due Friday"), and for a coordinator what the program
/// needs from them — each with the button that acts on it.
struct DashboardPage: Encodable {
    struct NextMeeting: Encodable {
        let when: String
        /// "in 5 days", "tomorrow", "in 3 hours".
        let relative: String
        /// The same moment where the other person lives, when their zone differs.
        let otherWhen: String?
        let otherName: String
        let videoLink: String?
        let place: String
        let page: String
        let agenda: [AgendaLine]
        let agendaMore: Int
    }

    struct AgendaLine: Encodable {
        let part: String
        let text: String
    }

    struct GoalRow: Encodable {
        let title: String
        let link: String
        /// Measured against a baseline and target; else only the label is shown.
        let measured: Bool
        let percent: Int
        let label: String
        let deadline: String?
    }

    struct WinRow: Encodable {
        let title: String
        let goalTitle: String
        let link: String
        let when: String
    }

    struct ActionRow: Encodable {
        let title: String
        let due: String
        let overdue: Bool
        let link: String
        let with: String
    }

    struct Stat: Encodable {
        let value: String
        let label: String
        let attention: Bool
    }

    struct Need: Encodable {
        let text: String
        let button: String
        let link: String
    }

    struct ProgramHealth: Encodable {
        let name: String
        let link: String
        let stats: [Stat]
        let needs: [Need]
    }

    /// What the empty "your mentorships" place says, by the person's role.
    struct EmptyState: Encodable {
        let text: String
        let button: String
        let link: String
    }

    let summary: DashboardSummary
    let nextMeeting: NextMeeting?
    let goals: [GoalRow]
    /// Goals are a mentee's: a mentor only is not asked to set one.
    let showGoals: Bool
    let actions: [ActionRow]
    let wins: [WinRow]
    let coordinating: [ProgramHealth]
    let noMentorship: EmptyState
    let nothingWaiting: Bool

    static func build(for user: User, on db: any Database, now: Date = Date()) async throws -> DashboardPage {
        let userID = try user.requireID()
        let mentorships = try await Mentorships.mentorships(of: user, on: db).filter { $0.status == .active }
        let memberships = try await Programs.memberships(of: user, on: db)
        let summary = try await DashboardSummary.build(for: user, memberships: memberships, mentorships: mentorships, on: db)
        let today = user.today

        let nextMeeting = try await Self.nextMeeting(summary.nextMeeting, of: mentorships, for: user, on: db, now: now)

        let goals = try await Goal.query(on: db).filter(\.$owner.$id == userID).filter(\.$status == .active)
            .sort(\.$deadline).limit(6).all()
        var goalRows: [GoalRow] = []
        for goal in goals {
            let latest = try await Goals.progress(of: goal, on: db).last?.value
            let percent = GoalProgress.percent(baseline: goal.baseline, target: goal.target, latest: latest)
            goalRows.append(GoalRow(
                title: goal.title, link: Paths.goal(try goal.requireID()), measured: percent != nil, percent: percent ?? 0,
                label: GoalProgress.label(baseline: goal.baseline, target: goal.target, latest: latest, unit: goal.unit),
                deadline: goal.deadline.flatMap(CalendarDate.init).map { RelativeDay.due($0, today: today) }))
        }

        let byID = Dictionary(mentorships.compactMap { m in m.id.map { ($0, m) } }, uniquingKeysWith: { a, _ in a })
        // The six shown, soonest due first and undated last, fetched as six: a long mentorship has thousands.
        let mine = ActionItem.query(on: db).filter(\.$owner.$id == userID).filter(\.$status == .open).filter(\.$mentorship.$id ~~ Array(byID.keys))
        var open = try await mine.copy().filter(\.$dueOn != nil).sort(\.$dueOn).sort(\.$createdAt).limit(6).all()
        if open.count < 6 { open += try await mine.copy().filter(\.$dueOn == nil).sort(\.$createdAt).limit(6 - open.count).all() }
        let actions = open.map { item -> ActionRow in
            let mentorship = byID[item.$mentorship.id]
            let other = mentorship.map { $0.$mentor.id == userID ? $0.mentee.firstName : $0.mentor.firstName } ?? ""
            let due = item.dueOn.flatMap(CalendarDate.init)
            return ActionRow(title: item.title, due: due.map { RelativeDay.due($0, today: today) } ?? "no due date",
                             overdue: due.map { $0 < today } ?? false,
                             link: Paths.mentorship(item.$mentorship.id, .actions), with: other)
        }

        var coordinating: [ProgramHealth] = []
        for membership in memberships where membership.isCoordinator {
            coordinating.append(try await health(of: membership.program, for: membership.$user.id, now: now, on: db))
        }

        let noMentorship: EmptyState
        if let mentee = memberships.first(where: \.isMentee) {
            noMentorship = EmptyState(text: "No mentor yet. Look through the mentors of “\(mentee.program.name)” and ask the one who fits best.",
                                      button: "Find a mentor", link: Paths.program(mentee.$program.id) + "/mentors")
        } else if memberships.contains(where: \.isMentor) {
            noMentorship = EmptyState(text: "No mentee yet. Mentees find you in the directory and ask here; a full profile helps them choose.",
                                      button: "Complete your profile", link: "/profile")
        } else if let coordinated = memberships.first(where: \.isCoordinator) {
            noMentorship = EmptyState(text: "You coordinate “\(coordinated.program.name)” and are in no pair yourself. The pairs are on the program page.",
                                      button: "Open the program", link: Paths.program(coordinated.$program.id))
        } else {
            noMentorship = EmptyState(text: "You are not in a program yet. Open the invite link a coordinator sent you, or start a program of your own.",
                                      button: "Create a program", link: Paths.newProgram)
        }
        let nothingWaiting = summary.nextSteps.isEmpty && coordinating.allSatisfy(\.needs.isEmpty)
        let showGoals = !goalRows.isEmpty || memberships.contains(where: \.isMentee)
        let zone = TimeZone(identifier: user.timeZone) ?? .gmt
        let wins = summary.recentWins.map {
            WinRow(title: $0.title, goalTitle: $0.goalTitle, link: $0.link, when: RelativeDay.on(CalendarDate($0.at, in: zone), today: today))
        }
        return DashboardPage(summary: summary, nextMeeting: nextMeeting, goals: goalRows, showGoals: showGoals, actions: Array(actions), wins: wins,
                             coordinating: coordinating, noMentorship: noMentorship, nothingWaiting: nothingWaiting)
    }

    /// The summary's next meeting as the first card: both clocks and its agenda so far.
    static func nextMeeting(_ next: DashboardSummary.NextMeetingItem?, of mentorships: [Mentorship], for user: User,
                            on db: any Database, now: Date) async throws -> NextMeeting? {
        guard let next, let mentorship = mentorships.first(where: { $0.id == next.mentorshipId }) else { return nil }
        let other = mentorship.other(than: try user.requireID())
        let items = try await AgendaItem.query(on: db).filter(\.$meeting.$id == next.id).sort(\.$createdAt).all()
        // Only when the other's clock says something else at that moment.
        let offsets = [user.timeZone, other.timeZone].map { (TimeZone(identifier: $0) ?? .gmt).secondsFromGMT(for: next.startsAt) }
        let otherWhen = offsets[0] == offsets[1] ? nil : Meetings.when(next.startsAt, for: other)
        return NextMeeting(
            when: Meetings.when(next.startsAt, for: user), relative: user.voice.until(next.startsAt, now: now), otherWhen: otherWhen,
            otherName: other.firstName, videoLink: next.videoLink, place: next.place, page: next.link,
            agenda: items.prefix(4).map { AgendaLine(part: $0.section.label, text: $0.body) },
            agendaMore: max(0, items.count - 4))
    }

    /// What a coordinator needs to know and act on: facts about the pairs' rhythm, never their words.
    static func health(of program: Program, for viewerID: UUID, now: Date, on db: any Database) async throws -> ProgramHealth {
        let programID = try program.requireID()
        let figures = try await HealthFigures.of(programID, now: now, on: db)
        let unasked = figures.unasked, stale = figures.stale, unsigned = figures.unsigned, nothingPlanned = figures.nothingPlanned

        let link = Paths.program(programID)
        var needs: [Need] = []
        // Concerns waiting for acknowledgement, first — except about a pair the viewer is in.
        let waiting = try await Concern.query(on: db).filter(\.$program.$id == programID).filter(\.$state == .raised).all()
            .filter { $0.$raiser.id != viewerID && $0.$other.id != viewerID }
        if !waiting.isEmpty {
            let urgent = waiting.contains { $0.category == .safety }
            needs.append(Need(text: "\(count(waiting.count, "concern", "concerns")) waiting for acknowledgement\(urgent ? " — one is about safety" : "")",
                              button: "See the concerns", link: Paths.concerns))
        }
        if unasked > 0 {
            needs.append(Need(text: "\(count(unasked, "mentee", "mentees")) without a mentor or a request on the way",
                              button: "Match the cohort", link: link + "/matching"))
        }
        if stale > 0 {
            needs.append(Need(text: "\(count(stale, "request", "requests")) unanswered for over a week",
                              button: "See the requests", link: link + "#pairs"))
        }
        if unsigned > 0 {
            needs.append(Need(text: "\(count(unsigned, "pair", "pairs")) without a signed charter two weeks in",
                              button: "See the pairs", link: link + "#pairs"))
        }
        if nothingPlanned > 0 {
            needs.append(Need(text: "\(count(nothingPlanned, "pair", "pairs")) with no meeting planned",
                              button: "See the pairs", link: link + "#pairs"))
        }
        if figures.participants == 0 {
            needs.append(Need(text: "Nobody has joined yet", button: "Invite participants", link: Paths.participants(programID)))
        }
        let active = figures.active, waitingMentees = figures.waiting
        let stats = [
            Stat(value: String(figures.participants), label: "participants", attention: false),
            Stat(value: String(active), label: active == 1 ? "active mentorship" : "active mentorships", attention: false),
            Stat(value: String(waitingMentees), label: waitingMentees == 1 ? "mentee waiting for a mentor" : "mentees waiting for a mentor",
                 attention: waitingMentees > 0),
            Stat(value: active == 0 ? "–" : "\(figures.signed) of \(active)", label: "charters signed", attention: unsigned > 0),
        ]
        return ProgramHealth(name: program.name, link: link, stats: stats, needs: needs)
    }

    static func count(_ n: Int, _ one: String, _ many: String) -> String { "\(n) \(n == 1 ? one : many)" }
}

/// The counts a coordinator's dashboard card shows, in one statement: at 10,000 people, loading the
/// members, pairs, requests, charters and meetings to count them took most of a second.
struct HealthFigures: Decodable {
    let participants: Int
    let active: Int
    /// Mentees without an active mentorship in the program.
    let waiting: Int
    /// Of those, the ones without a pending request either.
    let unasked: Int
    /// Pending requests older than a week.
    let stale: Int
    /// Active mentorships with a charter both signed.
    let signed: Int
    /// Active for two weeks and no charter both signed.
    let unsigned: Int
    /// Active with no meeting ahead that is not cancelled.
    let nothingPlanned: Int

    static func of(_ programID: UUID, now: Date, on db: any Database) async throws -> HealthFigures {
        guard let sql = db as? any SQLDatabase else { throw Abort(.internalServerError, reason: "Tandem runs on an SQL database.") }
        let p = SQLBind(programID)
        let active: SQLQueryString = "SELECT 1 FROM mentorships m WHERE m.program_id = pm.program_id AND m.mentee_id = pm.user_id AND m.status = 'active'"
        let pending: SQLQueryString = "SELECT 1 FROM mentorship_requests r WHERE r.program_id = pm.program_id AND r.mentee_id = pm.user_id AND r.status = 'pending'"
        let signed: SQLQueryString = "SELECT 1 FROM charter_versions c WHERE c.mentorship_id = m.id AND c.mentor_signed_at IS NOT NULL AND c.mentee_signed_at IS NOT NULL"
        let pairs: SQLQueryString = "FROM mentorships m WHERE m.program_id = \(p) AND m.status = 'active'"
        let query: SQLQueryString = """
            SELECT
              (SELECT COUNT(*) FROM program_memberships pm WHERE pm.program_id = \(p) AND (pm.is_mentor OR pm.is_mentee)) AS participants,
              (SELECT COUNT(*) \(pairs)) AS active,
              (SELECT COUNT(*) FROM program_memberships pm WHERE pm.program_id = \(p) AND pm.is_mentee AND NOT EXISTS (\(active))) AS waiting,
              (SELECT COUNT(*) FROM program_memberships pm WHERE pm.program_id = \(p) AND pm.is_mentee AND NOT EXISTS (\(active))
                 AND NOT EXISTS (\(pending))) AS unasked,
              (SELECT COUNT(*) FROM mentorship_requests r WHERE r.program_id = \(p) AND r.status = 'pending'
                 AND r.created_at < \(bind: now.addingTimeInterval(-7 * 86_400))) AS stale,
              (SELECT COUNT(*) \(pairs) AND EXISTS (\(signed))) AS signed,
              (SELECT COUNT(*) \(pairs) AND m.started_at < \(bind: now.addingTimeInterval(-14 * 86_400)) AND NOT EXISTS (\(signed))) AS unsigned,
              (SELECT COUNT(*) \(pairs) AND NOT EXISTS (SELECT 1 FROM meetings x WHERE x.mentorship_id = m.id
                 AND x.status <> 'cancelled' AND x.ends_at > \(bind: now))) AS nothing_planned
            """
        guard let row = try await sql.raw(query).first(decoding: HealthFigures.self, keyDecodingStrategy: .convertFromSnakeCase) else {
            throw Abort(.internalServerError, reason: "The program's figures could not be counted.")
        }
        return row
    }
}
