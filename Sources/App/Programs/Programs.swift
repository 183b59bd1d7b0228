import Fluent
import SQLKit
import TandemCore
import Vapor

/// Program rules shared by the web pages and the API.
enum Programs {
    struct Input: Content {
        var name: String?
        var description: String?
        var startsOn: String?
        var endsOn: String?
        var meetingCadenceDays: Int?
        /// Coordinator settings for matching and introductions.
        var criteriaWeights: [String: Int]?
        var languageRequired: Bool?
        var requestExpiryDays: Int?
        var privacyThreshold: Int?
        var responseTimeDays: Int?
        var maxMentorsPerMentee: Int?
        var codeOfConduct: String?
        var maxOpenRequests: Int?
        var challengeOptions: [String]?
        var valueOptions: [String]?

        var draft: ProgramDraft {
            ProgramDraft(name: name, description: description, startsOn: startsOn, endsOn: endsOn, meetingCadenceDays: meetingCadenceDays)
        }
    }

    /// A program the viewer belongs to, with their membership; anyone else gets 404.
    struct Membership {
        let program: Program
        let membership: ProgramMembership
        var programID: UUID { membership.$program.id }
    }

    static func create(_ input: Input, by user: User, on db: any Database) async throws -> Program {
        let settings = try ProgramSettings.validate(input.draft)
        let program = Program(settings: settings)
        try await db.writeTransaction { db in
            try await program.save(on: db)
            try await ProgramMembership(programID: program.requireID(), userID: user.requireID(),
                                        isCoordinator: true, isMentor: false, isMentee: false).save(on: db)
        }
        return program
    }

    static func update(_ program: Program, with input: Input, on db: any Database) async throws {
        let current = ProgramDraft(name: program.name, description: program.description, startsOn: program.startsOn,
                                   endsOn: program.endsOn, meetingCadenceDays: program.meetingCadenceDays)
        // Fields left out of a partial update keep their value.
        let merged = ProgramDraft(name: input.name ?? current.name, description: input.description ?? current.description,
                                  startsOn: input.startsOn ?? current.startsOn, endsOn: input.endsOn ?? current.endsOn,
                                  meetingCadenceDays: input.meetingCadenceDays ?? current.meetingCadenceDays)
        var v = InputValidator()
        var weights = program.criteriaWeights
        if let given = input.criteriaWeights {
            for (key, value) in given {
                guard let criterion = Criterion(rawValue: key) else {
                    v.add("criteriaWeights.\(key)", "“\(key)” is not a criterion; use \(Criterion.allCases.map(\.rawValue).joined(separator: ", ")).")
                    continue
                }
                weights.weights[criterion] = value
            }
        }
        if let required = input.languageRequired { weights.languageRequired = required }
        do { _ = try weights.validated() } catch { for e in error.errors { v.add(e.field.replacingOccurrences(of: "weights", with: "criteriaWeights"), e.message) } }
        let expiry = input.requestExpiryDays.map { v.integer("requestExpiryDays", $0, label: "Days a request stays open", in: RequestRules.expiryRange) }
        let threshold = input.privacyThreshold.map { v.integer("privacyThreshold", $0, label: "Smallest group a coordinator sees", in: 3...50) }
        let maxMentors = input.maxMentorsPerMentee.map { v.integer("maxMentorsPerMentee", $0, label: "Mentors a mentee may have at once", in: 1...5) }
        let response = input.responseTimeDays.map { v.integer("responseTimeDays", $0, label: "Days to acknowledge a concern", in: ConcernLimits.responseDays) }
        let code = input.codeOfConduct.map { v.optionalText("codeOfConduct", $0, label: "Code of conduct", max: ConcernLimits.codeOfConduct) }
        let open = input.maxOpenRequests.map { v.integer("maxOpenRequests", $0, label: "Open requests per mentee", in: RequestRules.openRequestRange) }
        let challenges = input.challengeOptions.map { ListInput.items($0.joined(separator: "\n")) }
        let values = input.valueOptions.map { ListInput.items($0.joined(separator: "\n")) }
        if let challenges { ListInput.check(challenges, field: "challengeOptions", label: "Career challenges", into: &v) }
        if let values { ListInput.check(values, field: "valueOptions", label: "Values", into: &v) }
        let settings: ProgramSettings
        do {
            settings = try ProgramSettings.validate(merged)
        } catch {
            for e in error.errors { v.add(e.field, e.message) }
            try v.check()
            return
        }
        try v.check()
        program.apply(settings)
        program.storedWeights = weights
        if let expiry { program.requestExpiryDays = expiry }
        if let open { program.maxOpenRequests = open }
        if let threshold { program.storedPrivacyThreshold = threshold }
        if let response { program.storedResponseTimeDays = response }
        if let maxMentors { program.storedMaxMentors = maxMentors }
        if let code { program.storedCodeOfConduct = code }
        if let challenges { program.storedChallengeOptions = challenges }
        if let values { program.storedValueOptions = values }
        try await program.save(on: db)
    }

