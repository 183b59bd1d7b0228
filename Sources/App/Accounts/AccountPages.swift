import Fluent
import TandemCore
import Vapor

/// Web pages for signing up and in, passwords, settings, tokens and deleting an account.
enum AccountPages {
    struct FormPage: Encodable {
        let form: FormState
        var next: String?
        var token: String?
        /// One sentence above the form: why the person is here (a form waiting, an invitation).
        var notice: String?
        /// `next` for a link to the other page (sign in ↔ sign up).
        let nextEncoded: String

        init(form: FormState, next: String? = nil, token: String? = nil, notice: String? = nil) {
            self.form = form
            self.next = next
            self.token = token
            self.notice = notice
            nextEncoded = QueryString.encode(next ?? Paths.dashboard)
        }
    }

    /// Why someone is asked to sign in or up right now, if there is more to it than "sign in".
    private static func arrivalNotice(_ req: Request, signingUp: Bool = false, invitedTo program: Program?) -> String? {
        if StaleForm.isWaiting(on: req) {
            return "You were signed out while you were typing. Sign in again: what you typed is kept, and you can send it right after."
        }
        if let program {
            return signingUp
                ? "You’re invited to “\(program.name)”. Create your account and you go straight on to joining it."
                : "You’re invited to “\(program.name)”. Sign in, or create an account, and you go straight on to joining it."
        }
        return nil
    }

    /// The program behind an invite link or an e-mail invitation the person is on their way to,
    /// and for an e-mail invitation the address it was sent to.
    private static func invitation(_ req: Request) async -> (program: Program, email: String?)? {
        let parts = nextPath(req).split(separator: "?")[0].split(separator: "/").map(String.init)
        guard parts.count == 2 else { return nil }
        switch parts[0] {
        case "join": return (try? await Programs.program(withInviteCode: parts[1], on: req.db)).map { ($0, nil) }
        case "invitations": return (try? await Programs.invitation(withToken: parts[1], on: req.db)).map { ($0.program, $0.email) }
        default: return nil
        }
    }

    static func register(public web: any RoutesBuilder, signedIn: any RoutesBuilder) {
        web.get(use: home)
        web.get("sign-up", use: signUpPage)
        web.post("sign-up", use: signUp)
        web.get("sign-in", use: signInPage)
        web.post("sign-in", use: signIn)
        web.post("sign-out", use: signOut)
        web.get("password", "forgot", use: forgotPage)
        web.post("password", "forgot", use: forgot)
        web.get("password", "reset", use: resetPage)
        web.post("password", "reset", use: reset)

        signedIn.get("settings", use: settings)
        signedIn.post("settings", "profile", use: updateProfile)
        signedIn.post("settings", "password", use: changePassword)
        signedIn.get("settings", "tokens", use: tokens)
        signedIn.post("settings", "tokens", use: createToken)
        signedIn.post("settings", "tokens", ":tokenID", "revoke", use: revokeToken)
        signedIn.get("settings", "export", use: export)
        signedIn.get("settings", "delete", use: deletePage)
        signedIn.post("settings", "delete", use: deleteAccount)
    }

    @Sendable static func home(req: Request) async throws -> Response {
        if req.auth.has(User.self) { return req.redirect(to: Paths.dashboard) }
        return try await req.render("home", title: "Mentorship that goes somewhere", [String: String]())
    }

    private static func nextPath(_ req: Request) -> String {
        let next = (try? req.query.get(String.self, at: "next")) ?? (try? req.content.get(String.self, at: "next"))
        guard let next, Paths.isLocal(next) else { return Paths.dashboard }
        return next
    }

    @Sendable static func signUpPage(req: Request) async throws -> Response {
        var form = FormState()
        let invited = await invitation(req)
        if let email = invited?.email { form.values["email"] = email }
        return try await req.render("sign-up", title: "Create your account",
                                    FormPage(form: form, next: nextPath(req), notice: arrivalNotice(req, signingUp: true, invitedTo: invited?.program)))
    }

