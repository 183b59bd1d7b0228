import Fluent
import TandemCore
import Vapor

/// A living demo program, so a newcomer sees Tandem at work within a minute.
enum DemoData {
    static let password = "tandem-demo-2026"
    static let coordinatorEmail = "coordinator@example.org"
    static let mentorEmail = "mentor@example.org"
    static let menteeEmail = "mentee@example.org"

    struct Person {
        let name: String
        let zone: String
        let headline: String
        let bio: String
    }

    static let mentors: [Person] = [
        Person(name: "Amara Okafor", zone: "Africa/Lagos", headline: "Engineering manager, payments platform", bio: "Went from backend engineer to managing three teams; happy to talk first-time management and hiring."),
        Person(name: "Lukas Schneider", zone: "Europe/Berlin", headline: "Staff engineer, distributed systems", bio: "Fifteen years of building systems that stay up. I like structured sessions with homework."),
        Person(name: "Priya Raman", zone: "Asia/Kolkata", headline: "Product director, B2B SaaS", bio: "Switched from engineering to product management; I mentor people making the same move."),
        Person(name: "Mateo García", zone: "Europe/Madrid", headline: "Frontend lead, React and design systems", bio: "Built design systems used by 40 teams. Mentoring in English or Spanish."),
        Person(name: "Hannah Lee", zone: "America/Los_Angeles", headline: "UX research manager", bio: "Returned to work after parental leave and rebuilt a research team from scratch."),
        Person(name: "Kwame Mensah", zone: "Africa/Accra", headline: "Data science lead, health tech", bio: "Statistics, machine learning in production, and speaking to executives about data."),
        Person(name: "Sofia Rossi", zone: "Europe/Rome", headline: "VP Engineering, scale-up", bio: "From first line of code to 120 engineers. I mentor new managers and senior ICs."),
        Person(name: "Daniel Cohen", zone: "Asia/Jerusalem", headline: "Security architect", bio: "Application security, threat modelling, and a career switch from network admin."),
        Person(name: "Yuki Tanaka", zone: "Asia/Tokyo", headline: "Mobile engineer, iOS and Swift", bio: "Shipping apps for a decade; I love code review as a teaching tool."),
        Person(name: "Olivia Brown", zone: "Europe/London", headline: "Head of people development", bio: "Career coaching, negotiation, and finding your voice in meetings."),
        Person(name: "Carlos Mendes", zone: "America/Sao_Paulo", headline: "Cloud infrastructure consultant", bio: "Kubernetes, cost control, and freelancing after a corporate career."),
        Person(name: "Fatima Zahra", zone: "Africa/Casablanca", headline: "QA lead turned engineering manager", bio: "Test strategy, quality culture, and leading without authority."),
        Person(name: "Ethan Walker", zone: "America/New_York", headline: "Principal engineer, fintech", bio: "System design interviews, architecture reviews, and writing good design docs."),
        Person(name: "Ingrid Johansson", zone: "Europe/Stockholm", headline: "Agile coach", bio: "Facilitation, team health, and making retrospectives worth the time."),
        Person(name: "Wei Zhang", zone: "Asia/Shanghai", headline: "Machine learning engineer", bio: "From academia to industry; MLOps and reading papers efficiently."),
        Person(name: "Aisha Bello", zone: "Europe/Paris", headline: "Product designer, accessibility advocate", bio: "Inclusive design and building a portfolio that gets interviews."),
        Person(name: "Noah Fischer", zone: "Europe/Zurich", headline: "CTO, climate startup", bio: "Founding a company, first hires, and balancing tech debt with speed."),
        Person(name: "Laura Martínez", zone: "America/Mexico_City", headline: "Data engineer", bio: "Pipelines, SQL that scales, and moving from analyst to engineer."),
        Person(name: "Samuel Adeyemi", zone: "Europe/London", headline: "DevRel lead", bio: "Public speaking, writing technical articles, and community building."),
        Person(name: "Chloé Dubois", zone: "Europe/Paris", headline: "Backend engineer, Go and PostgreSQL", bio: "Databases, performance work, and my first conference talk."),
        Person(name: "Arjun Mehta", zone: "Asia/Singapore", headline: "Engineering manager, marketplaces", bio: "Remote teams across time zones and giving feedback that lands."),
        Person(name: "Emily Clarke", zone: "Australia/Sydney", headline: "Technical program manager", bio: "Running cross-team programs and communicating with stakeholders."),
        Person(name: "Jonas Weber", zone: "Europe/Vienna", headline: "Open-source maintainer", bio: "Maintaining popular libraries and contributing your first pull request."),
        Person(name: "Grace Kim", zone: "America/Chicago", headline: "Site reliability engineer", bio: "On-call health, incident reviews, and observability."),
        Person(name: "Rafael Silva", zone: "Europe/Lisbon", headline: "Startup founder and angel investor", bio: "Bootstrapping, fundraising, and the leap from employee to founder."),
    ]

