import Fluent
import TandemCore
import Vapor

/// The charter page of a mentorship, its versions, and a print-friendly page per version.
enum CharterPages {
    static func register(signedIn routes: any RoutesBuilder) {
        routes.get("mentorships", ":mentorshipID", "charter", use: show)
        routes.post("mentorships", ":mentorshipID", "charter", use: save)
        routes.get("mentorships", ":mentorshipID", "charter", "versions", ":number", use: printable)
        routes.post("mentorships", ":mentorshipID", "charter", "versions", ":number", "sign", use: sign)
    }

    struct Row: Encodable {
        let label: String
        let value: String
    }

    struct Section: Encodable {
        let heading: String
        let rows: [Row]
    }

    struct VersionView: Encodable {
        let number: Int
        let link: String
        let sections: [Section]
        let signatures: [String]
        let signed: Bool
        let awaiting: String
        let canSign: Bool
        let state: String
    }

    struct ShowPage: Encodable {
        let mentorshipID: UUID
        let header: MentorshipHeader
        let mentorshipLink: String
        let pairName: String
        let isPair: Bool
        let status: String
        let statusText: String
        let latest: VersionView?
        let inForce: VersionView?
        let versions: [VersionView]
        let formSections: [FormSection]
        let basedOn: Int
        let saveLabel: String
        /// The form starts folded once a version exists, unless it comes back with errors.
        let editOpen: Bool
        let form: FormState
    }

    static let channelNames: [CharterTerms.Channel: String] = [.inApp: "In Tandem", .email: "E-mail", .phone: "Phone", .chat: "Chat"]
    static let formatNames: [CharterTerms.Format: String] = [.video: "Video call", .inPerson: "In person", .either: "Video or in person"]

    /// "26 weeks", "1 week"; days when it is not whole weeks.
    static func weeks(from start: CalendarDate, to end: CalendarDate) -> String {
        let days = RelativeDay.distance(from: start, to: end)
        if days % 7 == 0 { return days == 7 ? "1 week" : "\(days / 7) weeks" }
        return days == 1 ? "1 day" : "\(days) days"
    }

    static func sections(_ t: CharterTerms) -> [Section] {
        func yes(_ flag: Bool) -> String { flag ? "Yes" : "No" }
        var contact = [Row(label: "Channels", value: t.channels.compactMap { channelNames[$0] }.joined(separator: ", "))]
        if !t.chatHandle.isEmpty { contact.append(Row(label: "Chat handle", value: t.chatHandle)) }
        if !t.phone.isEmpty { contact.append(Row(label: "Phone", value: t.phone)) }
        contact += [Row(label: "Availability", value: t.availability.isEmpty ? "Not written down" : t.availability),
                    Row(label: "Expected response time", value: "within \(t.responseTimeHours) hours")]
        return [
            Section(heading: "Contact", rows: contact),
            Section(heading: "Meetings", rows: [
                Row(label: "Cadence", value: "every \(t.cadenceDays) days"),
                Row(label: "Usual length", value: "\(t.meetingMinutes) minutes"),
                Row(label: "Format", value: formatNames[t.format] ?? t.format.rawValue),
                Row(label: "Where the link lives", value: t.meetingLink.isEmpty ? "Sent with each meeting" : t.meetingLink),
            ]),
            Section(heading: "Rescheduling", rows: [
                Row(label: "Minimum notice", value: "\(t.rescheduleNoticeHours) hours"),
                Row(label: "How to notify", value: t.howToNotify),
            ]),
            Section(heading: "Boundaries", rows: [
                Row(label: "Off-limits topics (seen by the two of you only)", value: t.offLimitsTopics.isEmpty ? "None named" : t.offLimitsTopics),
                Row(label: "Open to constructive criticism", value: yes(t.openToCriticism)),
                Row(label: "First-name basis", value: yes(t.firstNameBasis)),
                Row(label: "Plagiarism and each other's work", value: t.plagiarismAndSharedWork),
                Row(label: "What may be shared outside the pair", value: t.sharingOutsidePair),
            ]),
            Section(heading: "Roles, duration and check-ins", rows: [
                Row(label: "The mentor", value: t.mentorRole),
                Row(label: "The mentee", value: t.menteeRole),
                Row(label: "Duration", value: "\(DateVoice.spoken(t.startsOn)) to \(DateVoice.spoken(t.endsOn)) (\(weeks(from: t.startsOn, to: t.endsOn)))"),
                Row(label: "Check-in on how it goes", value: "every \(t.checkInEveryDays) days"),
            ]),
        ]
    }

