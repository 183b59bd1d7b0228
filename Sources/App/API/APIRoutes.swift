import Fluent
import TandemCore
import Vapor

/// The JSON API under /api/v1. Every operation here is described in Resources/openapi.yaml, and a
/// test holds the two together. Handlers are thin: the rules live in the capability folders.
enum APIRoutes {
    static func register(on app: Application) {
        let v1 = app.grouped("api", "v1").grouped(APIContractMiddleware())

        // Without a token: create an account, exchange a password for a token, ask for a reset.
        do {
            v1.post("accounts", use: signUp)
            v1.post("sessions", use: createSessionToken)
            v1.post("password-resets", use: requestPasswordReset)
            v1.post("password-resets", "complete", use: completePasswordReset)
        }

        let api = v1.grouped(BearerTokenAuthenticator(), RequireAPIUser())

        // Me, my tokens, my notifications, my dashboard
        do {
            api.get("me", use: me)
            api.patch("me", use: updateMe)
            api.post("me", "password", use: changePassword)
            api.delete("me", use: deleteMe)
            api.get("me", "export", use: exportMe)
            api.get("me", "profile", use: myProfile)
            api.put("me", "profile", use: replaceMyProfile)
            api.get("people", ":userID", "profile", use: personProfile)
            api.get("tokens", use: listTokens)
            api.post("tokens", use: createToken)
            api.delete("tokens", ":tokenID", use: revokeToken)
            api.get("notifications", use: listNotifications)
            api.post("notifications", ":notificationID", "read", use: markNotificationRead)
            api.post("notifications", "read-all", use: markAllNotificationsRead)
            api.get("dashboard", use: dashboard)
        }

        // Programs
        do {
            api.get("programs", use: listPrograms)
            api.post("programs", use: createProgram)
            api.get("programs", ":programID", use: getProgram)
            api.patch("programs", ":programID", use: updateProgram)
            api.post("programs", ":programID", "invite-link", use: regenerateInviteLink)
            api.get("programs", ":programID", "members", use: listMembers)
            api.patch("programs", ":programID", "members", ":userID", use: updateMember)
            api.delete("programs", ":programID", "members", ":userID", use: removeMember)
            api.get("programs", ":programID", "invitations", use: listInvitations)
            api.post("programs", ":programID", "invitations", use: invite)
            api.get("programs", ":programID", "mentorships", use: programMentorships)
            api.get("programs", ":programID", "mentors", use: mentorDirectory)
            api.get("programs", ":programID", "suggestions", use: suggestions)
            api.post("programs", ":programID", "requests", use: sendRequest)
            api.post("programs", ":programID", "matching", "preview", use: previewMatching)
            api.post("programs", ":programID", "matching", "publish", use: publishMatching)
            api.put("programs", ":programID", "pair-rules", use: setPairRule)
            api.get("programs", ":programID", "wishes", use: listWishes)
            api.put("programs", ":programID", "wishes", use: setWishes)
            api.get("requests", use: listRequests)
            api.post("requests", ":requestID", "accept", use: acceptRequest)
            api.post("requests", ":requestID", "decline", use: declineRequest)
            api.post("requests", ":requestID", "withdraw", use: withdrawRequest)
            api.get("join", ":code", use: previewJoin)
            api.post("join", ":code", use: joinWithCode)
            api.get("invitations", ":token", use: previewInvitation)
            api.post("invitations", ":token", "accept", use: acceptInvitation)
        }

        // Mentorships
        do {
            api.get("mentorships", use: listMentorships)
            api.get("mentorships", ":mentorshipID", use: getMentorship)
            api.post("mentorships", ":mentorshipID", "notes", use: addNote)
            api.get("mentorships", ":mentorshipID", "audit-log", use: auditLog)
            CharterAPI.register(api)
            GoalAPI.register(api)
            MeetingAPI.register(api)
            TalkFlowAPI.register(api)
            ActionAPI.register(api)
            FollowUpAPI.register(api)
            FeedbackAPI.register(api)
            ConcernAPI.register(api)
            EndingAPI.register(api)
            CheckInAPI.register(api)
            ReminderSettings.register(api)
        }
    }