    /// What each demo mentor knows (index-aligned with `mentors`), challenges they faced and languages.
    static let mentorSkills: [(skills: String, faced: [String], languages: [String])] = [
        ("Engineering management (5), Hiring (5), Payments (4), Go (3)", ["first-time manager"], ["English", "Yoruba"]),
        ("Distributed systems (5), Go (5), System design (5), On-call (4)", [], ["German", "English"]),
        ("Product management (5), Roadmaps (4), User interviews (4)", ["career switch"], ["English", "Hindi"]),
        ("React (5), Design systems (5), TypeScript (4), Accessibility (3)", [], ["Spanish", "English"]),
        ("UX research (5), User interviews (5), Team building (4)", ["returning from leave"], ["English", "Korean"]),
        ("Machine learning (5), Statistics (5), Python (4), Public speaking (3)", [], ["English"]),
        ("Engineering management (5), Scaling teams (5), Hiring (4)", ["first-time manager"], ["Italian", "English"]),
        ("Security (5), Threat modelling (5), Networking (4)", ["career switch"], ["Hebrew", "English"]),
        ("Swift (5), iOS (5), Code review (4)", [], ["Japanese", "English"]),
        ("Career coaching (5), Negotiation (5), Public speaking (4)", ["returning from leave"], ["English"]),
        ("Kubernetes (5), Cloud infrastructure (5), Freelancing (4)", ["going freelance"], ["Portuguese", "English"]),
        ("Testing (5), Engineering management (4), Quality (5)", ["career switch", "first-time manager"], ["French", "Arabic", "English"]),
        ("System design (5), Interviews (5), Technical writing (4), Java (4)", [], ["English"]),
        ("Facilitation (5), Agile (5), Team health (4)", [], ["Swedish", "English"]),
        ("Machine learning (5), MLOps (4), Python (5)", ["career switch"], ["Chinese", "English"]),
        ("Product design (5), Accessibility (5), Portfolio (4)", [], ["French", "English"]),
        ("Startups (5), Hiring (4), Architecture (4)", ["founding a company"], ["German", "English"]),
        ("SQL (5), Data engineering (5), Python (4)", ["career switch"], ["Spanish", "English"]),
        ("Public speaking (5), Technical writing (5), Community building (4)", [], ["English"]),
        ("PostgreSQL (5), Go (4), Performance (5), Public speaking (3)", [], ["French", "English"]),
        ("Engineering management (5), Remote teams (5), Feedback (5)", ["first-time manager"], ["English", "Hindi"]),
        ("Program management (5), Stakeholders (4), Roadmaps (3)", [], ["English"]),
        ("Open source (5), Rust (4), Code review (5)", [], ["German", "English"]),
        ("On-call (5), Observability (5), Incident reviews (5), Kubernetes (3)", [], ["English", "Korean"]),
        ("Fundraising (5), Startups (5), Product management (3)", ["founding a company", "career switch"], ["Portuguese", "English"]),
    ]

    /// Skills and challenges that go with each demo mentee goal (index-aligned with `menteeGoals`).
    static let goalSkills: [(skills: [String], challenges: [String])] = [
        (["Go", "System design", "Testing"], ["career switch"]),
        (["Engineering management", "Hiring", "Feedback"], ["first-time manager"]),
        (["React", "TypeScript", "Accessibility"], []),
        (["System design", "Interviews", "Distributed systems"], []),
        (["Public speaking", "Technical writing"], []),
        (["Product management", "User interviews", "Roadmaps"], ["career switch"]),
        (["Incident reviews", "On-call", "Observability"], []),
        (["Career coaching", "Negotiation"], ["returning from leave"]),
        (["Architecture", "System design", "Technical writing"], []),
        (["Kubernetes", "Cloud infrastructure", "Freelancing"], ["going freelance"]),
    ]

    static let valuePool = ["honesty", "craft", "growth", "balance", "curiosity", "kindness", "impact", "autonomy"]

    static func demoProfile(for userID: UUID, index: Int, mentor: Bool) -> Profile {
        let profile = Profile(userID: userID)
        var v = InputValidator()
        profile.values = [valuePool[index % valuePool.count], valuePool[(index * 3 + 1) % valuePool.count]]
        profile.workStructure = index % 3 == 0 ? "flexible" : "structured"
        profile.frequencyDays = [7, 14, 14, 21][index % 4]
        profile.channel = index % 5 == 0 ? "in_person" : "video"
        profile.availability = [WeeklyWindow(weekday: 1 + index % 5, startMinute: (17 + index % 3) * 60, endMinute: (19 + index % 3) * 60),
                                WeeklyWindow(weekday: 1 + (index + 2) % 5, startMinute: 8 * 60, endMinute: 9 * 60 + 30)]
        if mentor {
            let spec = mentorSkills[index % mentorSkills.count]
            profile.expertise = ListInput.skills(spec.skills, field: "expertise", into: &v)
            profile.challengesFaced = spec.faced
            profile.languages = spec.languages
            profile.yearsExperience = 6 + (index * 7) % 18
            profile.capacity = 1 + index % 3
            profile.industries = [["Fintech"], ["SaaS"], ["Health"], ["E-commerce"], ["Public sector"]][index % 5]
        } else {
            let goal = goalSkills[index % goalSkills.count]
            profile.goals = menteeGoals[index % menteeGoals.count]
            profile.skillsWanted = goal.skills
            profile.challenges = goal.challenges
            profile.languages = index % 4 == 1 ? ["Spanish", "English"] : ["English"]
        }
        return profile
    }

    static let menteeNames = [
        "Zoe Martin", "Omar Haddad", "Lena Novak", "Ravi Patel", "Mia Schulz", "Tomás Herrera", "Chiara Bianchi",
        "Jamal Carter", "Elif Yılmaz", "Nora Lindqvist", "Diego Torres", "Hana Sato", "Ben Goldberg", "Amina Diallo",
        "Felix Braun", "Isabel Costa", "Kenji Watanabe", "Leila Ahmadi", "Marco Ferrari", "Nadia Petrova",
        "Oscar Nilsson", "Paula Jiménez", "Quentin Moreau", "Rosa Alvarez", "Sven Larsen", "Tariq Aziz",
        "Uma Krishnan", "Victor Dumas", "Wanjiru Kamau", "Xavier Blanc", "Yara Nasser", "Zain Malik",
        "Alice Meyer", "Bruno Lopes", "Clara Hoffmann", "David Osei", "Eva Horvath", "Farah Iqbal",
        "Gabriel Rocha", "Helena Popescu", "Ivan Kuznetsov", "Julia Wójcik", "Kofi Asante", "Lucía Romero",
        "Mohammed Saleh", "Nina Berg", "Pedro Alves", "Rina Hoshino", "Samira Khan", "Theo Wright",
    ]

    static let menteeGoals = [
        "Move from QA into backend engineering within a year", "Become a first-time engineering manager",
        "Build a portfolio of React projects", "Prepare for senior engineer interviews", "Give my first conference talk",
        "Switch from marketing to product management", "Learn to lead incident reviews", "Return to tech after a career break",
        "Grow into a staff engineer role", "Start freelancing as a cloud consultant",
    ]

    static let zones = ["Europe/Berlin", "Europe/London", "America/New_York", "Asia/Kolkata", "Africa/Nairobi",
                        "America/Sao_Paulo", "Asia/Tokyo", "Europe/Madrid", "Australia/Melbourne", "America/Toronto"]

    struct Summary {
        let created: Bool
        let mentors: Int
        let mentees: Int
        let mentorships: Int
    }

