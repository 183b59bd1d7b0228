import Fluent
import TandemCore
import Vapor

/// Web pages for programs: create and edit, participants and invitations, joining.
enum ProgramPages {
    static func register(signedIn routes: any RoutesBuilder) {
        routes.get("programs", use: list)
        routes.get("programs", "new", use: newPage)
        routes.post("programs", use: create)
        routes.get("programs", ":programID", use: show)
        routes.get("programs", ":programID", "edit", use: editPage)
        routes.post("programs", ":programID", "edit", use: update)
        routes.get("programs", ":programID", "participants", use: participants)
        routes.post("programs", ":programID", "invitations", use: invite)
        routes.post("programs", ":programID", "invite-link", use: regenerateLink)
        routes.post("programs", ":programID", "members", ":userID", "coordinator", use: setCoordinator)
        routes.post("programs", ":programID", "members", ":userID", "remove", use: remove)
        routes.post("programs", ":programID", "role", use: changeOwnRole)
        routes.post("programs", ":programID", "leave", use: leave)
        routes.get("programs", ":programID", "code-of-conduct", use: codeOfConduct)
        routes.get("programs", ":programID", "check-ins.csv", use: CheckInReport.csv)
        routes.get("programs", ":programID", "endings.csv", use: EndingReport.csv)
        routes.post("programs", ":programID", "code-of-conduct", use: acceptCodeOfConduct)
        routes.get("join", ":code", use: joinPage)
        routes.post("join", ":code", use: join)
        routes.get("invitations", ":token", use: invitationPage)
        routes.post("invitations", ":token", use: acceptInvitation)
    }

    struct ProgramSummary: Encodable {
        let id: UUID
        let name: String
        let description: String
        let startsOn: String
        let endsOn: String
        let meetingCadenceDays: Int
        let roles: String
        let isCoordinator: Bool
        let isMentor: Bool
        let isMentee: Bool
        let role: String
        let inviteLink: String?

        init(_ found: Programs.Membership, publicURL: String) {
            id = found.programID
            name = found.program.name
            description = found.program.description
            startsOn = found.program.startsOn
            endsOn = found.program.endsOn
            meetingCadenceDays = found.program.meetingCadenceDays
            roles = found.membership.roleLabel
            isCoordinator = found.membership.isCoordinator
            isMentor = found.membership.isMentor
            isMentee = found.membership.isMentee
            role = found.membership.role?.rawValue ?? ""
            inviteLink = found.membership.isCoordinator ? publicURL + Paths.join(found.program.inviteCode) : nil
        }
    }

    @Sendable static func list(req: Request) async throws -> Response {
        let memberships = try await Programs.memberships(of: try req.user, on: req.db)
        let programs = memberships.map { ProgramSummary(Programs.Membership(program: $0.program, membership: $0), publicURL: req.tandem.publicURL) }
        return try await req.render("programs", title: "Programs", ["programs": programs])
    }

    struct EditPage: Encodable {
        let form: FormState
        let programID: UUID?
    }

    @Sendable static func newPage(req: Request) async throws -> Response {
        let today = CalendarDate(Date())
        return try await req.render("program-form", title: "Create a program", EditPage(form: FormState(values: [
            "startsOn": today.description, "endsOn": today.adding(days: 182).description, "meetingCadenceDays": "14",
        ]), programID: nil))
    }

    struct ProgramForm: Content {
        var name: String?
        var description: String?
        var startsOn: String?
        var endsOn: String?
        var meetingCadenceDays: String?
        var requestExpiryDays: String?
        var privacyThreshold: String?
        var responseTimeDays: String?
        var maxMentorsPerMentee: String?
        var codeOfConduct: String?
        var maxOpenRequests: String?
        var languageRequired: String?
        var weightSkills: String?
        var weightChallenges: String?
        var weightValues: String?
        var weightWorkStyle: String?
        var weightLanguage: String?
        var weightTime: String?
        var challengeOptions: String?
        var valueOptions: String?

