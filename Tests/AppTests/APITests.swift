import Fluent
import Testing
import Vapor
import VaporTesting
@testable import App

@Suite("The JSON API")
struct APITests {
    struct ProgramBody: Decodable {
        struct Roles: Decodable { let coordinator: Bool; let mentor: Bool; let mentee: Bool }
        let id: UUID
        let name: String
        let startsOn: String
        let endsOn: String
        let meetingCadenceDays: Int
        let myRoles: Roles
        let inviteLink: String?
    }

    let program = ["name": "Spring cohort", "description": "Engineers growing.", "startsOn": "2026-03-01", "endsOn": "2026-08-31"]

    @Test("without a token the API answers 401 as problem+json")
    func unauthorized() async throws {
        try await withTandem { app in
            let response = try await APIClient(app: app).send(.GET, "/api/v1/me")
            #expect(response.status == .unauthorized)
            #expect(response.headers.contentType?.description.hasPrefix("application/problem+json") == true)
            let problem = try response.json(Problem.self)
            #expect(problem.status == 401)
            #expect(problem.detail.contains("Authorization: Bearer"))
            let forged = try await APIClient(app: app, token: "tdm_forged").send(.GET, "/api/v1/me")
            #expect(forged.status == .unauthorized)
        }
    }

    @Test("tokens: created, listed without their secret, stored as a digest, revoked")
    func tokens() async throws {
        try await withTandem { app in
            let ada = try await APIClient.newUser(app, name: "Ada", email: "ada@example.org")
            let me = try await ada.send(.GET, "/api/v1/me")
            #expect(me.status == .ok)
            #expect(me.body.string.contains("ada@example.org"))

            let created = try await ada.send(.POST, "/api/v1/tokens", json: ["name": "script"])
            #expect(created.status == .created)
            let token = try created.json(CreatedTokenBody.self)
            #expect(token.secret.hasPrefix("tdm_"))
            #expect(token.secret.hasPrefix(token.token.prefix))

            let stored = try await AccessToken.query(on: app.db).all()
            #expect(stored.allSatisfy { $0.tokenHash != token.secret && !$0.tokenHash.contains(token.secret) })
            let list = try await ada.send(.GET, "/api/v1/tokens")
            #expect(!list.body.string.contains(token.secret))

            let script = APIClient(app: app, token: token.secret)
            #expect(try await script.send(.GET, "/api/v1/me").status == .ok)
            #expect(try await ada.send(.DELETE, "/api/v1/tokens/\(token.token.id)").status == .noContent)
            #expect(try await script.send(.GET, "/api/v1/me").status == .unauthorized)

            // Someone else's token is not found, not forbidden.
            let bob = try await APIClient.newUser(app, name: "Bob", email: "bob@example.org")
            let adaTokens = try await AccessToken.query(on: app.db).filter(\.$name == "tests").all()
            for stored in adaTokens where try await stored.$user.get(on: app.db).email == "ada@example.org" {
                #expect(try await bob.send(.DELETE, "/api/v1/tokens/\(stored.requireID())").status == .notFound)
            }
        }
    }

    @Test("an expired token no longer works")
    func expiredToken() async throws {
        try await withTandem { app in
            let ada = try await APIClient.newUser(app, name: "Ada", email: "ada@example.org")
            let token = try await ada.send(.POST, "/api/v1/tokens", json: TokenRequest(name: "short-lived", expiresInDays: 1)).json(CreatedTokenBody.self)
            try await AccessToken.query(on: app.db).filter(\.$id == token.token.id).set(\.$expiresAt, to: Date().addingTimeInterval(-1)).update()
            #expect(try await APIClient(app: app, token: token.secret).send(.GET, "/api/v1/me").status == .unauthorized)
        }
    }

    struct TokenRequest: Encodable { let name: String; let expiresInDays: Int }