    static func emailAddress(for name: String, suffix: String) -> String {
        let ascii = name.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: Locale(identifier: "en_US_POSIX"))
            .lowercased().replacingOccurrences(of: "ı", with: "i")
            .map { $0.isLetter && $0.isASCII ? String($0) : ($0 == " " ? "." : "") }.joined()
        return "\(ascii).\(suffix)@example.org"
    }

    static func load(on db: any Database, passwordHash: String) async throws -> Summary {
        if try await User.find(email: coordinatorEmail, on: db) != nil {
            return Summary(created: false, mentors: mentors.count, mentees: menteeNames.count, mentorships: 0)
        }
        return try await db.writeTransaction { db in
            let coordinator = User(email: coordinatorEmail, displayName: "Dana Whitfield", passwordHash: passwordHash, timeZone: "Europe/Amsterdam")
            coordinator.headline = "Coordinator of the Open Source Mentoring Circle"
            try await coordinator.save(on: db)
            let today = CalendarDate(Date())
            let settings = try ProgramSettings.validate(ProgramDraft(
                name: "Open Source Mentoring Circle 2026", description: "A six-month program pairing experienced engineers, designers and product people with people growing into their next role. Pairs meet every two weeks, set SMART goals and share wins and setbacks.",
                startsOn: today.adding(days: -45).description, endsOn: today.adding(days: 137).description, meetingCadenceDays: 14))
            let program = Program(settings: settings)
            program.storedCodeOfConduct = codeOfConduct
            try await program.save(on: db)
            let programID = try program.requireID()
            try await ProgramMembership(programID: programID, userID: coordinator.requireID(), isCoordinator: true, isMentor: false, isMentee: false).save(on: db)

            var mentorUsers: [User] = []
            for (index, person) in mentors.enumerated() {
                let email = index == 0 ? mentorEmail : emailAddress(for: person.name, suffix: "mentor")
                let user = User(email: email, displayName: person.name, passwordHash: passwordHash, timeZone: person.zone)
                user.headline = person.headline
                user.bio = person.bio
                try await user.save(on: db)
                // A few mentors are mentees too: mentorship runs in both directions.
                try await ProgramMembership(programID: programID, userID: user.requireID(), isCoordinator: false,
                                            isMentor: true, isMentee: index % 9 == 4).save(on: db)
                try await demoProfile(for: user.requireID(), index: index, mentor: true).save(on: db)
                mentorUsers.append(user)
            }
            var menteeUsers: [User] = []
            for (index, name) in menteeNames.enumerated() {
                let email = index == 0 ? menteeEmail : emailAddress(for: name, suffix: "mentee")
                let user = User(email: email, displayName: name, passwordHash: passwordHash, timeZone: zones[index % zones.count])
                user.headline = menteeGoals[index % menteeGoals.count]
                user.bio = "Currently \(["a junior developer", "a QA analyst", "a support engineer", "a designer", "a data analyst", "a student", "a marketing specialist", "a team lead"][index % 8]); looking for a mentor who has walked this path."
                try await user.save(on: db)
                try await ProgramMembership(programID: programID, userID: user.requireID(), isCoordinator: false,
                                            isMentor: false, isMentee: true).save(on: db)
                try await demoProfile(for: user.requireID(), index: index, mentor: false).save(on: db)
                menteeUsers.append(user)
            }

            // Mentorships under way, each with notes of both kinds.
            try await ProgramMembership.query(on: db).filter(\.$program.$id == programID).filter(\.$isCoordinator == false)
                .set(\.$conductAcceptedAt, to: Date().addingTimeInterval(-44 * 86_400)).update()
            let pairs = [(0, 0), (1, 1), (2, 5), (3, 2), (4, 7), (6, 1 + 10), (9, 12), (12, 8)]
            var started: [Mentorship] = []
            for (offset, pair) in pairs.enumerated() {
                let mentor = mentorUsers[pair.0]
                let mentee = menteeUsers[pair.1]
                let mentorship = Mentorship(programID: programID, mentorID: try mentor.requireID(), menteeID: try mentee.requireID(),
                                            startedAt: Date().addingTimeInterval(-Double(40 - offset * 4) * 86_400))
                try await record(mentorship, at: mentorship.startedAt, \.createdAt, on: db)
                let id = try mentorship.requireID()
                let began = mentorship.startedAt
                try await record(MentorshipNote(mentorshipID: id, authorID: mentee.requireID(), visibility: .pair,
                                              body: "Thank you for today's session! I tried the approach you suggested and it helped me structure the week."),
                               at: began.addingTimeInterval(17.8 * 86_400), \.createdAt, on: db)
                try await record(MentorshipNote(mentorshipID: id, authorID: mentor.requireID(), visibility: .pair,
                                              body: "Great progress. Next time: bring one concrete example of feedback you gave and how it landed."),
                               at: began.addingTimeInterval(18.4 * 86_400), \.createdAt, on: db)
                try await record(MentorshipNote(mentorshipID: id, authorID: mentee.requireID(), visibility: .authorOnly,
                                              body: "Private: I still feel nervous about asking for the promotion. Prepare talking points before the next meeting."),
                               at: Date().addingTimeInterval(-4.3 * 86_400), \.createdAt, on: db)
                try await record(Notification(userID: mentee.requireID(), title: "\(mentor.displayName) is your mentor",
                                            body: "Your mentorship in “\(program.name)” has started.", link: Paths.mentorship(id)),
                               at: began, \.createdAt, on: db)
                try await charter(for: mentorship, offset: offset, endsOn: settings.endsOn, on: db)
                try await goals(for: mentorship, offset: offset, on: db)
                try await meetings(for: mentorship, offset: offset, on: db)
                mentorship.$mentor.value = mentor
                mentorship.$mentee.value = mentee
                started.append(mentorship)
            }
            try await concerns(in: started, coordinator: coordinator, on: db)
            try await endings(in: started, programID: programID, mentor: mentorUsers[0], pastMentee: menteeUsers[30], on: db)
            // A mentee with two mentors: Priya alongside Lukas, for the mentee's first goal.
            let second = Mentorship(programID: programID, mentorID: try mentorUsers[2].requireID(), menteeID: try menteeUsers[1].requireID(),
                                    startedAt: Date().addingTimeInterval(-12 * 86_400))
            try await record(second, at: second.startedAt, \.createdAt, on: db)
            if let goal = try await Goal.query(on: db).filter(\.$owner.$id == menteeUsers[1].requireID()).filter(\.$status == .active).first() {
                try await GoalShare(goalID: try goal.requireID(), mentorshipID: try second.requireID()).save(on: db)
            }
            // A request waiting for the demo mentor, sent three days ago, so signing in as her shows one to answer.
            let asking = menteeUsers[20]
            let request = MentorshipRequest(programID: programID, menteeID: try asking.requireID(), mentorID: try mentorUsers[0].requireID(),
                                            introduction: .init(
                                                whoIAm: "I'm \(asking.firstName), a support engineer who has been automating our team's tooling in Python for a year.",
                                                whatDrewMe: "You went from backend engineer to managing teams in payments, and you write about hiring with care: that is the path I'm weighing.",
                                                hopeToAchieve: "By the summer I'd like to lead a small project end to end and know whether management is for me.",
                                                timeAsked: "45 minutes every two weeks for three months"),
                                            expiresAt: Date().addingTimeInterval(11 * 86_400))
            try await record(request, at: Date().addingTimeInterval(-3 * 86_400), \.createdAt, on: db)
            return Summary(created: true, mentors: mentorUsers.count, mentees: menteeUsers.count, mentorships: pairs.count)
        }
    }
}

