import Fluent
import TandemCore
import Vapor

/// `tandem program-seed`: a realistic program at scale for the benchmarks of issues #13 and #14 —
/// by default 10,000 people (a quarter mentors with room for 1–3 mentees, the rest mentees with
/// varied goals and skills), about 2,000 active mentorships with signed charters, months of
/// meetings, a shared goal with progress, action items and messages each, and 300 pending
/// requests. The same `--seed` builds the same program. Prints the sign-ins the benchmark uses.
struct ProgramSeedCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "people", help: "How many people join the program (default 10000).")
        var people: Int?
        @Option(name: "seed", help: "The random seed (default 2026).")
        var seed: Int?
    }

    var help: String { "Builds a program of 10,000 people with 2,000 mentorships and their records, for benchmarks." }

    static let password = "tandem-bench-2026"

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.autoMigrate()
        let people = max(40, signature.people ?? 10_000)
        let hash = try await app.password.async(on: app.threadPool, hopTo: app.eventLoopGroup.next()).hash(Self.password).get()
        let started = ContinuousClock.now
        let seeded = try await ProgramSeed(people: people, seed: UInt64(max(1, signature.seed ?? 2026)), passwordHash: hash).build(on: app.db)
        let json = try JSONEncoder().encode(seeded)
        context.console.print(String(decoding: json, as: UTF8.self))
        context.console.info("Built in \(ContinuousClock.now - started).", newLine: true)
    }
}

struct ProgramSeed {
    /// What the benchmark signs in as and asks for.
    struct Seeded: Encodable {
        let programId: UUID
        let password: String
        let coordinator: String
        let menteeLooking: String
        let menteeMatched: String
        let mentor: String
        let mentorshipId: UUID
        let people: Int
        let mentorships: Int
        let pendingRequests: Int
    }

    let people: Int
    let seed: UInt64
    let passwordHash: String

    /// Rows per INSERT: well under SQLite's limit on bound values for the widest table.
    static let chunk = 200

