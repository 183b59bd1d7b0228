import Fluent
import TandemCore
import Vapor

/// `tandem bench-seed`: one long mentorship — 300 meetings and 3,000 action items — for the page
/// and calendar-feed benchmark (scripts/bench-pages.sh). Prints what the benchmark needs as JSON.
struct BenchSeedCommand: AsyncCommand {
    struct Signature: CommandSignature {}

    var help: String { "Fills the database with a mentorship of 300 meetings and 3,000 action items, for benchmarks." }

    static let password = "tandem-bench-2026"

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.autoMigrate()
        let hash = try await app.password.async(on: app.threadPool, hopTo: app.eventLoopGroup.next()).hash(Self.password).get()
        let (mentorshipID, meetingID, secret) = try await seed(on: app.db, passwordHash: hash)
        let feed = Meetings.feedURL(secret, publicURL: "").dropFirst()
        context.console.print("""
            {"email":"bench-mentee@example.org","password":"\(Self.password)","mentorship":"/mentorships/\(mentorshipID)","meeting":"/meetings/\(meetingID)","feed":"/\(feed)"}
            """)
    }

    func seed(on db: any Database, passwordHash: String) async throws -> (UUID, UUID, String) {
        let mentor = User(email: "bench-mentor-\(UUID().uuidString.prefix(6).lowercased())@example.org", displayName: "Bea Mentor", passwordHash: passwordHash, timeZone: "Europe/Berlin")
        let menteeEmail = "bench-mentee@example.org"
        try await User.query(on: db).filter(\.$email == menteeEmail).delete()
        let mentee = User(email: menteeEmail, displayName: "Ben Mentee", passwordHash: passwordHash, timeZone: "America/New_York")
        let now = Date()
        let today = CalendarDate(now)
        let settings = try ProgramSettings.validate(ProgramDraft(name: "Benchmark program", description: "",
            startsOn: today.adding(days: -400).description, endsOn: today.adding(days: 400).description, meetingCadenceDays: 7))
        let program = Program(settings: settings)
        let result = try await db.writeTransaction { db -> (UUID, UUID) in
            try await mentor.save(on: db)
            try await mentee.save(on: db)
            try await program.save(on: db)
            for (user, mentorRole) in [(mentor, true), (mentee, false)] {
                try await ProgramMembership(programID: try program.requireID(), userID: try user.requireID(), isCoordinator: false,
                                            isMentor: mentorRole, isMentee: !mentorRole).save(on: db)
            }
            let mentorship = Mentorship(programID: try program.requireID(), mentorID: try mentor.requireID(), menteeID: try mentee.requireID(),
                                        startedAt: now.addingTimeInterval(-300 * 86_400))
            try await mentorship.save(on: db)
            let id = try mentorship.requireID()
            let terms = CharterTerms.defaults(cadenceDays: 7, startsOn: today.adding(days: -300), endsOn: today.adding(days: 300))
            try await CharterVersion(mentorshipID: id, authorID: try mentee.requireID(),
                                     version: .init(number: 1, terms: terms, mentorSignedAt: now, menteeSignedAt: now)).save(on: db)
            // 300 meetings every two days: 150 held, 150 ahead.
            var meetings: [Meeting] = []
            for index in 0..<300 {
                let start = now.addingTimeInterval(Double(index - 150) * 2 * 86_400 + 3600)
                let meeting = Meeting(mentorshipID: id, proposedBy: try mentor.requireID(), draft: MeetingDraft(start: start, minutes: 45,
                                      link: "https://meet.example.org/bench"), timeZone: "Europe/Berlin")
                meeting.status = .accepted
                meeting.sequence = 1
                meetings.append(meeting)
            }
            try await meetings.create(on: db)
            // 3,000 action items, ten from each meeting: most done, the recent ones open.
            var actions: [ActionItem] = []
            for (index, meeting) in meetings.enumerated() {
                for n in 0..<10 {
                    let owner = n % 2 == 0 ? try mentee.requireID() : try mentor.requireID()
                    let item = ActionItem(mentorshipID: id, meetingID: meeting.id, ownerID: owner, createdByID: owner,
                                          title: "Action \(n + 1) from meeting \(index + 1)",
                                          dueOn: CalendarDate(meeting.startsAt).adding(days: 7).description)
                    if index < 140 { item.status = .done; item.doneAt = meeting.startsAt.addingTimeInterval(86_400) }
                    actions.append(item)
                }
            }
            try await actions.create(on: db)
            return (id, meetings[151].id!)
        }
        let (_, secret) = try await Meetings.createFeed(for: mentee, on: db)
        return (result.0, result.1, secret)
    }
}