    static func find(_ programID: UUID?, for user: User, on db: any Database) async throws -> Membership {
        guard let programID,
              let membership = try await ProgramMembership.query(on: db)
                .filter(\.$program.$id == programID).filter(\.$user.$id == user.requireID())
                .with(\.$program).first() else {
            throw DomainError.notFound("Program")
        }
        return Membership(program: membership.program, membership: membership)
    }

    static func findAsCoordinator(_ programID: UUID?, for user: User, on db: any Database) async throws -> Membership {
        let found = try await find(programID, for: user, on: db)
        guard found.membership.isCoordinator else {
            throw DomainError.forbidden("Only a coordinator of “\(found.program.name)” can do this.")
        }
        return found
    }

    static func memberships(of user: User, on db: any Database) async throws -> [ProgramMembership] {
        try await ProgramMembership.query(on: db).filter(\.$user.$id == user.requireID())
            .with(\.$program).all()
            .sorted { $0.program.startsOn > $1.program.startsOn }
    }

    static func members(of programID: UUID, on db: any Database) async throws -> [ProgramMembership] {
        try await ProgramMembership.query(on: db).filter(\.$program.$id == programID)
            .with(\.$user).all()
            .sorted { $0.user.displayName.localizedCaseInsensitiveCompare($1.user.displayName) == .orderedAscending }
    }

    /// What the participants list can be narrowed to.
    struct MemberFilter {
        /// Words each found in the name (case and accents ignored) or the e-mail address.
        var terms: [String] = []
        /// "mentee", "mentor" or "coordinator".
        var role: String?
        /// "looking", "matched", "room" or "full".
        var status: String?
    }

    /// A program's members that match a filter, counted and paged by the database in name order,
    /// so a program of 10,000 reads only the 25 people a page shows.
    struct MemberSearch {
        let programID: UUID
        let filter: MemberFilter

        func count(on db: any Database) async throws -> Int {
            struct Count: Decodable { let total: Int }
            return try await sql(db).raw("SELECT COUNT(*) AS total \(from)").first(decoding: Count.self)?.total ?? 0
        }

        func members(_ range: Range<Int>, on db: any Database) async throws -> [ProgramMembership] {
            guard !range.isEmpty else { return [] }
            struct Row: Decodable { let id: UUID }
            let ids = try await sql(db).raw("""
                SELECT pm.id AS id \(from) ORDER BY u.name_key, u.display_name, u.id LIMIT \(bind: range.count) OFFSET \(bind: range.lowerBound)
                """).all(decoding: Row.self).map(\.id)
            let found = Dictionary(try await ProgramMembership.query(on: db).filter(\.$id ~~ ids).with(\.$user).all().map { ($0.id!, $0) },
                                   uniquingKeysWith: { a, _ in a })
            return ids.compactMap { found[$0] }
        }

        private func sql(_ db: any Database) throws -> any SQLDatabase {
            guard let sql = db as? any SQLDatabase else { throw Abort(.internalServerError, reason: "Tandem runs on an SQL database.") }
            return sql
        }

        private var from: SQLQueryString {
            var conditions: [SQLQueryString] = ["pm.program_id = \(bind: programID)"]
            for term in filter.terms {
                let escaped = term.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
                conditions.append("(u.name_key LIKE \(bind: "%" + User.nameKey(escaped) + "%") ESCAPE '\\' OR u.email LIKE \(bind: "%" + escaped.lowercased() + "%") ESCAPE '\\')")
            }
            switch filter.role {
            case "mentee": conditions.append("pm.is_mentee = \(bind: true)")
            case "mentor": conditions.append("pm.is_mentor = \(bind: true)")
            case "coordinator": conditions.append("pm.is_coordinator = \(bind: true)")
            default: break
            }
            let matched: SQLQueryString = "EXISTS (SELECT 1 FROM mentorships m WHERE m.program_id = pm.program_id AND m.mentee_id = pm.user_id AND m.status = 'active')"
            // A mentor's load counts across programs, against their profile's capacity (1 without one), as the directory counts it.
            let room: SQLQueryString = """
                (SELECT COUNT(*) FROM mentorships m WHERE m.mentor_id = pm.user_id AND m.status = 'active')
                  < COALESCE((SELECT p.capacity FROM profiles p WHERE p.user_id = pm.user_id), 1)
                """
            switch filter.status {
            case "looking": conditions.append("pm.is_mentee = \(bind: true) AND NOT \(matched)")
            case "matched": conditions.append("pm.is_mentee = \(bind: true) AND \(matched)")
            case "room": conditions.append("pm.is_mentor = \(bind: true) AND \(room)")
            case "full": conditions.append("pm.is_mentor = \(bind: true) AND NOT (\(room))")
            default: break
            }
            return "FROM program_memberships pm JOIN users u ON u.id = pm.user_id WHERE \(conditions.joined(separator: " AND "))"
        }
    }

