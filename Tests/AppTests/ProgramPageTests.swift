import Fluent
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import App

@Suite("Programs on the web")
struct ProgramPageTests {
    @Test("a coordinator creates a program, invites by e-mail and link; people join as mentee, mentor or both")
    func createInviteJoin() async throws {
        try await withTandem { app in
            let dana = Browser(app)
            try await dana.signUp("Dana", email: "dana@example.org")
            try await dana.get("/programs/new")
            let created = try await dana.post("/programs", [
                "name": "Spring cohort", "description": "Growing engineers", "startsOn": "2026-03-01",
                "endsOn": "2026-08-31", "meetingCadenceDays": "14",
            ])
            #expect(created.status == .seeOther)
            let participantsPath = try #require(created.location)
            let page = try await dana.get(participantsPath)
            #expect(page.body.string.contains("is created"))
            let link = try #require(page.body.string.firstMatch(of: /\/join\/([A-Za-z0-9_\-]+)/))
            let joinPath = String(link.0)

            // Invite by e-mail, with one bad address: nothing is sent, the error names the address.
            let bad = try await dana.post(participantsPath.replacingOccurrences(of: "participants", with: "invitations"), [
                "emails": "lee@example.org, not-an-address", "role": "mentor",
            ])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("not-an-address"))
            #expect(try await OutboxMessage.query(on: app.db).count() == 0)
            let good = try await dana.post(participantsPath.replacingOccurrences(of: "participants", with: "invitations"), [
                "emails": "lee@example.org\nkim@example.org", "role": "mentor",
            ])
            #expect(good.status == .seeOther)
            #expect(try await OutboxMessage.query(on: app.db).count() == 2)

            // Someone signed out who opens the link is asked to sign in, then comes back.
            let lee = Browser(app)
            let redirected = try await lee.get(joinPath)
            #expect(redirected.location?.hasPrefix("/sign-in?next=") == true)
            try await lee.get("/sign-up")
            let signedUp = try await lee.post("/sign-up", ["displayName": "Lee", "email": "lee@example.org", "password": Browser.password, "next": joinPath])
            #expect(signedUp.location == joinPath)
            let joinPage = try await lee.get(joinPath)
            #expect(joinPage.body.string.contains("Join “Spring cohort”"))
            let noRole = try await lee.post(joinPath, [:])
            #expect(noRole.status == .unprocessableEntity)
            let joined = try await lee.post(joinPath, ["role": "both"])
            #expect(joined.status == .seeOther)
            let membership = try #require(try await ProgramMembership.query(on: app.db).join(User.self, on: \ProgramMembership.$user.$id == \User.$id)
                .filter(User.self, \.$email == "lee@example.org").first())
            #expect(membership.isMentee && membership.isMentor && !membership.isCoordinator)

