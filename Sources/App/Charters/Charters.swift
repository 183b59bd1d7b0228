import Fluent
import TandemCore
import Vapor

/// The pair's commitment charter (journey J5): written from the program's defaults, signed by
/// both, changed only as a new version. Other capabilities read the version in force.
enum Charters {
    /// What a person sends. Every field is optional: what is left out keeps the wording the
    /// change starts from (the latest version, or the program's defaults).
    struct Input: Content {
        var channels: [String]?
        var chatHandle: String?
        var phone: String?
        var availability: String?
        var responseTimeHours: Int?
        var cadenceDays: Int?
        var meetingMinutes: Int?
        var format: String?
        var meetingLink: String?
        var rescheduleNoticeHours: Int?
        var howToNotify: String?
        var offLimitsTopics: String?
        var openToCriticism: Bool?
        var firstNameBasis: Bool?
        var plagiarismAndSharedWork: String?
        var sharingOutsidePair: String?
        var mentorRole: String?
        var menteeRole: String?
        var startsOn: String?
        var endsOn: String?
        var checkInEveryDays: Int?
        /// The version the writer was looking at; a save on top of a newer one is refused.
        var basedOnVersion: Int?

        func apply(to base: CharterTerms) throws(ValidationFailure) -> CharterTerms {
            var v = InputValidator()
            var terms = base
            func text(_ value: String?, _ keyPath: WritableKeyPath<CharterTerms, String>) {
                if let value { terms[keyPath: keyPath] = value.trimmingCharacters(in: .whitespacesAndNewlines) }
            }
            if let channels {
                var chosen: [CharterTerms.Channel] = []
                for name in channels {
                    guard let channel = CharterTerms.Channel(rawValue: name) else {
                        v.add("channels", "“\(name)” is not a channel; choose from \(CharterTerms.Channel.allCases.map(\.rawValue).joined(separator: ", ")).")
                        continue
                    }
                    if !chosen.contains(channel) { chosen.append(channel) }
                }
                terms.channels = chosen
            }
            if let format {
                if let chosen = CharterTerms.Format(rawValue: format) { terms.format = chosen } else {
                    v.add("format", "Format must be one of: \(CharterTerms.Format.allCases.map(\.rawValue).joined(separator: ", ")).")
                }
            }
            for (field, value, keyPath) in [("startsOn", startsOn, \CharterTerms.startsOn), ("endsOn", endsOn, \CharterTerms.endsOn)] {
                if let value, let date = v.date(field, value) { terms[keyPath: keyPath] = date }
            }
            text(chatHandle, \.chatHandle)
            text(phone, \.phone)
            text(availability, \.availability)
            text(meetingLink, \.meetingLink)
            text(howToNotify, \.howToNotify)
            text(offLimitsTopics, \.offLimitsTopics)
            text(plagiarismAndSharedWork, \.plagiarismAndSharedWork)
            text(sharingOutsidePair, \.sharingOutsidePair)
            text(mentorRole, \.mentorRole)
            text(menteeRole, \.menteeRole)
            if let responseTimeHours { terms.responseTimeHours = responseTimeHours }
            if let cadenceDays { terms.cadenceDays = cadenceDays }
            if let meetingMinutes { terms.meetingMinutes = meetingMinutes }
            if let rescheduleNoticeHours { terms.rescheduleNoticeHours = rescheduleNoticeHours }
            if let checkInEveryDays { terms.checkInEveryDays = checkInEveryDays }
            if let openToCriticism { terms.openToCriticism = openToCriticism }
            if let firstNameBasis { terms.firstNameBasis = firstNameBasis }
            do {
                _ = try terms.validate()
            } catch {
                for problem in error.errors { v.add(problem.field, problem.message) }
            }
            try v.check()
            return terms
        }
    }

    static func rows(of mentorshipID: UUID, on db: any Database) async throws -> [CharterVersion] {
        try await CharterVersion.query(on: db).filter(\.$mentorship.$id == mentorshipID).sort(\.$number).all()
    }

    static func history(of mentorshipID: UUID, on db: any Database) async throws -> CharterHistory {
        CharterHistory(versions: try await rows(of: mentorshipID, on: db).map(\.version))
    }

    /// Many mentorships' charters in one query (a coordinator's program overview).
    static func histories(of mentorshipIDs: [UUID], on db: any Database) async throws -> [UUID: CharterHistory] {
        guard !mentorshipIDs.isEmpty else { return [:] }
        let rows = try await CharterVersion.query(on: db).filter(\.$mentorship.$id ~~ mentorshipIDs).all()
        return Dictionary(grouping: rows, by: \.$mentorship.id).mapValues { CharterHistory(versions: $0.map(\.version)) }
    }

    /// The terms both signed, which meetings, reminders and goals follow.
    static func inForce(of mentorshipID: UUID, on db: any Database) async throws -> CharterTerms? {
        try await history(of: mentorshipID, on: db).inForce?.terms
    }

