import Foundation

/// The hours a person does not want to be disturbed, in their own zone: 22:00–07:00 wraps
/// midnight. Equal start and end means no quiet hours.
public struct QuietHours: Codable, Sendable, Equatable {
    public var startMinute: Int
    public var endMinute: Int

    public init(startMinute: Int, endMinute: Int) {
        self.startMinute = startMinute
        self.endMinute = endMinute
    }

    public var isEmpty: Bool { startMinute == endMinute }

    static func minute(of date: Date, in zone: TimeZone) -> Int {
        let c = LocalTime.calendar(zone).dateComponents([.hour, .minute], from: date)
        return c.hour! * 60 + c.minute!
    }

    public func contains(_ date: Date, in zone: TimeZone) -> Bool {
        guard !isEmpty else { return false }
        let minute = Self.minute(of: date, in: zone)
        return startMinute < endMinute ? (startMinute..<endMinute).contains(minute) : (minute >= startMinute || minute < endMinute)
    }

    /// The first moment at or after `date` outside the quiet hours.
    public func nextAllowed(after date: Date, in zone: TimeZone) -> Date {
        guard contains(date, in: zone) else { return date }
        let calendar = LocalTime.calendar(zone)
        var parts = calendar.dateComponents([.year, .month, .day], from: date)
        parts.hour = endMinute / 60
        parts.minute = endMinute % 60
        var end = calendar.date(from: parts)!
        if end <= date { end = calendar.date(byAdding: .day, value: 1, to: end)! }
        return end
    }
}

/// The reminders Tandem sends (journey J16), each identified by what it is about and the occasion,
/// so that each is sent exactly once however many workers look.
public enum ReminderKind: String, Codable, Sendable, CaseIterable {
    case meetingDayBefore = "meeting_24h"
    case meetingHourBefore = "meeting_1h"
    case actionOverdue = "action_overdue"
    case followUp = "follow_up"
    case noMeeting = "no_meeting"
    case feedbackUnanswered = "feedback_unanswered"
    case concernUnacknowledged = "concern_unacknowledged"
    case closingMeeting = "closing_meeting"
}

public struct ReminderPlan: Sendable, Equatable {
    public let kind: ReminderKind
    public let subjectID: UUID
    public let recipientID: UUID
    /// Distinguishes occasions of the same subject: a moved meeting is reminded again.
    public let occasion: String
    /// When it becomes due, and when it is no longer worth sending.
    public let dueAt: Date
    public let expiresAt: Date

    public init(kind: ReminderKind, subjectID: UUID, recipientID: UUID, occasion: String, dueAt: Date, expiresAt: Date) {
        self.kind = kind
        self.subjectID = subjectID
        self.recipientID = recipientID
        self.occasion = occasion
        self.dueAt = dueAt
        self.expiresAt = expiresAt
    }

    /// Whether to deliver it now: due, not yet stale, and outside the recipient's quiet hours
    /// (a reminder held back by quiet hours goes out on a later tick, if still worth sending).
    public func deliverable(now: Date, quiet: QuietHours?, zone: TimeZone) -> Bool {
        guard dueAt <= now, now < expiresAt else { return false }
        guard let quiet else { return true }
        return !quiet.contains(now, in: zone)
    }
}

/// Works out which reminders exist from plain facts; the app asks, then claims each one.
public enum ReminderPlanner {
    static func stamp(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }

    /// 24 hours and 1 hour before an agreed meeting, to both. A moved meeting has a new occasion.
    public static func meeting(_ id: UUID, start: Date, people: [UUID]) -> [ReminderPlan] {
        people.flatMap { person in
            [ReminderPlan(kind: .meetingDayBefore, subjectID: id, recipientID: person, occasion: stamp(start),
                          dueAt: start.addingTimeInterval(-24 * 3600), expiresAt: start.addingTimeInterval(-3600)),
             ReminderPlan(kind: .meetingHourBefore, subjectID: id, recipientID: person, occasion: stamp(start),
                          dueAt: start.addingTimeInterval(-3600), expiresAt: start)]
        }
    }

    /// The morning after an open action's due date (09:00 where its owner lives), once per date.
    public static func overdueAction(_ id: UUID, owner: UUID, dueOn: CalendarDate, zone: TimeZone) -> ReminderPlan {
        let calendar = LocalTime.calendar(zone)
        var parts = DateComponents(year: dueOn.year, month: dueOn.month, day: dueOn.day)
        parts.hour = 9
        let due = calendar.date(byAdding: .day, value: 1, to: calendar.date(from: parts)!)!
        return ReminderPlan(kind: .actionOverdue, subjectID: id, recipientID: owner, occasion: dueOn.description,
                            dueAt: due, expiresAt: due.addingTimeInterval(7 * 86_400))
    }

    /// Two hours after a meeting ends, the mentee is invited to say thank you or reflect.
    public static func followUp(_ meetingID: UUID, end: Date, mentee: UUID) -> ReminderPlan {
        ReminderPlan(kind: .followUp, subjectID: meetingID, recipientID: mentee, occasion: stamp(end),
                     dueAt: end.addingTimeInterval(2 * 3600), expiresAt: end.addingTimeInterval(7 * 86_400))
    }

    /// A request for feedback still unanswered after three days: the one asked is reminded, once.
    public static func unansweredFeedback(_ feedbackID: UUID, askedAt: Date, giver: UUID) -> ReminderPlan {
        let due = askedAt.addingTimeInterval(3 * 86_400)
        return ReminderPlan(kind: .feedbackUnanswered, subjectID: feedbackID, recipientID: giver, occasion: stamp(askedAt),
                            dueAt: due, expiresAt: askedAt.addingTimeInterval(30 * 86_400))
    }

    /// Two weeks before the charter's end date both are reminded to plan a closing meeting, once
    /// per end date (a charter extended to a new date reminds again).
    public static func closingMeeting(_ mentorshipID: UUID, endsOn: CalendarDate, people: [UUID]) -> [ReminderPlan] {
        let due = endsOn.adding(days: -14).start()
        return people.map {
            ReminderPlan(kind: .closingMeeting, subjectID: mentorshipID, recipientID: $0, occasion: endsOn.description,
                         dueAt: due, expiresAt: endsOn.start())
        }
    }

    /// A concern no coordinator acknowledged within the program's response time: every
    /// coordinator outside the pair is reminded, once. Quiet hours do not hold it back for long:
    /// it stays worth sending until the case is acknowledged.
    public static func unacknowledgedConcern(_ concernID: UUID, raisedAt: Date, responseDays: Int, coordinators: [UUID]) -> [ReminderPlan] {
        let due = raisedAt.addingTimeInterval(Double(responseDays) * 86_400)
        return coordinators.map {
            ReminderPlan(kind: .concernUnacknowledged, subjectID: concernID, recipientID: $0, occasion: stamp(raisedAt),
                         dueAt: due, expiresAt: due.addingTimeInterval(60 * 86_400))
        }
    }

    /// When nothing is planned and the last meeting (or the start) is longer ago than the
    /// charter's cadence, both are nudged, once per quiet spell.
    public static func noMeeting(_ mentorshipID: UUID, since: Date, cadenceDays: Int, people: [UUID]) -> [ReminderPlan] {
        let due = since.addingTimeInterval(Double(cadenceDays) * 86_400)
        return people.map {
            ReminderPlan(kind: .noMeeting, subjectID: mentorshipID, recipientID: $0, occasion: stamp(since),
                         dueAt: due, expiresAt: due.addingTimeInterval(Double(max(cadenceDays, 7)) * 86_400))
        }
    }
}