        /// A number field that holds no number is reported as such, not silently defaulted.
        func input(withSettings: Bool) throws -> Programs.Input {
            var v = InputValidator()
            func number(_ raw: String?, _ field: String, _ label: String) -> Int? {
                let text = (raw ?? "").trimmingCharacters(in: .whitespaces)
                if text.isEmpty { return nil }
                guard let value = Int(text) else { v.add(field, "\(label) must be a whole number."); return nil }
                return value
            }
            var input = Programs.Input(name: name, description: description, startsOn: startsOn, endsOn: endsOn,
                                       meetingCadenceDays: number(meetingCadenceDays, "meetingCadenceDays", "Meeting cadence (days)"))
            if withSettings {
                input.requestExpiryDays = number(requestExpiryDays, "requestExpiryDays", "Days a request stays open")
                input.privacyThreshold = number(privacyThreshold, "privacyThreshold", "Smallest group a coordinator sees")
                input.maxOpenRequests = number(maxOpenRequests, "maxOpenRequests", "Open requests per mentee")
                input.responseTimeDays = number(responseTimeDays, "responseTimeDays", "Days to acknowledge a concern")
                input.maxMentorsPerMentee = number(maxMentorsPerMentee, "maxMentorsPerMentee", "Mentors a mentee may have at once")
                input.codeOfConduct = codeOfConduct ?? ""
                input.languageRequired = languageRequired == "on"
                var weights: [String: Int] = [:]
                let fields: [(Criterion, String?)] = [(.skills, weightSkills), (.challenges, weightChallenges), (.values, weightValues),
                                                      (.workStyle, weightWorkStyle), (.language, weightLanguage), (.time, weightTime)]
                for (criterion, raw) in fields {
                    if let value = number(raw, "criteriaWeights.\(criterion.rawValue)", "\(criterion.label) weight") { weights[criterion.rawValue] = value }
                }
                input.criteriaWeights = weights
                input.challengeOptions = challengeOptions.map(ListInput.items)
                input.valueOptions = valueOptions.map(ListInput.items)
            }
            try v.check()
            return input
        }
    }

    @Sendable static func create(req: Request) async throws -> Response {
        let (form, values) = try req.form(ProgramForm.self)
        return try await req.handleForm(values: values, rerender: { state in
            try await req.render("program-form", title: "Create a program", EditPage(form: state, programID: nil))
        }) {
            let program = try await Programs.create(try form.input(withSettings: false), by: try req.user, on: req.db)
            Flash.set("“\(program.name)” is created. Invite its participants next.", on: req)
            return req.redirect(to: Paths.participants(try program.requireID()))
        }
    }

    struct PastMentorship: Encodable {
        let partnerName: String
        let link: String
        let endedOn: String
    }

    struct ShowPage: Encodable {
        let program: ProgramSummary
        let mentorships: [DashboardSummary.MentorshipItem]
        let pastMentorships: [PastMentorship]
        let programMentorships: [MentorshipRow]
        /// The program's pairs, 50 to a page.
        let pairsPager: Pager
        let participantCount: Int
        /// Check-in scores as a coordinator may see them: averages over at least k mentorships.
        let checkIns: CheckInSummary?
        /// The code of conduct: whether there is one, and whether the viewer accepted it.
        let hasCodeOfConduct: Bool
        let acceptedCodeOfConduct: Bool
        /// For coordinators: concerns still open in the program.
        let openConcerns: Int
        let showConcerns: Bool
        /// For coordinators: endings counted, by reason only over at least k.
        let endings: EndingSummary?
    }

    struct EndingSummary: Encodable {
        struct Row: Encodable {
            let reason: String
            let count: String
        }
        let total: Int
        let k: Int
        let shown: Bool
        let rows: [Row]