    /// The form's values for some terms.
    static func values(_ t: CharterTerms) -> [String: String] {
        var values: [String: String] = [
            "chatHandle": t.chatHandle, "phone": t.phone, "availability": t.availability,
            "responseTimeHours": String(t.responseTimeHours), "cadenceDays": String(t.cadenceDays),
            "meetingMinutes": String(t.meetingMinutes), "format": t.format.rawValue, "meetingLink": t.meetingLink,
            "rescheduleNoticeHours": String(t.rescheduleNoticeHours), "howToNotify": t.howToNotify,
            "offLimitsTopics": t.offLimitsTopics, "plagiarismAndSharedWork": t.plagiarismAndSharedWork,
            "sharingOutsidePair": t.sharingOutsidePair, "mentorRole": t.mentorRole, "menteeRole": t.menteeRole,
            "startsOn": t.startsOn.description, "endsOn": t.endsOn.description, "checkInEveryDays": String(t.checkInEveryDays),
        ]
        for channel in t.channels { values["channels_\(channel.rawValue)"] = "on" }
        if t.openToCriticism { values["openToCriticism"] = "on" }
        if t.firstNameBasis { values["firstNameBasis"] = "on" }
        return values
    }

    /// What a submitted form means. A checkbox left unticked is sent by no browser, so here
    /// missing means "no".
    static func input(_ values: [String: String]) throws(ValidationFailure) -> Charters.Input {
        var v = InputValidator()
        func number(_ key: String, _ label: String) -> Int? { v.wholeNumber(key, values[key], label: label) }
        var input = Charters.Input()
        input.channels = CharterTerms.Channel.allCases.filter { values["channels_\($0.rawValue)"] == "on" }.map(\.rawValue)
        input.chatHandle = values["chatHandle"]
        input.phone = values["phone"]
        input.availability = values["availability"]
        input.responseTimeHours = number("responseTimeHours", "Expected response time")
        input.cadenceDays = number("cadenceDays", "Cadence")
        input.meetingMinutes = number("meetingMinutes", "Usual length")
        input.format = values["format"]
        input.meetingLink = values["meetingLink"]
        input.rescheduleNoticeHours = number("rescheduleNoticeHours", "Minimum notice")
        input.howToNotify = values["howToNotify"]
        input.offLimitsTopics = values["offLimitsTopics"]
        input.openToCriticism = values["openToCriticism"] == "on"
        input.firstNameBasis = values["firstNameBasis"] == "on"
        input.plagiarismAndSharedWork = values["plagiarismAndSharedWork"]
        input.sharingOutsidePair = values["sharingOutsidePair"]
        input.mentorRole = values["mentorRole"]
        input.menteeRole = values["menteeRole"]
        input.startsOn = values["startsOn"]
        input.endsOn = values["endsOn"]
        input.checkInEveryDays = number("checkInEveryDays", "Check-in frequency")
        input.basedOnVersion = values["basedOn"].flatMap { Int($0) }
        try v.check()
        return input
    }