    @Sendable static func signUp(req: Request) async throws -> Response {
        let (input, values) = try req.form(Accounts.SignUp.self)
        let next = nextPath(req)
        return try await req.handleForm(values: values, rerender: { form in
            try await req.render("sign-up", title: "Create your account", FormPage(form: form, next: next,
                                                                          notice: arrivalNotice(req, signingUp: true, invitedTo: await invitation(req)?.program)))
        }) {
            let user = try await Accounts.signUp(input, on: req)
            try await SessionUserAuthenticator.signIn(user, on: req)
            Flash.set("Welcome to Tandem, \(user.firstName)!", on: req)
            return req.redirect(to: next)
        }
    }

    @Sendable static func signInPage(req: Request) async throws -> Response {
        if req.auth.has(User.self) { return req.redirect(to: nextPath(req)) }
        return try await req.render("sign-in", title: "Sign in",
                                    FormPage(form: FormState(), next: nextPath(req), notice: arrivalNotice(req, invitedTo: await invitation(req)?.program)))
    }

    struct SignInForm: Content {
        var email: String?
        var password: String?
    }

    @Sendable static func signIn(req: Request) async throws -> Response {
        let (input, values) = try req.form(SignInForm.self)
        let next = nextPath(req)
        return try await req.handleForm(values: values, rerender: { form in
            try await req.render("sign-in", title: "Sign in", FormPage(form: form, next: next, notice: arrivalNotice(req, invitedTo: await invitation(req)?.program)))
        }) {
            let user = try await Accounts.signIn(email: input.email, password: input.password, on: req)
            try await SessionUserAuthenticator.signIn(user, on: req)
            Metrics.signIns.increment()
            return req.redirect(to: next)
        }
    }

    @Sendable static func signOut(req: Request) async throws -> Response {
        SessionUserAuthenticator.signOut(on: req)
        return req.redirect(to: Paths.home)
    }

    @Sendable static func forgotPage(req: Request) async throws -> Response {
        try await req.render("password-forgot", title: "Forgot your password?", FormPage(form: FormState()))
    }

    @Sendable static func forgot(req: Request) async throws -> Response {
        let (input, values) = try req.form(APIRoutes.EmailRequest.self)
        return try await req.handleForm(values: values, rerender: { form in
            try await req.render("password-forgot", title: "Forgot your password?", FormPage(form: form))
        }) {
            try await Accounts.requestPasswordReset(email: input.email, on: req)
            Flash.set("If an account uses that address, a link to reset its password is on its way. It works for one hour.", on: req)
            return req.redirect(to: Paths.signIn)
        }
    }

    @Sendable static func resetPage(req: Request) async throws -> Response {
        let token = (try? req.query.get(String.self, at: "token")) ?? ""
        return try await req.render("password-reset", title: "Choose a new password", FormPage(form: FormState(), token: token))
    }

    @Sendable static func reset(req: Request) async throws -> Response {
        let (input, values) = try req.form(APIRoutes.ResetRequest.self)
        return try await req.handleForm(values: values, rerender: { form in
            try await req.render("password-reset", title: "Choose a new password", FormPage(form: form, token: input.token))
        }) {
            try await Accounts.resetPassword(token: input.token, newPassword: input.password, on: req)
            Flash.set("Your password is changed. Sign in with the new one.", on: req)
            return req.redirect(to: Paths.signIn)
        }
    }

    struct SettingsPage: Encodable {
        let profile: FormState
        let password: FormState
        let timeZones: [String]
        let clocks: [FormField.Option]
    }

    private static func profileValues(_ user: User) -> [String: String] {
        ["displayName": user.displayName, "timeZone": user.timeZone, "headline": user.headline, "bio": user.bio, "clock": user.clock ?? "auto"]
    }

    private static func renderSettings(_ req: Request, profile: FormState? = nil, password: FormState = FormState()) async throws -> Response {
        let user = try req.user
        let form = profile ?? FormState(values: profileValues(user))
        let usual = DateVoice.Clock.usual(in: form.values["timeZone"] ?? user.timeZone)
        let clocks = [("auto", "As usual where I live (\(usual == .h12 ? "8:00 PM" : "20:00"))")] + DateVoice.Clock.allCases.map { ($0.rawValue, $0.label) }
        return try await req.render("settings", title: "Settings", SettingsPage(
            profile: form, password: password, timeZones: TimeZone.knownTimeZoneIdentifiers.sorted(),
            clocks: clocks.map { FormField.Option(value: $0.0, label: $0.1, selected: (form.values["clock"] ?? "auto") == $0.0, name: "clock") }))
    }

