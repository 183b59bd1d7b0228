import Fluent
import TandemCore
import Vapor

/// Raising a concern and mediating it. Every read decides, part by part, through
/// `AccessPolicy`; every coordinator read of a case is logged for the raiser.
enum Concerns {
    struct RaiseInput: Content {
        var category: String?
        var description: String?
        var shares: [String]?
        var tellOther: Bool?
        var consentToMediation: Bool?
        var citesCodeOfConduct: Bool?
    }

    struct MoveInput: Content {
        var state: String?
        var outcome: String?
        /// A few words for the people it concerns, kept with the move.
        var note: String?
    }

    struct EntryInput: Content {
        /// "note" (coordinators only) or "message".
        var kind: String?
        var body: String?
        /// For a coordinator's message: "raiser" or "other".
        var party: String?
    }

    struct ActionInput: Content {
        var title: String?
        var ownerId: UUID?
        var dueOn: String?
    }

    /// A case as one viewer may see it.
    struct Access {
        let concern: Concern
        let viewerID: UUID
        let relation: ViewerRelation
        /// The program's coordinators outside the pair: the case's neutral third party.
        let coordinators: [User]

        func can(_ part: ConcernPart) -> Bool { concern.access(relation, to: part) == .read }
        var isCoordinator: Bool { relation == .coordinator }
        var isRaiser: Bool { relation == .author }
    }

    /// The program's coordinators who are not in the pair: a coordinator who is the mentor never
    /// handles a concern about their own mentorship.
    static func coordinators(of programID: UUID, outside pair: Set<UUID>, on db: any Database) async throws -> [User] {
        try await ProgramMembership.query(on: db).filter(\.$program.$id == programID).filter(\.$isCoordinator == true)
            .with(\.$user).all().map(\.user).filter { !pair.contains($0.id!) }
    }

    // MARK: raising

    static func raise(_ input: RaiseInput, in access: Mentorships.Access, by user: User, _ context: ActionContext) async throws -> Concern {
        guard access.isPairMember else { throw DomainError.notFound("Mentorship") }
        let mentorship = access.mentorship
        guard mentorship.status == .active else { throw DomainError.conflict("This mentorship has ended; a concern about it goes to the coordinators directly.") }
        let draft = try ConcernDraft(category: input.category, description: input.description, shares: input.shares ?? [],
                                     tellOther: input.tellOther ?? false, consentToMediation: input.consentToMediation ?? false,
                                     citesCodeOfConduct: input.citesCodeOfConduct ?? false, programHasCode: !mentorship.program.codeOfConduct.isEmpty)
        let records = try await shared(draft.shares, in: access, by: user, on: context.db)
        let concern = try Concern(mentorship: mentorship, raiserID: access.viewerID, draft: draft)
        let coordinators = try await coordinators(of: mentorship.$program.id, outside: mentorship.pair, on: context.db)
        let other = mentorship.other(than: access.viewerID)
        try await context.db.writeTransaction { db in
            try await concern.save(on: db)
            let id = try concern.requireID()
            for (share, label, excerpt) in records {
                try await ConcernSharedRecord(concernID: id, share: share, label: label, excerpt: excerpt).save(on: db)
            }
            let move = ConcernEntry(concernID: id, authorID: access.viewerID, kind: .move, body: "")
            move.toState = .raised
            try await move.save(on: db)
            if draft.pausesPair {
                mentorship.pausedAt = Date()
                try await mentorship.save(on: db)
            }
            // The coordinators learn the category, never the words, from a notification or an e-mail.
            for coordinator in coordinators {
                let title = draft.pausesPair ? "Urgent: a safety concern in “\(mentorship.program.name)”"
                                             : "A concern was raised in “\(mentorship.program.name)”"
                let body = draft.pausesPair
                    ? "\(user.displayName) feels unsafe in their mentorship. Its messages and meeting proposals are paused. Please acknowledge the case today."
                    : "\(user.displayName) raised a concern (\(draft.category.label.lowercased())). Please acknowledge it within \(mentorship.program.responseTimeDays) days."
                try await Notifier.notify(coordinator, title: title, body: body, link: Paths.concern(id), email: true,
                                          publicURL: context.publicURL, on: db, logger: context.logger)
            }
            if draft.tellOther {
                try await Notifier.notify(other, title: "\(user.displayName) raised a concern with the coordinators",
                                          body: "They chose to tell you. You can follow the case and add your side.", link: Paths.concern(id),
                                          email: true, publicURL: context.publicURL, on: db, logger: context.logger)
            }
        }
        concern.$raiser.value = user
        concern.$other.value = other
        return concern
    }