    // MARK: accounts

    @Sendable static func signUp(req: Request) async throws -> Response {
        let user = try await Accounts.signUp(try req.content.decode(Accounts.SignUp.self), on: req)
        return try await UserDTO(user).encodeResponse(status: .created, for: req)
    }

    struct SessionTokenRequest: Content {
        var email: String?
        var password: String?
        var tokenName: String?
    }

    /// Signing in over the API yields a personal access token (the same kind as in Settings).
    @Sendable static func createSessionToken(req: Request) async throws -> Response {
        let input = try req.content.decode(SessionTokenRequest.self)
        let user = try await Accounts.signIn(email: input.email, password: input.password, on: req)
        let created = try await AccessTokens.create(name: input.tokenName ?? "API sign-in", expiresInDays: nil, for: user, on: req.db)
        return try await created.encodeResponse(status: .created, for: req)
    }

    struct EmailRequest: Content { var email: String? }

    @Sendable static func requestPasswordReset(req: Request) async throws -> Response {
        try await Accounts.requestPasswordReset(email: try req.content.decode(EmailRequest.self).email, on: req)
        return Response(status: .accepted)
    }

    struct ResetRequest: Content {
        var token: String?
        var password: String?
    }

    @Sendable static func completePasswordReset(req: Request) async throws -> HTTPStatus {
        let input = try req.content.decode(ResetRequest.self)
        try await Accounts.resetPassword(token: input.token, newPassword: input.password, on: req)
        return .noContent
    }

    @Sendable static func me(req: Request) async throws -> UserDTO {
        try UserDTO(try req.user)
    }

    @Sendable static func updateMe(req: Request) async throws -> UserDTO {
        let user = try req.user
        try await Accounts.updateProfile(of: user, try req.content.decode(Accounts.ProfileUpdate.self), on: req.db)
        return try UserDTO(user)
    }

    struct PasswordChange: Content {
        var currentPassword: String?
        var newPassword: String?
    }

    @Sendable static func changePassword(req: Request) async throws -> HTTPStatus {
        let input = try req.content.decode(PasswordChange.self)
        try await Accounts.changePassword(of: try req.user, current: input.currentPassword, new: input.newPassword, on: req)
        return .noContent
    }

    struct PasswordConfirmation: Content { var password: String? }

    @Sendable static func deleteMe(req: Request) async throws -> HTTPStatus {
        let input = try req.content.decode(PasswordConfirmation.self)
        try await Accounts.deleteAccount(of: try req.user, password: input.password, on: req)
        return .noContent
    }

    @Sendable static func exportMe(req: Request) async throws -> Response {
        try await AccountExport.build(for: try req.user, on: req.db).download(for: req)
    }

    @Sendable static func myProfile(req: Request) async throws -> ProfileDTO {
        let user = try req.user
        let userID = try user.requireID()
        let profile = try await Profiles.profile(of: userID, on: req.db)
        let roles = try await Profiles.roles(of: userID, on: req.db)
        return try ProfileDTO(profile, user: user, completeness: Profiles.completeness(profile, user: user, roles: roles))
    }

    @Sendable static func replaceMyProfile(req: Request) async throws -> ProfileDTO {
        let input = try req.content.decode(ProfileDTO.self)
        _ = try await Profiles.save(input.draft, parsing: InputValidator(), for: try req.user, on: req.db)
        return try await myProfile(req: req)
    }

    @Sendable static func personProfile(req: Request) async throws -> ProfileDTO {
        let (person, profile) = try await Profiles.visibleProfile(of: req.parameters.get("userID", as: UUID.self), to: try req.user, on: req.db)
        return try ProfileDTO(profile, user: person, completeness: nil)
    }

    // MARK: tokens

    @Sendable static func listTokens(req: Request) async throws -> [AccessTokenDTO] {
        try await AccessTokens.list(for: try req.user, on: req.db).map(AccessTokenDTO.init)
    }

    @Sendable static func createToken(req: Request) async throws -> Response {
        let input = try req.content.decode(AccessTokens.Input.self)
        let created = try await AccessTokens.create(name: input.name, expiresInDays: input.expiresInDays, for: try req.user, on: req.db)
        return try await created.encodeResponse(status: .created, for: req)
    }