    @Sendable static func settings(req: Request) async throws -> Response {
        try await renderSettings(req)
    }

    @Sendable static func updateProfile(req: Request) async throws -> Response {
        let (input, values) = try req.form(Accounts.ProfileUpdate.self)
        return try await req.handleForm(values: values, rerender: { form in try await renderSettings(req, profile: form) }) {
            try await Accounts.updateProfile(of: try req.user, input, on: req.db)
            Flash.set("Your profile is saved.", on: req)
            return req.redirect(to: Paths.settings)
        }
    }

    @Sendable static func changePassword(req: Request) async throws -> Response {
        let (input, values) = try req.form(APIRoutes.PasswordChange.self)
        return try await req.handleForm(values: values, rerender: { form in try await renderSettings(req, password: form) }) {
            let user = try req.user
            try await Accounts.changePassword(of: user, current: input.currentPassword, new: input.newPassword, on: req)
            // Other sessions end with the old password; this one goes on under the new epoch.
            try await SessionUserAuthenticator.signIn(user, on: req)
            Flash.set("Your password is changed. Other devices are signed out.", on: req)
            return req.redirect(to: Paths.settings)
        }
    }

    struct TokensPage: Encodable {
        let tokens: [AccessTokenDTO]
        let form: FormState
        let created: CreatedAccessTokenDTO?
    }

    private static func renderTokens(_ req: Request, form: FormState = FormState(), created: CreatedAccessTokenDTO? = nil) async throws -> Response {
        let tokens = try await AccessTokens.list(for: try req.user, on: req.db).map(AccessTokenDTO.init)
        return try await req.render("tokens", title: "Access tokens", TokensPage(tokens: tokens, form: form, created: created))
    }

    @Sendable static func tokens(req: Request) async throws -> Response {
        try await renderTokens(req)
    }

    struct TokenForm: Content {
        var name: String?
        var expiresInDays: String?
    }

    @Sendable static func createToken(req: Request) async throws -> Response {
        let (input, values) = try req.form(TokenForm.self)
        return try await req.handleForm(values: values, rerender: { form in try await renderTokens(req, form: form) }) {
            let created = try await AccessTokens.create(name: input.name, expiresInDays: nil, daysText: input.expiresInDays,
                                                        for: try req.user, on: req.db)
            // The secret is shown on this response only; it is never stored.
            return try await renderTokens(req, created: created)
        }
    }

    @Sendable static func revokeToken(req: Request) async throws -> Response {
        let token = try await AccessTokens.find(req.parameters.get("tokenID", as: UUID.self), for: try req.user, on: req.db)
        if let ask = try await Confirmation.ask(req, question: "Revoke the token “\(token.name)”?",
                                                consequence: "Programs that use it can no longer reach Tandem as you. This cannot be undone; you can create a new token.",
                                                button: "Revoke the token", back: Paths.tokens) { return ask }
        try await AccessTokens.revoke(token.id, for: try req.user, on: req.db)
        Flash.set("The token is revoked; programs using it can no longer sign in.", on: req)
        return req.redirect(to: Paths.tokens)
    }

    @Sendable static func export(req: Request) async throws -> Response {
        try await AccountExport.build(for: try req.user, on: req.db).download(for: req)
    }

    @Sendable static func deletePage(req: Request) async throws -> Response {
        try await req.render("delete-account", title: "Delete your account", FormPage(form: FormState()))
    }

    @Sendable static func deleteAccount(req: Request) async throws -> Response {
        let (input, values) = try req.form(APIRoutes.PasswordConfirmation.self)
        return try await req.handleForm(values: values, rerender: { form in
            try await req.render("delete-account", title: "Delete your account", FormPage(form: form))
        }) {
            try await Accounts.deleteAccount(of: try req.user, password: input.password, on: req)
            SessionUserAuthenticator.signOut(on: req)
            return req.redirect(to: Paths.home)
        }
    }
}