        init(_ a: EndingAggregate) {
            total = a.total
            k = a.k
            shown = !a.buckets.isEmpty
            rows = a.buckets.map { Row(reason: $0.reason.label, count: $0.count.map(String.init) ?? "fewer than 3") }
        }
    }

    struct CheckInSummary: Encodable {
        struct Group: Encodable {
            let name: String
            let shown: Bool
            let averages: [Average]
        }

        struct Average: Encodable {
            let question: String
            let value: String
            let percent: Int
        }

        let k: Int
        let overall: Group
        let groups: [Group]

        init(_ aggregate: CheckInAggregate) {
            func group(_ g: CheckInAggregate.Group, name: String) -> Group {
                Group(name: name, shown: g.averages != nil, averages: CheckInQuestion.allCases.compactMap { q in
                    g.averages?[q].map { Average(question: q.text, value: String(format: "%.1f", $0), percent: Int(($0 * 20).rounded())) }
                })
            }
            k = aggregate.k
            overall = group(aggregate.overall, name: "Everyone")
            groups = aggregate.groups.map { group($0, name: $0.name == "mentees" ? "Mentees" : "Mentors") }
        }
    }

    struct MentorshipRow: Encodable {
        let id: UUID
        let mentorName: String
        let menteeName: String
        let status: String
        let startedOn: String
        /// Program health: whether the pair agreed their charter, and until when.
        let charter: String
        let endsOn: String
    }

    static let pairsPerPage = 50

    @Sendable static func show(req: Request) async throws -> Response {
        let user = try req.user
        let found = try await Programs.find(req.parameters.get("programID", as: UUID.self), for: user, on: req.db)
        let userID = try user.requireID()
        let all = try await Mentorships.mentorships(of: user, on: req.db).filter { $0.$program.id == found.programID }
        let mine = try all.filter { $0.status == .active }.map { try DashboardSummary.MentorshipItem($0, seenBy: userID) }
        // Ended ones stay readable, with their recap, on their Ending tab.
        let past = try all.filter { $0.status == .ended }.map { m in
            PastMentorship(partnerName: m.other(than: userID).displayName, link: Paths.mentorship(try m.requireID(), .ending),
                           endedOn: m.endedAt.map { user.voice.day($0) } ?? "")
        }
        var rows: [MentorshipRow] = []
        var checkIns: CheckInSummary?
        var endings: EndingSummary?
        var pager = Pager(total: 0, page: nil, perPage: pairsPerPage, path: Paths.program(found.programID), query: [:], noun: ("mentorship", "mentorships"))
        if found.membership.isCoordinator {
            checkIns = CheckInSummary(try await CheckIns.aggregate(of: found.programID, k: found.program.privacyThreshold, on: req.db))
            endings = EndingSummary(try await Endings.aggregate(of: found.programID, k: found.program.privacyThreshold, on: req.db))
            // A page of the program's pairs, newest first: a program of thousands is not one table.
            let pairs = Mentorship.query(on: req.db).filter(\.$program.$id == found.programID)
            pager = Pager(total: try await pairs.copy().count(), page: req.query[String.self, at: "page"].flatMap { Int($0) }, perPage: pairsPerPage,
                          path: Paths.program(found.programID), query: [:], noun: ("mentorship", "mentorships"))
            let all = try await pairs.copy().with(\.$mentor).with(\.$mentee).sort(\.$startedAt, .descending).sort(\.$id)
                .range(pager.range).all()
            let charters = try await Charters.histories(of: all.compactMap(\.id), on: req.db)
            let words: [CharterHistory.Status: String] = [.notStarted: "not written", .awaitingSignatures: "not signed yet",
                                                          .signed: "signed", .changeProposed: "signed; change proposed"]
            rows = try all.map {
                let charter = charters[try $0.requireID()] ?? CharterHistory()
                return MentorshipRow(id: try $0.requireID(), mentorName: $0.mentor.displayName, menteeName: $0.mentee.displayName,
                                     status: $0.status.rawValue, startedOn: CalendarDate($0.startedAt).description,
                                     charter: words[charter.status] ?? "", endsOn: (charter.inForce?.terms.endsOn).map { $0.description } ?? "—")
            }
        }
        let count = try await Programs.participantCount(of: found.programID, on: req.db)
        let openConcerns = found.membership.isCoordinator ? try await Concerns.list(for: user, on: req.db)
            .filter { $0.$program.id == found.programID && $0.state.isOpen }.count : 0
        return try await req.render("program", title: found.program.name, ShowPage(
            program: ProgramSummary(found, publicURL: req.tandem.publicURL), mentorships: mine, pastMentorships: past,
            programMentorships: rows, pairsPager: pager, participantCount: count, checkIns: checkIns,
            hasCodeOfConduct: !found.program.codeOfConduct.isEmpty, acceptedCodeOfConduct: found.membership.conductAcceptedAt != nil,
            openConcerns: openConcerns, showConcerns: found.membership.isCoordinator, endings: endings))
    }