    /// Copies what the raiser chose to share, as it reads now. Only the raiser's own mentorship's
    /// records can be shared: anything else is a 422 naming it.
    static func shared(_ shares: [ConcernShare], in access: Mentorships.Access, by user: User, on db: any Database) async throws -> [(ConcernShare, String, String)] {
        let id = try access.mentorship.requireID()
        let voice = user.voice
        var out: [(ConcernShare, String, String)] = []
        for share in shares {
            switch share {
            case .lateChanges:
                let changes = try await MeetingChange.query(on: db).join(Meeting.self, on: \MeetingChange.$meeting.$id == \Meeting.$id)
                    .filter(Meeting.self, \.$mentorship.$id == id).filter(\.$late == true).with(\.$actor).sort(\.$createdAt).all()
                let lines = changes.map { c -> String in
                    let what = c.kind == .cancelled ? "cancelled" : "moved"
                    let from = c.fromStart.map { " the meeting of \(voice.dateTime($0))" } ?? " a meeting"
                    return "\(c.createdAt.map { voice.dateTime($0) } ?? ""): \(c.actor.displayName) \(what)\(from) with less notice than the charter asks"
                }
                out.append((share, "Late changes to meetings (\(changes.count))", lines.isEmpty ? "No late changes." : lines.joined(separator: "\n")))
            case .meetingHistory:
                let meetings = try await Meeting.query(on: db).filter(\.$mentorship.$id == id).sort(\.$startsAt).limit(200).all()
                let now = Date()
                let lines = meetings.map { m -> String in
                    let status = switch m.status {
                    case .accepted: m.isHeld(now: now) ? "held" : "planned"
                    case .proposed: "proposed, not accepted"
                    case .cancelled: "cancelled"
                    }
                    return "\(voice.dateTime(m.startsAt)): \(status)"
                }
                out.append((share, "Meeting dates (\(meetings.count))", lines.isEmpty ? "No meetings yet." : lines.joined(separator: "\n")))
            case .message(let messageID):
                guard let message = try await Message.query(on: db).filter(\.$id == messageID).filter(\.$mentorship.$id == id).with(\.$author).first() else {
                    throw ValidationFailure("shares", "That message is not in your conversation with \(access.mentorship.other(than: access.viewerID).firstName); you can only share your own mentorship's records.")
                }
                out.append((share, "A message from \(message.author.displayName), \(message.createdAt.map { voice.dateTime($0) } ?? "")", message.body))
            case .myCheckIns:
                let mine = try await CheckIn.query(on: db).filter(\.$mentorship.$id == id).filter(\.$author.$id == access.viewerID).sort(\.$createdAt).all()
                let lines = mine.map { c in
                    "\(c.createdAt.map { voice.day($0) } ?? c.period): " + CheckInQuestion.allCases.map { "\($0.rawValue) \(c.answers.scores[$0] ?? 0)" }.joined(separator: ", ")
                        + (c.sentence.isEmpty ? "" : " — “\(c.sentence)”")
                }
                out.append((share, "My check-ins (\(mine.count))", lines.isEmpty ? "No check-ins yet." : lines.joined(separator: "\n")))
            }
        }
        return out
    }

    // MARK: reading

