import Fluent
import TandemCore
import Vapor

/// "What's next for me": the first page after sign-in. Later capabilities add their items here.
struct DashboardSummary: Content {
    struct ProgramItem: Content {
        let id: UUID
        let name: String
        let roles: String
        let isCoordinator: Bool
        let participantCount: Int
        let link: String
    }

    struct MentorshipItem: Content {
        let id: UUID
        let programName: String
        let partnerName: String
        /// "mentor" when the viewer mentors in this pair, else "mentee".
        let myRole: String
        let link: String

        /// One of the viewer's mentorships, named by the other person in it.
        init(_ mentorship: Mentorship, seenBy userID: UUID) throws {
            let isMentor = mentorship.$mentor.id == userID
            id = try mentorship.requireID()
            programName = mentorship.program.name
            partnerName = isMentor ? mentorship.mentee.displayName : mentorship.mentor.displayName
            myRole = isMentor ? "mentor" : "mentee"
            link = Paths.mentorship(id)
        }
    }

    struct Suggestion: Content {
        let mentorId: UUID
        let mentorName: String
        let programName: String
        let score: Int
        /// The strongest reason, in words.
        let because: String
        let link: String
    }

    struct NextStep: Content {
        let text: String
        let link: String
    }

    /// The first agreed meeting still to come, in any of the person's mentorships.
    struct NextMeetingItem: Content {
        let id: UUID
        let mentorshipId: UUID
        let withName: String
        let startsAt: Date
        let endsAt: Date
        let minutes: Int
        let videoLink: String?
        let place: String
        let link: String
    }

    struct WinItem: Content {
        let title: String
        let goalTitle: String
        let at: Date
        /// The day, where the person lives.
        let on: String
        let link: String
    }

    let programs: [ProgramItem]
    let mentorships: [MentorshipItem]
    let unreadNotifications: Int
    let nextSteps: [NextStep]
    /// "Mentors for you", for a mentee still looking.
    let suggestions: [Suggestion]
    /// The mentee's latest milestones reached and goals achieved (journey J14).
    let recentWins: [WinItem]
    let nextMeeting: NextMeetingItem?

    static func build(for user: User, on db: any Database) async throws -> DashboardSummary {
        try await build(for: user, memberships: try await Programs.memberships(of: user, on: db),
                        mentorships: try await Mentorships.mentorships(of: user, on: db).filter { $0.status == .active }, on: db)
    }

