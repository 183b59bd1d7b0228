import Fluent
import Testing
import Vapor
import VaporTesting
@testable import App

@Suite("Accounts on the web")
struct AccountTests {
    @Test("sign up, see the dashboard, sign out, sign in again")
    func signUpAndIn() async throws {
        try await withTandem { app in
            // setup
            let browser = Browser(app)
            // act
            let signUp = try await browser.signUp("Ada Lovelace", email: "Ada@Example.org")
            // validate
            #expect(signUp.location == "/dashboard")
            let dashboard = try await browser.get("/dashboard")
            #expect(dashboard.status == .ok)
            #expect(dashboard.body.string.contains("What's next for you, Ada Lovelace"))
            let stored = try #require(try await User.find(email: "ada@example.org", on: app.db))
            #expect(stored.passwordHash.hasPrefix("$2"))
            #expect(!stored.passwordHash.contains(Browser.password))

            let signOut = try await browser.post("/sign-out")
            #expect(signOut.location == "/")
            #expect(try await browser.get("/dashboard").location?.hasPrefix("/sign-in") == true)

            let signIn = try await browser.signIn(email: "ada@example.org")
            #expect(signIn.status == .seeOther)
            #expect(try await browser.get("/dashboard").status == .ok)
        }
    }

    @Test("the session cookie is HttpOnly and SameSite, and Secure behind TLS")
    func cookieFlags() async throws {
        try await withTandem { app in
            let page = try await Browser(app).get("/sign-in")
            let cookie = try #require(page.headers.first(name: .setCookie))
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Lax"))
            #expect(!cookie.contains("Secure"))
        }
        try await withTandem({ $0.secureCookies = true }) { app in
            let page = try await Browser(app).get("/sign-in")
            #expect(page.headers.first(name: .setCookie)?.contains("Secure") == true)
            #expect(page.headers.first(name: "Strict-Transport-Security") != nil)
        }
    }

    @Test("bad sign-up input is shown next to its field and nothing is saved")
    func signUpErrors() async throws {
        try await withTandem { app in
            let browser = Browser(app)
            try await browser.get("/sign-up")
            let response = try await browser.post("/sign-up", [
                "displayName": "", "email": "not-an-address", "password": "short", "timeZone": "Mars/Olympus",
            ])
            #expect(response.status == .unprocessableEntity)
            let html = response.body.string
            #expect(html.contains("Name must not be empty."))
            #expect(html.contains("is not a valid e-mail address"))
            #expect(html.contains("Password must be at least 10 characters."))
            #expect(html.contains("is not a time zone we know"))
            #expect(html.contains(#"value="not-an-address""#), "what was typed is kept")
            #expect(!html.contains("short"), "a password is never echoed")
            #expect(try await User.query(on: app.db).count() == 0)
        }
    }