    static func formSections(_ form: FormState) -> [FormSection] {
        [
            FormSection(id: "contact", heading: "Contact", fields: [
                FormField("channels", "How you reach each other", .checkboxes,
                          options: CharterTerms.Channel.allCases.map { ($0.rawValue, channelNames[$0] ?? $0.rawValue) }, form: form),
                FormField("chatHandle", "Chat handle", hint: "Needed when chat is a channel.", form: form),
                FormField("phone", "Phone", hint: "Needed when phone is a channel.", form: form),
                FormField("availability", "Availability", .textarea, hint: "When each of you can be reached, in your own time zones.", form: form),
                FormField("responseTimeHours", "Expected response time (hours)", .number, form: form),
            ]),
            FormSection(id: "meetings", heading: "Meetings", fields: [
                FormField("cadenceDays", "Meet every (days)", .number, form: form),
                FormField("meetingMinutes", "Usual length (minutes)", .number, form: form),
                FormField("format", "Format", .select, options: CharterTerms.Format.allCases.map { ($0.rawValue, formatNames[$0] ?? $0.rawValue) }, form: form),
                FormField("meetingLink", "Where the video link lives", .url, hint: "A standing https:// link, or leave empty to send one with each meeting.", form: form),
            ]),
            FormSection(id: "rescheduling", heading: "Rescheduling", fields: [
                FormField("rescheduleNoticeHours", "Minimum notice to move or cancel (hours)", .number,
                          hint: "The guides ask for “at least a few hours”. Later changes are still possible and are recorded as late.", form: form),
                FormField("howToNotify", "How to notify", form: form),
            ]),
            FormSection(id: "boundaries", heading: "Boundaries", fields: [
                FormField("offLimitsTopics", "Personal topics that are off-limits", .textarea, hint: "Only the two of you ever see this.", form: form),
                FormField("openToCriticism", "Open to constructive criticism", .checkbox, form: form),
                FormField("firstNameBasis", "On a first-name basis", .checkbox, form: form),
                FormField("plagiarismAndSharedWork", "Plagiarism and using each other's work", .textarea, form: form),
                FormField("sharingOutsidePair", "What may be shared outside the pair", .textarea, form: form),
            ]),
            FormSection(id: "roles", heading: "Roles, duration and check-ins", fields: [
                FormField("mentorRole", "What the mentor does", .textarea, form: form),
                FormField("menteeRole", "What the mentee does", .textarea, form: form),
                FormField("startsOn", "Starts on", .date, form: form),
                FormField("endsOn", "Ends on", .date, form: form),
                FormField("checkInEveryDays", "Check in on how the mentorship goes every (days)", .number, form: form),
            ]),
        ]
    }

    static func view(_ row: CharterVersion, of access: Mentorships.Access, isLatest: Bool, inForce: Int?, voice: DateVoice) -> VersionView {
        let version = row.version
        let m = access.mentorship
        var signatures: [String] = []
        if let at = version.mentorSignedAt { signatures.append("\(m.mentor.displayName) signed on \(voice.dateTime(at))") }
        if let at = version.menteeSignedAt { signatures.append("\(m.mentee.displayName) signed on \(voice.dateTime(at))") }
        let awaiting = version.awaiting.map { $0 == .mentor ? m.mentor.displayName : m.mentee.displayName }
        let state = version.number == inForce ? "in force" : version.isSigned ? "replaced" : isLatest ? "waiting for signatures" : "never signed, replaced"
        return VersionView(number: version.number, link: Paths.charterVersion(m.id!, version.number),
                           sections: access.isPairMember ? sections(version.terms) : [],
                           signatures: signatures, signed: version.isSigned, awaiting: awaiting.joined(separator: " and "),
                           canSign: access.isPairMember && isLatest && version.signedAt(by: Charters.party(of: access)) == nil,
                           state: state)
    }

    static func statusText(_ history: CharterHistory, _ access: Mentorships.Access) -> String {
        switch history.status {
        case .notStarted: "Charter not signed yet: nothing is written down so far."
        case .awaitingSignatures: "Charter not signed yet: version \(history.latest!.number) waits for a signature."
        case .signed: "Version \(history.inForce!.number) is signed by both and in force."
        case .changeProposed: "Version \(history.inForce!.number) is in force; version \(history.latest!.number) proposes a change and waits for a signature."
        }
    }

