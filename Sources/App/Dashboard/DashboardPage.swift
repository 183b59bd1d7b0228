import Fluent
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
        let members = try await ProgramMembership.query(on: db).filter(\.$program.$id == programID).all()
        let active = try await Mentorship.query(on: db).filter(\.$program.$id == programID).filter(\.$status == .active).all()
        let matchedMentees = Set(active.map(\.$mentee.id))
        let pending = try await MentorshipRequest.query(on: db).filter(\.$program.$id == programID).filter(\.$status == .pending).all()
        let asking = Set(pending.map(\.$mentee.id))
        let waitingMentees = members.filter { $0.isMentee && !matchedMentees.contains($0.$user.id) }
        let unasked = waitingMentees.filter { !asking.contains($0.$user.id) }.count
        let weekAgo = now.addingTimeInterval(-7 * 86_400)
        let stale = pending.filter { ($0.createdAt ?? now) < weekAgo }.count
        let ids = active.compactMap(\.id)
        let signed = ids.isEmpty ? Set<UUID>() : Set(try await CharterVersion.query(on: db).filter(\.$mentorship.$id ~~ ids)
            .filter(\.$mentorSignedAt != nil).filter(\.$menteeSignedAt != nil).all().map(\.$mentorship.id))
        let twoWeeksAgo = now.addingTimeInterval(-14 * 86_400)
        let unsigned = active.filter { !signed.contains($0.id!) && $0.startedAt < twoWeeksAgo }.count
        let planned = ids.isEmpty ? Set<UUID>() : Set(try await Meeting.query(on: db).filter(\.$mentorship.$id ~~ ids)
            .filter(\.$status != .cancelled).filter(\.$endsAt > now).all().map(\.$mentorship.id))
        let nothingPlanned = active.filter { !planned.contains($0.id!) }.count

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
        if members.filter(\.isParticipant).isEmpty {
            needs.append(Need(text: "Nobody has joined yet", button: "Invite participants", link: Paths.participants(programID)))
        }
        let stats = [
            Stat(value: String(members.filter(\.isParticipant).count), label: "participants", attention: false),
            Stat(value: String(active.count), label: active.count == 1 ? "active mentorship" : "active mentorships", attention: false),
            Stat(value: String(waitingMentees.count), label: waitingMentees.count == 1 ? "mentee waiting for a mentor" : "mentees waiting for a mentor",
                 attention: !waitingMentees.isEmpty),
            Stat(value: active.isEmpty ? "–" : "\(signed.count) of \(active.count)", label: "charters signed", attention: unsigned > 0),
        ]
        return ProgramHealth(name: program.name, link: link, stats: stats, needs: needs)
    }

    static func count(_ n: Int, _ one: String, _ many: String) -> String { "\(n) \(n == 1 ? one : many)" }
}