            // Kim accepts the e-mail invitation.
            let mail = try #require(try await OutboxMessage.query(on: app.db).filter(\.$recipient == "kim@example.org").first())
            let invitation = String(try #require(mail.body.firstMatch(of: /\/invitations\/inv_[A-Za-z0-9_\-]+/)).0)
            let kim = Browser(app)
            try await kim.signUp("Kim", email: "kim@example.org")
            #expect(try await kim.get(invitation).body.string.contains("You are invited as <strong>Mentor</strong>"))
            #expect(try await kim.post(invitation).status == .seeOther)
            #expect(try await kim.post(invitation).status == .conflict)

            let list = try await dana.get(participantsPath).body.string
            #expect(list.contains("Lee") && list.contains("Kim"))
            #expect(list.contains("Mentee and mentor"))
        }
    }

    @Test("participants cannot manage the program; strangers cannot see it")
    func permissions() async throws {
        try await withTandem { app in
            let dana = Browser(app)
            try await dana.signUp("Dana", email: "dana@example.org")
            try await dana.get("/programs/new")
            let created = try await dana.post("/programs", ["name": "Circle", "startsOn": "2026-01-01", "endsOn": "2026-06-30"])
            let participantsPath = try #require(created.location)
            let programPath = participantsPath.replacingOccurrences(of: "/participants", with: "")
            let joinPath = String(try #require(try await dana.get(participantsPath).body.string.firstMatch(of: /\/join\/[A-Za-z0-9_\-]+/)).0)

            let pat = Browser(app)
            try await pat.signUp("Pat", email: "pat@example.org")
            try await pat.get(joinPath)
            try await pat.post(joinPath, ["role": "mentee"])
            #expect(try await pat.get(programPath).status == .ok)
            #expect(try await pat.get(participantsPath).status == .forbidden)
            #expect(try await pat.get(programPath + "/edit").status == .forbidden)
            let forbidden = try await pat.post(programPath + "/edit", ["name": "Taken over", "startsOn": "2026-01-01", "endsOn": "2026-06-30"])
            #expect(forbidden.status == .forbidden)
            #expect(try await Program.query(on: app.db).first()?.name == "Circle")

            let sam = Browser(app)
            try await sam.signUp("Sam", email: "sam@example.org")
            #expect(try await sam.get(programPath).status == .notFound)
            #expect(try await sam.get("/programs/\(UUID())").status == .notFound)
            #expect(try await sam.get("/join/not-a-real-code").status == .notFound)
        }
    }

    @Test("edits are validated inline; co-coordinators; removal; replacing the invite link")
    func manage() async throws {
        try await withTandem { app in
            let dana = Browser(app)
            try await dana.signUp("Dana", email: "dana@example.org")
            try await dana.get("/programs/new")
            let participantsPath = try #require(try await dana.post("/programs", ["name": "Circle", "startsOn": "2026-01-01", "endsOn": "2026-06-30"]).location)
            let programPath = participantsPath.replacingOccurrences(of: "/participants", with: "")

            try await dana.get(programPath + "/edit")
            let invalid = try await dana.post(programPath + "/edit", ["name": "Circle", "startsOn": "2026-07-01", "endsOn": "2026-06-30", "meetingCadenceDays": "often"])
            #expect(invalid.status == .unprocessableEntity)
            #expect(invalid.body.string.contains("whole number"))
            let edited = try await dana.post(programPath + "/edit", ["name": "Circle 2026", "startsOn": "2026-01-01", "endsOn": "2026-12-31", "meetingCadenceDays": "7"])
            #expect(edited.status == .seeOther)
            let program = try #require(try await Program.query(on: app.db).first())
            #expect(program.name == "Circle 2026" && program.meetingCadenceDays == 7 && program.endsOn == "2026-12-31")

            let oldCode = program.inviteCode
            try await dana.get(participantsPath)
            #expect(try await dana.post(programPath + "/invite-link").status == .seeOther)
            #expect(try await Program.query(on: app.db).first()?.inviteCode != oldCode)
            #expect(try await Browser(app).get("/join/\(oldCode)").status != .ok)

            let lee = Browser(app)
            try await lee.signUp("Lee", email: "lee@example.org")
            let code = try #require(try await Program.query(on: app.db).first()?.inviteCode)
            try await lee.get("/join/\(code)")
            try await lee.post("/join/\(code)", ["role": "mentor"])
            let leeID = try #require(try await User.find(email: "lee@example.org", on: app.db)?.id)
            let danaID = try #require(try await User.find(email: "dana@example.org", on: app.db)?.id)

            try await dana.get(participantsPath)
            // The only coordinator cannot step down.
            try await dana.post(programPath + "/members/\(danaID)/coordinator", ["coordinator": "false"])
            #expect(try await dana.get(participantsPath).body.string.contains("at least one coordinator"))
            try await dana.post(programPath + "/members/\(leeID)/coordinator", ["coordinator": "true"])
            #expect(try await lee.get(participantsPath).status == .ok)
            try await dana.get(participantsPath)
            // One press asks first and changes nothing; the confirmation's own button removes.
            let asked = try await dana.post(programPath + "/members/\(leeID)/remove")
            #expect(asked.status == .ok && asked.body.string.contains("Remove Lee"))
            #expect(asked.body.string.contains(#"name="confirmed" value="yes""#))
            #expect(try await lee.get(programPath).status == .ok)
            let removed = try await dana.post(programPath + "/members/\(leeID)/remove", ["confirmed": "yes"])
            #expect(removed.status == .seeOther)
            #expect(try await lee.get(programPath).status == .notFound)
        }
    }

    @Test("the dashboard says what to do next")
    func dashboard() async throws {
        try await withTandem { app in
            let ada = Browser(app)
            try await ada.signUp("Ada", email: "ada@example.org")
            #expect(try await ada.get("/dashboard").body.string.contains("Create a program, or open the invite link"))
            try await ada.get("/programs/new")
            try await ada.post("/programs", ["name": "Circle", "startsOn": "2026-01-01", "endsOn": "2026-06-30"])
            let page = try await ada.get("/dashboard").body.string
            #expect(page.contains("Invite participants to “Circle”"))
            #expect(page.contains("Coordinator"))
        }
    }
}