    /// People taking part as mentee or mentor (coordinators alone do not count).
    static func participantCount(of programID: UUID, on db: any Database) async throws -> Int {
        try await ProgramMembership.query(on: db).filter(\.$program.$id == programID)
            .group(.or) { $0.filter(\.$isMentor == true).filter(\.$isMentee == true) }.count()
    }

    static func parseRole(_ raw: String?, field: String = "role") throws -> ParticipantRole {
        guard let raw, let role = ParticipantRole(rawValue: raw.lowercased()) else {
            throw ValidationFailure(field, "Choose how you take part: mentee, mentor or both.")
        }
        return role
    }

    /// Joins a program, or widens the roles of someone already in it.
    @discardableResult
    static func join(programID: UUID, as role: ParticipantRole, user: User, acceptsCodeOfConduct: Bool, on db: any Database,
                     publicURL: String, logger: Logger) async throws -> ProgramMembership {
        let userID = try user.requireID()
        let hasCode = !(try await Program.find(programID, on: db)?.codeOfConduct.isEmpty ?? true)
        return try await db.writeTransaction { db in
            let existing = try await ProgramMembership.query(on: db)
                .filter(\.$program.$id == programID).filter(\.$user.$id == userID).first()
            // The code of conduct is accepted once, when joining (or later, by someone who joined before it existed).
            if hasCode && existing?.conductAcceptedAt == nil && !acceptsCodeOfConduct {
                throw ValidationFailure("acceptCodeOfConduct", "Read the program’s code of conduct and accept it to join.")
            }
            if let existing {
                existing.isMentee = existing.isMentee || role.isMentee
                existing.isMentor = existing.isMentor || role.isMentor
                if hasCode && existing.conductAcceptedAt == nil { existing.conductAcceptedAt = Date() }
                try await existing.save(on: db)
                return existing
            }
            let membership = ProgramMembership(programID: programID, userID: userID, isCoordinator: false,
                                               isMentor: role.isMentor, isMentee: role.isMentee)
            if hasCode { membership.conductAcceptedAt = Date() }
            try await membership.save(on: db)
            let coordinators = try await ProgramMembership.query(on: db).filter(\.$program.$id == programID)
                .filter(\.$isCoordinator == true).with(\.$user).all()
            for coordinator in coordinators where coordinator.$user.id != userID {
                try await Notifier.notify(coordinator.user, title: "\(user.displayName) joined as \(role.label.lowercased())",
                                          body: "\(user.displayName) joined your program.", link: Paths.participants(programID),
                                          email: false, publicURL: publicURL, on: db, logger: logger)
            }
            return membership
        }
    }

    static func program(withInviteCode code: String, on db: any Database) async throws -> Program {
        guard !code.isEmpty, code.count <= 64,
              let program = try await Program.query(on: db).filter(\.$inviteCode == code).first() else {
            throw DomainError(status: .notFound, reason: "This invite link is not valid. Ask the coordinator for a current one.")
        }
        return program
    }

    static func regenerateInviteCode(of program: Program, on db: any Database) async throws {
        program.inviteCode = Secret.generate(prefix: "").prefix(22).description
        try await program.save(on: db)
    }

    struct InvitationRequest: Content {
        /// Addresses separated by commas, spaces or new lines (the web form), or a list (the API).
        var emails: [String]?
        var role: String?
    }

    struct InvitationOutcome: Content {
        var invited: [String]
        var alreadyMembers: [String]
    }