    private static func render(_ req: Request, _ access: Mentorships.Access, form: FormState? = nil) async throws -> Response {
        let m = access.mentorship
        let mentorshipID = try m.requireID()
        let rows = try await Charters.rows(of: mentorshipID, on: req.db)
        let history = CharterHistory(versions: rows.map(\.version))
        let voice = try req.user.voice
        let views = rows.map { view($0, of: access, isLatest: $0.number == history.latest?.number, inForce: history.inForce?.number, voice: voice) }
        var state = form ?? FormState()
        if form == nil && access.isPairMember {
            let base: CharterTerms
            if let latest = rows.last { base = latest.terms } else { base = try await Charters.defaults(for: m, on: req.db) }
            state = FormState(values: values(base))
        }
        let latest = history.latest
        let saveLabel = latest == nil ? "Save version 1" : latest!.hasSignatures ? "Propose version \(latest!.number + 1)" : "Save changes to version \(latest!.number)"
        let page = ShowPage(
            mentorshipID: mentorshipID, header: MentorshipHeader(access, tab: .charter, charter: history, viewer: try req.user),
            mentorshipLink: Paths.mentorship(mentorshipID),
            pairName: "\(m.mentor.displayName) & \(m.mentee.displayName)", isPair: access.isPairMember,
            status: history.status.rawValue, statusText: statusText(history, access),
            latest: views.last, inForce: history.status == .changeProposed ? views.first { $0.number == history.inForce?.number } : nil,
            versions: views.reversed(), formSections: access.isPairMember && m.status == .active ? formSections(state) : [],
            basedOn: latest?.number ?? 0, saveLabel: saveLabel, editOpen: latest == nil || form != nil, form: state)
        return try await req.render("charter", title: "Charter · \(page.pairName)", page)
    }

    static func access(_ req: Request) async throws -> Mentorships.Access {
        try await Mentorships.access(req.parameters.get("mentorshipID", as: UUID.self), for: try req.user, via: .web, on: req.db)
    }

    @Sendable static func show(req: Request) async throws -> Response {
        try await render(req, try await access(req))
    }

    @Sendable static func save(req: Request) async throws -> Response {
        let access = try await access(req)
        let values = try req.form([String: String].self).values
        return try await req.handleForm(values: values, rerender: { state in try await render(req, access, form: state) }) {
            let input = try input(values)
            let row = try await Charters.change(.save(input), in: access, req.actions)
            Flash.set("Version \(row.number) is saved. It is in force once you both sign it.", on: req)
            return req.redirect(to: Paths.charter(try access.mentorship.requireID()))
        }
    }

    @Sendable static func sign(req: Request) async throws -> Response {
        let access = try await access(req)
        let number = try CharterAPI.number(req)
        do {
            let row = try await Charters.change(.sign(version: number), in: access, req.actions)
            Flash.set(row.version.isSigned ? "Signed by both: version \(row.number) is in force." : "You signed version \(row.number).", on: req)
        } catch let error as DomainError where error.status == .conflict {
            Flash.set(error.reason, on: req)
        }
        return req.redirect(to: Paths.charter(try access.mentorship.requireID()))
    }

    struct PrintPage: Encodable {
        let pairName: String
        let programName: String
        let mentorshipLink: String
        let charterLink: String
        let version: VersionView
        let isPair: Bool
    }

    @Sendable static func printable(req: Request) async throws -> Response {
        let access = try await access(req)
        let number = try CharterAPI.number(req)
        let mentorshipID = try access.mentorship.requireID()
        let rows = try await Charters.rows(of: mentorshipID, on: req.db)
        let history = CharterHistory(versions: rows.map(\.version))
        guard let row = rows.first(where: { $0.number == number }) else { throw DomainError.notFound("Version \(number) of this charter") }
        let m = access.mentorship
        let version = view(row, of: access, isLatest: number == history.latest?.number, inForce: history.inForce?.number,
                           voice: try req.user.voice)
        return try await req.render("charter-print", title: "Charter version \(number) · \(m.mentor.displayName) & \(m.mentee.displayName)", PrintPage(
            pairName: "\(m.mentor.displayName) & \(m.mentee.displayName)", programName: m.program.name,
            mentorshipLink: Paths.mentorship(mentorshipID), charterLink: Paths.charter(mentorshipID), version: version,
            isPair: access.isPairMember))
    }
}