    /// The wording a new charter starts from: the program's rhythm and dates, both people's
    /// availability from their profiles.
    static func defaults(for mentorship: Mentorship, on db: any Database) async throws -> CharterTerms {
        let program = mentorship.program
        let start = CalendarDate(mentorship.startedAt)
        let programEnd = CalendarDate(program.endsOn) ?? start.adding(days: 180)
        var lines: [String] = []
        for person in [mentorship.mentor, mentorship.mentee] {
            let profile = try await Profiles.profile(of: try person.requireID(), on: db)
            guard !profile.availability.isEmpty else { continue }
            let windows = profile.availability.map {
                "\(ProfilePages.dayNames[$0.weekday - 1].prefix(3)) \(ListInput.clock($0.startMinute))–\(ListInput.clock($0.endMinute))"
            }
            lines.append("\(person.firstName): \(windows.joined(separator: ", ")) (\(person.timeZone))")
        }
        return .defaults(cadenceDays: program.meetingCadenceDays, startsOn: start,
                         endsOn: programEnd > start ? programEnd : start.adding(days: 180),
                         availability: lines.joined(separator: "\n"))
    }

    static func party(of access: Mentorships.Access) -> CharterHistory.Party {
        access.viewerID == access.mentorship.$mentor.id ? .mentor : .mentee
    }

    static func domainError(_ problem: CharterHistory.Problem) -> DomainError {
        switch problem {
        case .noVersion, .unknownVersion: DomainError(status: .notFound, reason: problem.description)
        default: .conflict(problem.description)
        }
    }

    enum Change {
        /// Edit the unsigned latest version, or else propose a new one (what the page's form does).
        case save(Input)
        case propose(Input)
        case edit(version: Int, Input)
        case sign(version: Int)
    }

    /// Applies one change inside a transaction and tells the other side. Only the pair writes.
    static func change(_ change: Change, in access: Mentorships.Access, _ context: ActionContext) async throws -> CharterVersion {
        guard access.isPairMember else {
            throw DomainError.forbidden("Only \(access.mentorship.mentor.displayName) and \(access.mentorship.mentee.displayName) write and sign their charter.")
        }
        let mentorship = access.mentorship
        guard mentorship.status == .active else { throw DomainError.conflict("This mentorship has ended; its charter stays as it was.") }
        let mentorshipID = try mentorship.requireID()
        let party = party(of: access)
        let base: CharterTerms
        if let latest = try await rows(of: mentorshipID, on: context.db).last {
            base = latest.terms
        } else {
            base = try await defaults(for: mentorship, on: context.db)
        }
        // Validate before the transaction so a form error costs no lock.
        let terms: CharterTerms? = switch change {
        case .save(let input), .propose(let input), .edit(_, let input): try input.apply(to: base)
        case .sign: nil
        }
        let basedOn: Int? = switch change {
        case .save(let input), .propose(let input), .edit(_, let input): input.basedOnVersion
        case .sign: nil
        }
        let viewerID = access.viewerID
        let saved = try await context.db.writeTransaction { db -> CharterVersion in
            let rows = try await rows(of: mentorshipID, on: db)
            var history = CharterHistory(versions: rows.map(\.version))
            if let basedOn, let latest = history.latest, basedOn != latest.number {
                throw DomainError.conflict("The charter changed while you were reading it: version \(latest.number) is the latest now. Read it, then make your change.")
            }
            let version: CharterHistory.Version
            do {
                switch change {
                case .save: version = try history.save(terms!)
                case .propose: version = try history.propose(terms!)
                case .edit(let number, _): version = try history.edit(version: number, to: terms!)
                case .sign(let number): version = try history.sign(version: number, by: party, at: Date())
                }
            } catch let problem as CharterHistory.Problem {
                throw domainError(problem)
            }
            let row: CharterVersion
            if let existing = rows.first(where: { $0.number == version.number }) {
                if terms != nil {
                    existing.apply(version)
                    existing.$author.id = viewerID
                } else if party == .mentor {
                    // A signature writes only the signer's column, so the other side signing at
                    // the same moment is never overwritten.
                    existing.mentorSignedAt = version.mentorSignedAt
                } else {
                    existing.menteeSignedAt = version.menteeSignedAt
                }
                row = existing
            } else {
                row = CharterVersion(mentorshipID: mentorshipID, authorID: viewerID, version: version)
            }
            try await row.save(on: db)
            return row
        }
        let signing = if case .sign = change { true } else { false }
        try await tell(about: saved, signing: signing, by: party, in: access, context)
        return saved
    }

    /// The other side hears of each change; both hear when a version is signed by both.
    private static func tell(about version: CharterVersion, signing: Bool, by party: CharterHistory.Party,
                             in access: Mentorships.Access, _ context: ActionContext) async throws {
        let mentorship = access.mentorship
        let me = party == .mentor ? mentorship.mentor : mentorship.mentee
        let other = party == .mentor ? mentorship.mentee : mentorship.mentor
        let link = Paths.charter(try mentorship.requireID())
        let number = version.number
        try await context.db.writeTransaction { db in
            if version.version.isSigned {
                for person in [me, other] {
                    try await Notifier.notify(person, title: "Your charter is signed",
                                              body: "\(mentorship.mentor.displayName) and \(mentorship.mentee.displayName) both signed version \(number). It is what you agreed; either of you can propose a change.",
                                              link: link, email: true, publicURL: context.publicURL, on: db, logger: context.logger)
                }
            } else if signing {
                try await Notifier.notify(other, title: "\(me.displayName) signed the charter",
                                          body: "Version \(number) waits for your signature.",
                                          link: link, email: true, publicURL: context.publicURL, on: db, logger: context.logger)
            } else {
                try await Notifier.notify(other, title: "\(me.displayName) wrote version \(number) of your charter",
                                          body: "Read it, change it while neither of you has signed, or sign it.",
                                          link: link, email: true, publicURL: context.publicURL, on: db, logger: context.logger)
            }
        }
    }
}