    @Sendable static func editPage(req: Request) async throws -> Response {
        let found = try await Programs.findAsCoordinator(req.parameters.get("programID", as: UUID.self), for: try req.user, on: req.db)
        let p = found.program
        let w = p.criteriaWeights
        return try await req.render("program-form", title: "Edit \(p.name)", EditPage(form: FormState(values: [
            "name": p.name, "description": p.description, "startsOn": p.startsOn, "endsOn": p.endsOn,
            "meetingCadenceDays": String(p.meetingCadenceDays), "requestExpiryDays": String(p.requestExpiryDays), "privacyThreshold": String(p.privacyThreshold),
            "responseTimeDays": String(p.responseTimeDays), "codeOfConduct": p.codeOfConduct, "maxMentorsPerMentee": String(p.maxMentorsPerMentee),
            "maxOpenRequests": String(p.maxOpenRequests), "languageRequired": w.languageRequired ? "on" : "",
            "weightSkills": String(w.weight(.skills)), "weightChallenges": String(w.weight(.challenges)),
            "weightValues": String(w.weight(.values)), "weightWorkStyle": String(w.weight(.workStyle)),
            "weightLanguage": String(w.weight(.language)), "weightTime": String(w.weight(.time)),
            "challengeOptions": p.challengeOptions.joined(separator: ", "), "valueOptions": p.valueOptions.joined(separator: ", "),
        ]), programID: found.programID))
    }

    @Sendable static func update(req: Request) async throws -> Response {
        let found = try await Programs.findAsCoordinator(req.parameters.get("programID", as: UUID.self), for: try req.user, on: req.db)
        let (form, values) = try req.form(ProgramForm.self)
        return try await req.handleForm(values: values, rerender: { state in
            try await req.render("program-form", title: "Edit \(found.program.name)", EditPage(form: state, programID: found.programID))
        }) {
            do {
                var input = try form.input(withSettings: true)
                // An emptied description is a choice, not an omission.
                input.description = input.description ?? ""
                try await Programs.update(found.program, with: input, on: req.db)
            } catch let failure as ValidationFailure {
                // The form names each weight field on its own: "criteriaWeights.skills" → "weightSkills".
                throw ValidationFailure(failure.errors.map { error in
                    guard error.field.hasPrefix("criteriaWeights") else { return error }
                    let key = error.field.split(separator: ".").last.map(String.init) ?? ""
                    let name = key == "work_style" ? "WorkStyle" : key.prefix(1).uppercased() + key.dropFirst()
                    return FieldError(key == "criteriaWeights" || key.isEmpty ? "weights" : "weight" + name, error.message)
                })
            }
            Flash.set("The program is saved.", on: req)
            return req.redirect(to: Paths.program(found.programID))
        }
    }