extension DemoData {
    /// Charters at every stage: signed, a change waiting for signatures, half signed, not written.
    static func charter(for mentorship: Mentorship, offset: Int, endsOn: CalendarDate, on db: any Database) async throws {
        guard offset < 7 else { return }
        let id = try mentorship.requireID()
        let start = CalendarDate(mentorship.startedAt)
        var terms = CharterTerms.defaults(cadenceDays: 14, startsOn: start, endsOn: endsOn,
                                          availability: "Weekday evenings after 18:00, and Friday mornings.")
        terms.meetingLink = "https://meet.example.org/tandem-\(offset)"
        terms.offLimitsTopics = offset == 0 ? "Family matters and my health, unless I bring them up." : ""
        let signedAt = mentorship.startedAt.addingTimeInterval(3 * 86_400)
        let first = CharterHistory.Version(number: 1, terms: terms, mentorSignedAt: signedAt,
                                           menteeSignedAt: offset == 6 ? nil : signedAt.addingTimeInterval(3_600))
        try await record(CharterVersion(mentorshipID: id, authorID: mentorship.$mentee.id, version: first),
                       at: mentorship.startedAt.addingTimeInterval(2 * 86_400), \.createdAt, on: db)
        if offset == 1 {
            var changed = terms
            changed.cadenceDays = 7
            changed.rescheduleNoticeHours = 12
            let second = CharterHistory.Version(number: 2, terms: changed, mentorSignedAt: Date().addingTimeInterval(-86_400))
            try await record(CharterVersion(mentorshipID: id, authorID: mentorship.$mentor.id, version: second),
                           at: Date().addingTimeInterval(-1.2 * 86_400), \.createdAt, on: db)
        }
    }

    /// Goals at different stages; the demo mentee's are the fullest: active with milestones and
    /// progress and an endorsement, achieved, a draft the checker still flags, one dropped.
    static func goals(for mentorship: Mentorship, offset: Int, on db: any Database) async throws {
        let start = CalendarDate(mentorship.startedAt)
        let menteeID = mentorship.$mentee.id
        let mentorshipID = try mentorship.requireID()
        func save(_ draft: GoalDraft, _ status: GoalStatus, endorsed: Bool, milestones: [(String, Int, Bool)], progress: [(Int, Double, String)]) async throws {
            let goal = Goal(ownerID: menteeID, draft: draft, status: status)
            let started = mentorship.startedAt
            if status == .achieved {
                goal.achievedAt = started.addingTimeInterval(30 * 86_400)
                goal.celebratedAt = goal.achievedAt
            }
            try await record(goal, at: started.addingTimeInterval(1.3 * 86_400), \.createdAt, on: db)
            let goalID = try goal.requireID()
            let share = GoalShare(goalID: goalID, mentorshipID: mentorshipID)
            if endorsed { share.endorsedAt = started.addingTimeInterval(6 * 86_400) }
            if status != .draft { try await share.save(on: db) }
            if endorsed {
                try await record(GoalFeedback(goalID: goalID, mentorshipID: mentorshipID, authorID: mentorship.$mentor.id, kind: .endorse,
                                              body: "A good size for three months, and it shows exactly what you can do."),
                                 at: started.addingTimeInterval(6 * 86_400), \.createdAt, on: db)
            }
            for (title, day, done) in milestones {
                let milestone = Milestone(goalID: goalID, draft: MilestoneDraft(title: title, dueOn: start.adding(days: day)))
                if done {
                    milestone.doneAt = started.addingTimeInterval(Double(day - 2) * 86_400)
                    milestone.celebratedAt = milestone.doneAt
                }
                try await milestone.save(on: db)
            }
            for (day, value, note) in progress {
                try await record(ProgressUpdate(goalID: goalID, authorID: menteeID, value: value, note: note, recordedOn: start.adding(days: day)),
                               at: started.addingTimeInterval((Double(day) + 0.8) * 86_400), \.createdAt, on: db)
            }
        }
        let react = GoalDraft(
            title: "Build a working web application using React",
            specific: "A deployed React app with three features: sign-in, search and a shared reading list.",
            metric: "features deployed", unit: "features", baseline: 0, target: 3,
            achievable: "Five hours a week, the official React tutorial, and a code review from my mentor every two weeks.",
            relevant: "Front-end skills are what I need to move from QA into product engineering.",
            startsOn: start, deadline: start.adding(days: 90))
        try await save(react, .active, endorsed: offset % 2 == 0, milestones: [("Sign-in works end to end", 14, true), ("Search deployed", 32, offset == 0),
                                                                          ("Shared reading list", 60, false), ("Demo to the team", 85, false)],
                       progress: [(3, 0, "Project set up, tutorial done"), (15, 1, "Sign-in deployed"), (29, 1, "Search half done"), (35, offset == 0 ? 2 : 1, "Search live")])
        guard offset == 0 else { return }
        let talk = GoalDraft(
            title: "Give a lightning talk at the local meetup",
            specific: "A five-minute talk on testing React components, given at the March meetup.",
            metric: "talks given", unit: "talks", baseline: 0, target: 1,
            achievable: "The meetup organiser has a slot; I rehearse twice with my mentor.",
            relevant: "Speaking builds the visibility I need for a product engineering role.",
            startsOn: start, deadline: start.adding(days: 35))
        try await save(talk, .achieved, endorsed: true, milestones: [("Outline and slides", 20, true), ("Rehearsal with Amara", 27, true)],
                       progress: [(28, 1, "Talk given — 40 people, good questions")])
        try await save(GoalDraft(title: "Improve my programming skills", startsOn: start.adding(days: 40)), .draft, endorsed: false, milestones: [], progress: [])
        let cert = GoalDraft(
            title: "Pass the AWS Cloud Practitioner exam", specific: "Pass the exam with a score of at least 800.",
            metric: "exam score", unit: "points", baseline: 0, target: 800,
            achievable: "Two evenings a week with the official course.", relevant: "Cloud basics for backend work.",
            startsOn: start, deadline: start.adding(days: 60))
        try await save(cert, .dropped, endorsed: false, milestones: [], progress: [])
    }
}

