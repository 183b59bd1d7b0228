import Fluent
import Vapor

/// Everything Tandem holds about one person that is theirs to take away: their account, their
/// memberships and mentorships, what they wrote, their notifications and token metadata.
/// What others wrote is not theirs and stays out.
struct AccountExport: Content {
    struct MembershipEntry: Content {
        let programId: UUID
        let programName: String
        let roles: RolesDTO
        let joinedAt: Date?
    }

    let exportedAt: Date
    let account: UserDTO
    let memberships: [MembershipEntry]
    let mentorships: [MentorshipDTO]
    let notesWritten: [NoteDTO]
    let notifications: [NotificationDTO]
    let accessTokens: [AccessTokenDTO]
    /// Each of their mentorships' charter versions: a charter belongs to both who agreed it.
    let charters: [CharterEntry]
    /// Their goals, with milestones and progress.
    let goals: [GoalEntry]
    /// What they wrote about goals (comments, endorsements, suggestions).
    let goalFeedbackWritten: [GoalAPI.FeedbackDTO]
    /// Meetings of their mentorships, the notes and agenda items they wrote, their action items.
    let meetings: [MeetingExport]
    let meetingNotesWritten: [TalkFlowAPI.NoteDTO]
    let agendaItemsWritten: [TalkFlowAPI.ItemDTO]
    let actionItems: [ActionAPI.ActionDTO]
    /// The messages they sent, their journal, and the resources they recommended.
    let messagesWritten: [FollowUpAPI.MessageDTO]
    let journal: [FollowUpAPI.JournalEntryDTO]
    let resourcesRecommended: [FollowUpAPI.ResourceDTO]
    /// Feedback they asked for or gave: their questions and their answers.
    let feedback: [FeedbackAPI.FeedbackDTO]
    /// Their own check-in answers (never the other side's).
    let checkIns: [CheckInAPI.CheckInDTO]
    /// Concerns they raised, with what they wrote; and every line they wrote in a case.
    let concernsRaised: [ConcernRaised]
    let concernEntriesWritten: [ConcernAPI.EntryDTO]
    /// Their reflections and notes of thanks at the close of a mentorship.
    let closingNotesWritten: [EndingAPI.NoteDTO]
    /// Each ended mentorship's recap, the same both sides see.
    let recaps: [RecapEntry]
    /// Their private compatibility self-checks, their wish to stay in touch, the testimonials they wrote.
    let selfChecks: [EndingAPI.SelfCheckDTO]
    let stayInTouch: [StayInTouchEntry]
    let testimonialsWritten: [EndingAPI.TestimonialDTO]

    struct RecapEntry: Content {
        let mentorshipId: UUID
        let recap: EndingAPI.RecapDTO
    }

    struct StayInTouchEntry: Content {
        let mentorshipId: UUID
        let contact: String
    }

    struct ConcernRaised: Content {
        let concern: ConcernAPI.SummaryDTO
        let description: String
    }

    struct MeetingExport: Content {
        let id: UUID
        let mentorshipId: UUID
        let startsAt: Date
        let endsAt: Date
        let status: Meeting.Status
        let place: String
        let link: String
    }

    struct CharterEntry: Content {
        let mentorshipId: UUID
        let versions: [CharterAPI.VersionDTO]
    }

    struct GoalEntry: Content {
        let goal: GoalAPI.GoalDTO
        let milestones: [GoalAPI.MilestoneDTO]
        let progress: [GoalAPI.ProgressDTO]
    }