@Suite("Leaving and being removed")
struct LeavingTests {
    @Test("a participant leaves; a removed participant is told; the last coordinator cannot leave")
    func leave() async throws {
        try await withTandem { app in
            let world = try await MentorshipWorld.make(app)
            let pat = Browser(app)
            try await pat.signIn(email: "pat@example.org")
            try await pat.get("/programs/\(world.programID)")
            let asked = try await pat.post("/programs/\(world.programID)/leave")
            #expect(asked.status == .ok && asked.body.string.contains("Leave “Circle”?"))
            #expect(try await pat.get("/programs/\(world.programID)").status == .ok, "nothing happened yet")
            #expect(try await pat.post("/programs/\(world.programID)/leave", ["confirmed": "yes"]).location == "/programs")
            #expect(try await pat.get("/programs/\(world.programID)").status == .notFound)

            let dana = Browser(app)
            try await dana.signIn(email: "dana@example.org")
            try await dana.get("/programs/\(world.programID)")
            #expect(try await dana.post("/programs/\(world.programID)/leave", ["confirmed": "yes"]).location == "/programs/\(world.programID)")
            #expect(try await dana.get("/programs/\(world.programID)").body.string.contains("at least one coordinator"))

            // Removing the mentee ends the mentorship and tells him, in the app and by e-mail.
            let max = try #require(try await User.find(email: "max@example.org", on: app.db))
            try await dana.get("/programs/\(world.programID)/participants")
            try await dana.post("/programs/\(world.programID)/members/\(max.requireID())/remove", ["confirmed": "yes"])
            #expect(try await Mentorship.find(world.mentorshipID, on: app.db)?.status == .ended)
            let notices = try await world.mentee.send(.GET, "/api/v1/notifications").body.string
            #expect(notices.contains("You were removed from"))
            #expect(try await OutboxMessage.query(on: app.db).filter(\.$recipient == "max@example.org").count() == 1)
            #expect(try await world.mentee.send(.POST, "/api/v1/notifications/read-all").status == .noContent)
            #expect(!(try await world.mentee.send(.GET, "/api/v1/notifications").body.string.contains("\"readAt\":null")))
        }
    }