extension DemoData {
    /// Past and upcoming meetings with talk flows, notes and actions; a thread, a journal and
    /// resources. The demo pair's (offset 0) is the fullest.
    static func meetings(for mentorship: Mentorship, offset: Int, on db: any Database) async throws {
        let id = try mentorship.requireID()
        let mentorID = mentorship.$mentor.id, menteeID = mentorship.$mentee.id
        let now = Date()
        // Early evening in Europe (17:00–20:00 UTC), every two weeks: two held, one next week, one proposed.
        let base = CalendarDate(now).start().timeIntervalSince1970 + 17 * 3600
        let plan: [(days: Double, status: Meeting.Status, proposer: UUID)] = [
            (-23, .accepted, menteeID), (-9, .accepted, mentorID), (5 + Double(offset % 3), .accepted, menteeID), (19, .proposed, mentorID),
        ]
        var made: [Meeting] = []
        for (index, entry) in plan.enumerated() where offset < 6 || index > 1 {
            let start = Date(timeIntervalSince1970: base + entry.days * 86_400 + Double(offset % 4) * 3600)
            // Proposed a week or so ahead (never after it was held), accepted the same day.
            let proposedAt = min(start.addingTimeInterval(-9 * 86_400), now.addingTimeInterval(-2 * 86_400))
            let meeting = Meeting(mentorshipID: id, proposedBy: entry.proposer, draft: MeetingDraft(start: start, minutes: 45,
                                  link: "https://meet.example.org/tandem-\(offset)"), timeZone: "Europe/Berlin")
            meeting.status = entry.status
            meeting.sequence = entry.status == .accepted ? 1 : 0
            try await record(meeting, at: proposedAt, \.createdAt, on: db)
            try await record(MeetingChange(meetingID: meeting.id!, actorID: entry.proposer, kind: .proposed, toStart: start), at: proposedAt, \.createdAt, on: db)
            if entry.status == .accepted {
                try await record(MeetingChange(meetingID: meeting.id!, actorID: entry.proposer == menteeID ? mentorID : menteeID, kind: .accepted, toStart: start),
                               at: proposedAt.addingTimeInterval(5 * 3600), \.createdAt, on: db)
            }
            made.append(meeting)
        }
        // Check-ins after the first meeting, both sides; the demo pair also the first rhythm one, with a drop.
        if offset < 6, let first = made.first {
            let base = [4, 5, 4, 4]
            for (who, shift) in [(menteeID, offset % 2), (mentorID, 0)] {
                let scores = Dictionary(uniqueKeysWithValues: zip(CheckInQuestion.allCases, base.map { max(1, min(5, $0 - shift + (offset % 3 == 2 ? -1 : 0))) }))
                try await record(CheckIn(mentorshipID: id, authorID: who, period: "first",
                                         answers: CheckInAnswers(scores: scores, verdict: offset == 4 && who == menteeID ? .stillDeciding : .goodFit)),
                                 at: first.endsAt.addingTimeInterval(who == menteeID ? 5 * 3600 : 20 * 3600), \.createdAt, on: db)
            }
        }
        if offset == 0 {
            try await record(CheckIn(mentorshipID: id, authorID: menteeID, period: "p1",
                                     answers: CheckInAnswers(scores: [.progress: 2, .communication: 4, .preparation: 3, .fit: 4],
                                                             sentence: "Search took longer than planned; I feel behind.")),
                             at: now.addingTimeInterval(-10 * 86_400), \.createdAt, on: db)
            try await record(CheckIn(mentorshipID: id, authorID: mentorID, period: "p1",
                                     answers: CheckInAnswers(scores: [.progress: 4, .communication: 4, .preparation: 4, .fit: 5],
                                                             sentence: "Steady progress; the talk was a real win.")),
                             at: now.addingTimeInterval(-9 * 86_400), \.createdAt, on: db)
        }
        guard offset == 0, made.count == 4 else { return }
        let (first, second, next) = (made[0], made[1], made[2])
        // The talk flow of the last meeting, and of the next one.
        let flow: [(Meeting, UUID, AgendaItem.Section, String)] = [
            (second, menteeID, .sinceLast, "Deployed sign-in; finished the testing chapter"),
            (second, menteeID, .worked, "Pairing on the pull request review"),
            (second, menteeID, .didntWork, "I lost a week on CSS layout"),
            (second, mentorID, .nextSteps, "Ship search behind a flag"),
            (second, mentorID, .nextObjectives, "Demo the app to the team by January"),
            (second, menteeID, .question, "How do I estimate work I have never done?"),
            (next, menteeID, .question, "How do I ask for a stretch project without sounding pushy?"),
            (next, mentorID, .worked, "Talk went well — let's look at the feedback"),
        ]
        for (meeting, author, section, body) in flow {
            try await AgendaItem(meetingID: meeting.id!, authorID: author, section: section, body: body).save(on: db)
        }
        try await MeetingNote(meetingID: second.id!, authorID: menteeID, visibility: .pair, body: "We agreed: search first, then the shared list. Amara shares her estimation spreadsheet.").save(on: db)
        try await MeetingNote(meetingID: second.id!, authorID: menteeID, visibility: .authorOnly, body: "Private: ask about the team lead opening next time.").save(on: db)
        try await MeetingNote(meetingID: first.id!, authorID: mentorID, visibility: .authorOnly, body: "Private: Zoe undersells her testing work — encourage her to present it.").save(on: db)
        let today = CalendarDate(now)
        let actions: [(Meeting, UUID, String, Int, Bool)] = [
            (first, menteeID, "Finish the React testing chapter", -16, true),
            (first, mentorID, "Send the estimation spreadsheet", -12, true),
            (second, menteeID, "Ship search behind a feature flag", 3, false),
            (second, mentorID, "Introduce Zoe to the meetup organiser", -2, false),
            (second, menteeID, "Write three questions for the team demo", 10, false),
        ]
        for (meeting, owner, title, due, done) in actions {
            let item = ActionItem(mentorshipID: id, meetingID: meeting.id, ownerID: owner, createdByID: owner, title: title, dueOn: today.adding(days: due).description)
            if done { item.status = .done; item.doneAt = meeting.endsAt.addingTimeInterval(5 * 86_400) }
            try await record(item, at: meeting.endsAt.addingTimeInterval(600), \.createdAt, on: db)
        }
        try await record(Message(mentorshipID: id, authorID: menteeID, kind: .thankYou, body: "Thank you for today! The idea of a feature flag takes the pressure off.", meetingID: second.id),
                       at: second.endsAt.addingTimeInterval(2 * 3600), \.createdAt, on: db)
        try await record(Message(mentorshipID: id, authorID: mentorID, kind: .message, body: "My pleasure. Here is the spreadsheet I mentioned — the ‘unknowns’ column is the useful part.", meetingID: nil),
                       at: second.endsAt.addingTimeInterval(17 * 3600), \.createdAt, on: db)
        try await record(JournalEntry(mentorshipID: id, authorID: menteeID, kind: .win, body: "My lightning talk got three questions and an invitation to speak again.", visibility: .pair),
                       at: mentorship.startedAt.addingTimeInterval(28.2 * 86_400), \.createdAt, on: db)
        try await record(JournalEntry(mentorshipID: id, authorID: menteeID, kind: .setback, body: "Froze when the CTO asked about timelines in standup.", visibility: .pair),
                       at: now.addingTimeInterval(-6.6 * 86_400), \.createdAt, on: db)
        try await record(JournalEntry(mentorshipID: id, authorID: menteeID, kind: .setback, body: "Private: compared myself to the senior devs all week.", visibility: .authorOnly),
                       at: now.addingTimeInterval(-2.4 * 86_400), \.createdAt, on: db)
        // Feedback: one answered and found helpful, one waiting for the mentor.
        let answered = Feedback(mentorshipID: id, receiverID: menteeID, giverID: mentorID, subject: .meeting(first.id!),
                                question: "Did I explain the testing approach clearly enough for the team?", workLink: "", workText: "")
        answered.answer(try FeedbackAnswer(situation: "In the team demo you showed last week",
                                           observed: "You started with the tooling, and the reason for the tests came at the end.",
                                           effect: "Two people asked why it mattered before you got there.",
                                           suggestion: "Open with the bug the tests caught. Then show how."), at: first.endsAt.addingTimeInterval(2 * 86_400))
        answered.helpfulAt = first.endsAt.addingTimeInterval(3 * 86_400)
        try await record(answered, at: first.endsAt.addingTimeInterval(86_400), \.createdAt, on: db)
        try await record(Feedback(mentorshipID: id, receiverID: menteeID, giverID: mentorID, subject: .work,
                                  question: "Is my lightning-talk outline too long for ten minutes?",
                                  workLink: "", workText: "1. Why we test React components\n2. Three patterns we use\n3. Live demo: a failing test fixed\n4. What I would do differently"),
                         at: now.addingTimeInterval(-1.1 * 86_400), \.createdAt, on: db)
        let book = Resource(mentorshipID: id, addedByID: mentorID, title: "The Manager's Path", url: "https://www.oreilly.com/library/view/the-managers-path/9781491973882/",
                            kind: .book, why: "Chapter 2 on being mentored is exactly where you are.")
        book.impressions = "The part on asking for feedback made me change how I run my 1:1s."
        book.impressionsAt = now.addingTimeInterval(-3 * 86_400)
        book.onNextAgenda = true
        try await record(book, at: first.endsAt.addingTimeInterval(86_400), \.createdAt, on: db)
        try await record(Resource(mentorshipID: id, addedByID: mentorID, title: "Testing JavaScript (course)", url: "https://testingjavascript.com/",
                                kind: .course, why: "The React part fills the gaps we talked about."),
                       at: second.endsAt.addingTimeInterval(86_400), \.createdAt, on: db)
    }
}