    struct ParticipantsPage: Encodable {
        let program: ProgramSummary
        let members: [MemberRow]
        let pager: Pager
        let filters: [String: String]
        let roleFilters: [RoleOption]
        let statusFilters: [RoleOption]
        let invitations: [InvitationDTO]
        let form: FormState
        let roles: [RoleOption]
    }

    struct MemberRow: Encodable {
        let userID: UUID
        let displayName: String
        let avatar: Avatar
        let email: String
        let roles: String
        /// Where the person stands: "Looking for a mentor", "Mentored by Amara", "2 of 3 mentees".
        let standing: [Standing]
        let isCoordinator: Bool
        let isMe: Bool
    }

    struct Standing: Encodable {
        let text: String
        let tone: String
    }

    static let participantsPerPage = 25
    static let roleFilters = [RoleOption(value: "", label: "Everyone"), RoleOption(value: "mentee", label: "Mentees"),
                              RoleOption(value: "mentor", label: "Mentors"), RoleOption(value: "coordinator", label: "Coordinators")]
    static let statusFilters = [RoleOption(value: "", label: "Any"), RoleOption(value: "looking", label: "Mentees looking for a mentor"),
                                RoleOption(value: "matched", label: "Mentees with a mentor"), RoleOption(value: "room", label: "Mentors with room"),
                                RoleOption(value: "full", label: "Mentors at capacity")]

    struct RoleOption: Encodable {
        let value: String
        let label: String
    }

    static let roleOptions = ParticipantRole.allCases.map { RoleOption(value: $0.rawValue, label: $0.label) }

    private static func renderParticipants(_ req: Request, _ found: Programs.Membership, form: FormState = FormState(values: ["role": "mentee"])) async throws -> Response {
        let me = try req.userID
        let raw = (try? req.query.decode([String: String].self)) ?? [:]
        var filters = raw.filter { !$0.value.trimmingCharacters(in: .whitespaces).isEmpty }
        let page = filters.removeValue(forKey: "page").flatMap { Int($0) }
        let filter = Programs.MemberFilter(terms: (filters["q"] ?? "").split(whereSeparator: \.isWhitespace).map(String.init),
                                           role: filters["role"], status: filters["status"])
        let search = Programs.MemberSearch(programID: found.programID, filter: filter)
        let pager = Pager(total: try await search.count(on: req.db), page: page, perPage: participantsPerPage, path: Paths.participants(found.programID),
                          query: filters, noun: ("person", "people"))
        let shown = try await search.members(pager.range, on: req.db)
        // Where each shown person stands: mentees by their mentor, mentors by their room.
        let shownIDs = shown.map { $0.$user.id }
        let active = try await Mentorship.query(on: req.db).filter(\.$program.$id == found.programID).filter(\.$status == .active)
            .filter(\.$mentee.$id ~~ shownIDs).with(\.$mentor).all()
        let mentorOf = Dictionary(active.map { ($0.$mentee.id, $0.mentor.firstName) }, uniquingKeysWith: { a, b in "\(a) and \(b)" })
        let mentorIDs = shown.filter(\.isMentor).map { $0.$user.id }
        let loads = try await Directory.activeMentees(of: mentorIDs, on: req.db)
        let capacities = Dictionary(try await Profile.query(on: req.db).filter(\.$user.$id ~~ mentorIDs).all().map { ($0.$user.id, $0.capacity) },
                                    uniquingKeysWith: { a, _ in a })
        func standing(_ m: ProgramMembership) -> [Standing] {
            var out: [Standing] = []
            if m.isMentee { out.append(mentorOf[m.$user.id].map { Standing(text: "Mentored by \($0)", tone: "ok") } ?? Standing(text: "Looking for a mentor", tone: "wait")) }
            if m.isMentor {
                let load = loads[m.$user.id] ?? 0, capacity = capacities[m.$user.id] ?? 1
                out.append(Standing(text: "\(load) of \(capacity) mentee\(capacity == 1 ? "" : "s")", tone: load < capacity ? "info" : "muted"))
            }
            return out
        }
        let members = shown.map {
            MemberRow(userID: $0.$user.id, displayName: $0.user.displayName, avatar: Avatar(name: $0.user.displayName), email: $0.user.email,
                      roles: $0.roleLabel, standing: standing($0), isCoordinator: $0.isCoordinator, isMe: $0.$user.id == me)
        }
        let invitations = try await Invitation.query(on: req.db).filter(\.$program.$id == found.programID)
            .filter(\.$acceptedAt == nil).sort(\.$createdAt, .descending).limit(100).all().map(InvitationDTO.init)
        return try await req.render("participants", title: "Participants of \(found.program.name)", ParticipantsPage(
            program: ProgramSummary(found, publicURL: req.tandem.publicURL), members: members,
            pager: pager, filters: filters,
            roleFilters: roleFilters, statusFilters: statusFilters, invitations: invitations,
            form: form, roles: roleOptions))
    }

