import Foundation

/// The ways a person takes part in a program. One person can be a mentee and a mentor at once.
public enum ParticipantRole: String, CaseIterable, Codable, Sendable {
    case mentee
    case mentor
    case both

    public var isMentee: Bool { self != .mentor }
    public var isMentor: Bool { self != .mentee }

    public init(isMentee: Bool, isMentor: Bool) {
        switch (isMentee, isMentor) {
        case (true, true): self = .both
        case (false, true): self = .mentor
        default: self = .mentee
        }
    }

    public var label: String {
        switch self {
        case .mentee: "Mentee"
        case .mentor: "Mentor"
        case .both: "Mentee and mentor"
        }
    }
}

/// What a coordinator fills in to create or change a program, before it is checked.
public struct ProgramDraft: Sendable {
    public var name: String?
    public var description: String?
    public var startsOn: String?
    public var endsOn: String?
    public var meetingCadenceDays: Int?

    public init(name: String?, description: String?, startsOn: String?, endsOn: String?, meetingCadenceDays: Int?) {
        self.name = name
        self.description = description
        self.startsOn = startsOn
        self.endsOn = endsOn
        self.meetingCadenceDays = meetingCadenceDays
    }
}

/// A program's settings once they are known to be sound.
public struct ProgramSettings: Equatable, Sendable {
    public let name: String
    public let description: String
    public let startsOn: CalendarDate
    public let endsOn: CalendarDate
    public let meetingCadenceDays: Int

    public static let cadenceRange = 1...90
    /// Long enough for a year-long cohort and a bit more; longer is almost surely a typo.
    public static let maximumLengthInDays = 3 * 366

    public static func validate(_ draft: ProgramDraft) throws(ValidationFailure) -> ProgramSettings {
        var v = InputValidator()
        let name = v.text("name", draft.name, label: "Name", max: Limits.programName)
        let description = v.optionalText("description", draft.description, label: "Description", max: Limits.programDescription)
        let start = CalendarDate(draft.startsOn ?? "")
        let end = CalendarDate(draft.endsOn ?? "")
        if start == nil {
            v.add("startsOn", (draft.startsOn ?? "").isEmpty ? "Start date must not be empty." : "Start date must be a date like 2026-03-01.")
        }
        if end == nil {
            v.add("endsOn", (draft.endsOn ?? "").isEmpty ? "End date must not be empty." : "End date must be a date like 2026-08-31.")
        }
        if let start, let end {
            if end <= start {
                v.add("endsOn", "End date must be after the start date (\(start)).")
            } else if end > start.adding(days: maximumLengthInDays) {
                v.add("endsOn", "A program can last at most three years.")
            }
        }
        let cadence = v.integer("meetingCadenceDays", draft.meetingCadenceDays ?? 14,
                                label: "Meeting cadence (days)", in: cadenceRange)
        try v.check()
        return ProgramSettings(name: name, description: description, startsOn: start!, endsOn: end!, meetingCadenceDays: cadence)
    }
}
