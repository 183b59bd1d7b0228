import Fluent
import TandemCore
import Vapor

/// Ending a mentorship: a proposal with a reason, confirmed by the other side (or after a last
/// meeting), or ended alone when the other does not answer in time or after a safety concern;
/// then reflections, gratitude and the recap. The pair alone reads any of it.
enum Endings {
    static let readOnly = "This mentorship has ended and is read-only. Your reflection and a note of thanks are on its Ending tab."

    struct ProposeInput: Content {
        var reason: String?
        var words: String?
    }

    struct ReflectionInput: Content {
        var learned: String?
        var differently: String?
        var keepDoing: String?
        /// "pair" (shared with the other side) or "author_only".
        var visibility: String?
    }

    struct GratitudeInput: Content {
        var body: String?
    }

    /// Where the ending stands, as one side sees it.
    struct State {
        let ending: MentorshipEnding?
        let mine: [ClosingNote]
        /// The other side's shared reflection and their gratitude.
        let theirs: [ClosingNote]
        let mayEndAlone: Bool
    }

    static func ending(of mentorshipID: UUID, on db: any Database) async throws -> MentorshipEnding? {
        try await MentorshipEnding.query(on: db).filter(\.$mentorship.$id == mentorshipID).with(\.$proposedBy).first()
    }

    static func state(of access: Mentorships.Access, now: Date = Date(), on db: any Database) async throws -> State {
        guard access.isPairMember else { throw DomainError.notFound("Mentorship") }
        let id = try access.mentorship.requireID()
        let ending = try await ending(of: id, on: db)
        let notes = try await ClosingNote.query(on: db).filter(\.$mentorship.$id == id).with(\.$author).sort(\.$createdAt).all()
        let mine = notes.filter { $0.$author.id == access.viewerID }
        let theirs = notes.filter { note in
            let record: PrivateRecord = note.kind == .gratitude ? .gratitude : .reflection(shared: note.visibility == .pair)
            return note.$author.id != access.viewerID && AccessPolicy.access(access.relation(toRecordBy: note.$author.id), to: record) == .read
        }
        return State(ending: ending, mine: mine, theirs: theirs,
                     mayEndAlone: try await mayEndAlone(access, ending: ending, now: now, on: db))
    }

    /// The proposer ends alone once the other side let the program's response time pass; the
    /// raiser of a safety concern about this mentorship ends it at once.
    static func mayEndAlone(_ access: Mentorships.Access, ending: MentorshipEnding?, now: Date, on db: any Database) async throws -> Bool {
        guard access.mentorship.status == .active else { return false }
        let safety = try await Concern.query(on: db).filter(\.$mentorship.$id == access.mentorship.requireID())
            .filter(\.$raiser.$id == access.viewerID).filter(\.$category == .safety).count() > 0
        if safety { return true }
        guard let ending, ending.$proposedBy.id == access.viewerID, ending.lastMeetingAskedAt == nil, let at = ending.proposedAt else { return false }
        return EndingRules.mayEndAlone(proposedAt: at, now: now, responseDays: access.mentorship.program.responseTimeDays)
    }