extension DemoData {
    static let codeOfConduct = """
        We are here to help each other grow. In this program we:
        – treat each other with respect and patience, whatever our experience;
        – keep what is shared in a mentorship confidential, unless someone's safety is at risk;
        – keep the commitments in our charter, and say early when we cannot;
        – give feedback on the work, never on the person;
        – never ask for or offer anything beyond mentoring in return for help.
        If something goes wrong, talk openly first; if that is not possible, raise a concern with the coordinators.
        """

    /// A mentorship of the demo mentor's that ended well last month (recap, reflections, thanks
    /// both ways), and an ending proposed in another pair.
    static func endings(in mentorships: [Mentorship], programID: UUID, mentor: User, pastMentee: User, on db: any Database) async throws {
        let now = Date()
        let began = now.addingTimeInterval(-44 * 86_400), ended = now.addingTimeInterval(-9 * 86_400)
        let past = Mentorship(programID: programID, mentorID: try mentor.requireID(), menteeID: try pastMentee.requireID(), startedAt: began)
        try await record(past, at: began, \.createdAt, on: db)
        let id = try past.requireID()
        let menteeID = try pastMentee.requireID(), mentorID = try mentor.requireID()
        for (index, days) in [3.0, 17, 31].enumerated() {
            let start = began.addingTimeInterval(days * 86_400 + 17 * 3600)
            let meeting = Meeting(mentorshipID: id, proposedBy: index % 2 == 0 ? menteeID : mentorID,
                                  draft: MeetingDraft(start: start, minutes: 45, link: "https://meet.example.org/tandem-past"), timeZone: "Europe/Berlin")
            meeting.status = .accepted
            meeting.sequence = 1
            try await record(meeting, at: start.addingTimeInterval(-6 * 86_400), \.createdAt, on: db)
            let item = ActionItem(mentorshipID: id, meetingID: meeting.id, ownerID: menteeID, createdByID: menteeID,
                                  title: ["Draft the interview story bank", "Ask two peers for a mock interview", "Send the application"][index],
                                  dueOn: CalendarDate(start.addingTimeInterval(7 * 86_400)).description)
            item.status = .done
            item.doneAt = start.addingTimeInterval(5 * 86_400)
            try await record(item, at: start.addingTimeInterval(3600), \.createdAt, on: db)
        }
        // One they agreed to let go once the offer came: the recap counts it as dropped.
        let letGo = ActionItem(mentorshipID: id, meetingID: nil, ownerID: menteeID, createdByID: mentorID,
                               title: "Apply to a second company as a fallback", dueOn: nil)
        letGo.status = .dropped
        try await record(letGo, at: began.addingTimeInterval(20 * 86_400), \.createdAt, on: db)
        try await record(JournalEntry(mentorshipID: id, authorID: menteeID, kind: .win, body: "Got the team lead offer — and negotiated the start date.", visibility: .pair),
                         at: began.addingTimeInterval(33 * 86_400), \.createdAt, on: db)
        let ending = MentorshipEnding(mentorshipID: id, proposedByID: menteeID,
                                      draft: try EndingProposalDraft(reason: EndingReason.goalsAchieved.rawValue, words: "I got the role we worked towards. Thank you for six wonderful weeks!"))
        ending.endedAt = ended
        ending.$endedBy.id = mentorID
        try await record(ending, at: ended.addingTimeInterval(-2 * 86_400), \.proposedAt, on: db)
        past.status = .ended
        past.endedAt = ended
        try await past.save(on: db)
        try await record(ClosingNote(mentorshipID: id, authorID: menteeID, reflection: try ReflectionDraft(
            learned: "Telling my story with numbers, not adjectives.", differently: "Ask for feedback earlier instead of polishing alone.",
            keepDoing: "A weekly hour for my own growth."), visibility: .pair), at: ended.addingTimeInterval(3600), \.createdAt, on: db)
        try await record(ClosingNote(mentorshipID: id, authorID: mentorID, reflection: try ReflectionDraft(
            learned: "How much a clear goal speeds everything up.", differently: nil, keepDoing: "Mock interviews in the second month."),
            visibility: .pair), at: ended.addingTimeInterval(7200), \.createdAt, on: db)
        try await record(ClosingNote(mentorshipID: id, authorID: menteeID, gratitude: "Amara, thank you for your patience and your honest questions. I will pay it forward."),
                         at: ended.addingTimeInterval(3 * 3600), \.createdAt, on: db)
        try await record(ClosingNote(mentorshipID: id, authorID: mentorID, gratitude: "It was a joy to see you grow into this. Congratulations on the new role!"),
                         at: ended.addingTimeInterval(5 * 3600), \.createdAt, on: db)
        // Both chose to stay in touch; the mentee's testimonial is on the mentor's profile, with consent.
        try await StayInTouch(mentorshipID: id, personID: menteeID, contact: "LinkedIn: /in/\(pastMentee.firstName.lowercased())-demo").save(on: db)
        try await StayInTouch(mentorshipID: id, personID: mentorID, contact: "").save(on: db)
        let testimonial = Testimonial()
        testimonial.$mentorship.id = id
        testimonial.$program.id = programID
        testimonial.$mentee.id = menteeID
        testimonial.$mentor.id = mentorID
        testimonial.body = "\(mentor.firstName) asked the questions nobody else did, and every meeting ended with one clear next step. Six weeks later I had the offer."
        testimonial.display = .shown
        try await record(testimonial, at: ended.addingTimeInterval(6 * 3600), \.createdAt, on: db)
        // Another pair: the agreed time is almost over, and the mentee proposed to end.
        if mentorships.count > 6 {
            let pair = mentorships[6]
            try await record(MentorshipEnding(mentorshipID: try pair.requireID(), proposedByID: pair.$mentee.id, draft: try EndingProposalDraft(
                reason: EndingReason.durationOver.rawValue, words: "Our three months are nearly up — could we end with a last meeting?")),
                             at: now.addingTimeInterval(-86_400), \.proposedAt, on: db)
        }
    }

