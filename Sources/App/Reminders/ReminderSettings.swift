import Fluent
import TandemCore
import Vapor

/// How each person hears from Tandem: reminders by e-mail or in Tandem only, quiet hours in
/// their own zone, and their private calendar feed. Settings page and API.
enum ReminderSettings {
    struct Input: Content {
        var remindersByEmail: Bool?
        /// "22:00"; both empty (or null) means no quiet hours.
        var quietStart: String?
        var quietEnd: String?
    }

    struct PreferencesDTO: Content {
        let remindersByEmail: Bool
        let quietStart: String?
        let quietEnd: String?
        let timeZone: String

        init(_ user: User) {
            remindersByEmail = user.remindersByEmail ?? true
            quietStart = user.quietStart.map(ListInput.clock)
            quietEnd = user.quietEnd.map(ListInput.clock)
            timeZone = user.timeZone
        }
    }

    static func save(_ input: Input, for user: User, on db: any Database) async throws {
        var v = InputValidator()
        let start = (input.quietStart ?? "").trimmingCharacters(in: .whitespaces)
        let end = (input.quietEnd ?? "").trimmingCharacters(in: .whitespaces)
        var startMinute: Int?
        var endMinute: Int?
        if !start.isEmpty || !end.isEmpty {
            startMinute = ListInput.minutes(start)
            endMinute = ListInput.minutes(end)
            if startMinute == nil { v.add("quietStart", "Give the start of your quiet hours like 22:00.") }
            if endMinute == nil { v.add("quietEnd", "Give the end of your quiet hours like 07:00.") }
            if let s = startMinute, let e = endMinute, s == e { v.add("quietEnd", "Quiet hours end at a different time than they start.") }
        }
        try v.check()
        if let byEmail = input.remindersByEmail { user.remindersByEmail = byEmail }
        user.quietStart = startMinute
        user.quietEnd = endMinute
        try await user.save(on: db)
    }

    // MARK: API

    static func register(_ api: any RoutesBuilder) {
        api.get("me", "preferences", use: preferences)
        api.put("me", "preferences", use: updatePreferences)
    }

    @Sendable static func preferences(req: Request) async throws -> PreferencesDTO {
        PreferencesDTO(try req.user)
    }

    @Sendable static func updatePreferences(req: Request) async throws -> PreferencesDTO {
        let user = try req.user
        try await save(try req.content.decode(Input.self), for: user, on: req.db)
        return PreferencesDTO(user)
    }

    // MARK: the settings page

    static func registerPages(signedIn routes: any RoutesBuilder) {
        routes.get("settings", "reminders", use: page)
        routes.post("settings", "reminders", use: savePage)
        routes.post("settings", "calendar-feed", use: createFeed)
        routes.post("settings", "calendar-feed", "revoke", use: revokeFeed)
    }

    struct Page: Encodable {
        let form: FormState
        let feedActive: Bool
        let feedPrefix: String?
        let feedCreated: String?
        let feedLastUsed: String?
        /// Shown once, right after it is made.
        let newFeedURL: String?
        let timeZone: String
    }

    private static func render(_ req: Request, form: FormState? = nil) async throws -> Response {
        let user = try req.user
        let feed = try await Meetings.currentFeed(of: user, on: req.db)
        let voice = user.voice
        let fresh = req.session.data["new_feed_url"]
        req.session.data["new_feed_url"] = nil
        let preferences = PreferencesDTO(user)
        let values = ["remindersByEmail": preferences.remindersByEmail ? "email" : "in_app",
                      "quietStart": preferences.quietStart ?? "", "quietEnd": preferences.quietEnd ?? ""]
        return try await req.render("settings-reminders", title: "Reminders and calendar", Page(
            form: form ?? FormState(values: values), feedActive: feed != nil, feedPrefix: feed?.prefix,
            feedCreated: feed?.createdAt.map { voice.moment($0) }, feedLastUsed: feed?.lastUsedAt.map { voice.moment($0) },
            newFeedURL: fresh, timeZone: user.timeZone))
    }

    @Sendable static func page(req: Request) async throws -> Response {
        try await render(req)
    }

    @Sendable static func savePage(req: Request) async throws -> Response {
        let values = try req.form([String: String].self).values
        return try await req.handleForm(values: values, rerender: { state in try await render(req, form: state) }) {
            try await save(Input(remindersByEmail: values["remindersByEmail"] != "in_app", quietStart: values["quietStart"], quietEnd: values["quietEnd"]),
                           for: try req.user, on: req.db)
            Flash.set("Your reminder settings are saved.", on: req)
            return req.redirect(to: "/settings/reminders")
        }
    }

    @Sendable static func createFeed(req: Request) async throws -> Response {
        let (_, secret) = try await Meetings.createFeed(for: try req.user, on: req.db)
        req.session.data["new_feed_url"] = Meetings.feedURL(secret, publicURL: req.tandem.publicURL)
        Flash.set("Your calendar address is ready. Copy it now: it is shown only once.", on: req)
        return req.redirect(to: "/settings/reminders#calendar")
    }

    @Sendable static func revokeFeed(req: Request) async throws -> Response {
        if let ask = try await Confirmation.ask(req, question: "Revoke your calendar address?",
                                                consequence: "Calendars subscribed to it stop updating; you can make a new address and subscribe again.",
                                                button: "Revoke the address", back: "/settings/reminders#calendar") { return ask }
        try await Meetings.revokeFeed(of: try req.user, on: req.db)
        Flash.set("The calendar address is revoked; calendars subscribed to it stop updating.", on: req)
        return req.redirect(to: "/settings/reminders#calendar")
    }
}