    @Sendable static func revokeToken(req: Request) async throws -> HTTPStatus {
        try await AccessTokens.revoke(req.parameters.get("tokenID", as: UUID.self), for: try req.user, on: req.db)
        return .noContent
    }

    // MARK: notifications and dashboard

    @Sendable static func listNotifications(req: Request) async throws -> [NotificationDTO] {
        try await Notifications.list(for: try req.user, on: req.db).map(NotificationDTO.init)
    }

    @Sendable static func markNotificationRead(req: Request) async throws -> NotificationDTO {
        try NotificationDTO(try await Notifications.markRead(req.parameters.get("notificationID", as: UUID.self), for: try req.user, on: req.db))
    }

    @Sendable static func markAllNotificationsRead(req: Request) async throws -> HTTPStatus {
        try await Notifications.markAllRead(for: try req.user, on: req.db)
        return .noContent
    }

    @Sendable static func dashboard(req: Request) async throws -> DashboardSummary {
        try await DashboardSummary.build(for: try req.user, on: req.db)
    }

    // MARK: programs

    @Sendable static func listPrograms(req: Request) async throws -> [ProgramDTO] {
        try await Programs.memberships(of: try req.user, on: req.db).map {
            try ProgramDTO($0.program, membership: $0, publicURL: req.tandem.publicURL)
        }
    }

    @Sendable static func createProgram(req: Request) async throws -> Response {
        let user = try req.user
        let program = try await Programs.create(try req.content.decode(Programs.Input.self), by: user, on: req.db)
        let found = try await Programs.find(program.id, for: user, on: req.db)
        return try await ProgramDTO(found.program, membership: found.membership, publicURL: req.tandem.publicURL)
            .encodeResponse(status: .created, for: req)
    }

    @Sendable static func getProgram(req: Request) async throws -> ProgramDTO {
        let found = try await Programs.find(req.parameters.get("programID", as: UUID.self), for: try req.user, on: req.db)
        return try ProgramDTO(found.program, membership: found.membership, publicURL: req.tandem.publicURL)
    }

    @Sendable static func updateProgram(req: Request) async throws -> ProgramDTO {
        let found = try await Programs.findAsCoordinator(req.parameters.get("programID", as: UUID.self), for: try req.user, on: req.db)
        try await Programs.update(found.program, with: try req.content.decode(Programs.Input.self), on: req.db)
        return try ProgramDTO(found.program, membership: found.membership, publicURL: req.tandem.publicURL)
    }

    @Sendable static func regenerateInviteLink(req: Request) async throws -> ProgramDTO {
        let found = try await Programs.findAsCoordinator(req.parameters.get("programID", as: UUID.self), for: try req.user, on: req.db)
        try await Programs.regenerateInviteCode(of: found.program, on: req.db)
        return try ProgramDTO(found.program, membership: found.membership, publicURL: req.tandem.publicURL)
    }

    /// A page of the program's people in name order (100 by default), filtered as the participants page filters.
    @Sendable static func listMembers(req: Request) async throws -> Response {
        let found = try await Programs.findAsCoordinator(req.parameters.get("programID", as: UUID.self), for: try req.user, on: req.db)
        let page = try APIPage(req, defaultPerPage: 100, maxPerPage: 500)
        var v = InputValidator()
        let role = req.query[String.self, at: "role"], status = req.query[String.self, at: "status"]
        if let role, !["mentee", "mentor", "coordinator"].contains(role) { v.add("role", "Filter by mentee, mentor or coordinator.") }
        if let status, !["looking", "matched", "room", "full"].contains(status) { v.add("status", "Filter by looking, matched, room or full.") }
        let q = req.query[String.self, at: "q"] ?? ""
        if q.count > 200 { v.add("q", "The search must be at most 200 characters.") }
        try v.check()
        let search = Programs.MemberSearch(programID: found.programID, filter: .init(terms: q.split(whereSeparator: \.isWhitespace).map(String.init),
                                                                                     role: role, status: status))
        let total = try await search.count(on: req.db)
        return try await page.response(try await search.members(page.range(of: total), on: req.db).map(MemberDTO.init), total: total, for: req)
    }

