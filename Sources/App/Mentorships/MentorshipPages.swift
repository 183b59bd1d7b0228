import Fluent
import TandemCore
import Vapor

/// The page of one mentorship: what the viewer may read of it, and nothing more.
enum MentorshipPages {
    static func register(signedIn routes: any RoutesBuilder) {
        routes.get("mentorships", ":mentorshipID", use: show)
        routes.post("mentorships", ":mentorshipID", "notes", use: addNote)
    }

    struct ShowPage: Encodable {
        let id: UUID
        let programName: String
        let programLink: String
        let mentorName: String
        let menteeName: String
        let status: String
        let startedOn: String
        let isPair: Bool
        let charterLink: String
        let charterSigned: Bool
        let charterStatus: String
        let notes: [NoteRow]
        let notesCounted: Int
        let goals: [GoalPages.GoalRow]
        let goalsCounted: Int
        let wins: [WinRow]
        let winsCounted: Int
        let isMentee: Bool
        let audit: [AuditRow]
        let visibilities: [VisibilityOption]
        /// Meetings, actions, messages, journal and resources (the pair only).
        let together: MentorshipTogether?
        /// What a coordinator may count.
        let counts: MentorshipTogether.Counts?
        let forms: [String: FormState]
    }

    struct NoteRow: Encodable {
        let authorName: String
        let visibility: String
        let body: String
        let createdAt: String
        let isMine: Bool
    }

    struct WinRow: Encodable {
        let title: String
        let goalTitle: String
        let on: String
        let link: String
    }

    struct AuditRow: Encodable {
        let actorName: String
        let action: String
        let channel: String
        let at: String
    }

    struct VisibilityOption: Encodable {
        let value: String
        let label: String
    }

    static func render(_ req: Request, _ access: Mentorships.Access, forms: [String: FormState] = [:]) async throws -> Response {
        let m = access.mentorship
        let notes = try await Mentorships.notes(in: access, on: req.db)
        let audit = access.isPairMember ? try await Mentorships.auditLog(of: access, on: req.db) : []
        let formatter = try req.user.dateTimeFormatter
        let zone = formatter.timeZone ?? .gmt
        let charter = try await Charters.history(of: try m.requireID(), on: req.db)
        let goals = try await Goals.goals(in: access, on: req.db)
        let latest = try await GoalPages.latestProgress(of: goals.readable.map(\.goal), on: req.db)
        let goalRows = goals.readable.map { GoalPages.row($0.goal, shares: [$0], latest: latest[$0.$goal.id]) }
        let wins = try await Goals.wins(in: access, on: req.db)
        let user = try req.user
        let together = access.isPairMember ? try await MentorshipTogether.build(access, viewer: user, on: req.db) : nil
        let counts = access.isPairMember ? nil : try await MentorshipTogether.counts(of: try m.requireID(), on: req.db)
        var forms = forms
        if forms["notes"] == nil { forms["notes"] = FormState(values: ["visibility": "pair"]) }
        let page = ShowPage(
            id: try m.requireID(), programName: m.program.name, programLink: Paths.program(m.$program.id),
            mentorName: m.mentor.displayName, menteeName: m.mentee.displayName, status: m.status.rawValue,
            startedOn: CalendarDate(m.startedAt, in: zone).description, isPair: access.isPairMember,
            charterLink: Paths.charter(try m.requireID()), charterSigned: charter.isSigned,
            charterStatus: CharterPages.statusText(charter, access),
            notes: notes.readable.map {
                NoteRow(authorName: $0.author.displayName, visibility: $0.visibility.label, body: $0.body,
                        createdAt: $0.createdAt.map(formatter.string(from:)) ?? "", isMine: $0.$author.id == access.viewerID)
            },
            notesCounted: notes.counted,
            goals: goalRows, goalsCounted: goals.counted,
            wins: wins.readable.map { WinRow(title: $0.title, goalTitle: $0.goalTitle, on: CalendarDate($0.at, in: zone).description, link: Paths.goal($0.goalId)) },
            winsCounted: wins.counted, isMentee: access.viewerID == m.$mentee.id,
            audit: audit.map { AuditRow(actorName: $0.actor.displayName, action: $0.action, channel: $0.channel,
                                        at: $0.createdAt.map(formatter.string(from:)) ?? "") },
            visibilities: [Visibility.pair, .authorOnly].map { VisibilityOption(value: $0.rawValue, label: $0.label) },
            together: together, counts: counts, forms: forms)
        return try await req.render("mentorship", title: "\(m.mentor.displayName) & \(m.mentee.displayName)", page)
    }

    @Sendable static func show(req: Request) async throws -> Response {
        let access = try await Mentorships.access(req.parameters.get("mentorshipID", as: UUID.self), for: try req.user, via: .web, on: req.db)
        return try await render(req, access)
    }

    @Sendable static func addNote(req: Request) async throws -> Response {
        let access = try await Mentorships.access(req.parameters.get("mentorshipID", as: UUID.self), for: try req.user, via: .web, on: req.db)
        let (input, values) = try req.form(Mentorships.NoteInput.self)
        return try await req.handleForm(values: values, rerender: { state in try await render(req, access, forms: ["notes": state]) }) {
            _ = try await Mentorships.addNote(input, in: access, on: req.db)
            Flash.set("Your note is saved.", on: req)
            return req.redirect(to: Paths.mentorship(try access.mentorship.requireID()))
        }
    }
}
