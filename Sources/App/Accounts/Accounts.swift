import Fluent
import NIOConcurrencyHelpers
import TandemCore
import Vapor

/// Account rules shared by the web pages and the API.
enum Accounts {
    struct SignUp: Content {
        var email: String?
        var displayName: String?
        var password: String?
        var timeZone: String?
    }

    static func signUp(_ input: SignUp, on request: Request) async throws -> User {
        var v = InputValidator()
        let email = v.email("email", input.email)
        let name = v.text("displayName", input.displayName, label: "Name", max: Limits.displayName)
        let password = v.password("password", input.password)
        let timeZone = v.timeZone("timeZone", input.timeZone)
        try v.check()
        if try await User.find(email: email, on: request.db) != nil {
            throw ValidationFailure("email", "An account with this e-mail address already exists. Sign in, or reset your password.")
        }
        let hash = try await request.password.async.hash(password)
        let user = User(email: email, displayName: name, passwordHash: hash, timeZone: timeZone)
        do {
            try await user.save(on: request.db)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // Two sign-ups with one address at the same moment: the second loses cleanly.
            throw ValidationFailure("email", "An account with this e-mail address already exists. Sign in, or reset your password.")
        }
        return user
    }

    /// Checks a password against the sign-in limit; records every attempt.
    static func signIn(email rawEmail: String?, password: String?, on request: Request) async throws -> User {
        let email = (rawEmail ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        let ip = request.peerAddress?.ipAddress ?? request.remoteAddress?.ipAddress ?? "unknown"
        try await SignInLimiter.check(email: email, ip: ip, on: request)
        let user = email.isEmpty ? nil : try await User.find(email: email, on: request.db)
        // Verify even without an account, so timing does not reveal which addresses exist.
        let hash: String
        if let user { hash = user.passwordHash } else { hash = try await dummyHash(on: request) }
        let matches = (try? await request.password.async.verify(password ?? "", created: hash)) ?? false
        try await SignInAttempt(email: email, ip: ip, succeeded: matches && user != nil).save(on: request.db)
        guard let user, matches else {
            throw ValidationFailure("password", "That e-mail address and password do not match an account.")
        }
        return user
    }

    static func changePassword(of user: User, current: String?, new: String?, on request: Request) async throws {
        var v = InputValidator()
        // Both checks at once: a person fixes everything in one go.
        if try await !request.password.async.verify(current ?? "", created: user.passwordHash) {
            v.add("currentPassword", "Your current password is not right.")
        }
        let password = v.password("newPassword", new)
        try v.check()
        user.passwordHash = try await request.password.async.hash(password)
        user.sessionEpoch += 1
        try await user.save(on: request.db)
    }

    struct ProfileUpdate: Content {
        var displayName: String?
        var timeZone: String?
        var headline: String?
        var bio: String?
        /// "12h", "24h", or "auto" (the time zone's usual habit).
        var clock: String?
    }

    static func updateProfile(of user: User, _ input: ProfileUpdate, on db: any Database) async throws {
        var v = InputValidator()
        let name = input.displayName.map { v.text("displayName", $0, label: "Name", max: Limits.displayName) }
        let zone = input.timeZone.map { v.timeZone("timeZone", $0) }
        let headline = input.headline.map { v.optionalText("headline", $0, label: "Headline", max: 140) }
        let bio = input.bio.map { v.optionalText("bio", $0, label: "About you", max: 2000) }
        // nil leaves the habit as it is; .some(nil) goes back to the time zone's usual one.
        var clock: String?? = nil
        if let value = input.clock {
            if value == "auto" || value.isEmpty { clock = .some(nil) }
            else if DateVoice.Clock(rawValue: value) != nil { clock = .some(value) }
            else { v.add("clock", "Choose 12-hour, 24-hour or automatic.") }
        }
        try v.check()
        if let clock { user.clock = clock }
        if let name { user.displayName = name }
        if let zone { user.timeZone = zone }
        if let headline { user.headline = headline }
        if let bio { user.bio = bio }
        try await user.save(on: db)
    }

    /// Always answers the same way, so the form does not reveal who has an account.
    static func requestPasswordReset(email rawEmail: String?, on request: Request) async throws {
        var v = InputValidator()
        let email = v.email("email", rawEmail)
        try v.check()
        guard let user = try await User.find(email: email, on: request.db) else { return }
        let userID = try user.requireID()
        // At most three links an hour per account: the form must not become a mail cannon.
        let recent = try await PasswordResetToken.query(on: request.db)
            .filter(\.$user.$id == userID).filter(\.$createdAt > Date().addingTimeInterval(-3600)).count()
        guard recent < 3 else { return }
        let secret = Secret.generate(prefix: "rst_")
        let link = request.tandem.publicURL + Paths.resetPassword(token: secret)
        try await request.db.writeTransaction { db in
            try await PasswordResetToken(userID: userID, tokenHash: Secret.digest(secret),
                                         expiresAt: Date().addingTimeInterval(PasswordResetToken.lifetime)).save(on: db)
            try await Mailer.enqueue(to: user.email, subject: "Reset your Tandem password", body: """
                Hello \(user.firstName),

                Someone (we hope you) asked to reset the password of your Tandem account.
                Choose a new password here within the next hour:

                \(link)

                If you did not ask for this, ignore this message: your password stays as it is.
                """, on: db, logger: request.logger)
        }
    }

    static func resetPassword(token: String?, newPassword: String?, on request: Request) async throws {
        guard let token, !token.isEmpty,
              let reset = try await PasswordResetToken.query(on: request.db)
                .filter(\.$tokenHash == Secret.digest(token)).with(\.$user).first(),
              reset.usedAt == nil, reset.expiresAt > Date() else {
            throw ValidationFailure("token", "This reset link is invalid, already used or expired. Ask for a new one.")
        }
        var v = InputValidator()
        let password = v.password("password", newPassword)
        try v.check()
        let hash = try await request.password.async.hash(password)
        try await request.db.writeTransaction { db in
            reset.usedAt = Date()
            try await reset.save(on: db)
            let user = reset.user
            user.passwordHash = hash
            user.sessionEpoch += 1
            try await user.save(on: db)
        }
    }

    /// Deletes the account and everything that is only theirs. A program they alone coordinate
    /// must first get another coordinator, so its participants are not left without one.
    static func deleteAccount(of user: User, password: String?, on request: Request) async throws {
        guard try await request.password.async.verify(password ?? "", created: user.passwordHash) else {
            throw ValidationFailure("password", "Your password is not right.")
        }
        let userID = try user.requireID()
        let coordinated = try await ProgramMembership.query(on: request.db)
            .filter(\.$user.$id == userID).filter(\.$isCoordinator == true).with(\.$program).all()
        for membership in coordinated {
            let programID = membership.$program.id
            let others = try await ProgramMembership.query(on: request.db)
                .filter(\.$program.$id == programID).filter(\.$user.$id != userID).count()
            let otherCoordinators = try await ProgramMembership.query(on: request.db)
                .filter(\.$program.$id == programID).filter(\.$user.$id != userID)
                .filter(\.$isCoordinator == true).count()
            if others > 0 && otherCoordinators == 0 {
                throw ValidationFailure("password", "You are the only coordinator of “\(membership.program.name)”. Appoint another coordinator first.")
            }
        }
        try await request.db.writeTransaction { db in
            // Programs only this person was part of go with them.
            for membership in coordinated {
                let others = try await ProgramMembership.query(on: db)
                    .filter(\.$program.$id == membership.$program.id).filter(\.$user.$id != userID).count()
                if others == 0 { try await membership.program.delete(on: db) }
            }
            try await user.delete(on: db)
        }
    }
}

extension Accounts {
    private static let dummyHashes = NIOLockedValueBox<[Int: String]>([:])