    @Test("validation errors are 422 problem+json naming each field")
    func validation() async throws {
        try await withTandem { app in
            let ada = try await APIClient.newUser(app, name: "Ada", email: "ada@example.org")
            let response = try await ada.send(.POST, "/api/v1/programs", json: [
                "name": "", "startsOn": "2026-06-01", "endsOn": "2026-03-01",
            ])
            #expect(response.status == .unprocessableEntity)
            #expect(response.headers.contentType?.description.hasPrefix("application/problem+json") == true)
            let problem = try response.json(Problem.self)
            // The document's bounds are checked at the edge, then the program's own rules.
            #expect(Set(problem.errors?.map(\.field) ?? []) == ["name"])
            #expect(problem.detail.contains("name: Must be at least 1 characters"))
            let backwards = try await ada.send(.POST, "/api/v1/programs", json: ["name": "Spring", "startsOn": "2026-06-01", "endsOn": "2026-03-01"])
            #expect(backwards.status == .unprocessableEntity)
            #expect(Set(try backwards.json(Problem.self).errors?.map(\.field) ?? []) == ["endsOn"])
            #expect(try await Program.query(on: app.db).count() == 0)
        }
    }

    @Test("malformed JSON, wrong types and wrong content types are 4xx that say what is wrong")
    func malformedInput() async throws {
        try await withTandem { app in
            let ada = try await APIClient.newUser(app, name: "Ada", email: "ada@example.org")
            let broken = try await ada.send(.POST, "/api/v1/programs", rawBody: "{\"name\": ")
            #expect(broken.status == .badRequest)
            #expect(try broken.json(Problem.self).detail.contains("not valid JSON"))

            let wrongType = try await ada.send(.POST, "/api/v1/programs", rawBody: #"{"name": "X", "meetingCadenceDays": "often"}"#)
            #expect(wrongType.status == .badRequest)
            #expect(try wrongType.json(Problem.self).errors?.first?.field == "meetingCadenceDays")

            let form = try await ada.send(.POST, "/api/v1/programs", rawBody: "name=X", contentType: "application/x-www-form-urlencoded")
            #expect(form.status == .unsupportedMediaType)
            #expect(try form.json(Problem.self).detail.contains("application/json"))

            let noType = try await ada.send(.POST, "/api/v1/programs", rawBody: "{}", contentType: nil)
            #expect(noType.status == .unsupportedMediaType)

            let unknown = try await ada.send(.GET, "/api/v1/programs/\(UUID())")
            #expect(unknown.status == .notFound)
            let notAnID = try await ada.send(.GET, "/api/v1/programs/not-a-uuid")
            #expect(notAnID.status == .notFound)
            #expect(try await Program.query(on: app.db).count() == 0)
        }
    }

    @Test("programs through the API: create, read, update, invite, join, members")
    func programs() async throws {
        try await withTandem { app in
            let dana = try await APIClient.newUser(app, name: "Dana", email: "dana@example.org")
            let created = try await dana.send(.POST, "/api/v1/programs", json: program)
            #expect(created.status == .created)
            let body = try created.json(ProgramBody.self)
            #expect(body.myRoles.coordinator && !body.myRoles.mentor)
            #expect(body.meetingCadenceDays == 14)
            let link = try #require(body.inviteLink)
            let code = String(link.split(separator: "/").last!)

            let patched = try await dana.send(.PATCH, "/api/v1/programs/\(body.id)", json: ["meetingCadenceDays": 7])
            #expect(try patched.json(ProgramBody.self).meetingCadenceDays == 7)
            #expect(try patched.json(ProgramBody.self).name == "Spring cohort", "omitted fields keep their value")

            // A stranger does not see the program at all.
            let eve = try await APIClient.newUser(app, name: "Eve", email: "eve@example.org")
            #expect(try await eve.send(.GET, "/api/v1/programs/\(body.id)").status == .notFound)
            #expect(try await eve.send(.PATCH, "/api/v1/programs/\(body.id)", json: ["name": "Mine"]).status == .notFound)

            // Eve joins with the link as a mentee: she sees the program, not its invite link or members.
            let joined = try await eve.send(.POST, "/api/v1/join/\(code)", json: ["role": "mentee"])
            #expect(joined.status == .ok)
            let asEve = try joined.json(ProgramBody.self)
            #expect(asEve.myRoles.mentee && asEve.inviteLink == nil)
            #expect(try await eve.send(.GET, "/api/v1/programs/\(body.id)/members").status == .forbidden)
            #expect(try await eve.send(.POST, "/api/v1/join/\(code)", json: ["role": "teacher"]).status == .unprocessableEntity)

            // Invitations by e-mail go to the outbox.
            let invited = try await dana.send(.POST, "/api/v1/programs/\(body.id)/invitations", json: InviteBody(
                emails: ["carl@example.org", "EVE@example.org", "carl@example.org"], role: "mentor"))
            #expect(invited.status == .created)
            #expect(invited.body.string.contains("\"invited\":[\"carl@example.org\"]"))
            #expect(invited.body.string.contains("\"alreadyMembers\":[\"eve@example.org\"]"))
            let mail = try #require(try await OutboxMessage.query(on: app.db).filter(\.$recipient == "carl@example.org").first())
            let token = try #require(mail.body.firstMatch(of: /invitations\/(inv_[A-Za-z0-9_\-]+)/)?.1)

            let badInvite = try await dana.send(.POST, "/api/v1/programs/\(body.id)/invitations", json: InviteBody(emails: ["nope"], role: "mentor"))
            #expect(badInvite.status == .unprocessableEntity)
            #expect(try badInvite.json(Problem.self).errors?.first?.field == "emails[0]")

            let carl = try await APIClient.newUser(app, name: "Carl", email: "carl@example.org")
            let accepted = try await carl.send(.POST, "/api/v1/invitations/\(token)/accept")
            #expect(accepted.status == .ok)
            #expect(try accepted.json(ProgramBody.self).myRoles.mentor)
            #expect(try await carl.send(.POST, "/api/v1/invitations/\(token)/accept").status == .conflict)

            let members = try await dana.send(.GET, "/api/v1/programs/\(body.id)/members")
            #expect(members.status == .ok)
            #expect(members.body.string.contains("Carl") && members.body.string.contains("Eve"))
        }
    }

    struct InviteBody: Encodable { let emails: [String]; let role: String }

    @Test("a program keeps at least one coordinator; co-coordinators can be appointed")
    func coordinators() async throws {
        try await withTandem { app in
            let dana = try await APIClient.newUser(app, name: "Dana", email: "dana@example.org")
            let body = try await dana.send(.POST, "/api/v1/programs", json: program).json(ProgramBody.self)
            let danaID = try #require(try await User.find(email: "dana@example.org", on: app.db)?.id)
            let lastOne = try await dana.send(.PATCH, "/api/v1/programs/\(body.id)/members/\(danaID)", json: ["coordinator": false])
            #expect(lastOne.status == .conflict)
            #expect(try lastOne.json(Problem.self).detail.contains("at least one coordinator"))

            let code = String(body.inviteLink!.split(separator: "/").last!)
            let finn = try await APIClient.newUser(app, name: "Finn", email: "finn@example.org")
            try await finn.send(.POST, "/api/v1/join/\(code)", json: ["role": "mentor"])
            let finnID = try #require(try await User.find(email: "finn@example.org", on: app.db)?.id)
            // Finn cannot make himself coordinator.
            #expect(try await finn.send(.PATCH, "/api/v1/programs/\(body.id)/members/\(finnID)", json: ["coordinator": true]).status == .forbidden)
            #expect(try await dana.send(.PATCH, "/api/v1/programs/\(body.id)/members/\(finnID)", json: ["coordinator": true]).status == .ok)
            #expect(try await finn.send(.GET, "/api/v1/programs/\(body.id)/members").status == .ok)
            // Now Dana may step down, and Finn may remove her.
            #expect(try await dana.send(.PATCH, "/api/v1/programs/\(body.id)/members/\(danaID)", json: ["coordinator": false]).status == .ok)
            #expect(try await finn.send(.DELETE, "/api/v1/programs/\(body.id)/members/\(danaID)").status == .noContent)
            #expect(try await dana.send(.GET, "/api/v1/programs/\(body.id)").status == .notFound)
        }
    }

    @Test("password reset and sign-in through the API")
    func passwordResetAPI() async throws {
        try await withTandem { app in
            _ = try await APIClient.newUser(app, name: "Ada", email: "ada@example.org")
            let anonymous = APIClient(app: app)
            #expect(try await anonymous.send(.POST, "/api/v1/password-resets", json: ["email": "ada@example.org"]).status == .accepted)
            #expect(try await anonymous.send(.POST, "/api/v1/password-resets", json: ["email": "x@example.org"]).status == .accepted)
            #expect(try await anonymous.send(.POST, "/api/v1/password-resets", json: ["email": "not an email"]).status == .unprocessableEntity)
            let mail = try #require(try await OutboxMessage.query(on: app.db).filter(\.$subject == "Reset your Tandem password").first())
            let token = String(try #require(mail.body.firstMatch(of: /token=([A-Za-z0-9_\-]+)/)?.1))
            #expect(try await anonymous.send(.POST, "/api/v1/password-resets/complete", json: ["token": "rst_forged", "password": "a new password 1"]).status == .unprocessableEntity)
            #expect(try await anonymous.send(.POST, "/api/v1/password-resets/complete", json: ["token": token, "password": "a new password 1"]).status == .noContent)
            let session = try await anonymous.send(.POST, "/api/v1/sessions", json: ["email": "ada@example.org", "password": "a new password 1"])
            #expect(session.status == .created)
            let old = try await anonymous.send(.POST, "/api/v1/sessions", json: ["email": "ada@example.org", "password": Browser.password])
            #expect(old.status == .unprocessableEntity)
        }
    }

    @Test("deleting the account through the API")
    func deleteAccount() async throws {
        try await withTandem { app in
            let ada = try await APIClient.newUser(app, name: "Ada", email: "ada@example.org")
            #expect(try await ada.send(.DELETE, "/api/v1/me", json: ["password": "wrong wrong wrong"]).status == .unprocessableEntity)
            #expect(try await ada.send(.DELETE, "/api/v1/me", json: ["password": Browser.password]).status == .noContent)
            #expect(try await ada.send(.GET, "/api/v1/me").status == .unauthorized)
            #expect(try await User.query(on: app.db).count() == 0)
        }
    }
}

@Suite("Export my data")
struct ExportTests {
    @Test("the export holds my account and what I wrote, not what others wrote about me")
    func export() async throws {
        try await withTandem { app in
            let world = try await MentorshipWorld.make(app)
            let path = "/api/v1/mentorships/\(world.mentorshipID)/notes"
            try await world.mentee.send(.POST, path, json: ["body": "My private reflection", "visibility": "author_only"])
            try await world.mentor.send(.POST, path, json: ["body": "The mentor's private note", "visibility": "author_only"])
            let goal = try await world.mentee.send(.POST, "/api/v1/goals", json: reactGoal(sharedWith: [world.mentorshipID])).json(GoalDetailBody.self)
            try await world.mentee.send(.POST, "/api/v1/goals/\(goal.goal.id)/milestones", json: ["title": "First feature live"])
            try await world.mentor.send(.POST, "/api/v1/goals/\(goal.goal.id)/feedback", json: ["kind": "suggest_change", "body": "Mentor's suggestion"])
            try await world.mentee.send(.POST, "/api/v1/mentorships/\(world.mentorshipID)/charter/versions", json: ["offLimitsTopics": "Our charter words"])
            let meetingID = try #require(try await world.mentee.send(.POST, "/api/v1/mentorships/\(world.mentorshipID)/meetings",
                                                                     json: ["start": "2027-02-02T10:00"]).isoJSON([MeetingBody].self).first?.id)
            try await world.mentee.send(.POST, "/api/v1/meetings/\(meetingID)/notes", json: ["body": "My meeting thought", "visibility": "author_only"])
            try await world.mentor.send(.POST, "/api/v1/meetings/\(meetingID)/notes", json: ["body": "Mentor's meeting thought", "visibility": "author_only"])
            let export = try await world.mentee.send(.GET, "/api/v1/me/export")
            #expect(export.status == .ok)
            #expect(export.headers.first(name: .contentDisposition)?.contains("tandem-export-") == true)
            let text = export.body.string
            #expect(text.contains("max@example.org"))
            #expect(text.contains("My private reflection"))
            #expect(text.contains("Circle"))
            #expect(!text.contains("The mentor's private note"))
            #expect(text.contains("Build a working web application using React") && text.contains("First feature live"))
            #expect(text.contains("Our charter words"), "the charter belongs to both who agreed it")
            #expect(text.contains(#""goalFeedbackWritten":[]"#), "what the mentor wrote about the goal is the mentor's")
            #expect(text.contains("My meeting thought") && !text.contains("Mentor's meeting thought") && text.contains(meetingID.uuidString))
            #expect(!text.contains("password"))

            let browser = Browser(app)
            try await browser.signIn(email: "max@example.org")
            let page = try await browser.get("/settings/export")
            #expect(page.status == .ok)
            #expect(page.body.string.contains("My private reflection"))
        }
    }
}