    @Sendable static func participants(req: Request) async throws -> Response {
        let found = try await Programs.findAsCoordinator(req.parameters.get("programID", as: UUID.self), for: try req.user, on: req.db)
        return try await renderParticipants(req, found)
    }

    struct InviteForm: Content {
        var emails: String?
        var role: String?
    }

    @Sendable static func invite(req: Request) async throws -> Response {
        let user = try req.user
        let found = try await Programs.findAsCoordinator(req.parameters.get("programID", as: UUID.self), for: user, on: req.db)
        let (form, values) = try req.form(InviteForm.self)
        return try await req.handleForm(values: values, rerender: { state in try await renderParticipants(req, found, form: state) }) {
            let outcome = try await Programs.invite(.init(emails: [form.emails ?? ""], role: form.role), to: found, by: user,
                                                    on: req.db, publicURL: req.tandem.publicURL, logger: req.logger)
            var message = "Invited \(outcome.invited.count) \(outcome.invited.count == 1 ? "person" : "people")."
            if !outcome.alreadyMembers.isEmpty {
                message += " Already in the program: \(outcome.alreadyMembers.joined(separator: ", "))."
            }
            Flash.set(message, on: req)
            return req.redirect(to: Paths.participants(found.programID))
        }
    }

    @Sendable static func regenerateLink(req: Request) async throws -> Response {
        let found = try await Programs.findAsCoordinator(req.parameters.get("programID", as: UUID.self), for: try req.user, on: req.db)
        try await Programs.regenerateInviteCode(of: found.program, on: req.db)
        Flash.set("A new invite link is ready; the old one no longer works.", on: req)
        return req.redirect(to: Paths.participants(found.programID))
    }

    struct CoordinatorForm: Content { var coordinator: String? }

    @Sendable static func setCoordinator(req: Request) async throws -> Response {
        let found = try await Programs.findAsCoordinator(req.parameters.get("programID", as: UUID.self), for: try req.user, on: req.db)
        let member = try await Programs.member(req.parameters.get("userID", as: UUID.self), in: found.programID, on: req.db)
        let makeCoordinator = (try req.content.decode(CoordinatorForm.self).coordinator) == "true"
        do {
            try await Programs.setCoordinator(member, to: makeCoordinator, on: req.db)
            Flash.set(makeCoordinator ? "\(member.user.displayName) is now a coordinator." : "\(member.user.displayName) is no longer a coordinator.", on: req)
        } catch let error as DomainError {
            Flash.set(error.reason, on: req)
        }
        let stillCoordinator = try await Programs.find(found.programID, for: try req.user, on: req.db).membership.isCoordinator
        return req.redirect(to: stillCoordinator ? Paths.participants(found.programID) : Paths.program(found.programID))
    }