    /// A resolved case the demo mentee raised (commitment, settled with a new charter version),
    /// and a case in mediation in another pair, as a coordinator sees them.
    static func concerns(in mentorships: [Mentorship], coordinator: User, on db: any Database) async throws {
        guard mentorships.count > 1 else { return }
        let now = Date()
        func move(_ concern: Concern, by author: UUID, from: CaseState?, to: CaseState, _ note: String, at date: Date) async throws {
            let entry = ConcernEntry(concernID: concern.id!, authorID: author, kind: .move, body: note)
            entry.fromState = from
            entry.toState = to
            try await record(entry, at: date, \.createdAt, on: db)
        }
        let coordinatorID = try coordinator.requireID()
        // The demo pair: Zoe raised the moved meetings early on; it was settled with a new charter version.
        let demo = mentorships[0]
        let settled = try Concern(mentorship: demo, raiserID: demo.$mentee.id, draft: ConcernDraft(
            category: "commitment", description: "Two of our first three meetings moved on the day. I plan my week around them and would like us to agree on notice.",
            shares: ["late_changes"], tellOther: false, consentToMediation: true, citesCodeOfConduct: false, programHasCode: true))
        let raisedAt = demo.startedAt.addingTimeInterval(12 * 86_400)
        settled.state = .closed
        settled.outcome = .newCharterVersion
        settled.otherInvolved = true
        settled.acknowledgedAt = raisedAt.addingTimeInterval(20 * 3600)
        settled.resolvedAt = raisedAt.addingTimeInterval(6 * 86_400)
        settled.closedAt = raisedAt.addingTimeInterval(9 * 86_400)
        try await record(settled, at: raisedAt, \.createdAt, on: db)
        try await record(ConcernSharedRecord(concernID: settled.id!, share: .lateChanges, label: "Late changes to meetings (2)",
                                             excerpt: "Amara Okafor moved the meeting with less notice than the charter asks\nAmara Okafor moved the meeting with less notice than the charter asks"),
                         at: raisedAt, \.createdAt, on: db)
        try await move(settled, by: demo.$mentee.id, from: nil, to: .raised, "", at: raisedAt)
        try await move(settled, by: coordinatorID, from: .raised, to: .acknowledged, "Thank you for raising this, Zoe. I will talk with you first.", at: settled.acknowledgedAt!)
        try await move(settled, by: coordinatorID, from: .acknowledged, to: .acknowledged, "Mediation opened: Amara Okafor is involved, with Zoe's agreement.", at: settled.acknowledgedAt!.addingTimeInterval(86_400))
        try await move(settled, by: coordinatorID, from: .acknowledged, to: .hearing, "", at: settled.acknowledgedAt!.addingTimeInterval(2 * 86_400))
        try await record(ConcernEntry(concernID: settled.id!, authorID: demo.$mentor.id, kind: .message, body: "I'm sorry — on-call weeks made me move things. I did not realise how much it cost Zoe.", party: "other"),
                         at: settled.acknowledgedAt!.addingTimeInterval(2.5 * 86_400), \.createdAt, on: db)
        let agreed = ConcernEntry(concernID: settled.id!, authorID: coordinatorID, kind: .action, body: "Add “48 hours’ notice, except emergencies” to the charter")
        agreed.$actionOwner.id = demo.$mentor.id
        agreed.actionDueOn = CalendarDate(raisedAt.addingTimeInterval(7 * 86_400)).description
        try await move(settled, by: coordinatorID, from: .hearing, to: .agreedActions, "", at: settled.acknowledgedAt!.addingTimeInterval(3 * 86_400))
        try await record(agreed, at: settled.acknowledgedAt!.addingTimeInterval(3 * 86_400 + 60), \.createdAt, on: db)
        try await move(settled, by: coordinatorID, from: .agreedActions, to: .resolved, "The charter now asks for 48 hours’ notice; both signed it.", at: settled.resolvedAt!)
        try await move(settled, by: coordinatorID, from: .resolved, to: .closed, "", at: settled.closedAt!)
        try await record(ConcernRead(concernID: settled.id!, actorID: coordinatorID, channel: Mentorships.Channel.web.rawValue),
                         at: settled.acknowledgedAt!, \.createdAt, on: db)

        // Another pair: a communication concern in mediation, heard on both sides.
        let pair = mentorships[1]
        let open = try Concern(mentorship: pair, raiserID: pair.$mentee.id, draft: ConcernDraft(
            category: "communication", description: "My messages go unanswered for a week or more, and our last meeting ended early without a next date.",
            shares: [], tellOther: false, consentToMediation: true, citesCodeOfConduct: false, programHasCode: true))
        let openedAt = now.addingTimeInterval(-6 * 86_400)
        open.state = .hearing
        open.otherInvolved = true
        open.acknowledgedAt = openedAt.addingTimeInterval(5 * 3600)
        try await record(open, at: openedAt, \.createdAt, on: db)
        try await move(open, by: pair.$mentee.id, from: nil, to: .raised, "", at: openedAt)
        try await move(open, by: coordinatorID, from: .raised, to: .acknowledged, "Thank you — I will read it carefully and get back to you tomorrow.", at: open.acknowledgedAt!)
        try await record(ConcernEntry(concernID: open.id!, authorID: coordinatorID, kind: .note, body: "Lukas had a product launch this month. Check whether a lighter cadence would suit them both."),
                         at: open.acknowledgedAt!.addingTimeInterval(3600), \.createdAt, on: db)
        try await move(open, by: coordinatorID, from: .acknowledged, to: .acknowledged, "Mediation opened: \(pair.mentor.displayName) is involved, with \(pair.mentee.firstName)'s agreement.",
                       at: openedAt.addingTimeInterval(2 * 86_400))
        try await move(open, by: coordinatorID, from: .acknowledged, to: .hearing, "", at: openedAt.addingTimeInterval(2 * 86_400 + 600))
        try await record(ConcernEntry(concernID: open.id!, authorID: coordinatorID, kind: .message, body: "Could you tell me how the last few weeks looked from your side?", party: "other"),
                         at: openedAt.addingTimeInterval(2 * 86_400 + 900), \.createdAt, on: db)
        try await record(ConcernEntry(concernID: open.id!, authorID: pair.$mentor.id, kind: .message, body: "Launch month — I should have said so instead of going quiet. I'd like to keep going.", party: "other"),
                         at: openedAt.addingTimeInterval(3 * 86_400), \.createdAt, on: db)
        try await record(ConcernRead(concernID: open.id!, actorID: coordinatorID, channel: Mentorships.Channel.web.rawValue),
                         at: open.acknowledgedAt!, \.createdAt, on: db)
    }
}