@Suite("Ids from elsewhere")
struct CrossProgramTests {
    @Test("a member of one program cannot be managed through another program's address")
    func idsFromAnotherProgram() async throws {
        try await withTandem { app in
            let world = try await MentorshipWorld.make(app)
            // Sam coordinates his own program and tries to act on Max through it.
            let other = try await world.stranger.send(.POST, "/api/v1/programs", json: ["name": "Other", "startsOn": "2026-01-01", "endsOn": "2026-12-31"])
                .json(APITests.ProgramBody.self)
            let max = try #require(try await User.find(email: "max@example.org", on: app.db))
            let path = "/api/v1/programs/\(other.id)/members/\(try max.requireID())"
            #expect(try await world.stranger.send(.PATCH, path, json: ["role": "mentor"]).status == .notFound)
            #expect(try await world.stranger.send(.DELETE, path).status == .notFound)
            // And Max's real program does not answer to Sam either.
            let real = "/api/v1/programs/\(world.programID)/members/\(try max.requireID())"
            #expect(try await world.stranger.send(.DELETE, real).status == .notFound)
            #expect(try await ProgramMembership.query(on: app.db).filter(\.$user.$id == max.requireID()).count() == 1)
        }
    }

    @Test("invite links and invitations can be previewed before joining")
    func previews() async throws {
        try await withTandem { app in
            let world = try await MentorshipWorld.make(app)
            let program = try await world.coordinator.send(.GET, "/api/v1/programs/\(world.programID)").json(APITests.ProgramBody.self)
            let code = String(try #require(program.inviteLink).split(separator: "/").last!)
            let preview = try await world.stranger.send(.GET, "/api/v1/join/\(code)")
            #expect(preview.status == .ok)
            #expect(preview.body.string.contains("Circle"))
            #expect(!preview.body.string.contains("maya@example.org"))
            #expect(try await world.stranger.send(.GET, "/api/v1/join/nope").status == .notFound)
            #expect(try await world.stranger.send(.GET, "/api/v1/invitations/inv_nope").status == .notFound)
        }
    }
}