    struct MemberUpdate: Content {
        var coordinator: Bool?
        var role: String?
    }

    @Sendable static func updateMember(req: Request) async throws -> MemberDTO {
        let user = try req.user
        let found = try await Programs.find(req.parameters.get("programID", as: UUID.self), for: user, on: req.db)
        let member = try await Programs.member(req.parameters.get("userID", as: UUID.self), in: found.programID, on: req.db)
        let input = try req.content.decode(MemberUpdate.self)
        let isSelf = member.$user.id == (try user.requireID())
        // A participant may change their own roles; everything else is a coordinator's call.
        guard found.membership.isCoordinator || (isSelf && input.coordinator == nil) else {
            throw DomainError.forbidden("Only a coordinator of “\(found.program.name)” can do this.")
        }
        try await req.db.writeTransaction { db in
            if let role = input.role {
                let parsed = try Programs.parseRole(role)
                member.isMentor = parsed.isMentor
                member.isMentee = parsed.isMentee
                try await member.save(on: db)
            }
            if let coordinator = input.coordinator {
                try await Programs.setCoordinator(member, to: coordinator, on: db)
            }
        }
        return try MemberDTO(member)
    }

    @Sendable static func removeMember(req: Request) async throws -> HTTPStatus {
        let user = try req.user
        let found = try await Programs.find(req.parameters.get("programID", as: UUID.self), for: user, on: req.db)
        let member = try await Programs.member(req.parameters.get("userID", as: UUID.self), in: found.programID, on: req.db)
        let isSelf = member.$user.id == (try user.requireID())
        guard found.membership.isCoordinator || isSelf else {
            throw DomainError.forbidden("Only a coordinator of “\(found.program.name)” can remove participants.")
        }
        try await Programs.remove(member, on: req.db)
        return .noContent
    }

    @Sendable static func listInvitations(req: Request) async throws -> [InvitationDTO] {
        let found = try await Programs.findAsCoordinator(req.parameters.get("programID", as: UUID.self), for: try req.user, on: req.db)
        return try await Invitation.query(on: req.db).filter(\.$program.$id == found.programID)
            .sort(\.$createdAt, .descending).all().map(InvitationDTO.init)
    }

    @Sendable static func invite(req: Request) async throws -> Response {
        let user = try req.user
        let found = try await Programs.findAsCoordinator(req.parameters.get("programID", as: UUID.self), for: user, on: req.db)
        let outcome = try await Programs.invite(try req.content.decode(Programs.InvitationRequest.self), to: found, by: user,
                                                on: req.db, publicURL: req.tandem.publicURL, logger: req.logger)
        return try await outcome.encodeResponse(status: .created, for: req)
    }

    @Sendable static func programMentorships(req: Request) async throws -> [MentorshipDTO] {
        let found = try await Programs.findAsCoordinator(req.parameters.get("programID", as: UUID.self), for: try req.user, on: req.db)
        return try await Mentorships.mentorships(inProgram: found.programID, on: req.db).map {
            $0.$program.value = found.program
            return try MentorshipDTO($0)
        }
    }

    /// What someone holding a link sees before joining: the program, not its people.
    struct ProgramPreviewDTO: Content {
        let name: String
        let description: String
        let startsOn: String
        let endsOn: String
        /// For an e-mail invitation: the role it offers, and whether it can still be accepted.
        let role: ParticipantRole?
        let status: String?
    }

    @Sendable static func previewJoin(req: Request) async throws -> ProgramPreviewDTO {
        let program = try await Programs.program(withInviteCode: req.parameters.get("code") ?? "", on: req.db)
        return ProgramPreviewDTO(name: program.name, description: program.description, startsOn: program.startsOn,
                                 endsOn: program.endsOn, role: nil, status: nil)
    }

    @Sendable static func previewInvitation(req: Request) async throws -> ProgramPreviewDTO {
        let invitation = try await Programs.invitation(withToken: req.parameters.get("token") ?? "", on: req.db)
        let program = invitation.program
        return ProgramPreviewDTO(name: program.name, description: program.description, startsOn: program.startsOn,
                                 endsOn: program.endsOn, role: invitation.role, status: invitation.status)
    }