    /// A case the user may see, or 404. A coordinator's look is written to the raiser's log.
    static func access(_ id: UUID?, for user: User, via channel: Mentorships.Channel, on db: any Database) async throws -> Access {
        guard let id, let concern = try await Concern.query(on: db).filter(\.$id == id).with(\.$raiser).with(\.$other)
            .with(\.$program).with(\.$mentorship).first() else { throw DomainError.notFound("Concern") }
        let userID = try user.requireID()
        let coordinators = try await coordinators(of: concern.$program.id, outside: [concern.$raiser.id, concern.$other.id], on: db)
        let relation = concern.relation(of: userID, coordinators: Set(coordinators.compactMap(\.id)))
        guard concern.access(relation, to: .outline) == .read else { throw DomainError.notFound("Concern") }
        if relation == .coordinator {
            try await ConcernRead(concernID: id, actorID: userID, channel: channel.rawValue).save(on: db)
        }
        return Access(concern: concern, viewerID: userID, relation: relation, coordinators: coordinators)
    }

    /// The lines of a case the viewer may read, oldest first.
    static func entries(of access: Access, on db: any Database) async throws -> [ConcernEntry] {
        try await ConcernEntry.query(on: db).filter(\.$concern.$id == access.concern.requireID()).with(\.$author).with(\.$actionOwner)
            .sort(\.$createdAt).sort(\.$id).all().filter { access.can($0.part) }
    }

    static func sharedRecords(of access: Access, on db: any Database) async throws -> [ConcernSharedRecord] {
        guard access.can(.shared) else { return [] }
        return try await ConcernSharedRecord.query(on: db).filter(\.$concern.$id == access.concern.requireID()).sort(\.$createdAt).all()
    }

    /// Coordinators' reads of the case, for the raiser (and the coordinators themselves).
    static func reads(of access: Access, on db: any Database) async throws -> [ConcernRead] {
        guard access.isRaiser || access.isCoordinator else { return [] }
        return try await ConcernRead.query(on: db).filter(\.$concern.$id == access.concern.requireID()).with(\.$actor)
            .sort(\.$createdAt, .descending).limit(200).all()
    }

    /// Cases the user raised, is involved in, or coordinates, newest first.
    static func list(for user: User, on db: any Database) async throws -> [Concern] {
        let userID = try user.requireID()
        let coordinated = try await ProgramMembership.query(on: db).filter(\.$user.$id == userID).filter(\.$isCoordinator == true).all().map(\.$program.id)
        let all = try await Concern.query(on: db).group(.or) { or in
            or.filter(\.$raiser.$id == userID)
            or.group(.and) { $0.filter(\.$other.$id == userID).filter(\.$otherInvolved == true) }
            if !coordinated.isEmpty { or.filter(\.$program.$id ~~ coordinated) }
        }.with(\.$raiser).with(\.$other).with(\.$program).sort(\.$createdAt, .descending).limit(500).all()
        // A coordinator in the pair sees the case only as its raiser or (once involved) its other side.
        return all.filter { c in
            let relation = c.relation(of: userID, coordinators: coordinated.contains(c.$program.id) ? [userID] : [])
            return c.access(relation, to: .outline) == .read
        }
    }

    // MARK: moving a case

    static func move(_ access: Access, _ input: MoveInput, by user: User, _ context: ActionContext) async throws -> Concern {
        guard access.isCoordinator else { throw DomainError.forbidden("Only the program's coordinators move a case.") }
        var v = InputValidator()
        let note = v.optionalText("note", input.note, label: "Note", max: ConcernLimits.entry)
        let target = CaseState(rawValue: input.state ?? "")
        if target == nil { v.add("state", "State is one of: \(CaseState.allCases.map(\.rawValue).joined(separator: ", ")).") }
        let outcome = input.outcome.flatMap { $0.isEmpty ? nil : $0 }.map { CaseOutcome(rawValue: $0) }
        if case .some(.none) = outcome { v.add("outcome", "Outcome is one of: \(CaseOutcome.resolutions.map(\.rawValue).joined(separator: ", ")).") }
        try v.check()
        let concern = access.concern
        let from = concern.state
        let kept: CaseOutcome?
        do {
            kept = try CaseTransition.check(from: from, to: target!, outcome: outcome ?? nil)
        } catch .outcomeNeeded {
            throw ValidationFailure("outcome", "Choose the outcome: \(CaseOutcome.resolutions.map(\.label).joined(separator: ", ")).")
        } catch {
            throw DomainError.conflict("A case that is “\(from.label.lowercased())” cannot move to “\(target!.label.lowercased())”; next is \(from.next.map { "“\($0.label.lowercased())”" }.joined(separator: " or ").ifEmpty("nothing: it is closed")).")
        }
        try await apply(concern, to: target!, outcome: kept, note: note, by: user, context)
        return concern
    }