    /// The same, from the person's memberships and active mentorships already loaded.
    static func build(for user: User, memberships: [ProgramMembership], mentorships: [Mentorship],
                      on db: any Database) async throws -> DashboardSummary {
        let userID = try user.requireID()
        var programs: [ProgramItem] = []
        var steps: [NextStep] = []
        var suggestions: [Suggestion] = []
        for membership in memberships {
            let programID = membership.$program.id
            let count = try await Programs.participantCount(of: programID, on: db)
            programs.append(ProgramItem(id: programID, name: membership.program.name, roles: membership.roleLabel,
                                        isCoordinator: membership.isCoordinator, participantCount: count,
                                        link: Paths.program(programID)))
            if membership.isCoordinator && count == 0 {
                steps.append(NextStep(text: "Invite participants to “\(membership.program.name)”", link: Paths.participants(programID)))
            }
            if membership.isMentee && !mentorships.contains(where: { $0.$program.id == programID && $0.$mentee.id == userID }) {
                steps.append(NextStep(text: "Find a mentor in “\(membership.program.name)”", link: Paths.program(programID) + "/mentors"))
                for entry in try await Directory.suggestions(in: programID, for: user, on: db) {
                    let best = entry.compatibility?.strongestReasons.first
                    suggestions.append(Suggestion(mentorId: entry.mentor.id, mentorName: entry.mentor.displayName,
                                                  programName: membership.program.name, score: entry.compatibility?.score ?? 0,
                                                  because: best ?? "", link: "/people/\(entry.mentor.id)"))
                }
            }
        }
        let waiting = try await MentorshipRequest.query(on: db).filter(\.$mentor.$id == userID).filter(\.$status == .pending).count()
        if waiting > 0 {
            steps.insert(NextStep(text: "Answer \(waiting) mentorship request\(waiting == 1 ? "" : "s")", link: Paths.requests), at: 0)
        }
        if memberships.isEmpty {
            steps.append(NextStep(text: "Create a program, or open the invite link a coordinator sent you", link: Paths.newProgram))
        }
        var histories: [UUID: CharterHistory] = [:]
        for mentorship in mentorships {
            let history = try await Charters.history(of: try mentorship.requireID(), on: db)
            histories[try mentorship.requireID()] = history
            let party: CharterHistory.Party = mentorship.$mentor.id == userID ? .mentor : .mentee
            let other = party == .mentor ? mentorship.mentee.displayName : mentorship.mentor.displayName
            if history.latest == nil {
                steps.append(NextStep(text: "Agree your charter with \(other)", link: Paths.charter(try mentorship.requireID())))
            } else if let latest = history.latest, !latest.isSigned, latest.signedAt(by: party) == nil {
                steps.append(NextStep(text: "Read and sign version \(latest.number) of your charter with \(other)", link: Paths.charter(try mentorship.requireID())))
            }
        }
        let now = Date()
        for mentorship in mentorships {
            let id = try mentorship.requireID()
            let other = mentorship.$mentor.id == userID ? mentorship.mentee : mentorship.mentor
            // Only what the steps need: the proposals waiting for me, and whether anything is ahead at all
            // (a long mentorship plans hundreds of meetings).
            let ahead = Meeting.query(on: db).filter(\.$mentorship.$id == id).filter(\.$status != .cancelled).filter(\.$endsAt > now)
            let waiting = try await ahead.copy().filter(\.$status == .proposed).filter(\.$proposedBy.$id != userID)
                .sort(\.$startsAt).limit(5).all()
            for meeting in waiting {
                steps.insert(NextStep(text: "Answer \(other.firstName)'s meeting proposal for \(Meetings.when(meeting.startsAt, for: user))",
                                      link: Paths.meeting(meeting.id!)), at: 0)
            }
            if waiting.isEmpty, try await ahead.copy().first() == nil {
                steps.append(NextStep(text: "Plan your next meeting with \(other.displayName)", link: Paths.newMeeting(id)))
            }
        }
        // Counted in the database: a long mentorship can have a thousand overdue items.
        let overdue = ActionItem.query(on: db).filter(\.$owner.$id == userID).filter(\.$status == .open)
            .filter(\.$dueOn < user.today.description)
            .join(Mentorship.self, on: \ActionItem.$mentorship.$id == \Mentorship.$id).filter(Mentorship.self, \.$status == .active)
        if let first = try await overdue.copy().sort(\.$dueOn).first() {
            let count = try await overdue.copy().count()
            steps.insert(NextStep(text: count == 1 ? "Overdue: “\(first.title)”" : "\(count) overdue action items",
                                  link: Paths.mentorship(first.$mentorship.id, .actions)), at: 0)
        }
        // A mentor's view is waited for on goals shared with them that they have not answered.
        let mentoring = mentorships.filter { $0.$mentor.id == userID }.compactMap(\.id)
        if !mentoring.isEmpty {
            let shares = try await GoalShare.query(on: db).filter(\.$mentorship.$id ~~ mentoring).filter(\.$endorsedAt == nil)
                .with(\.$goal) { $0.with(\.$owner) }.all().filter { [.draft, .active].contains($0.goal.status) }
            let answered = Set(try await GoalFeedback.query(on: db).filter(\.$author.$id == userID)
                .filter(\.$goal.$id ~~ shares.map(\.$goal.id)).all().map(\.$goal.id))
            for share in shares.filter({ !answered.contains($0.$goal.id) }).prefix(3) {
                steps.append(NextStep(text: "Give \(share.goal.owner.firstName) your view on “\(share.goal.title)”", link: Paths.goal(share.$goal.id)))
            }
        }
        // Check-ins due: four questions, blind until both have answered.
        for mentorship in mentorships {
            let access = Mentorships.Access(mentorship: mentorship, viewerID: userID, relation: .counterpart)
            if !(try await CheckIns.state(of: access, viewer: user, history: histories[try mentorship.requireID()], on: db).open.isEmpty) {
                steps.append(NextStep(text: "Check in with \(mentorship.other(than: userID).firstName): four questions, private until you both answer",
                                      link: Paths.mentorship(try mentorship.requireID(), .feedback) + "#check-in"))
            }
        }
        // Feedback: what is asked of me, and answers to what I asked that I have not yet marked.
        if !mentorships.isEmpty {
            let exchanged = try await Feedback.query(on: db).filter(\.$mentorship.$id ~~ mentorships.compactMap(\.id))
                .group(.or) { $0.filter(\.$giver.$id == userID).filter(\.$receiver.$id == userID) }
                .filter(\.$question != "").with(\.$giver).with(\.$receiver).sort(\.$createdAt, .descending).limit(40).all()
            let recent = Date().addingTimeInterval(-14 * 86_400)
            for f in exchanged {
                let link = Paths.mentorship(f.$mentorship.id, .feedback) + "#feedback-\(f.id!)"
                let question = f.question.count > 60 ? String(f.question.prefix(59)) + "…" : f.question
                if f.status == .asked && f.$giver.id == userID {
                    steps.insert(NextStep(text: "Answer \(f.receiver.firstName)'s request for feedback: “\(question)”", link: link), at: 0)
                } else if f.status == .given && f.$receiver.id == userID && f.helpfulAt == nil && (f.givenAt ?? .distantPast) > recent {
                    steps.append(NextStep(text: "Read \(f.giver.firstName)'s answer to “\(question)”", link: link))
                } else if f.status == .asked && f.$receiver.id == userID {
                    steps.append(NextStep(text: "Asked \(f.giver.firstName) for feedback on “\(question)” — not answered yet", link: link))
                }
            }
        }
        let myGoals = try await Goal.query(on: db).filter(\.$owner.$id == userID).all()
        if mentorships.contains(where: { $0.$mentee.id == userID }) && !myGoals.contains(where: { $0.status == .active }) {
            steps.append(NextStep(text: "Set a SMART goal and share it with your mentor", link: Paths.goals + "/new"))
        }
        let since = Date().addingTimeInterval(-90 * 86_400)
        let wins = try await Goals.wins(of: myGoals, on: db).filter { $0.at > since }.prefix(5)
            .map { WinItem(title: $0.title, goalTitle: $0.goalTitle, at: $0.at,
                             on: CalendarDate($0.at, in: TimeZone(identifier: user.timeZone) ?? .gmt).description, link: Paths.goal($0.goalId)) }
        let items = try mentorships.map { try MentorshipItem($0, seenBy: userID) }
        let unread = try await Notification.query(on: db).filter(\.$user.$id == userID).filter(\.$readAt == nil).count()
        var next: NextMeetingItem?
        if !mentorships.isEmpty, let meeting = try await Meeting.query(on: db).filter(\.$mentorship.$id ~~ mentorships.compactMap(\.id))
            .filter(\.$status == .accepted).filter(\.$endsAt > now).sort(\.$startsAt).first(),
           let mentorship = mentorships.first(where: { $0.id == meeting.$mentorship.id }) {
            next = NextMeetingItem(id: try meeting.requireID(), mentorshipId: meeting.$mentorship.id,
                                   withName: mentorship.other(than: userID).displayName, startsAt: meeting.startsAt, endsAt: meeting.endsAt,
                                   minutes: meeting.minutes, videoLink: meeting.link.isEmpty ? nil : meeting.link, place: meeting.place,
                                   link: Paths.meeting(try meeting.requireID()))
        }
        return DashboardSummary(programs: programs, mentorships: items, unreadNotifications: unread, nextSteps: steps,
                                suggestions: suggestions, recentWins: Array(wins), nextMeeting: next)
    }
}