    /// A page of the directory (24 by default), in the order asked for; `X-Total-Count` tells how many matched.
    @Sendable static func mentorDirectory(req: Request) async throws -> Response {
        let filters = try req.query.decode(Directory.Filters.self)
        let page = try APIPage(req, defaultPerPage: DirectoryPages.perPage, maxPerPage: 100)
        let ranking = try await Directory.mentors(in: req.parameters.get("programID", as: UUID.self), for: try req.user, filters: filters, on: req.db)
        return try await page.response(try ranking.entries(page.range(of: ranking.count)), total: ranking.count, for: req)
    }

    @Sendable static func suggestions(req: Request) async throws -> [Directory.Entry] {
        let user = try req.user
        let found = try await Programs.find(req.parameters.get("programID", as: UUID.self), for: user, on: req.db)
        guard found.membership.isMentee else { return [] }
        return try await Directory.suggestions(in: found.programID, for: user, limit: 5, on: req.db)
    }

    // MARK: bulk matching

    @Sendable static func previewMatching(req: Request) async throws -> BulkMatching.Preview {
        let options = req.body.data == nil ? BulkMatching.Options() : try req.content.decode(BulkMatching.Options.self)
        return try await BulkMatching.preview(options, in: req.parameters.get("programID", as: UUID.self), by: try req.user, on: req.db)
    }

    struct Published: Content { let requestsCreated: Int }

    @Sendable static func publishMatching(req: Request) async throws -> Published {
        let options = req.body.data == nil ? BulkMatching.Options() : try req.content.decode(BulkMatching.Options.self)
        return Published(requestsCreated: try await BulkMatching.publish(options, in: req.parameters.get("programID", as: UUID.self),
                                                                           by: try req.user, req.actions))
    }

    @Sendable static func setPairRule(req: Request) async throws -> HTTPStatus {
        try await BulkMatching.setRule(try req.content.decode(BulkMatching.RuleInput.self),
                                       in: req.parameters.get("programID", as: UUID.self), by: try req.user, on: req.db)
        return .noContent
    }

    struct WishList: Content { var mentorIds: [UUID]? }

    @Sendable static func listWishes(req: Request) async throws -> WishList {
        let user = try req.user
        let found = try await Programs.find(req.parameters.get("programID", as: UUID.self), for: user, on: req.db)
        return WishList(mentorIds: try await Wishes.list(in: found.programID, of: try user.requireID(), on: req.db))
    }

    @Sendable static func setWishes(req: Request) async throws -> WishList {
        let input = try req.content.decode(WishList.self)
        return WishList(mentorIds: try await Wishes.set(input.mentorIds ?? [], in: req.parameters.get("programID", as: UUID.self),
                                                        by: try req.user, on: req.db))
    }

    // MARK: introductions

    @Sendable static func sendRequest(req: Request) async throws -> Response {
        let request = try await Introductions.send(try req.content.decode(Introductions.Input.self),
                                                   in: req.parameters.get("programID", as: UUID.self), by: try req.user,
                                                   req.actions)
        return try await RequestDTO(try await Introductions.find(request.id, on: req.db)).encodeResponse(status: .created, for: req)
    }

    struct RequestLists: Content {
        let sent: [RequestDTO]
        let received: [RequestDTO]
    }

    @Sendable static func listRequests(req: Request) async throws -> RequestLists {
        let (sent, received) = try await Introductions.list(for: try req.user, on: req.db)
        return RequestLists(sent: try sent.map(RequestDTO.init), received: try received.map(RequestDTO.init))
    }

    @Sendable static func acceptRequest(req: Request) async throws -> MentorshipDTO {
        let mentorship = try await Introductions.accept(req.parameters.get("requestID", as: UUID.self), by: try req.user,
                                                        req.actions)
        try await mentorship.$mentor.load(on: req.db)
        try await mentorship.$mentee.load(on: req.db)
        try await mentorship.$program.load(on: req.db)
        return try MentorshipDTO(mentorship)
    }