    /// The raiser takes the concern back: the case closes, and a pause it set is lifted.
    static func withdraw(_ access: Access, by user: User, _ context: ActionContext) async throws -> Concern {
        guard access.isRaiser else { throw DomainError.forbidden("Only the one who raised a concern withdraws it.") }
        guard CaseTransition.canWithdraw(access.concern.state) else { throw DomainError.conflict("This case is \(access.concern.state.label.lowercased()) already.") }
        try await apply(access.concern, to: .closed, outcome: .withdrawn, note: "", by: user, context)
        return access.concern
    }

    /// Writes a move with its timestamps and consequences, only if the case still stands where
    /// it was read (two coordinators moving at once: the second gets 409).
    private static func apply(_ concern: Concern, to target: CaseState, outcome: CaseOutcome?, note: String, by user: User, _ context: ActionContext) async throws {
        let from = concern.state
        let now = Date()
        let mentorship = concern.mentorship
        try await context.db.writeTransaction { db in
            guard try await db.claim(Concern.schema, id: concern.requireID(), column: "state", from: from.rawValue, to: target.rawValue) else {
                throw DomainError.conflict("Someone moved this case a moment ago. Reload to see where it stands.")
            }
            concern.state = target
            if let outcome { concern.outcome = outcome }
            switch target {
            case .acknowledged: concern.acknowledgedAt = now
            case .resolved: concern.resolvedAt = now
            case .closed: concern.closedAt = now
            default: break
            }
            try await concern.save(on: db)
            let entry = ConcernEntry(concernID: try concern.requireID(), authorID: try user.requireID(), kind: .move, body: note)
            entry.fromState = from
            entry.toState = target
            try await entry.save(on: db)
            switch outcome {
            case .endMentorship?, .newMentor?:
                if mentorship.status == .active {
                    mentorship.status = .ended
                    mentorship.endedAt = now
                    mentorship.mentorSlot = nil
                }
                mentorship.pausedAt = nil
                try await mentorship.save(on: db)
            case .continueAsBefore?, .newCharterVersion?, .withdrawn?:
                if mentorship.pausedAt != nil {
                    mentorship.pausedAt = nil
                    try await mentorship.save(on: db)
                }
            case nil: break
            }
            var told = [concern.raiser]
            if concern.otherInvolved { told.append(concern.other) }
            for person in told where person.id != user.id {
                let words = outcome.map { "\(target.label): \($0.label.lowercased())." } ?? "\(target.label)."
                try await Notifier.notify(person, title: "Your concern case: \(target.label.lowercased())", body: note.isEmpty ? words : "\(words) \(note.prefix(250))",
                                          link: Paths.concern(try concern.requireID()), email: true, publicURL: context.publicURL, on: db, logger: context.logger)
            }
        }
    }

    // MARK: conversation, notes, actions

