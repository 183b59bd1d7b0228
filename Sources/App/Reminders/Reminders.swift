import Fluent
import SQLKit
import TandemCore
import Vapor

/// Database-backed reminders (journey J16), run by every instance's background loop: meetings
/// 24 h and 1 h before, overdue action items, the follow-up after a meeting, and a nudge when a
/// pair has not met for longer than their charter's cadence. Each is claimed by inserting its
/// unique key, in the same transaction as the notification, so it is sent exactly once.
enum Reminders {
    /// A reminder ready to claim, with its words.
    struct Due {
        let plan: ReminderPlan
        let title: String
        let body: String
        let link: String
    }

    /// Sends what is due now; returns how many reminders this worker sent.
    @discardableResult
    static func run(now: Date = Date(), _ context: ActionContext) async throws -> Int {
        let due = try await candidates(now: now, on: context.db)
        guard !due.isEmpty else { return 0 }
        let people = try await User.query(on: context.db).filter(\.$id ~~ Array(Set(due.map(\.plan.recipientID)))).all()
        let byID = Dictionary(uniqueKeysWithValues: people.map { ($0.id!, $0) })
        var sent = 0
        for reminder in due {
            guard let person = byID[reminder.plan.recipientID],
                  reminder.plan.deliverable(now: now, quiet: person.quietHours, zone: person.zone) else { continue }
            if try await claimAndSend(reminder, to: person, context) { sent += 1 }
        }
        if sent > 0 { context.logger.info("Reminders: sent \(sent)") }
        return sent
    }

    /// The claim and the notification commit together: if telling fails, the claim is undone.
    static func claimAndSend(_ reminder: Due, to person: User, _ context: ActionContext) async throws -> Bool {
        try await context.db.writeTransaction { db in
            guard let sql = db as? any SQLDatabase else { return false }
            let plan = reminder.plan
            let rows = try await sql.raw("""
                INSERT INTO reminders (id, kind, subject_id, recipient_id, occasion, created_at)
                VALUES (\(bind: UUID()), \(bind: plan.kind.rawValue), \(bind: plan.subjectID), \(bind: plan.recipientID), \(bind: plan.occasion), \(bind: Date()))
                ON CONFLICT DO NOTHING RETURNING id
                """).all()
            guard !rows.isEmpty else { return false }
            try await Notifier.notify(person, title: reminder.title, body: reminder.body, link: reminder.link,
                                      email: person.remindersByEmail ?? true, publicURL: context.publicURL, on: db, logger: context.logger)
            return true
        }
    }