    @Test("an address can hold one account only")
    func duplicateEmail() async throws {
        try await withTandem { app in
            try await Browser(app).signUp("Ada", email: "ada@example.org")
            let second = Browser(app)
            try await second.get("/sign-up")
            let response = try await second.post("/sign-up", ["displayName": "Other", "email": "ADA@example.org", "password": Browser.password])
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains("already exists"))
            #expect(try await User.query(on: app.db).count() == 1)
        }
    }

    @Test("a wrong password says so without telling whether the account exists")
    func wrongPassword() async throws {
        try await withTandem { app in
            try await Browser(app).signUp("Ada", email: "ada@example.org")
            let wrong = try await Browser(app).signIn(email: "ada@example.org", password: "wrong password!")
            let unknown = try await Browser(app).signIn(email: "nobody@example.org", password: "wrong password!")
            #expect(wrong.status == .unprocessableEntity)
            #expect(unknown.status == .unprocessableEntity)
            #expect(wrong.body.string.contains("do not match an account"))
            #expect(unknown.body.string.contains("do not match an account"))
        }
    }

    @Test("sign-in attempts are rate-limited per address")
    func rateLimit() async throws {
        try await withTandem({ $0.signInFailureLimit = 3 }) { app in
            try await Browser(app).signUp("Ada", email: "ada@example.org")
            let attacker = Browser(app)
            for _ in 0..<3 {
                #expect(try await attacker.signIn(email: "ada@example.org", password: "guess guess guess").status == .unprocessableEntity)
            }
            // Even the right password is refused while the limit holds, and from another address.
            attacker.ip = "10.9.9.9"
            let limited = try await attacker.signIn(email: "ada@example.org")
            #expect(limited.status == .tooManyRequests)
            #expect(limited.headers.first(name: "Retry-After") != nil)
            #expect(limited.body.string.contains("Too many failed sign-in attempts"))
            // Another account is not affected.
            try await Browser(app).signUp("Bob", email: "bob@example.org")
            #expect(try await Browser(app).signIn(email: "bob@example.org").status == .seeOther)
        }
    }

    @Test("a form without the right CSRF token changes nothing")
    func csrf() async throws {
        try await withTandem { app in
            let browser = Browser(app)
            try await browser.signUp("Ada", email: "ada@example.org")
            try await browser.get("/programs/new")
            let form = ["name": "Forged", "startsOn": "2026-01-01", "endsOn": "2026-06-01"]
            let missing = try await browser.post("/programs", form.merging(["_csrf": ""]) { $1 })
            let forged = try await browser.post("/programs", form, csrf: "forged-token")
            #expect(missing.status == .forbidden)
            #expect(forged.status == .forbidden)
            // Not a bare refusal: the form again, everything typed kept, under a fresh token.
            #expect(forged.body.string.contains("Nothing was sent yet"))
            #expect(forged.body.string.contains("press Send again"))
            #expect(forged.body.string.contains(#"name="name" value="Forged""#))
            #expect(forged.body.string.contains(#"name="startsOn" value="2026-01-01""#))
            #expect(try await Program.query(on: app.db).count() == 0)
            // Sending it again from that page (its own token) goes through.
            let again = try await browser.post("/programs", form)
            #expect(again.status == .seeOther)
            #expect(try await Program.query(on: app.db).count() == 1)
        }
    }

    @Test("a form sent after the session ended waits through sign-in, then is sent with one press")
    func signedOutWhileTyping() async throws {
        try await withTandem { app in
            let browser = Browser(app)
            try await browser.signUp("Ada", email: "ada@example.org")
            try await browser.get("/programs/new")
            let staleToken = browser.csrf
            try await browser.post("/sign-out")
            let long = String(repeating: "A program for new engineers in their first year. ", count: 60)
            let form = ["name": "Spring circle", "description": long, "startsOn": "2026-01-01", "endsOn": "2026-06-01"]
            let sent = try await browser.post("/programs", form, csrf: staleToken)
            #expect(sent.status == .seeOther)
            #expect(sent.location == Paths.signIn(next: StaleForm.path))
            let signInPage = try await browser.get(try #require(sent.location))
            #expect(signInPage.body.string.contains("what you typed is kept"))
            let signedIn = try await browser.post("/sign-in", ["email": "ada@example.org", "password": Browser.password, "next": StaleForm.path])
            #expect(signedIn.location == StaleForm.path)
            let again = try await browser.get(StaleForm.path)
            #expect(again.status == .ok)
            #expect(again.body.string.contains(long.trimmingCharacters(in: .whitespaces)))
            #expect(try await Program.query(on: app.db).count() == 0)
            #expect(try await browser.post("/programs", form).status == .seeOther)
            #expect(try await Program.query(on: app.db).filter(\.$name == "Spring circle").count() == 1)
            // Shown once: a reload does not offer it twice.
            #expect(try await browser.get(StaleForm.path).status == .seeOther)
            // Signing out from a stale tab just signs out.
            let out = try await browser.post("/sign-out", [:], csrf: staleToken)
            #expect(out.location == "/")
            #expect(try await browser.get("/dashboard").status == .seeOther)
        }
    }

    @Test("changing the password signs out other sessions")
    func changePassword() async throws {
        try await withTandem { app in
            let laptop = Browser(app)
            try await laptop.signUp("Ada", email: "ada@example.org")
            let phone = Browser(app)
            try await phone.signIn(email: "ada@example.org")
            #expect(try await phone.get("/dashboard").status == .ok)

            try await laptop.get("/settings")
            let wrong = try await laptop.post("/settings/password", ["currentPassword": "nope nope nope", "newPassword": "a brand new password"])
            #expect(wrong.status == .unprocessableEntity)
            #expect(wrong.body.string.contains("current password is not right"))

            let changed = try await laptop.post("/settings/password", ["currentPassword": Browser.password, "newPassword": "a brand new password"])
            #expect(changed.location == "/settings")
            #expect(try await laptop.get("/dashboard").status == .ok, "this session goes on")
            #expect(try await phone.get("/dashboard").location?.hasPrefix("/sign-in") == true, "the other is signed out")
            #expect(try await Browser(app).signIn(email: "ada@example.org", password: "a brand new password").status == .seeOther)
        }
    }

    @Test("profile edits are validated")
    func profile() async throws {
        try await withTandem { app in
            let browser = Browser(app)
            try await browser.signUp("Ada", email: "ada@example.org")
            try await browser.get("/settings")
            let bad = try await browser.post("/settings/profile", ["displayName": String(repeating: "x", count: 81), "timeZone": "Nowhere/Land"])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("at most 80 characters"))
            let good = try await browser.post("/settings/profile", ["displayName": "Ada King", "timeZone": "Asia/Tokyo", "headline": "Analyst", "bio": ""])
            #expect(good.status == .seeOther)
            let user = try #require(try await User.find(email: "ada@example.org", on: app.db))
            #expect(user.displayName == "Ada King")
            #expect(user.timeZone == "Asia/Tokyo")
        }
    }

    @Test("deleting the account needs the password and removes everything of it")
    func deleteAccount() async throws {
        try await withTandem { app in
            let browser = Browser(app)
            try await browser.signUp("Ada", email: "ada@example.org")
            try await browser.get("/settings/delete")
            #expect(try await browser.post("/settings/delete", ["password": "not my password"]).status == .unprocessableEntity)
            #expect(try await User.query(on: app.db).count() == 1)
            let deleted = try await browser.post("/settings/delete", ["password": Browser.password])
            #expect(deleted.location == "/")
            #expect(try await User.query(on: app.db).count() == 0)
            #expect(try await browser.get("/dashboard").location?.hasPrefix("/sign-in") == true)
        }
    }

    @Test("a forgotten password is reset through a one-time link from the outbox")
    func passwordReset() async throws {
        try await withTandem { app in
            try await Browser(app).signUp("Ada", email: "ada@example.org")
            let browser = Browser(app)
            try await browser.get("/password/forgot")
            let asked = try await browser.post("/password/forgot", ["email": "ada@example.org"])
            #expect(asked.location == "/sign-in")
            // Unknown addresses get the same answer and no mail.
            #expect(try await browser.post("/password/forgot", ["email": "nobody@example.org"]).location == "/sign-in")

            let messages = try await OutboxMessage.query(on: app.db).all()
            #expect(messages.count == 1)
            let mail = try #require(messages.first)
            #expect(mail.recipient == "ada@example.org")
            let token = try #require(mail.body.firstMatch(of: /token=([A-Za-z0-9_\-]+)/)?.1)

            try await browser.get("/password/reset?token=\(token)")
            let weak = try await browser.post("/password/reset", ["token": String(token), "password": "short"])
            #expect(weak.status == .unprocessableEntity)
            let reset = try await browser.post("/password/reset", ["token": String(token), "password": "my new secret phrase"])
            #expect(reset.location == "/sign-in")
            #expect(try await Browser(app).signIn(email: "ada@example.org", password: "my new secret phrase").status == .seeOther)

            // Used once, never again.
            let again = try await browser.post("/password/reset", ["token": String(token), "password": "another new phrase"])
            #expect(again.status == .unprocessableEntity)
            #expect(again.body.string.contains("invalid, already used or expired"))
        }
    }

    @Test("an expired reset link is refused")
    func expiredReset() async throws {
        try await withTandem { app in
            try await Browser(app).signUp("Ada", email: "ada@example.org")
            let browser = Browser(app)
            try await browser.get("/password/forgot")
            try await browser.post("/password/forgot", ["email": "ada@example.org"])
            let mail = try #require(try await OutboxMessage.query(on: app.db).first())
            let token = try #require(mail.body.firstMatch(of: /token=([A-Za-z0-9_\-]+)/)?.1)
            try await PasswordResetToken.query(on: app.db).set(\.$expiresAt, to: Date().addingTimeInterval(-1)).update()
            let response = try await browser.post("/password/reset", ["token": String(token), "password": "my new secret phrase"])
            #expect(response.status == .unprocessableEntity)
            #expect(try await Browser(app).signIn(email: "ada@example.org").status == .seeOther, "the old password still works")
        }
    }
    @Test("a failed save reports every field at once, listed and linked at the top, which takes focus")
    func everyErrorAtOnce() async throws {
        try await withTandem { app in
            let browser = Browser(app)
            try await browser.signUp("Ada", email: "ada@example.org")
            try await browser.get("/settings")
            let password = try await browser.post("/settings/password", ["currentPassword": "not my password", "newPassword": "short"])
            #expect(password.status == .unprocessableEntity)
            let html = password.body.string
            #expect(html.contains("Your current password is not right."))
            #expect(html.contains("Password must be at least 10 characters."))
            #expect(html.contains(#"<div class="error-summary" role="alert" tabindex="-1" autofocus>"#))
            #expect(html.contains(##"<a href="#currentPassword">Your current password is not right.</a>"##))
            #expect(html.contains(##"<a href="#newPassword">"##))

            try await browser.get("/settings/tokens")
            let token = try await browser.post("/settings/tokens", ["name": "", "expiresInDays": "soon"])
            #expect(token.status == .unprocessableEntity)
            #expect(token.body.string.contains("Token name must not be empty."))
            #expect(token.body.string.contains("Expiry (days) must be a whole number."))
            #expect(token.body.string.contains("Please correct the 2 fields below."))
        }
    }
}