    func build(on db: any Database) async throws -> Seeded {
        var rng = ProblemGenerator.Xorshift(seed: seed)
        let now = Date()
        let today = CalendarDate(now)
        let settings = try ProgramSettings.validate(ProgramDraft(name: "Open Source Mentoring at Scale", description: "A program of \(people) people, for benchmarks.",
            startsOn: today.adding(days: -240).description, endsOn: today.adding(days: 240).description, meetingCadenceDays: 14))
        let program = Program(settings: settings)
        try await program.save(on: db)
        let programID = try program.requireID()
        let tag = String(seed)

        // People: one coordinator, a quarter mentors, the rest mentees.
        let mentorCount = people / 4
        let menteeCount = people - mentorCount - 1
        func user(_ email: String, _ name: String) -> User {
            User(email: email, displayName: name, passwordHash: passwordHash, timeZone: DemoData.zones[Int(rng.next() % UInt64(DemoData.zones.count))])
        }
        let coordinator = user("coordinator-\(tag)@scale.example.org", "Casey Coordinator")
        let mentors = (0..<mentorCount).map { user("mentor-\(tag)-\($0)@scale.example.org", "\(DemoData.menteeNames[$0 % DemoData.menteeNames.count].split(separator: " ")[0]) Mentor \($0)") }
        let mentees = (0..<menteeCount).map { user("mentee-\(tag)-\($0)@scale.example.org", "\(DemoData.menteeNames[($0 + 7) % DemoData.menteeNames.count].split(separator: " ")[0]) Mentee \($0)") }
        try await insert([coordinator] + mentors + mentees, on: db)

        var memberships = [ProgramMembership(programID: programID, userID: try coordinator.requireID(), isCoordinator: true, isMentor: false, isMentee: false)]
        var profiles: [Profile] = []
        for (index, mentor) in mentors.enumerated() {
            memberships.append(ProgramMembership(programID: programID, userID: try mentor.requireID(), isCoordinator: false, isMentor: true, isMentee: false))
            let profile = DemoData.demoProfile(for: try mentor.requireID(), index: Int(rng.next() % 1000), mentor: true)
            profile.capacity = 1 + index % 3
            profiles.append(profile)
        }
        for mentee in mentees {
            memberships.append(ProgramMembership(programID: programID, userID: try mentee.requireID(), isCoordinator: false, isMentor: false, isMentee: true))
            profiles.append(DemoData.demoProfile(for: try mentee.requireID(), index: Int(rng.next() % 1000), mentor: false))
        }
        for membership in memberships { membership.conductAcceptedAt = now.addingTimeInterval(-200 * 86_400) }
        try await insert(memberships, on: db)
        try await insert(profiles, on: db)

        // Mentorships: about 2,000 at 10,000 people, each mentor within capacity, started over the last months.
        let pairs = min(menteeCount, people / 5)
        var mentorships: [Mentorship] = []
        var used = [Int](repeating: 0, count: mentorCount)
        var mentor = 0
        for index in 0..<pairs {
            while used[mentor] >= profiles[mentor].capacity { mentor = (mentor + 1) % mentorCount }
            let started = now.addingTimeInterval(-Double(20 + Int(rng.next() % 160)) * 86_400)
            let mentorship = Mentorship(programID: programID, mentorID: try mentors[mentor].requireID(), menteeID: try mentees[index].requireID(), startedAt: started)
            mentorship.mentorSlot = used[mentor]
            used[mentor] += 1
            mentorships.append(mentorship)
            mentor = (mentor + 1) % mentorCount
        }
        try await insert(mentorships, on: db)

        // Each pair's record: a signed charter, meetings on its rhythm (mostly kept), a goal with progress,
        // action items from meetings and a thread of messages.
        var charters: [CharterVersion] = [], meetings: [Meeting] = [], goals: [Goal] = []
        var actionOwners: [(meeting: Int, mentorship: Mentorship)] = []
        for mentorship in mentorships {
            let id = try mentorship.requireID()
            let start = CalendarDate(mentorship.startedAt)
            let cadence = [7, 14, 14, 21, 28][Int(rng.next() % 5)]
            let terms = CharterTerms.defaults(cadenceDays: cadence, startsOn: start, endsOn: start.adding(days: 180))
            charters.append(CharterVersion(mentorshipID: id, authorID: mentorship.$mentee.id,
                                           version: .init(number: 1, terms: terms, mentorSignedAt: mentorship.startedAt, menteeSignedAt: mentorship.startedAt)))
            // Some pairs keep their rhythm, some slow down, a few stopped meeting.
            let rhythm = rng.unit()
            let gap = Double(cadence) * (rhythm < 0.6 ? 1 : rhythm < 0.85 ? 1.8 : 4)
            var at = mentorship.startedAt.addingTimeInterval(3 * 86_400 + 17 * 3600)
            while at < now.addingTimeInterval(Double(cadence) * 86_400) {
                let meeting = Meeting(mentorshipID: id, proposedBy: rng.next() % 2 == 0 ? mentorship.$mentor.id : mentorship.$mentee.id,
                                      draft: MeetingDraft(start: at, minutes: 45, link: "https://meet.example.org/scale"), timeZone: "Europe/Berlin")
                meeting.status = rng.unit() < 0.08 ? .cancelled : .accepted
                meeting.sequence = 1
                meetings.append(meeting)
                actionOwners.append((meetings.count - 1, mentorship))
                at = at.addingTimeInterval(gap * 86_400)
            }
            let spec = DemoData.goalSkills[Int(rng.next() % UInt64(DemoData.goalSkills.count))]
            let goal = Goal(ownerID: mentorship.$mentee.id, draft: GoalDraft(
                title: "Get confident in \(spec.skills[0])", specific: "Ship one real piece of work using \(spec.skills[0]) at my job.",
                metric: "pieces of work shipped", unit: "pieces", baseline: 0, target: 5, achievable: "One every few weeks with my mentor's review.",
                relevant: "It is what my next role asks for.", startsOn: start, deadline: start.adding(days: 180)), status: .active)
            goals.append(goal)
        }
        try await insert(charters, on: db)
        try await insert(meetings, on: db)
        try await insert(goals, on: db)
        var shares: [GoalShare] = [], readings: [ProgressUpdate] = []
        for (goal, mentorship) in zip(goals, mentorships) {
            shares.append(GoalShare(goalID: try goal.requireID(), mentorshipID: try mentorship.requireID()))
            for step in 0..<Int(rng.next() % 4) {
                readings.append(ProgressUpdate(goalID: try goal.requireID(), authorID: mentorship.$mentee.id, value: Double(step + 1), note: "",
                                               recordedOn: CalendarDate(mentorship.startedAt).adding(days: 20 * (step + 1))))
            }
        }
        try await insert(shares, on: db)
        try await insert(readings, on: db)

        var actions: [ActionItem] = [], messages: [Message] = []
        for (index, mentorship) in actionOwners {
            let meeting = meetings[index]
            guard meeting.status == .accepted, meeting.startsAt < now else { continue }
            for n in 0..<2 {
                let owner = n == 0 ? mentorship.$mentee.id : mentorship.$mentor.id
                let item = ActionItem(mentorshipID: try mentorship.requireID(), meetingID: meeting.id, ownerID: owner, createdByID: owner,
                                      title: ["Read the chapter we talked about", "Draft the design note", "Ask for a stretch project",
                                              "Pair on the failing test", "Write up what I learned"][Int(rng.next() % 5)],
                                      dueOn: CalendarDate(meeting.startsAt).adding(days: 10).description)
                let fate = rng.unit()
                if fate < 0.7 { item.status = .done; item.doneAt = meeting.startsAt.addingTimeInterval(5 * 86_400) } else if fate < 0.78 { item.status = .dropped }
                actions.append(item)
            }
            messages.append(Message(mentorshipID: try mentorship.requireID(), authorID: mentorship.$mentee.id, kind: .message,
                                    body: "Thanks for today — I'll send the draft before our next meeting.", meetingID: nil))
            messages.append(Message(mentorshipID: try mentorship.requireID(), authorID: mentorship.$mentor.id, kind: .message,
                                    body: "Looking forward to it. Keep it short; we'll go through it together.", meetingID: nil))
        }
        try await insert(actions, on: db)
        try await insert(messages, on: db)

        // 300 pending requests from mentees still looking, to mentors with room.
        var requests: [MentorshipRequest] = []
        let looking = Array(mentees[pairs...])
        let open = mentors.indices.filter { used[$0] < profiles[$0].capacity }
        if !open.isEmpty {
            for (index, mentee) in looking.prefix(300).enumerated() {
                let introduction = IntroductionDraft.Clean(
                    whoIAm: "I work in support and am moving into engineering.", whatDrewMe: "Your experience with the skills I need.",
                    hopeToAchieve: "A first real project in my new field within six months.", timeAsked: "An hour every two weeks")
                requests.append(MentorshipRequest(programID: programID, menteeID: try mentee.requireID(), mentorID: try mentors[open[index % open.count]].requireID(),
                                                  introduction: introduction, expiresAt: now.addingTimeInterval(14 * 86_400)))
            }
        }
        try await insert(requests, on: db)

        return Seeded(programId: programID, password: ProgramSeedCommand.password, coordinator: coordinator.email,
                      menteeLooking: looking.last?.email ?? mentees[0].email, menteeMatched: mentees[0].email,
                      mentor: mentors[0].email, mentorshipId: try mentorships[0].requireID(),
                      people: people, mentorships: mentorships.count, pendingRequests: requests.count)
    }

    /// Many rows in chunks, each chunk one statement in its own transaction.
    func insert<M: Model>(_ models: [M], on db: any Database) async throws {
        for start in stride(from: 0, to: models.count, by: Self.chunk) {
            let slice = Array(models[start..<min(start + Self.chunk, models.count)])
            try await db.writeTransaction { try await slice.create(on: $0) }
        }
    }
}