    static func post(_ access: Access, _ input: EntryInput, by user: User, _ context: ActionContext) async throws -> ConcernEntry {
        var v = InputValidator()
        let body = v.text("body", input.body, label: "Text", max: ConcernLimits.entry)
        let kind = input.kind ?? "message"
        if kind != "note" && kind != "message" { v.add("kind", "Kind is note or message.") }
        try v.check()
        let concern = access.concern
        guard concern.state != .closed else { throw DomainError.conflict("This case is closed.") }
        let entry: ConcernEntry
        let id = try concern.requireID()
        switch access.relation {
        case .coordinator:
            if kind == "note" {
                entry = ConcernEntry(concernID: id, authorID: access.viewerID, kind: .note, body: body)
            } else {
                guard let party = input.party, party == "raiser" || party == "other" else {
                    throw ValidationFailure("party", "Say whom you write to: raiser or other.")
                }
                if party == "other" && !concern.otherInvolved {
                    throw DomainError.conflict("\(concern.other.firstName) is not involved in this case; open mediation first, with \(concern.raiser.firstName)'s agreement.")
                }
                entry = ConcernEntry(concernID: id, authorID: access.viewerID, kind: .message, body: body, party: party)
            }
        case .author, .counterpart:
            guard kind == "message" else { throw DomainError.forbidden("Case notes are the coordinators' own.") }
            entry = ConcernEntry(concernID: id, authorID: access.viewerID, kind: .message, body: body, party: access.isRaiser ? "raiser" : "other")
        case .participant, .stranger:
            throw DomainError.notFound("Concern")
        }
        try await context.db.writeTransaction { db in
            try await entry.save(on: db)
            if entry.kind == .message {
                // A coordinator's word reaches the party; a party's word reaches the coordinators.
                let recipients = access.isCoordinator ? [entry.party == "other" ? concern.other : concern.raiser] : access.coordinators
                for person in recipients {
                    try await Notifier.notify(person, title: access.isCoordinator ? "The coordinators wrote about your concern case" : "\(user.displayName) wrote in a concern case",
                                              body: String(body.prefix(200)), link: Paths.concern(id), email: true,
                                              publicURL: context.publicURL, on: db, logger: context.logger)
                }
            }
        }
        entry.$author.value = user
        return entry
    }

    static func addAction(_ access: Access, _ input: ActionInput, by user: User, _ context: ActionContext) async throws -> ConcernEntry {
        guard access.isCoordinator else { throw DomainError.forbidden("Agreed actions are written by the coordinators.") }
        var v = InputValidator()
        let title = v.text("title", input.title, label: "Action", max: ConcernLimits.actionTitle)
        let concern = access.concern
        var owners = [concern.raiser] + access.coordinators
        if concern.otherInvolved { owners.append(concern.other) }
        let owner = owners.first { $0.id == input.ownerId }
        if owner == nil {
            v.add("ownerId", concern.otherInvolved ? "The owner is someone in the case: either side or a coordinator."
                                                    : "The owner is \(concern.raiser.firstName) or a coordinator; \(concern.other.firstName) is not involved.")
        }
        var due: CalendarDate?
        if let raw = input.dueOn, !raw.isEmpty {
            due = CalendarDate(raw)
            if due == nil { v.add("dueOn", "Due date is a day like 2027-03-01.") }
        }
        try v.check()
        guard concern.state.isOpen else { throw DomainError.conflict("This case is \(concern.state.label.lowercased()); it takes no new actions.") }
        let entry = ConcernEntry(concernID: try concern.requireID(), authorID: access.viewerID, kind: .action, body: title)
        entry.$actionOwner.id = owner!.id
        entry.actionDueOn = due?.description
        let words = title + (due.map { " — by \(DateVoice.spoken($0))" } ?? "")
        try await context.db.writeTransaction { db in
            try await entry.save(on: db)
            if owner!.id != user.id {
                try await Notifier.notify(owner!, title: "An action agreed in a concern case is yours", body: words,
                                          link: Paths.concern(try concern.requireID()), email: true, publicURL: context.publicURL, on: db, logger: context.logger)
            }
        }
        entry.$author.value = user
        entry.$actionOwner.value = owner
        return entry
    }

    // MARK: mediation and the pause

    /// The raiser agrees that the coordinators may bring the other side in.
    static func consent(_ access: Access, _ context: ActionContext) async throws -> Concern {
        guard access.isRaiser else { throw DomainError.forbidden("Only the one who raised the concern agrees to mediation.") }
        let concern = access.concern
        guard !concern.consentToMediation else { return concern }
        concern.consentToMediation = true
        try await concern.save(on: context.db)
        return concern
    }