    struct DeclineBody: Content { var reason: String? }

    @Sendable static func declineRequest(req: Request) async throws -> RequestDTO {
        let reason = req.body.data == nil ? nil : try req.content.decode(DeclineBody.self).reason
        try await Introductions.decline(req.parameters.get("requestID", as: UUID.self), reason: reason, by: try req.user,
                                        req.actions)
        return try RequestDTO(try await Introductions.find(req.parameters.get("requestID", as: UUID.self), on: req.db))
    }

    @Sendable static func withdrawRequest(req: Request) async throws -> RequestDTO {
        try await Introductions.withdraw(req.parameters.get("requestID", as: UUID.self), by: try req.user, on: req.db)
        return try RequestDTO(try await Introductions.find(req.parameters.get("requestID", as: UUID.self), on: req.db))
    }

    struct JoinRequest: Content {
        var role: String?
        var acceptCodeOfConduct: Bool?
    }

    @Sendable static func joinWithCode(req: Request) async throws -> ProgramDTO {
        let user = try req.user
        let program = try await Programs.program(withInviteCode: req.parameters.get("code") ?? "", on: req.db)
        let body = try req.content.decode(JoinRequest.self)
        let role = try Programs.parseRole(body.role)
        try await Programs.join(programID: program.requireID(), as: role, user: user, acceptsCodeOfConduct: body.acceptCodeOfConduct ?? false, on: req.db,
                                publicURL: req.tandem.publicURL, logger: req.logger)
        let found = try await Programs.find(program.id, for: user, on: req.db)
        return try ProgramDTO(found.program, membership: found.membership, publicURL: req.tandem.publicURL)
    }

    @Sendable static func acceptInvitation(req: Request) async throws -> ProgramDTO {
        let user = try req.user
        let invitation = try await Programs.invitation(withToken: req.parameters.get("token") ?? "", on: req.db)
        // The body is optional; one that is there must be well formed (400 otherwise).
        let accepts = req.body.data == nil ? false : (try req.content.decode(JoinRequest.self).acceptCodeOfConduct ?? false)
        _ = try await Programs.accept(invitation, by: user, acceptsCodeOfConduct: accepts, on: req.db, publicURL: req.tandem.publicURL, logger: req.logger)
        let found = try await Programs.find(invitation.$program.id, for: user, on: req.db)
        return try ProgramDTO(found.program, membership: found.membership, publicURL: req.tandem.publicURL)
    }

    // MARK: mentorships

    @Sendable static func listMentorships(req: Request) async throws -> [MentorshipDTO] {
        try await Mentorships.mentorships(of: try req.user, on: req.db).map(MentorshipDTO.init)
    }

    @Sendable static func getMentorship(req: Request) async throws -> MentorshipDetailDTO {
        let access = try await Mentorships.access(req.parameters.get("mentorshipID", as: UUID.self), for: try req.user, via: .api, on: req.db)
        let notes = try await Mentorships.notes(in: access, on: req.db)
        let charter = try await Charters.history(of: try access.mentorship.requireID(), on: req.db)
        return MentorshipDetailDTO(mentorship: try MentorshipDTO(access.mentorship),
                                   viewerRole: access.isPairMember ? "pair" : "coordinator",
                                   charterStatus: charter.status, charterInForceVersion: charter.inForce?.number,
                                   notes: try notes.readable.map(NoteDTO.init), notesCounted: notes.counted)
    }

    @Sendable static func addNote(req: Request) async throws -> Response {
        let access = try await Mentorships.access(req.parameters.get("mentorshipID", as: UUID.self), for: try req.user, via: .api, on: req.db)
        let note = try await Mentorships.addNote(try req.content.decode(Mentorships.NoteInput.self), in: access, on: req.db)
        return try await NoteDTO(note).encodeResponse(status: .created, for: req)
    }

    @Sendable static func auditLog(req: Request) async throws -> [AuditEntryDTO] {
        let access = try await Mentorships.access(req.parameters.get("mentorshipID", as: UUID.self), for: try req.user, via: .api, on: req.db)
        return try await Mentorships.auditLog(of: access, on: req.db).map(AuditEntryDTO.init)
    }
}