    @Sendable static func remove(req: Request) async throws -> Response {
        let found = try await Programs.findAsCoordinator(req.parameters.get("programID", as: UUID.self), for: try req.user, on: req.db)
        let member = try await Programs.member(req.parameters.get("userID", as: UUID.self), in: found.programID, on: req.db)
        if let ask = try await Confirmation.ask(req, question: "Remove \(member.user.displayName) from “\(found.program.name)”?",
                                                consequence: "Their mentorships in this program end and they are told by e-mail. They can join again only with a new invitation or the invite link.",
                                                button: "Remove \(member.user.displayName)", back: Paths.participants(found.programID)) { return ask }
        do {
            try await Programs.remove(member, on: req.db)
            if member.$user.id != (try req.userID) {
                try await Notifier.notify(member.user, title: "You were removed from “\(found.program.name)”",
                                          body: "A coordinator removed you from the program. Questions? Reply to your coordinator.",
                                          link: Paths.programs, email: true, publicURL: req.tandem.publicURL, on: req.db, logger: req.logger)
            }
            Flash.set("\(member.user.displayName) is removed from the program.", on: req)
        } catch let error as DomainError {
            Flash.set(error.reason, on: req)
        }
        let isSelf = member.$user.id == (try req.userID)
        return req.redirect(to: isSelf ? Paths.programs : Paths.participants(found.programID))
    }

    struct RoleForm: Content { var role: String? }

    @Sendable static func changeOwnRole(req: Request) async throws -> Response {
        let found = try await Programs.find(req.parameters.get("programID", as: UUID.self), for: try req.user, on: req.db)
        let raw = try req.content.decode(RoleForm.self).role
        if raw == "none" {
            guard found.membership.isCoordinator else {
                throw ValidationFailure("role", "Choose mentee, mentor or both; to leave, ask a coordinator.")
            }
            found.membership.isMentee = false
            found.membership.isMentor = false
        } else {
            let role = try Programs.parseRole(raw)
            found.membership.isMentee = role.isMentee
            found.membership.isMentor = role.isMentor
        }
        try await found.membership.save(on: req.db)
        Flash.set("Your role in this program is saved.", on: req)
        return req.redirect(to: Paths.program(found.programID))
    }

    /// A participant leaves on their own; a program's last coordinator cannot.
    @Sendable static func leave(req: Request) async throws -> Response {
        let found = try await Programs.find(req.parameters.get("programID", as: UUID.self), for: try req.user, on: req.db)
        if let ask = try await Confirmation.ask(req, question: "Leave “\(found.program.name)”?",
                                                consequence: "You stop being a participant, and every mentorship you have in this program ends. You can join again later with an invite link.",
                                                button: "Leave the program", back: Paths.program(found.programID)) { return ask }
        do {
            try await Programs.remove(found.membership, on: req.db)
            Flash.set("You left “\(found.program.name)”.", on: req)
            return req.redirect(to: Paths.programs)
        } catch let error as DomainError {
            Flash.set(error.reason, on: req)
            return req.redirect(to: Paths.program(found.programID))
        }
    }

    struct JoinPage: Encodable {
        let name: String
        let description: String
        let startsOn: String
        let endsOn: String
        let action: String
        let fixedRole: String?
        let roles: [RoleOption]
        let codeOfConduct: String
        let form: FormState

        /// The page for an invite link (role to choose) or an e-mail invitation (role fixed).
        static func render(_ req: Request, _ program: Program, action: String, fixedRole: String?, form: FormState) async throws -> Response {
            try await req.render("join", title: "Join \(program.name)", JoinPage(
                name: program.name, description: program.description, startsOn: program.startsOn, endsOn: program.endsOn,
                action: action, fixedRole: fixedRole, roles: fixedRole == nil ? roleOptions : [], codeOfConduct: program.codeOfConduct, form: form))
        }
    }