    /// A coordinator opens mediation: the other side is told and may follow the case.
    static func involveOther(_ access: Access, by user: User, _ context: ActionContext) async throws -> Concern {
        guard access.isCoordinator else { throw DomainError.forbidden("Only the program's coordinators open mediation.") }
        let concern = access.concern
        guard concern.consentToMediation else {
            throw DomainError.conflict("\(concern.raiser.firstName) has not agreed to bring \(concern.other.firstName) in. Ask them in the case's conversation.")
        }
        guard !concern.otherInvolved else { throw DomainError.conflict("\(concern.other.firstName) is involved already.") }
        guard concern.state.isOpen else { throw DomainError.conflict("This case is \(concern.state.label.lowercased()).") }
        try await context.db.writeTransaction { db in
            concern.otherInvolved = true
            try await concern.save(on: db)
            let entry = ConcernEntry(concernID: try concern.requireID(), authorID: access.viewerID, kind: .move,
                                     body: "Mediation opened: \(concern.other.displayName) is involved, with \(concern.raiser.firstName)'s agreement.")
            entry.fromState = concern.state
            entry.toState = concern.state
            try await entry.save(on: db)
            try await Notifier.notify(concern.other, title: "The coordinators of “\(concern.program.name)” would like to hear you",
                                      body: "\(concern.raiser.displayName) raised a concern about your mentorship (\(concern.category.label.lowercased())) and agreed that you be heard. Add your side in the case.",
                                      link: Paths.concern(try concern.requireID()), email: true, publicURL: context.publicURL, on: db, logger: context.logger)
        }
        return concern
    }

    static func liftPause(_ access: Access, by user: User, _ context: ActionContext) async throws -> Concern {
        guard access.isCoordinator else { throw DomainError.forbidden("Only the program's coordinators lift a pause.") }
        let mentorship = access.concern.mentorship
        guard mentorship.pausedAt != nil else { throw DomainError.conflict("The mentorship is not paused.") }
        try await context.db.writeTransaction { db in
            mentorship.pausedAt = nil
            try await mentorship.save(on: db)
            let entry = ConcernEntry(concernID: try access.concern.requireID(), authorID: access.viewerID, kind: .move,
                                     body: "The pause on messages and meeting proposals was lifted.")
            entry.fromState = access.concern.state
            entry.toState = access.concern.state
            try await entry.save(on: db)
        }
        return access.concern
    }

    /// Messages and meeting proposals wait while a safety concern is open. The words name
    /// neither the concern nor who raised it.
    static func requireNotPaused(_ mentorship: Mentorship) throws {
        guard mentorship.pausedAt == nil else {
            throw DomainError.conflict("Messages and meeting proposals in this mentorship are paused by the program's coordinators for now.")
        }
    }

    // MARK: reminders

    /// Cases nobody acknowledged within the program's response time, one reminder per coordinator.
    static func dueReminders(now: Date, on db: any Database) async throws -> [Reminders.Due] {
        let waiting = try await Concern.query(on: db).filter(\.$state == .raised).filter(\.$createdAt <= now.addingTimeInterval(-86_400))
            .with(\.$program).with(\.$raiser).with(\.$other).limit(1000).all()
        var due: [Reminders.Due] = []
        for concern in waiting {
            guard let at = concern.createdAt else { continue }
            let coordinators = try await coordinators(of: concern.$program.id, outside: [concern.$raiser.id, concern.$other.id], on: db)
            for plan in ReminderPlanner.unacknowledgedConcern(concern.id!, raisedAt: at, responseDays: concern.program.responseTimeDays,
                                                              coordinators: coordinators.compactMap(\.id)) {
                due.append(Reminders.Due(plan: plan, title: "A concern waits for acknowledgement in “\(concern.program.name)”",
                                         body: "\(concern.raiser.displayName) raised it \(concern.program.responseTimeDays) or more days ago (\(concern.category.label.lowercased())). The program promises an answer within \(concern.program.responseTimeDays) days.",
                                         link: Paths.concern(concern.id!)))
            }
        }
        return due
    }
}

extension String {
    func ifEmpty(_ fallback: String) -> String { isEmpty ? fallback : self }
}