    static func build(for user: User, on db: any Database) async throws -> AccountExport {
        let userID = try user.requireID()
        let memberships = try await Programs.memberships(of: user, on: db).map {
            MembershipEntry(programId: $0.$program.id, programName: $0.program.name, roles: RolesDTO($0), joinedAt: $0.joinedAt)
        }
        let notes = try await MentorshipNote.query(on: db).filter(\.$author.$id == userID).with(\.$author)
            .sort(\.$createdAt).all()
        let notifications = try await Notification.query(on: db).filter(\.$user.$id == userID).sort(\.$createdAt).all()
        let mentorships = try await Mentorships.mentorships(of: user, on: db)
        var charters: [CharterEntry] = []
        for mentorship in mentorships {
            let rows = try await Charters.rows(of: try mentorship.requireID(), on: db)
            if !rows.isEmpty { charters.append(CharterEntry(mentorshipId: try mentorship.requireID(), versions: rows.map { .init($0, fullTerms: true) })) }
        }
        var goals: [GoalEntry] = []
        for goal in try await Goal.query(on: db).filter(\.$owner.$id == userID).sort(\.$createdAt).all() {
            goal.$owner.value = user
            goals.append(GoalEntry(goal: try GoalAPI.GoalDTO(goal, shares: []),
                                   milestones: try await Goals.milestones(of: goal, on: db).map(GoalAPI.MilestoneDTO.init),
                                   progress: try await Goals.progress(of: goal, on: db).map(GoalAPI.ProgressDTO.init)))
        }
        let feedback = try await GoalFeedback.query(on: db).filter(\.$author.$id == userID).with(\.$author).sort(\.$createdAt).all()
        let mentorshipIDs = mentorships.compactMap(\.id)
        let meetings = mentorshipIDs.isEmpty ? [] : try await Meeting.query(on: db).filter(\.$mentorship.$id ~~ mentorshipIDs).sort(\.$startsAt).all()
        let meetingNotes = try await MeetingNote.query(on: db).filter(\.$author.$id == userID).with(\.$author).sort(\.$createdAt).all()
        let agendaItems = try await AgendaItem.query(on: db).filter(\.$author.$id == userID).with(\.$author).sort(\.$createdAt).all()
        let actions = try await ActionItem.query(on: db).filter(\.$owner.$id == userID).with(\.$owner).sort(\.$createdAt).all()
        let messages = try await Message.query(on: db).filter(\.$author.$id == userID).with(\.$author).sort(\.$createdAt).all()
        let journal = try await JournalEntry.query(on: db).filter(\.$author.$id == userID).sort(\.$createdAt).all()
        let resources = try await Resource.query(on: db).filter(\.$addedBy.$id == userID).with(\.$addedBy).sort(\.$createdAt).all()
        let exchanged = try await Feedback.query(on: db).group(.or) { $0.filter(\.$receiver.$id == userID).filter(\.$giver.$id == userID) }
            .with(\.$receiver).with(\.$giver).sort(\.$createdAt).all()
        let checkIns = try await CheckIn.query(on: db).filter(\.$author.$id == userID).sort(\.$createdAt).all()
        let raised = try await Concern.query(on: db).filter(\.$raiser.$id == userID).with(\.$raiser).with(\.$other).sort(\.$createdAt).all()
        let closing = try await ClosingNote.query(on: db).filter(\.$author.$id == userID).with(\.$author).sort(\.$createdAt).all()
        var recaps: [RecapEntry] = []
        for m in mentorships where m.status == .ended {
            let access = Mentorships.Access(mentorship: m, viewerID: userID, relation: .counterpart)
            recaps.append(RecapEntry(mentorshipId: try m.requireID(), recap: EndingAPI.RecapDTO(try await Endings.recap(of: access, viewer: user, on: db).0)))
        }
        let menteeOf = Set(mentorships.filter { $0.$mentee.id == userID }.compactMap(\.id))
        let selfChecks = try await SelfCheck.query(on: db).filter(\.$author.$id == userID).sort(\.$createdAt).all()
        let touch = try await StayInTouch.query(on: db).filter(\.$person.$id == userID).all()
        let testimonials = try await Testimonial.query(on: db).filter(\.$mentee.$id == userID).sort(\.$createdAt).all()
        let caseLines = try await ConcernEntry.query(on: db).filter(\.$author.$id == userID).with(\.$author).sort(\.$createdAt).all()
        return AccountExport(
            exportedAt: Date(), account: try UserDTO(user), memberships: memberships,
            mentorships: try mentorships.map(MentorshipDTO.init),
            notesWritten: try notes.map(NoteDTO.init), notifications: try notifications.map(NotificationDTO.init),
            accessTokens: try await AccessTokens.list(for: user, on: db).map(AccessTokenDTO.init),
            charters: charters, goals: goals, goalFeedbackWritten: try feedback.map(GoalAPI.FeedbackDTO.init),
            meetings: meetings.map { MeetingExport(id: $0.id!, mentorshipId: $0.$mentorship.id, startsAt: $0.startsAt, endsAt: $0.endsAt,
                                                   status: $0.status, place: $0.place, link: $0.link) },
            meetingNotesWritten: try meetingNotes.map(TalkFlowAPI.NoteDTO.init), agendaItemsWritten: try agendaItems.map(TalkFlowAPI.ItemDTO.init),
            actionItems: try actions.map(ActionAPI.ActionDTO.init), messagesWritten: try messages.map(FollowUpAPI.MessageDTO.init),
            journal: try journal.map(FollowUpAPI.JournalEntryDTO.init), resourcesRecommended: try resources.map(FollowUpAPI.ResourceDTO.init),
            feedback: try exchanged.map(FeedbackAPI.FeedbackDTO.init), checkIns: try checkIns.map(CheckInAPI.CheckInDTO.init),
            concernsRaised: try raised.map { ConcernRaised(concern: try ConcernAPI.SummaryDTO($0), description: $0.description) },
            concernEntriesWritten: try caseLines.map(ConcernAPI.EntryDTO.init),
            closingNotesWritten: try closing.map(EndingAPI.NoteDTO.init), recaps: recaps,
            selfChecks: try selfChecks.map { try EndingAPI.SelfCheckDTO($0, asMentee: menteeOf.contains($0.$mentorship.id)) },
            stayInTouch: touch.map { StayInTouchEntry(mentorshipId: $0.$mentorship.id, contact: $0.contact) },
            testimonialsWritten: try testimonials.map(EndingAPI.TestimonialDTO.init))
    }

    /// A download with a dated file name.
    func download(for request: Request) async throws -> Response {
        let response = try await encodeResponse(for: request)
        let day = ISO8601DateFormatter.string(from: exportedAt, timeZone: .gmt, formatOptions: [.withFullDate])
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"tandem-export-\(day).json\"")
        return response
    }
}