    /// A real hash at the configured cost, made once, to spend the same time on unknown addresses.
    static func dummyHash(on request: Request) async throws -> String {
        let cost = request.tandem.bcryptCost
        if let cached = dummyHashes.withLockedValue({ $0[cost] }) { return cached }
        let hash = try await request.password.async.hash(UUID().uuidString)
        dummyHashes.withLockedValue { $0[cost] = hash }
        return hash
    }
}

/// Counts failed sign-ins in the database, so the limit holds across app instances.
enum SignInLimiter {
    static func check(email: String, ip: String, on request: Request) async throws {
        let config = request.tandem
        let since = Date().addingTimeInterval(-config.signInWindow)
        let byEmail = try await SignInAttempt.query(on: request.db)
            .filter(\.$email == email).filter(\.$succeeded == false).filter(\.$attemptedAt > since).count()
        let byIP = try await SignInAttempt.query(on: request.db)
            .filter(\.$ip == ip).filter(\.$succeeded == false).filter(\.$attemptedAt > since).count()
        if byEmail >= config.signInFailureLimit || byIP >= config.signInFailureLimit * 4 {
            let minutes = Int(config.signInWindow / 60)
            throw DomainError(status: .tooManyRequests,
                              reason: "Too many failed sign-in attempts. Wait \(minutes) minutes, or reset your password.",
                              headers: ["Retry-After": String(Int(config.signInWindow))])
        }
    }
}
