import Fluent
import TandemCore
import Vapor

/// Editing one's own profile, and reading someone else's.
enum ProfilePages {
    static func register(signedIn routes: any RoutesBuilder) {
        routes.get("profile", use: edit)
        routes.post("profile", use: save)
        routes.get("people", ":userID", use: show)
    }

    struct Day: Encodable {
        let number: Int
        let name: String
        let start: String
        let end: String
    }

    /// One option of a list: the stored value and the words people read.
    struct Choice: Encodable {
        let value: String
        let label: String
    }

    struct EditPage: Encodable {
        let form: FormState
        let days: [Day]
        let asMentor: Bool
        let asMentee: Bool
        let percent: Int
        let missing: [String]
        let structures: [Choice]
        let channels: [Choice]
        /// From the person's programs: the lists to choose from.
        let challengeOptions: String
        let valueOptions: String
    }

    static let dayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

    static func values(of profile: Profile) -> [String: String] {
        var values: [String: String] = [
            "expertise": ListInput.render(profile.expertise),
            "industries": profile.industries.joined(separator: ", "),
            "yearsExperience": profile.yearsExperience.map(String.init) ?? "",
            "challengesFaced": profile.challengesFaced.joined(separator: ", "),
            "capacity": String(profile.capacity),
            "openToMentees": profile.openToMentees ? "on" : "",
            "goals": profile.goals,
            "skillsWanted": profile.skillsWanted.joined(separator: ", "),
            "challenges": profile.challenges.joined(separator: ", "),
            "workStructure": profile.workStructure ?? "",
            "frequencyDays": profile.frequencyDays.map(String.init) ?? "",
            "channel": profile.channel ?? "",
            "values": profile.values.joined(separator: ", "),
            "languages": profile.languages.joined(separator: ", "),
        ]
        for window in profile.availability {
            values["day\(window.weekday)Start"] = ListInput.clock(window.startMinute)
            values["day\(window.weekday)End"] = ListInput.clock(window.endMinute)
        }
        return values
    }

    private static func render(_ req: Request, form: FormState? = nil) async throws -> Response {
        let user = try req.user
        let userID = try user.requireID()
        let profile = try await Profiles.profile(of: userID, on: req.db)
        let roles = try await Profiles.roles(of: userID, on: req.db)
        let completeness = Profiles.completeness(profile, user: user, roles: roles)
        let form = form ?? FormState(values: values(of: profile))
        let programs = try await Programs.memberships(of: user, on: req.db).map(\.program)
        func union(_ lists: [[String]]) -> String {
            var seen = Set<String>()
            return lists.flatMap { $0 }.filter { seen.insert($0.lowercased()).inserted }.joined(separator: ", ")
        }
        let challengeOptions = union(programs.isEmpty ? [Program.defaultChallenges] : programs.map(\.challengeOptions))
        let valueOptions = union(programs.isEmpty ? [Program.defaultValues] : programs.map(\.valueOptions))
        let days = (1...7).map { Day(number: $0, name: dayNames[$0 - 1], start: form.values["day\($0)Start"] ?? "", end: form.values["day\($0)End"] ?? "") }
        return try await req.render("profile-edit", title: "Your profile", EditPage(
            form: form, days: days, asMentor: roles.mentor || !roles.mentee, asMentee: roles.mentee || !roles.mentor,
            percent: completeness.percent, missing: completeness.missing,
            structures: WorkStyle.Structure.allCases.map { Choice(value: $0.rawValue, label: $0.label) },
            channels: WorkStyle.Channel.allCases.map { Choice(value: $0.rawValue, label: $0.label) },
            challengeOptions: challengeOptions, valueOptions: valueOptions))
    }

    @Sendable static func edit(req: Request) async throws -> Response {
        try await render(req)
    }

