import Fluent
import SQLKit
import TandemCore
import Vapor

/// Planning meetings in advance (journey J7): propose, accept or propose another time,
/// reschedule and cancel under the charter's notice rule, find a common free time, calendars.
enum Meetings {
    /// What a person sends to propose or move a meeting. `start` is a wall-clock time in
    /// `timeZone` ("2027-03-30T18:00"), or an instant with an offset ("2027-03-30T16:00:00Z").
    struct Input: Content {
        var start: String?
        var timeZone: String?
        var minutes: Int?
        /// Instead of `minutes`: when it ends, in the same form as `start`.
        var end: String?
        var place: String?
        var link: String?
        /// How many meetings to plan on the charter's cadence (1 to 12).
        var repeatCount: Int?
        /// A short word to the other side (most useful with a late change).
        var message: String?
    }

    /// A meeting as one of the pair sees it. Meetings are the pair's: anyone else gets 404.
    struct Access {
        let meeting: Meeting
        let mentorship: Mentorship
        let viewer: User

        var viewerID: UUID { viewer.id! }
        var other: User { viewerID == mentorship.$mentor.id ? mentorship.mentee : mentorship.mentor }
    }

    static func access(_ id: UUID?, for user: User, on db: any Database) async throws -> Access {
        let userID = try user.requireID()
        guard let id, let meeting = try await Meeting.query(on: db).filter(\.$id == id)
            .with(\.$mentorship, { $0.with(\.$mentor).with(\.$mentee).with(\.$program) }).first(),
              meeting.mentorship.pair.contains(userID) else {
            throw DomainError.notFound("Meeting")
        }
        return Access(meeting: meeting, mentorship: meeting.mentorship, viewer: user)
    }

    /// The charter terms meetings follow: the version in force, else the program's defaults.
    /// The pair's next meeting that still stands, for "put it on the next meeting's agenda".
    static func next(in mentorshipID: UUID, after now: Date, on db: any Database) async throws -> Meeting? {
        try await Meeting.query(on: db).filter(\.$mentorship.$id == mentorshipID).filter(\.$status != .cancelled)
            .filter(\.$startsAt > now).sort(\.$startsAt).first()
    }

    static func terms(of mentorship: Mentorship, on db: any Database) async throws -> CharterTerms {
        try await terms(of: mentorship, history: try await Charters.history(of: try mentorship.requireID(), on: db), on: db)
    }

    /// The same, from a charter history the caller has already read.
    static func terms(of mentorship: Mentorship, history: CharterHistory, on db: any Database) async throws -> CharterTerms {
        if let terms = history.inForce?.terms { return terms }
        return try await Charters.defaults(for: mentorship, on: db)
    }

    static func zone(_ name: String?, default fallback: String, into v: inout InputValidator) -> TimeZone {
        let identifier = v.timeZone("timeZone", name, fallback: fallback)
        guard TimeZoneNames.problem(with: identifier) == nil, let zone = TimeZone(identifier: identifier) else {
            return TimeZone(identifier: fallback) ?? .gmt
        }
        return zone
    }