    static func propose(_ input: ProposeInput, in access: Mentorships.Access, by user: User, _ context: ActionContext) async throws -> MentorshipEnding {
        guard access.isPairMember else { throw DomainError.notFound("Mentorship") }
        let m = access.mentorship
        guard m.status == .active else { throw DomainError.conflict("This mentorship has ended already.") }
        let draft = try EndingProposalDraft(reason: input.reason, words: input.words)
        let id = try m.requireID()
        if try await ending(of: id, on: context.db) != nil { throw DomainError.conflict("An ending is proposed already; answer it or withdraw it.") }
        let ending = MentorshipEnding(mentorshipID: id, proposedByID: access.viewerID, draft: draft)
        let other = m.other(than: access.viewerID)
        do {
            try await context.db.writeTransaction { db in
                try await ending.save(on: db)
                try await Notifier.notify(other, title: "\(user.displayName) proposes to end your mentorship",
                                          body: "\(draft.reason.label)." + (draft.words.isEmpty ? "" : " “\(draft.words.prefix(250))”")
                                              + " Confirm, or ask for a last meeting first.",
                                          link: Paths.mentorship(id, .ending), email: true, publicURL: context.publicURL, on: db, logger: context.logger)
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            throw DomainError.conflict("An ending is proposed already; answer it or withdraw it.")
        }
        ending.$proposedBy.value = user
        return ending
    }

    /// The other side asks to meet once more before the end.
    static func askLastMeeting(in access: Mentorships.Access, by user: User, _ context: ActionContext) async throws -> MentorshipEnding {
        let ending = try await openEnding(access, on: context.db)
        guard ending.$proposedBy.id != access.viewerID else { throw DomainError.forbidden("You proposed the ending; \(access.mentorship.other(than: access.viewerID).firstName) answers it.") }
        guard ending.lastMeetingAskedAt == nil else { throw DomainError.conflict("You asked for a last meeting already.") }
        ending.lastMeetingAskedAt = Date()
        try await context.db.writeTransaction { db in
            try await ending.save(on: db)
            try await Notifier.notify(ending.proposedBy, title: "\(user.displayName) would like a last meeting before you end",
                                      body: "Plan a closing meeting; either of you ends the mentorship afterwards.",
                                      link: Paths.newMeeting(try access.mentorship.requireID()), email: true, publicURL: context.publicURL, on: db, logger: context.logger)
        }
        return ending
    }

    /// Ends the mentorship: the other side confirms, either side after a last meeting was asked
    /// for, or the proposer alone after the response time (or after a safety concern).
    static func end(in access: Mentorships.Access, by user: User, _ context: ActionContext, now: Date = Date()) async throws -> Mentorship {
        guard access.isPairMember else { throw DomainError.notFound("Mentorship") }
        let m = access.mentorship
        guard m.status == .active else { throw DomainError.conflict("This mentorship has ended already.") }
        let ending = try await ending(of: try m.requireID(), on: context.db)
        let alone = try await mayEndAlone(access, ending: ending, now: now, on: context.db)
        let confirms = ending.map { $0.$proposedBy.id != access.viewerID || $0.lastMeetingAskedAt != nil } ?? false
        guard confirms || alone else {
            if ending == nil { throw DomainError.conflict("Propose the ending first, with a reason; \(m.other(than: access.viewerID).firstName) confirms it.") }
            throw DomainError.conflict("\(m.other(than: access.viewerID).firstName) has not answered yet. You can end alone after \(m.program.responseTimeDays) days without an answer.")
        }
        let other = m.other(than: access.viewerID)
        try await context.db.writeTransaction { db in
            // Only an active mentorship ends: two confirmations at once end it once.
            guard try await db.claim(Mentorship.schema, id: m.requireID(), column: "status", from: "active", to: "ended") else {
                throw DomainError.conflict("This mentorship has ended already.")
            }
            let record: MentorshipEnding
            if let ending { record = ending } else {
                record = MentorshipEnding(mentorshipID: try m.requireID(), proposedByID: access.viewerID,
                                          draft: try EndingProposalDraft(reason: EndingReason.other.rawValue, words: "Ended after a safety concern."))
            }
            record.endedAt = now
            record.$endedBy.id = access.viewerID
            record.endedAlone = !confirms
            try await record.save(on: db)
            m.status = .ended
            m.endedAt = now
            m.mentorSlot = nil
            m.pausedAt = nil
            try await m.save(on: db)
            // Meetings still ahead will not take place.
            for meeting in try await Meeting.query(on: db).filter(\.$mentorship.$id == m.requireID()).filter(\.$status != .cancelled)
                .filter(\.$startsAt > now).all() {
                try await MeetingChange(meetingID: meeting.requireID(), actorID: access.viewerID, kind: .cancelled, fromStart: meeting.startsAt,
                                        message: "The mentorship ended.").save(on: db)
                try await Meeting.query(on: db).filter(\.$id == meeting.requireID()).set(\.$status, to: .cancelled).update()
            }
            try await Notifier.notify(other, title: "Your mentorship with \(user.displayName) has ended",
                                      body: "Thank you for the time you gave each other. Write a reflection and a note of thanks, and see your recap.",
                                      link: Paths.mentorship(try m.requireID(), .ending), email: true, publicURL: context.publicURL, on: db, logger: context.logger)
        }
        return m
    }

    /// The proposer takes the proposal back while the mentorship is still active.
    static func withdraw(in access: Mentorships.Access, on db: any Database) async throws {
        let ending = try await openEnding(access, on: db)
        guard ending.$proposedBy.id == access.viewerID else { throw DomainError.forbidden("Only the one who proposed the ending withdraws it.") }
        try await ending.delete(on: db)
    }

    private static func openEnding(_ access: Mentorships.Access, on db: any Database) async throws -> MentorshipEnding {
        guard access.isPairMember else { throw DomainError.notFound("Mentorship") }
        guard access.mentorship.status == .active else { throw DomainError.conflict("This mentorship has ended already.") }
        guard let ending = try await ending(of: access.mentorship.requireID(), on: db) else {
            throw DomainError.conflict("No ending is proposed.")
        }
        return ending
    }

    // MARK: the close

    /// Reflections and gratitude belong to the close: once an ending is proposed, or after it.
    static func requireClosing(_ access: Mentorships.Access, on db: any Database) async throws {
        guard access.isPairMember else { throw DomainError.notFound("Mentorship") }
        if access.mentorship.status == .ended { return }
        guard try await ending(of: access.mentorship.requireID(), on: db) != nil else {
            throw DomainError.conflict("Reflections and thanks come at the close: propose the ending first.")
        }
    }

    static func reflect(_ input: ReflectionInput, in access: Mentorships.Access, on db: any Database) async throws -> ClosingNote {
        try await requireClosing(access, on: db)
        let draft = try ReflectionDraft(learned: input.learned, differently: input.differently, keepDoing: input.keepDoing)
        let visibility = Visibility(rawValue: input.visibility ?? Visibility.pair.rawValue)
        guard let visibility, visibility != .programAggregate else {
            throw ValidationFailure("visibility", "Share it with the other side (pair) or keep it to yourself (author_only).")
        }
        let id = try access.mentorship.requireID()
        // One reflection per person: writing again replaces it.
        let note = try await ClosingNote.query(on: db).filter(\.$mentorship.$id == id).filter(\.$author.$id == access.viewerID)
            .filter(\.$kind == .reflection).first() ?? ClosingNote(mentorshipID: id, authorID: access.viewerID, reflection: draft, visibility: visibility)
        note.learned = draft.learned
        note.differently = draft.differently
        note.keepDoing = draft.keepDoing
        note.visibility = visibility
        do { try await note.save(on: db) } catch let error as any DatabaseError where error.isConstraintFailure {
            throw DomainError.conflict("Your reflection was saved a moment ago; reload to change it.")
        }
        return note
    }

    /// A note of thanks, delivered to the other side in the app and by e-mail; sent once.
    static func thank(_ input: GratitudeInput, in access: Mentorships.Access, by user: User, _ context: ActionContext) async throws -> ClosingNote {
        try await requireClosing(access, on: context.db)
        var v = InputValidator()
        let body = v.text("body", input.body, label: "Your note of thanks", max: EndingLimits.gratitude)
        try v.check()
        let m = access.mentorship
        let note = ClosingNote(mentorshipID: try m.requireID(), authorID: access.viewerID, gratitude: body)
        let other = m.other(than: access.viewerID)
        do {
            try await context.db.writeTransaction { db in
                try await note.save(on: db)
                try await Notifier.notify(other, title: "A note of thanks from \(user.displayName)", body: String(body.prefix(1000)),
                                          link: Paths.mentorship(try m.requireID(), .ending), email: true, publicURL: context.publicURL, on: db, logger: context.logger)
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            throw DomainError.conflict("You have sent your note of thanks already.")
        }
        note.$author.value = user
        return note
    }

    /// After the end, privately: not to be matched with the other side again in this program.
    static func setNotAgain(_ notAgain: Bool, in access: Mentorships.Access, on db: any Database) async throws {
        guard access.isPairMember else { throw DomainError.notFound("Mentorship") }
        let m = access.mentorship
        guard m.status == .ended else { throw DomainError.conflict("This is a choice for after the mentorship has ended.") }
        let otherID = try m.other(than: access.viewerID).requireID()
        let existing = try await MatchPreference.query(on: db).filter(\.$program.$id == m.$program.id)
            .filter(\.$author.$id == access.viewerID).filter(\.$other.$id == otherID).first()
        if notAgain, existing == nil {
            do { try await MatchPreference(programID: m.$program.id, authorID: access.viewerID, otherID: otherID).save(on: db) }
            catch let error as any DatabaseError where error.isConstraintFailure {}
        } else if !notAgain, let existing {
            try await existing.delete(on: db)
        }
    }

    static func notAgain(in access: Mentorships.Access, on db: any Database) async throws -> Bool {
        let m = access.mentorship
        return try await MatchPreference.query(on: db).filter(\.$program.$id == m.$program.id).filter(\.$author.$id == access.viewerID)
            .filter(\.$other.$id == m.other(than: access.viewerID).requireID()).count() > 0
    }

    /// Endings of a program by reason, as a coordinator may know them: counted in the database,
    /// shown only over at least k (EndingAggregate).
    static func aggregate(of programID: UUID, k: Int, on db: any Database) async throws -> EndingAggregate {
        let ended = try await MentorshipEnding.query(on: db).join(Mentorship.self, on: \MentorshipEnding.$mentorship.$id == \Mentorship.$id)
            .filter(Mentorship.self, \.$program.$id == programID).filter(\.$endedAt != nil).field(\.$reason).all()
        return EndingAggregate(reasons: ended.map(\.reason), k: k)
    }

    // MARK: the charter's end date

    /// Pairs whose charter ends within two weeks: plan a closing meeting (or extend the charter).
    static func closingReminders(now: Date, on db: any Database) async throws -> [Reminders.Due] {
        let active = try await Mentorship.query(on: db).filter(\.$status == .active).with(\.$mentor).with(\.$mentee).all()
        guard !active.isEmpty else { return [] }
        let charters = try await Charters.histories(of: active.compactMap(\.id), on: db)
        let today = CalendarDate(now)
        var due: [Reminders.Due] = []
        for m in active {
            guard let endsOn = charters[m.id!]?.inForce?.terms.endsOn, endsOn >= today, endsOn <= today.adding(days: 14) else { continue }
            for plan in ReminderPlanner.closingMeeting(m.id!, endsOn: endsOn, people: [m.$mentor.id, m.$mentee.id]) {
                let other = plan.recipientID == m.$mentor.id ? m.mentee : m.mentor
                due.append(Reminders.Due(plan: plan, title: "Your mentorship with \(other.displayName) ends on \(DateVoice.spoken(endsOn))",
                                         body: "Plan a closing meeting to look back together — or agree a new charter version to go on.",
                                         link: Paths.newMeeting(m.id!)))
            }
        }
        return due
    }

    /// Mentorships past their charter's end date end on their own (unless both extended it with
    /// a new charter version). The last day is over everywhere once it is over at UTC−12.
    @discardableResult
    static func endExpired(now: Date = Date(), _ context: ActionContext) async throws -> Int {
        let active = try await Mentorship.query(on: context.db).filter(\.$status == .active).with(\.$mentor).with(\.$mentee).all()
        guard !active.isEmpty else { return 0 }
        let charters = try await Charters.histories(of: active.compactMap(\.id), on: context.db)
        let lastDayOver = CalendarDate(now.addingTimeInterval(-12 * 3600))
        var ended = 0
        for m in active {
            guard let endsOn = charters[m.id!]?.inForce?.terms.endsOn, endsOn < lastDayOver else { continue }
            let done = try await context.db.writeTransaction { db -> Bool in
                // Once across instances: only the worker whose update flips it from active ends it.
                guard try await db.claim(Mentorship.schema, id: m.requireID(), column: "status", from: "active", to: "ended") else { return false }
                m.status = .ended
                m.endedAt = now
                m.mentorSlot = nil
                try await m.save(on: db)
                let record = try await ending(of: m.requireID(), on: db)
                    ?? MentorshipEnding(mentorshipID: try m.requireID(), proposedByID: m.$mentee.id,
                                        draft: try EndingProposalDraft(reason: EndingReason.durationOver.rawValue, words: "The charter's end date passed."))
                record.endedAt = now
                try await record.save(on: db)
                for person in [m.mentor, m.mentee] {
                    try await Notifier.notify(person, title: "Your mentorship has reached its end date",
                                              body: "The charter ended on \(DateVoice.spoken(endsOn)). Write a reflection, send a note of thanks and see your recap.",
                                              link: Paths.mentorship(try m.requireID(), .ending), email: true, publicURL: context.publicURL, on: db, logger: context.logger)
                }
                return true
            }
            if done { ended += 1 }
        }
        if ended > 0 { context.logger.info("Endings: \(ended) mentorships reached their charter's end date") }
        return ended
    }

    // MARK: the recap

    /// The pair's own record, summed up — the same for both sides, nothing private in it.
    static func recap(of access: Mentorships.Access, history known: CharterHistory? = nil, viewer: User, now: Date = Date(),
                      on db: any Database) async throws -> (MentorshipRecap, MeetingRhythm) {
        guard access.isPairMember else { throw DomainError.notFound("Mentorship") }
        let m = access.mentorship
        let id = try m.requireID()
        let zone = viewer.zone
        let endedAt = m.endedAt ?? now
        let history = if let known { known } else { try await Charters.history(of: id, on: db) }
        let terms = try await Meetings.terms(of: m, history: history, on: db)
        let goals = try await GoalShare.query(on: db).filter(\.$mentorship.$id == id).with(\.$goal).all().map(\.goal)
        let goalIDs = goals.compactMap(\.id)
        let readings = goalIDs.isEmpty ? [] : try await ProgressUpdate.query(on: db).filter(\.$goal.$id ~~ goalIDs).sort(\.$recordedOn).sort(\.$createdAt).all()
        let milestones = goalIDs.isEmpty ? [] : try await Milestone.query(on: db).filter(\.$goal.$id ~~ goalIDs).all()
        let lines = goals.sorted { $0.title < $1.title }.map { goal in
            let mine = milestones.filter { $0.$goal.id == goal.id }
            return MentorshipRecap.GoalLine(title: goal.title, unit: goal.unit, baseline: goal.baseline,
                                            final: readings.last { $0.$goal.id == goal.id }?.value, target: goal.target, status: goal.status,
                                            milestonesReached: mine.filter { $0.doneAt != nil }.count, milestones: mine.count)
        }
        let meetings = try await Meeting.query(on: db).filter(\.$mentorship.$id == id).sort(\.$startsAt).all()
        let late = try await Meetings.lateChanges(of: meetings, on: db)
        // Counted in the database: a long mentorship has thousands of action items.
        let actions = try await Actions.counts(in: id, on: db)
        // Wins and setbacks both may read: the pair's entries, not a private one.
        let journal = try await JournalEntry.query(on: db).filter(\.$mentorship.$id == id).filter(\.$visibility == .pair).sort(\.$createdAt).all()
        let resources = try await Resource.query(on: db).filter(\.$mentorship.$id == id).sort(\.$createdAt).all()
        let recap = MentorshipRecap(
            goals: lines, meetingsHeld: meetings.filter { $0.isHeld(now: endedAt) }.count,
            meetingsCancelled: meetings.filter { $0.status == .cancelled }.count, lateChanges: late.count, cadenceDays: terms.cadenceDays,
            actionsDone: actions[.done] ?? 0, actionsDropped: actions[.dropped] ?? 0, actionsCarried: actions[.open] ?? 0,
            wins: journal.filter { $0.kind == .win }.map(\.body), setbacks: journal.filter { $0.kind == .setback }.map(\.body),
            resources: resources.map { ($0.title, $0.impressions) },
            startedOn: CalendarDate(m.startedAt, in: zone), endedOn: CalendarDate(endedAt, in: zone),
            agreedEnd: history.inForce?.terms.endsOn)
        // An ended mentorship's rhythm is drawn up to its last day.
        var drawn = terms
        if m.status == .ended { drawn.endsOn = CalendarDate(endedAt, in: zone) }
        let rhythm = Meetings.rhythm(of: m, meetings: meetings, late: Set(late.map(\.$meeting.id)), terms: drawn, viewer: viewer, now: endedAt)
        return (recap, rhythm)
    }
}