    /// Reads the form into a draft; problems with what was typed go into `v`.
    static func draft(from values: [String: String], into v: inout InputValidator) -> ProfileDraft {
        var draft = ProfileDraft()
        func number(_ key: String, label: String) -> Int? { v.optionalWholeNumber(key, values[key], label: label) }
        draft.expertise = ListInput.skills(values["expertise"], field: "expertise", into: &v)
        draft.industries = ListInput.items(values["industries"])
        draft.yearsExperience = number("yearsExperience", label: "Years of experience")
        draft.challengesFaced = ListInput.items(values["challengesFaced"])
        draft.capacity = number("capacity", label: "Capacity") ?? 0
        draft.openToMentees = values["openToMentees"] == "on" || values["openToMentees"] == "true"
        draft.goals = values["goals"] ?? ""
        draft.skillsWanted = ListInput.items(values["skillsWanted"])
        draft.challenges = ListInput.items(values["challenges"])
        draft.workStructure = (values["workStructure"] ?? "").isEmpty ? nil : values["workStructure"]
        draft.frequencyDays = number("frequencyDays", label: "Meeting rhythm")
        draft.channel = (values["channel"] ?? "").isEmpty ? nil : values["channel"]
        draft.values = ListInput.items(values["values"])
        draft.languages = ListInput.items(values["languages"])
        for day in 1...7 {
            let start = (values["day\(day)Start"] ?? "").trimmingCharacters(in: .whitespaces)
            let end = (values["day\(day)End"] ?? "").trimmingCharacters(in: .whitespaces)
            if start.isEmpty && end.isEmpty { continue }
            guard let from = ListInput.minutes(start), let to = ListInput.minutes(end), from < to else {
                v.add("day\(day)", "\(dayNames[day - 1]): give a start and a later end, like 18:00 and 20:00.")
                continue
            }
            draft.availability.append(WeeklyWindow(weekday: day, startMinute: from, endMinute: to))
        }
        return draft
    }

    @Sendable static func save(req: Request) async throws -> Response {
        let values = try req.form([String: String].self).values
        return try await req.handleForm(values: values, rerender: { form in try await render(req, form: form) }) {
            var v = InputValidator()
            let draft = draft(from: values, into: &v)
            _ = try await Profiles.save(draft, parsing: v, for: try req.user, on: req.db)
            Flash.set("Your profile is saved.", on: req)
            return req.redirect(to: "/profile")
        }
    }

    struct ShowPage: Encodable {
        let avatar: Avatar
        let name: String
        let headline: String
        let bio: String
        let timeZone: String
        let expertise: [SkillLevel]
        let industries: [String]
        let yearsExperience: Int?
        let challengesFaced: [String]
        let goals: String
        let skillsWanted: [String]
        let values: [String]
        let languages: [String]
        let workStyle: String
        let availability: [String]
        let openToMentees: Bool
        let isMe: Bool
        /// Testimonials on display: each with its mentee's consent (TestimonialDisplay.shown).
        let testimonials: [Testimonial]

        struct Testimonial: Encodable {
            let menteeName: String
            let body: String
            let when: String
        }
    }

    @Sendable static func show(req: Request) async throws -> Response {
        let viewer = try req.user
        let (person, profile) = try await Profiles.visibleProfile(of: req.parameters.get("userID", as: UUID.self), to: viewer, on: req.db)
        var style: [String] = []
        if let structure = profile.workStructure.flatMap(WorkStyle.Structure.init(rawValue:)) { style.append("prefers a \(structure.rawValue) style") }
        if let days = profile.frequencyDays { style.append(days == 1 ? "meets every day" : "meets every \(days) days") }
        if let channel = profile.channel.flatMap(WorkStyle.Channel.init(rawValue:)) { style.append("by \(channel.label.lowercased())") }
        return try await req.render("profile-show", title: person.displayName, ShowPage(
            avatar: Avatar(name: person.displayName), name: person.displayName, headline: person.headline, bio: person.bio, timeZone: person.timeZone,
            expertise: profile.expertise, industries: profile.industries, yearsExperience: profile.yearsExperience,
            challengesFaced: profile.challengesFaced, goals: profile.goals, skillsWanted: profile.skillsWanted,
            values: profile.values, languages: profile.languages, workStyle: style.joined(separator: ", "),
            availability: profile.availability.map { "\(dayNames[$0.weekday - 1]) \(ListInput.clock($0.startMinute))–\(ListInput.clock($0.endMinute))" },
            openToMentees: profile.openToMentees, isMe: person.id == viewer.id,
            testimonials: try await Closing.onProfile(of: person.requireID(), to: viewer, on: req.db).map {
                ShowPage.Testimonial(menteeName: $0.mentee.displayName, body: $0.body, when: $0.createdAt.map { viewer.voice.monthYear($0) } ?? "")
            }))
    }
}