    @Sendable static func joinPage(req: Request) async throws -> Response {
        let code = req.parameters.get("code") ?? ""
        let program = try await Programs.program(withInviteCode: code, on: req.db)
        if let found = try? await Programs.find(program.id, for: try req.user, on: req.db), found.membership.isParticipant {
            return req.redirect(to: Paths.program(found.programID))
        }
        return try await JoinPage.render(req, program, action: Paths.join(code), fixedRole: nil, form: FormState(values: ["role": "mentee"]))
    }

    @Sendable static func join(req: Request) async throws -> Response {
        let code = req.parameters.get("code") ?? ""
        let program = try await Programs.program(withInviteCode: code, on: req.db)
        let (form, values) = try req.form(RoleForm.self)
        return try await req.handleForm(values: values, rerender: { state in
            try await JoinPage.render(req, program, action: Paths.join(code), fixedRole: nil, form: state)
        }) {
            let role = try Programs.parseRole(form.role)
            try await Programs.join(programID: program.requireID(), as: role, user: try req.user,
                                    acceptsCodeOfConduct: values["acceptCodeOfConduct"] != nil, on: req.db,
                                    publicURL: req.tandem.publicURL, logger: req.logger)
            Flash.set("Welcome to “\(program.name)”!", on: req)
            return req.redirect(to: Paths.program(try program.requireID()))
        }
    }

    @Sendable static func invitationPage(req: Request) async throws -> Response {
        let token = req.parameters.get("token") ?? ""
        let invitation = try await Programs.invitation(withToken: token, on: req.db)
        var form = FormState()
        if invitation.acceptedAt != nil { form.summary = "This invitation was already accepted." }
        else if invitation.expiresAt < Date() { form.summary = "This invitation expired. Ask the coordinator for a new one." }
        return try await JoinPage.render(req, invitation.program, action: Paths.invitation(token), fixedRole: invitation.role.label, form: form)
    }

    @Sendable static func acceptInvitation(req: Request) async throws -> Response {
        let token = req.parameters.get("token") ?? ""
        let invitation = try await Programs.invitation(withToken: token, on: req.db)
        let program = invitation.program
        return try await req.handleForm(values: [:], rerender: { state in
            try await JoinPage.render(req, program, action: Paths.invitation(token), fixedRole: invitation.role.label, form: state)
        }) {
            let values = try req.form([String: String].self).values
            _ = try await Programs.accept(invitation, by: try req.user, acceptsCodeOfConduct: values["acceptCodeOfConduct"] != nil, on: req.db,
                                          publicURL: req.tandem.publicURL, logger: req.logger)
            Flash.set("Welcome to “\(program.name)”!", on: req)
            return req.redirect(to: Paths.program(invitation.$program.id))
        }
    }

    struct ConductPage: Encodable {
        let programID: UUID
        let programName: String
        let text: String
        let acceptedOn: String?
        let accepted: Bool
        let isCoordinator: Bool
    }

    @Sendable static func codeOfConduct(req: Request) async throws -> Response {
        let user = try req.user
        let found = try await Programs.find(req.parameters.get("programID", as: UUID.self), for: user, on: req.db)
        guard !found.program.codeOfConduct.isEmpty || found.membership.isCoordinator else { throw DomainError.notFound("Code of conduct") }
        return try await req.render("code-of-conduct", title: "Code of conduct · \(found.program.name)", ConductPage(
            programID: found.programID, programName: found.program.name, text: found.program.codeOfConduct,
            acceptedOn: found.membership.conductAcceptedAt.map { user.voice.day($0) }, accepted: found.membership.conductAcceptedAt != nil, isCoordinator: found.membership.isCoordinator))
    }

    @Sendable static func acceptCodeOfConduct(req: Request) async throws -> Response {
        let found = try await Programs.find(req.parameters.get("programID", as: UUID.self), for: try req.user, on: req.db)
        try await Programs.acceptCodeOfConduct(found, on: req.db)
        Flash.set("Thank you — you accepted the code of conduct of “\(found.program.name)”.", on: req)
        return req.redirect(to: Paths.program(found.programID))
    }
}