extension DemoData {
    /// Demo records carry the time they describe, not the moment the demo was loaded: a record
    /// is created, then dated (creating sets its creation time to now).
    static func record<M: Model>(_ model: M, at date: Date, _ stamp: ReferenceWritableKeyPath<M, Date?>, on db: any Database) async throws {
        try await model.save(on: db)
        model[keyPath: stamp] = date
        try await model.save(on: db)
    }
}

/// `tandem demo`: fills the database with the demo program and says how to sign in.
struct DemoCommand: AsyncCommand {
    struct Signature: CommandSignature {}

    var help: String { "Fills the database with a realistic demo program and prints how to sign in." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.autoMigrate()
        let hash = try await app.password.async(on: app.threadPool, hopTo: app.eventLoopGroup.next()).hash(DemoData.password).get()
        let summary = try await DemoData.load(on: app.db, passwordHash: hash)
        if summary.created {
            context.console.print("Demo program created: 1 coordinator, \(summary.mentors) mentors, \(summary.mentees) mentees, \(summary.mentorships) mentorships under way.")
        } else {
            context.console.print("The demo program is already in this database.")
        }
        context.console.print("""

            Start Tandem with `swift run tandem serve` and open \(app.tandem.publicURL)
            Sign in with password \(DemoData.password) as:
              coordinator  \(DemoData.coordinatorEmail)
              mentor       \(DemoData.mentorEmail)
              mentee       \(DemoData.menteeEmail)
            """)
    }
}