    /// Everything that may be due around `now`, with the words each recipient reads (their zone).
    static func candidates(now: Date, on db: any Database) async throws -> [Due] {
        var due: [Due] = []
        // Meetings agreed for the next day.
        let soon = try await Meeting.query(on: db).filter(\.$status == .accepted).filter(\.$startsAt > now)
            .filter(\.$startsAt <= now.addingTimeInterval(24 * 3600 + 60))
            .with(\.$mentorship) { $0.with(\.$mentor).with(\.$mentee) }.all()
        for meeting in soon where meeting.mentorship.status == .active {
            let m = meeting.mentorship
            for plan in ReminderPlanner.meeting(meeting.id!, start: meeting.startsAt, people: [m.$mentor.id, m.$mentee.id]) {
                let person = plan.recipientID == m.$mentor.id ? m.mentor : m.mentee
                let other = plan.recipientID == m.$mentor.id ? m.mentee : m.mentor
                let when = plan.kind == .meetingDayBefore ? "tomorrow" : "in an hour"
                due.append(Due(plan: plan, title: "Meeting with \(other.displayName) \(when)",
                               body: "\(Meetings.when(meeting.startsAt, for: person)). Add your questions to the agenda beforehand.",
                               link: Paths.meeting(meeting.id!)))
            }
        }
        // Action items past their date (UTC+14 is the earliest any owner's day can end).
        let latestDay = CalendarDate(now.addingTimeInterval(14 * 3600)).description
        let overdue = try await ActionItem.query(on: db).filter(\.$status == .open).filter(\.$dueOn != nil).filter(\.$dueOn < latestDay)
            .with(\.$owner).with(\.$mentorship).limit(5000).all()
        for item in overdue where item.mentorship.status == .active {
            guard let dueOn = item.dueOn.flatMap(CalendarDate.init) else { continue }
            let plan = ReminderPlanner.overdueAction(item.id!, owner: item.$owner.id, dueOn: dueOn, zone: item.owner.zone)
            due.append(Due(plan: plan, title: "Overdue: “\(item.title)”",
                           body: "It was due on \(DateVoice.spoken(dueOn)). Tick it off when it is done, or give it a new date — it stays on your next meeting's agenda.",
                           link: Paths.mentorship(item.$mentorship.id, .actions)))
        }
        // The follow-up after a meeting, unless the mentee already wrote.
        let ended = try await Meeting.query(on: db).filter(\.$status == .accepted).filter(\.$endsAt <= now.addingTimeInterval(-2 * 3600))
            .filter(\.$endsAt > now.addingTimeInterval(-7 * 86_400)).with(\.$mentorship) { $0.with(\.$mentor).with(\.$mentee) }.all()
        if !ended.isEmpty {
            let answered = Set(try await Message.query(on: db).filter(\.$meeting.$id ~~ ended.compactMap(\.id)).filter(\.$kind != .message).all()
                .filter { message in ended.contains { $0.id == message.$meeting.id && $0.mentorship.$mentee.id == message.$author.id } }
                .compactMap(\.$meeting.id))
            for meeting in ended where !answered.contains(meeting.id!) && meeting.mentorship.status == .active {
                let m = meeting.mentorship
                due.append(Due(plan: ReminderPlanner.followUp(meeting.id!, end: meeting.endsAt, mentee: m.$mentee.id),
                               title: "How was your meeting with \(m.mentor.displayName)?",
                               body: "A short thank-you, or a reflection on what you take away, keeps the momentum.",
                               link: Paths.meeting(meeting.id!) + "#thanks"))
            }
        }
        // Requests for feedback still open after three days.
        let asked = try await Feedback.query(on: db).filter(\.$status == .asked).filter(\.$createdAt <= now.addingTimeInterval(-3 * 86_400))
            .filter(\.$createdAt > now.addingTimeInterval(-30 * 86_400)).with(\.$receiver).with(\.$mentorship).limit(5000).all()
        for request in asked where request.mentorship.status == .active {
            guard let at = request.createdAt else { continue }
            due.append(Due(plan: ReminderPlanner.unansweredFeedback(request.id!, askedAt: at, giver: request.$giver.id),
                           title: "\(request.receiver.displayName) is waiting for your feedback",
                           body: "“\(String(request.question.prefix(200)))” — a few honest lines help more than a perfect answer later.",
                           link: Paths.mentorship(request.$mentorship.id, .feedback) + "#feedback-\(request.id!)"))
        }
        due += try await Concerns.dueReminders(now: now, on: db)
        due += try await Endings.closingReminders(now: now, on: db)
        due += try await quietPairs(now: now, on: db)
        return due
    }

    /// Pairs with nothing planned whose last meeting (or start) is longer ago than their cadence.
    static func quietPairs(now: Date, on db: any Database) async throws -> [Due] {
        let active = try await Mentorship.query(on: db).filter(\.$status == .active).with(\.$mentor).with(\.$mentee).with(\.$program).all()
        guard !active.isEmpty, let sql = db as? any SQLDatabase else { return [] }
        let planned = Set(try await sql.raw("""
            SELECT DISTINCT mentorship_id FROM meetings WHERE status <> 'cancelled' AND ends_at > \(bind: now)
            """).all().map { try $0.decode(column: "mentorship_id", as: UUID.self) })
        var lastMet: [UUID: Date] = [:]
        for row in try await sql.raw("""
            SELECT mentorship_id, MAX(ends_at) AS last_end FROM meetings WHERE status = 'accepted' AND ends_at <= \(bind: now) GROUP BY mentorship_id
            """).all() {
            lastMet[try row.decode(column: "mentorship_id", as: UUID.self)] = try row.decode(column: "last_end", as: Date.self)
        }
        let charters = try await Charters.histories(of: active.compactMap(\.id), on: db)
        var due: [Due] = []
        for m in active where !planned.contains(m.id!) {
            let cadence = charters[m.id!]?.inForce?.terms.cadenceDays ?? m.program.meetingCadenceDays
            let since = lastMet[m.id!] ?? m.startedAt
            for plan in ReminderPlanner.noMeeting(m.id!, since: since, cadenceDays: cadence, people: [m.$mentor.id, m.$mentee.id]) {
                let other = plan.recipientID == m.$mentor.id ? m.mentee : m.mentor
                let last = lastMet[m.id!] == nil ? "you started" : "your last meeting"
                due.append(Due(plan: plan, title: "Time to plan your next meeting with \(other.displayName)",
                               body: "Your charter says every \(cadence) days, and \(last) was more than \(cadence) days ago. Find a time that suits you both.",
                               link: Paths.newMeeting(m.id!)))
            }
        }
        return due
    }
}