    @Test("participants: search by name or e-mail, filter by role and where each stands, 25 to a page")
    func participantsFilters() async throws {
        try await withTandem { app in
            let world = try await MentorshipWorld.make(app)
            for index in 0..<30 {
                let user = User(email: "waiting\(index)@example.org", displayName: "Waiting \(String(format: "%02d", index))", passwordHash: "x")
                try await user.save(on: app.db)
                try await ProgramMembership(programID: world.programID, userID: user.requireID(), isCoordinator: false, isMentor: false, isMentee: true).save(on: app.db)
            }
            let dana = Browser(app)
            try await dana.signIn(email: "dana@example.org")
            let path = "/programs/\(world.programID)/participants"
            let all = try await dana.get(path).body.string
            #expect(all.contains("1–25 of") && all.contains(#"rel="next""#))
            let max = try await dana.get(path + "?q=max%40example").body.string
            #expect(max.contains("Max Mentee") && max.contains("Mentored by Maya") && !max.contains("Waiting 01") && max.contains("1 person"))
            let looking = try await dana.get(path + "?status=looking").body.string
            let waitingCount = try await ProgramMembership.query(on: app.db).filter(\.$program.$id == world.programID).filter(\.$isMentee == true).count() - 1
            #expect(looking.contains("Looking for a mentor") && !looking.contains("Max Mentee") && looking.contains("1–25 of \(waitingCount) people"))
            let second = try await dana.get(path + "?status=looking&page=2").body.string
            #expect(second.contains("26–\(waitingCount) of \(waitingCount) people") && second.contains(#"<option value="looking" selected>"#))
            let mentors = try await dana.get(path + "?role=mentor&status=full").body.string
            #expect(mentors.contains("Maya Mentor") && mentors.contains("1 of 1 mentee") && !mentors.contains("Waiting 00"))
            #expect(!(try await dana.get(path + "?role=mentor&status=room").body.string.contains("Maya Mentor")))
            #expect(try await dana.get(path + "?q=nobody-at-all").body.string.contains("Nobody matches these filters."))
        }
    }

    @Test("participants in reading order whatever the case or accents; a search ignores them too and takes % and _ literally")
    func participantsOrder() async throws {
        try await withTandem { app in
            let world = try await MentorshipWorld.make(app)
            for name in ["Émile Zola", "eva Green", "Elias Brandt", "Zoë Park", "ada_lovelace"] {
                let user = User(email: "\(name.split(separator: " ")[0].lowercased())@example.org", displayName: name, passwordHash: "x")
                try await user.save(on: app.db)
                try await ProgramMembership(programID: world.programID, userID: user.requireID(), isCoordinator: false, isMentor: false, isMentee: true).save(on: app.db)
            }
            let renamed = try #require(try await User.find(email: "zoë@example.org", on: app.db))
            renamed.displayName = "Zoé Park"
            try await renamed.save(on: app.db)
            let dana = Browser(app)
            try await dana.signIn(email: "dana@example.org")
            let path = "/programs/\(world.programID)/participants"
            let html = try await dana.get(path + "?role=mentee").body.string
            let order = ["ada_lovelace", "Elias Brandt", "Émile Zola", "eva Green", "Max Mentee", "Zoé Park"]
            let positions = order.compactMap { html.range(of: $0)?.lowerBound }
            #expect(positions.count == order.count && positions == positions.sorted(), "name order as people read it, after a rename too")
            #expect(try await dana.get(path + "?q=EMILE").body.string.contains("Émile Zola"))
            #expect(try await dana.get(path + "?q=zoe").body.string.contains("Zoé Park"))
            let underscore = try await dana.get(path + "?q=a_l").body.string
            #expect(underscore.contains("ada_lovelace") && underscore.contains("1 person"), "_ is a character, not a wildcard")
            #expect(try await dana.get(path + "?q=z_la").body.string.contains("Nobody matches these filters."), "… so “z_la” finds no Zola")
            #expect(try await dana.get(path + "?q=z%25a").body.string.contains("Nobody matches these filters."), "% is a character too")

            // The API pages the same list in the same order.
            struct Member: Decodable { struct Person: Decodable { let displayName: String }; let user: Person; var displayName: String { user.displayName } }
            let api = "/api/v1/programs/\(world.programID)/members?role=mentee&perPage=2"
            let first = try await world.coordinator.send(.GET, api)
            #expect(try first.json([Member].self).map(\.displayName) == ["ada_lovelace", "Elias Brandt"])
            #expect(first.headers.first(name: "X-Total-Count") == "7" && first.headers.first(name: .link)?.contains("page=2>; rel=\"next\"") == true)
            #expect(try await world.coordinator.send(.GET, api + "&page=3").json([Member].self).map(\.displayName) == ["Max Mentee", "Pat Participant"])
            #expect(try await world.coordinator.send(.GET, api + "&q=emile").json([Member].self).map(\.displayName) == ["Émile Zola"])
            #expect(try await world.coordinator.send(.GET, "/api/v1/programs/\(world.programID)/members?status=asleep").status == .unprocessableEntity)
            #expect(try await world.mentee.send(.GET, api).status == .forbidden)
        }
    }