    /// The draft an input describes, on top of defaults, checked.
    static func draft(_ input: Input, defaults: MeetingDraft?, terms: CharterTerms, user: User, now: Date) throws -> (MeetingDraft, TimeZone) {
        var v = InputValidator()
        let zone = zone(input.timeZone, default: user.timeZone, into: &v)
        var start = defaults?.start
        if let text = input.start?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            start = LocalTime.parse(text, in: zone)
            if start == nil {
                v.add("start", "Give the start like 2027-03-30T18:00 (in \(zone.identifier)); “\(text)” is not a time there, or it is skipped when the clocks change.")
            }
        } else if start == nil {
            v.add("start", "Choose when the meeting starts.")
        }
        var minutes = input.minutes
        if let text = input.end?.trimmingCharacters(in: .whitespaces), !text.isEmpty, let start {
            if let end = LocalTime.parse(text, in: zone) {
                if end <= start {
                    v.add("end", "The end (\(LocalTime.format(end, in: zone))) must come after the start (\(LocalTime.format(start, in: zone))).")
                } else {
                    minutes = Int(end.timeIntervalSince(start) / 60)
                }
            } else {
                v.add("end", "Give the end like 2027-03-30T18:45 (in \(zone.identifier)).")
            }
        }
        _ = v.optionalText("message", input.message, label: "Message", max: 1000)
        try v.check()
        let draft = MeetingDraft(start: start!, minutes: minutes ?? defaults?.minutes ?? terms.meetingMinutes,
                                 place: input.place ?? defaults?.place ?? "",
                                 link: input.link ?? defaults?.link ?? (input.place?.isEmpty == false ? "" : terms.meetingLink))
        return (try draft.validated(now: now, mentorshipEndsOn: terms.endsOn, in: zone), zone)
    }

    /// Meetings either person has at that time (proposed or accepted), in any mentorship.
    static func busy(of people: [UUID], from: Date, to: Date, excluding: Set<UUID> = [], on db: any Database) async throws -> [Meeting] {
        let mentorships = try await Mentorship.query(on: db)
            .group(.or) { $0.filter(\.$mentor.$id ~~ people).filter(\.$mentee.$id ~~ people) }.all().compactMap(\.id)
        guard !mentorships.isEmpty else { return [] }
        return try await Meeting.query(on: db).filter(\.$mentorship.$id ~~ mentorships).filter(\.$status != .cancelled)
            .filter(\.$startsAt < to).filter(\.$endsAt > from).with(\.$mentorship).all()
            .filter { !excluding.contains($0.id!) }
    }

    /// Inside a transaction that books time: on PostgreSQL, takes both people's calendar locks
    /// (in a fixed order, so two bookings never wait on each other) until the transaction ends,
    /// so the overlap check and the booking cannot be interleaved by another instance. SQLite's
    /// write transactions already take turns.
    static func lockCalendars(of people: [UUID], on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase, sql.dialect.name == "postgresql" else { return }
        for person in Set(people).sorted(by: { $0.uuidString < $1.uuidString }) {
            let key = withUnsafeBytes(of: person.uuid) { $0.loadUnaligned(as: Int64.self) }
            try await sql.raw("SELECT pg_advisory_xact_lock(\(bind: key))").run()
        }
    }

    /// A meeting may not overlap one the proposer, or the other person, already has.
    static func checkFree(_ draft: MeetingDraft, for me: User, and other: User, excluding: Set<UUID> = [], on db: any Database) async throws {
        let clashes = try await busy(of: [try me.requireID(), try other.requireID()], from: draft.start, to: draft.end, excluding: excluding, on: db)
        if clashes.contains(where: { $0.mentorship.pair.contains(me.id!) }) {
            throw DomainError.conflict("You already have a meeting that overlaps this time. Choose another time or use “Find a time”.")
        }
        if !clashes.isEmpty {
            throw DomainError.conflict("\(other.displayName) already has a meeting at that time. Choose another time or use “Find a time”.")
        }
    }

    static func when(_ date: Date, for person: User) -> String {
        "\(person.voice.dateTime(date)) (\(person.timeZone))"
    }

    // MARK: proposing, accepting, moving, cancelling

    static func propose(_ input: Input, in access: Mentorships.Access, by user: User, _ context: ActionContext, now: Date = Date()) async throws -> [Meeting] {
        guard access.isPairMember else { throw DomainError.notFound("Mentorship") }
        let mentorship = access.mentorship
        guard mentorship.status == .active else { throw DomainError.conflict("This mentorship has ended; no new meetings.") }
        try Concerns.requireNotPaused(mentorship)
        let terms = try await terms(of: mentorship, on: context.db)
        let (draft, zone) = try draft(input, defaults: nil, terms: terms, user: user, now: now)
        let count = input.repeatCount ?? 1
        guard (1...12).contains(count) else { throw ValidationFailure("repeatCount", "Plan from 1 to 12 meetings at once (got \(count)).") }
        let other = user.id == mentorship.$mentor.id ? mentorship.mentee : mentorship.mentor
        let starts = MeetingSeries.starts(first: draft.start, cadenceDays: terms.cadenceDays, count: count, in: zone)
        if let last = starts.last, CalendarDate(last, in: zone) > terms.endsOn {
            throw ValidationFailure("repeatCount", "The last of \(count) meetings would fall on \(DateVoice.spoken(CalendarDate(last, in: zone))), after the mentorship ends on \(DateVoice.spoken(terms.endsOn)). Plan fewer.")
        }
        let drafts = starts.map { start -> MeetingDraft in
            var next = draft
            next.start = start
            return next
        }
        let series = count > 1 ? UUID() : nil
        let mentorshipID = try mentorship.requireID()
        let meetings = drafts.map { Meeting(mentorshipID: mentorshipID, proposedBy: user.id!, draft: $0, timeZone: zone.identifier, seriesID: series) }
        try await context.db.writeTransaction { db in
            // Checked inside the transaction that books, so two proposals cannot slip past each other.
            try await lockCalendars(of: [user.id!, other.id!], on: db)
            for next in drafts { try await checkFree(next, for: user, and: other, on: db) }
            for meeting in meetings {
                try await meeting.create(on: db)
                try await MeetingChange(meetingID: meeting.id!, actorID: user.id!, kind: .proposed, toStart: meeting.startsAt,
                                        message: input.message ?? "").save(on: db)
            }
            let what = count > 1 ? "\(count) meetings, every \(terms.cadenceDays) days, from \(when(draft.start, for: other))"
                : "a meeting on \(when(draft.start, for: other))"
            let calendar = ICalendar.document(meetings.map { event($0, mentorship: mentorship, publicURL: context.publicURL) },
                                              method: .request, zone: other.zone, now: Date())
            try await Notifier.notify(other, title: "\(user.displayName) proposes \(count > 1 ? "meetings" : "a meeting")",
                                      body: "\(user.firstName) proposes \(what). Accept, or propose another time.",
                                      link: Paths.meeting(meetings[0].id!), email: true, calendar: calendar,
                                      publicURL: context.publicURL, on: db, logger: context.logger)
        }
        return meetings
    }

    static func requireOpen(_ meeting: Meeting, now: Date) throws {
        if meeting.status == .cancelled { throw DomainError.conflict("This meeting was cancelled; propose a new one instead.") }
        if meeting.endsAt <= now { throw DomainError.conflict("This meeting is over; it cannot change any more.") }
    }

    /// The side that did not propose the time accepts it (and, if asked, the rest of its series).
    static func accept(_ access: Access, series: Bool, _ context: ActionContext, now: Date = Date()) async throws -> [Meeting] {
        let meeting = access.meeting
        try requireOpen(meeting, now: now)
        if meeting.status == .accepted { throw DomainError.conflict("This meeting is already accepted.") }
        guard meeting.$proposedBy.id != access.viewerID else {
            throw DomainError.conflict("You proposed this time; \(access.other.displayName) accepts it or proposes another.")
        }
        var meetings = [meeting]
        if series, let seriesID = meeting.seriesID {
            meetings = try await Meeting.query(on: context.db).filter(\.$seriesID == seriesID).filter(\.$status == .proposed)
                .filter(\.$proposedBy.$id != access.viewerID).filter(\.$startsAt > now).sort(\.$startsAt).all()
        }
        let viewerID = access.viewerID
        let accepted = meetings
        try await context.db.writeTransaction { db in
            for meeting in accepted {
                meeting.status = .accepted
                meeting.sequence += 1
                try await meeting.save(on: db)
                try await MeetingChange(meetingID: meeting.id!, actorID: viewerID, kind: .accepted, toStart: meeting.startsAt).save(on: db)
            }
            let calendar = ICalendar.document(accepted.map { event($0, mentorship: access.mentorship, publicURL: context.publicURL) },
                                              method: .publish, zone: access.other.zone, now: Date())
            try await Notifier.notify(access.other, title: "\(access.viewer.displayName) accepted \(accepted.count > 1 ? "\(accepted.count) meetings" : "the meeting")",
                                      body: "See you on \(when(accepted[0].startsAt, for: access.other)).",
                                      link: Paths.meeting(accepted[0].id!), email: true, calendar: calendar,
                                      publicURL: context.publicURL, on: db, logger: context.logger)
        }
        return accepted
    }

    /// Moves a meeting (or answers a proposal with another time). The other side accepts the new
    /// time. A change to an agreed meeting with less notice than the charter's rule is recorded as late.
    static func reschedule(_ access: Access, _ input: Input, _ context: ActionContext, now: Date = Date()) async throws -> (Meeting, MeetingChange) {
        let meeting = access.meeting
        try requireOpen(meeting, now: now)
        try Concerns.requireNotPaused(access.mentorship)
        let terms = try await terms(of: access.mentorship, on: context.db)
        let current = MeetingDraft(start: meeting.startsAt, minutes: meeting.minutes, place: meeting.place, link: meeting.link)
        var v = InputValidator()
        let message = v.optionalText("message", input.message, label: "Message", max: 1000)
        try v.check()
        var changed = input
        if changed.timeZone == nil { changed.timeZone = access.viewer.timeZone }
        let (draft, zone) = try draft(changed, defaults: current, terms: terms, user: access.viewer, now: now)
        guard draft != current else { throw DomainError.conflict("Nothing changed: that is the meeting's current time and place.") }
        let late = meeting.status == .accepted && draft.start != current.start
            && LateChange.isLate(changedAt: now, meetingStart: meeting.startsAt, noticeHours: terms.rescheduleNoticeHours)
        let change = MeetingChange(meetingID: meeting.id!, actorID: access.viewerID, kind: .rescheduled, fromStart: meeting.startsAt,
                                   toStart: draft.start, late: late, message: message)
        meeting.apply(draft)
        meeting.timeZone = zone.identifier
        meeting.status = .proposed
        meeting.$proposedBy.id = access.viewerID
        meeting.sequence += 1
        let other = access.other
        let viewer = access.viewer
        let pair = access.mentorship
        try await context.db.writeTransaction { db in
            try await lockCalendars(of: [viewer.id!, other.id!], on: db)
            try await checkFree(draft, for: viewer, and: other, excluding: [meeting.id!], on: db)
            try await meeting.save(on: db)
            try await change.save(on: db)
            let lateWords = late ? " This is a late change: less than the \(terms.rescheduleNoticeHours) hours' notice your charter asks for." : ""
            try await Notifier.notify(other, title: "\(viewer.displayName) proposes another time\(late ? " (late change)" : "")",
                                      body: "New time: \(when(draft.start, for: other)).\(lateWords)\(message.isEmpty ? "" : " “\(message)”") Accept it or propose another.",
                                      link: Paths.meeting(meeting.id!), email: true, calendar: invitation(meeting, mentorship: pair, for: other, publicURL: context.publicURL),
                                      publicURL: context.publicURL, on: db, logger: context.logger)
        }
        return (meeting, change)
    }

    static func cancel(_ access: Access, message raw: String?, _ context: ActionContext, now: Date = Date()) async throws -> (Meeting, MeetingChange) {
        let meeting = access.meeting
        try requireOpen(meeting, now: now)
        var v = InputValidator()
        let message = v.optionalText("message", raw, label: "Message", max: 1000)
        try v.check()
        let terms = try await terms(of: access.mentorship, on: context.db)
        let late = meeting.status == .accepted
            && LateChange.isLate(changedAt: now, meetingStart: meeting.startsAt, noticeHours: terms.rescheduleNoticeHours)
        let change = MeetingChange(meetingID: meeting.id!, actorID: access.viewerID, kind: .cancelled, fromStart: meeting.startsAt,
                                   late: late, message: message)
        meeting.status = .cancelled
        meeting.sequence += 1
        let other = access.other
        let viewer = access.viewer
        let pair = access.mentorship
        try await context.db.writeTransaction { db in
            try await meeting.save(on: db)
            try await change.save(on: db)
            let lateWords = late ? " This is a late cancellation: less than the \(terms.rescheduleNoticeHours) hours' notice your charter asks for." : ""
            try await Notifier.notify(other, title: "\(viewer.displayName) cancelled the meeting\(late ? " (late)" : "")",
                                      body: "The meeting on \(when(meeting.startsAt, for: other)) is off.\(lateWords)\(message.isEmpty ? "" : " “\(message)”")",
                                      link: Paths.meeting(meeting.id!), email: true, calendar: invitation(meeting, mentorship: pair, for: other, publicURL: context.publicURL),
                                      publicURL: context.publicURL, on: db, logger: context.logger)
        }
        return (meeting, change)
    }

    // MARK: reading

    static func meetings(in mentorshipID: UUID, on db: any Database) async throws -> [Meeting] {
        try await Meeting.query(on: db).filter(\.$mentorship.$id == mentorshipID).sort(\.$startsAt).all()
    }

    /// The pair's meetings over the months against its charter's cadence, in the viewer's days.
    static func rhythm(of mentorship: Mentorship, meetings: [Meeting], terms: CharterTerms, viewer: User, now: Date,
                       on db: any Database) async throws -> MeetingRhythm {
        rhythm(of: mentorship, meetings: meetings, late: Set(try await lateChanges(of: meetings, on: db).map(\.$meeting.id)),
               terms: terms, viewer: viewer, now: now)
    }

    /// The changes made with less notice than agreed among these meetings.
    static func lateChanges(of meetings: [Meeting], on db: any Database) async throws -> [MeetingChange] {
        meetings.isEmpty ? [] : try await MeetingChange.query(on: db).filter(\.$meeting.$id ~~ meetings.compactMap(\.id)).filter(\.$late == true).all()
    }

    /// The rhythm drawn from meetings and the ids of those changed late, already read.
    static func rhythm(of mentorship: Mentorship, meetings: [Meeting], late: Set<UUID>, terms: CharterTerms, viewer: User, now: Date) -> MeetingRhythm {
        let zone = viewer.zone
        // A proposal never accepted whose time has passed did not take place: it is left out.
        let entries = meetings.filter { !($0.status == .proposed && $0.endsAt <= now) }.map { meeting -> MeetingRhythm.Entry in
            let kind: MeetingRhythm.Kind = meeting.status == .cancelled ? .cancelled : meeting.isHeld(now: now) ? .held : .planned
            return MeetingRhythm.Entry(day: CalendarDate(meeting.startsAt, in: zone), kind: kind, late: late.contains(meeting.id!))
        }
        return MeetingRhythm(startsOn: CalendarDate(mentorship.startedAt, in: zone), endsOn: terms.endsOn, cadenceDays: terms.cadenceDays,
                             today: CalendarDate(now, in: zone), entries: entries)
    }

    static func history(of meeting: Meeting, on db: any Database) async throws -> [MeetingChange] {
        try await MeetingChange.query(on: db).filter(\.$meeting.$id == meeting.requireID()).with(\.$actor).sort(\.$createdAt).all()
    }

    /// Late changes in a mentorship, newest first: the pair sees how well they keep their rule.
    static func lateChanges(in mentorshipID: UUID, on db: any Database) async throws -> [MeetingChange] {
        let ids = try await Meeting.query(on: db).filter(\.$mentorship.$id == mentorshipID).all().compactMap(\.id)
        guard !ids.isEmpty else { return [] }
        return try await MeetingChange.query(on: db).filter(\.$meeting.$id ~~ ids).filter(\.$late == true)
            .with(\.$actor).sort(\.$createdAt, .descending).all()
    }

    /// Common free times over the next two weeks, from both profiles' weekly windows.
    static func freeSlots(in access: Mentorships.Access, minutes: Int, now: Date = Date(), on db: any Database) async throws -> [DateInterval] {
        let mentorship = access.mentorship
        var people: [FreeSlots.Person] = []
        for person in [mentorship.mentor, mentorship.mentee] {
            let profile = try await Profiles.profile(of: try person.requireID(), on: db)
            people.append(FreeSlots.Person(windows: profile.availability, zone: TimeZone(identifier: person.timeZone) ?? .gmt))
        }
        let from = now.addingTimeInterval(3600)
        let to = from.addingTimeInterval(14 * 86_400)
        let busy = try await busy(of: [mentorship.$mentor.id, mentorship.$mentee.id], from: from, to: to, on: db).map(\.interval)
        return FreeSlots.find(people[0], people[1], busy: busy, from: from, days: 14, minutes: minutes)
    }

    // MARK: calendars

    static func event(_ meeting: Meeting, mentorship: Mentorship, publicURL: String) -> CalendarEvent {
        let status: CalendarEvent.Status = switch meeting.status {
        case .proposed: .tentative
        case .accepted: .confirmed
        case .cancelled: .cancelled
        }
        let mentor = mentorship.mentor, mentee = mentorship.mentee
        let organizer = meeting.$proposedBy.id == mentor.id ? mentor : mentee
        let attendee = organizer === mentor ? mentee : mentor
        let link = publicURL + Paths.meeting(meeting.id!)
        return CalendarEvent(
            uid: meeting.uid, sequence: meeting.sequence, start: meeting.startsAt, end: meeting.endsAt,
            summary: "Mentoring: \(mentor.displayName) & \(mentee.displayName)",
            description: "Agenda, notes and action items: \(link)" + (meeting.link.isEmpty ? "" : "\nJoin: \(meeting.link)"),
            location: meeting.link.isEmpty ? meeting.place : meeting.link, url: link, status: status,
            organizer: .init(name: organizer.displayName, email: organizer.email), attendees: [.init(name: attendee.displayName, email: attendee.email)],
            lastModified: meeting.updatedAt ?? meeting.createdAt ?? Date())
    }

    /// One meeting's file: a request to add it, or a cancellation once it is called off.
    static func iCalendar(_ access: Access, publicURL: String) -> String {
        invitation(access.meeting, mentorship: access.mentorship, for: access.viewer, publicURL: publicURL)
    }

    /// The file for one person, in their zone; the method follows the meeting's state unless given.
    static func invitation(_ meeting: Meeting, mentorship: Mentorship, for person: User, method: ICalendar.Method? = nil,
                           publicURL: String) -> String {
        ICalendar.document([event(meeting, mentorship: mentorship, publicURL: publicURL)],
                           method: method ?? (meeting.status == .cancelled ? .cancel : .request), zone: person.zone, now: Date())
    }

    /// Creates (or replaces) the person's private feed address; the secret is shown once.
    static func createFeed(for user: User, on db: any Database) async throws -> (token: CalendarFeedToken, secret: String) {
        let secret = Secret.generate(prefix: "cal_")
        let token = CalendarFeedToken(userID: try user.requireID(), digest: Secret.digest(secret), prefix: String(secret.prefix(10)))
        let userID = try user.requireID()
        try await db.writeTransaction { db in
            try await CalendarFeedToken.query(on: db).filter(\.$user.$id == userID).filter(\.$revokedAt == nil).set(\.$revokedAt, to: Date()).update()
            try await token.save(on: db)
        }
        return (token, secret)
    }

    static func currentFeed(of user: User, on db: any Database) async throws -> CalendarFeedToken? {
        try await CalendarFeedToken.query(on: db).filter(\.$user.$id == user.requireID()).filter(\.$revokedAt == nil).first()
    }

    static func revokeFeed(of user: User, on db: any Database) async throws {
        try await CalendarFeedToken.query(on: db).filter(\.$user.$id == user.requireID()).filter(\.$revokedAt == nil)
            .set(\.$revokedAt, to: Date()).update()
    }

    static func feedURL(_ secret: String, publicURL: String) -> String { publicURL + "/calendar/\(secret).ics" }

    /// The feed behind a secret: every meeting of the person's mentorships from 90 days ago on.
    /// An unknown or revoked secret is simply not found.
    static func feed(secret: String, publicURL: String, on db: any Database, now: Date = Date()) async throws -> String {
        guard let token = try await CalendarFeedToken.query(on: db).filter(\.$digest == Secret.digest(secret))
            .filter(\.$revokedAt == nil).with(\.$user).first() else {
            throw DomainError.notFound("Calendar")
        }
        let user = token.user
        let mentorships = try await Mentorships.mentorships(of: user, on: db)
        let byID = Dictionary(uniqueKeysWithValues: mentorships.map { ($0.id!, $0) })
        let meetings = byID.isEmpty ? [] : try await Meeting.query(on: db).filter(\.$mentorship.$id ~~ Array(byID.keys))
            .filter(\.$startsAt > now.addingTimeInterval(-90 * 86_400)).sort(\.$startsAt).all()
        if token.lastUsedAt.map({ now.timeIntervalSince($0) > 3600 }) ?? true {
            token.lastUsedAt = now
            try await token.save(on: db)
        }
        return ICalendar.document(meetings.compactMap { meeting in byID[meeting.$mentorship.id].map { event(meeting, mentorship: $0, publicURL: publicURL) } },
                                  method: .publish, zone: TimeZone(identifier: user.timeZone) ?? .gmt,
                                  name: "Tandem — \(user.displayName)", now: now)
    }
}