    static func invite(_ request: InvitationRequest, to found: Membership, by user: User,
                       on db: any Database, publicURL: String, logger: Logger) async throws -> InvitationOutcome {
        let role = try parseRole(request.role)
        let addresses = (request.emails ?? [])
            .flatMap { $0.split(whereSeparator: { $0 == "," || $0 == ";" || $0.isWhitespace || $0.isNewline }) }
            .map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
        guard !addresses.isEmpty else { throw ValidationFailure("emails", "Enter at least one e-mail address.") }
        guard addresses.count <= Limits.invitationBatch else {
            throw ValidationFailure("emails", "Invite at most \(Limits.invitationBatch) addresses at once (you entered \(addresses.count)).")
        }
        let invalid = addresses.filter { !EmailAddress.isValid($0) || $0.count > Limits.email }
        guard invalid.isEmpty else {
            throw ValidationFailure("emails", "Not valid e-mail addresses: \(invalid.prefix(5).joined(separator: ", ")).")
        }
        let unique = addresses.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        let programID = found.programID
        let memberEmails = Set(try await members(of: programID, on: db).map(\.user.email))
        let alreadyMembers = unique.filter { memberEmails.contains($0) }
        let toInvite = unique.filter { !memberEmails.contains($0) }
        try await db.writeTransaction { db in
            for email in toInvite {
                let secret = Secret.generate(prefix: "inv_")
                try await Invitation(programID: programID, email: email, role: role, tokenHash: Secret.digest(secret),
                                     invitedBy: user.requireID(), expiresAt: Date().addingTimeInterval(Invitation.lifetime)).save(on: db)
                try await Mailer.enqueue(to: email, subject: "\(user.displayName) invites you to “\(found.program.name)” on Tandem", body: """
                    Hello,

                    \(user.displayName) invites you to join the mentorship program “\(found.program.name)” as \(role.label.lowercased()).

                    \(found.program.description)

                    Accept the invitation here (the link works for 30 days):
                    \(publicURL + Paths.invitation(secret))

                    — Tandem
                    """, on: db, logger: logger)
            }
        }
        return InvitationOutcome(invited: toInvite, alreadyMembers: alreadyMembers)
    }

    static func invitation(withToken token: String, on db: any Database) async throws -> Invitation {
        guard !token.isEmpty, token.count <= 100,
              let invitation = try await Invitation.query(on: db).filter(\.$tokenHash == Secret.digest(token))
                .with(\.$program).with(\.$invitedBy).first() else {
            throw DomainError(status: .notFound, reason: "This invitation link is not valid.")
        }
        return invitation
    }

    static func accept(_ invitation: Invitation, by user: User, acceptsCodeOfConduct: Bool, on db: any Database, publicURL: String, logger: Logger) async throws -> ProgramMembership {
        guard invitation.acceptedAt == nil else {
            throw DomainError.conflict("This invitation was already accepted.")
        }
        guard invitation.expiresAt > Date() else {
            throw DomainError(status: .gone, reason: "This invitation expired. Ask the coordinator for a new one.")
        }
        return try await db.writeTransaction { db in
            invitation.acceptedAt = Date()
            invitation.$acceptedBy.id = try user.requireID()
            try await invitation.save(on: db)
            return try await join(programID: invitation.$program.id, as: invitation.role, user: user, acceptsCodeOfConduct: acceptsCodeOfConduct, on: db,
                                  publicURL: publicURL, logger: logger)
        }
    }

    /// Someone who joined before the program had a code of conduct accepts it now.
    static func acceptCodeOfConduct(_ found: Membership, on db: any Database) async throws {
        guard !found.program.codeOfConduct.isEmpty else { throw DomainError.conflict("This program has no code of conduct.") }
        guard found.membership.conductAcceptedAt == nil else { return }
        found.membership.conductAcceptedAt = Date()
        try await found.membership.save(on: db)
    }

    static func member(_ userID: UUID?, in programID: UUID, on db: any Database) async throws -> ProgramMembership {
        guard let userID, let membership = try await ProgramMembership.query(on: db)
            .filter(\.$program.$id == programID).filter(\.$user.$id == userID).with(\.$user).first() else {
            throw DomainError.notFound("Participant")
        }
        return membership
    }

    static func setCoordinator(_ member: ProgramMembership, to isCoordinator: Bool, on db: any Database) async throws {
        if !isCoordinator && member.isCoordinator {
            try await ensureAnotherCoordinator(besides: member, on: db)
        }
        member.isCoordinator = isCoordinator
        try await member.save(on: db)
    }

    /// Removes a person from a program; their active mentorships there end.
    static func remove(_ member: ProgramMembership, on db: any Database) async throws {
        if member.isCoordinator { try await ensureAnotherCoordinator(besides: member, on: db) }
        let programID = member.$program.id
        let userID = member.$user.id
        try await db.writeTransaction { db in
            let mentorships = try await Mentorship.query(on: db).filter(\.$program.$id == programID)
                .filter(\.$status == .active)
                .group(.or) { $0.filter(\.$mentor.$id == userID).filter(\.$mentee.$id == userID) }.all()
            for mentorship in mentorships {
                mentorship.status = .ended
                mentorship.endedAt = Date()
                mentorship.mentorSlot = nil
                try await mentorship.save(on: db)
            }
            try await member.delete(on: db)
        }
    }

    private static func ensureAnotherCoordinator(besides member: ProgramMembership, on db: any Database) async throws {
        let others = try await ProgramMembership.query(on: db).filter(\.$program.$id == member.$program.id)
            .filter(\.$isCoordinator == true).filter(\.$id != member.requireID()).count()
        guard others > 0 else {
            throw DomainError.conflict("A program needs at least one coordinator. Appoint another coordinator first.")
        }
    }
}