    @Test("upgrading a database folds the names of the people already in it")
    func nameKeyBackfill() async throws {
        try await withTandem { app in
            _ = try await MentorshipWorld.make(app)
            let sql = try #require(app.db as? any SQLDatabase)
            try await sql.raw("UPDATE users SET name_key = NULL").run()
            try await UpdateUsersAddNameKey.fold(on: sql)
            let users = try await User.query(on: app.db).all()
            #expect(users.count >= 5 && users.allSatisfy { $0.nameKey == User.nameKey($0.displayName) })
            #expect(User.nameKey("Émile Zoë") == "emile zoe")
        }
    }

    @Test("housekeeping removes day-old sign-in attempts and expired reset links only")
    func housekeeping() async throws {
        try await withTandem { app in
            try await SignInAttempt(email: "a@example.org", ip: "1", succeeded: false, at: Date().addingTimeInterval(-2 * 86_400)).save(on: app.db)
            try await SignInAttempt(email: "a@example.org", ip: "1", succeeded: false).save(on: app.db)
            try await Housekeeping.run(on: app.db)
            #expect(try await SignInAttempt.query(on: app.db).count() == 1)
        }
    }
    @Test("an invitee without an account is told about the program on sign-in and sign-up, and goes straight on to joining")
    func invitedNewcomer() async throws {
        try await withTandem { app in
            let world = try await MentorshipWorld.make(app)
            let newcomer = Browser(app)
            let join = Paths.join(world.inviteCode)
            let toSignIn = try await newcomer.get(join)
            #expect(toSignIn.location == Paths.signIn(next: join))
            let signIn = try await newcomer.get(try #require(toSignIn.location)).body.string
            #expect(signIn.contains("You’re invited to “Circle”"))
            let signUpLink = "/sign-up?next=" + QueryString.encode(join)
            #expect(signIn.contains(#"href="\#(signUpLink)""#), "the link to create an account keeps the invitation")
            let signUp = try await newcomer.get(signUpLink).body.string
            #expect(signUp.contains("You’re invited to “Circle”. Create your account"))
            let created = try await newcomer.post("/sign-up", ["displayName": "Noor", "email": "noor@example.org",
                                                              "password": Browser.password, "timeZone": "Europe/Berlin", "next": join])
            #expect(created.location == join)
            #expect(try await newcomer.get(join).body.string.contains("Join “Circle”"))

            // An e-mail invitation: the sign-up form starts with the invited address.
            let invited = try await world.coordinator.send(.POST, "/api/v1/programs/\(world.programID)/invitations",
                                                           json: APITests.InviteBody(emails: ["rae@example.org"], role: "mentor"))
            #expect(invited.status == .ok || invited.status == .created)
            let mail = try #require(try await OutboxMessage.query(on: app.db).filter(\.$recipient == "rae@example.org").first())
            let token = String(try #require(mail.body.firstMatch(of: /invitations\/(inv_[A-Za-z0-9_\-]+)/)?.1))
            let rae = Browser(app)
            let page = try await rae.get("/sign-up?next=" + QueryString.encode(Paths.invitation(token))).body.string
            #expect(page.contains("You’re invited to “Circle”"))
            #expect(page.contains(#"value="rae@example.org""#))
        }
    }
}
