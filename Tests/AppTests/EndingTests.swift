import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import App
import TandemCore

struct EndingBody: Decodable {
    struct Note: Decodable { let kind: String; let learned: String; let body: String; let visibility: String }
    struct Recap: Decodable { let daysLasted: Int; let meetingsHeld: Int; let actionsDone: Int; let actionsCarried: Int; let wins: [String]; let summary: [String] }
    let status: String
    let reason: String?
    let lastMeetingAskedAt: Date?
    let endedAlone: Bool?
    let mayEndAlone: Bool
    let mine: [Note]
    let theirs: [Note]
    let recap: Recap
}

@Suite("Ending well: proposed with a reason, confirmed or after a last meeting, read-only afterwards; reflections, thanks and a recap")
struct EndingTests {
    @Test("propose, answer, end once; then the mentorship is read-only and the mentor's place is free")
    func endTogether() async throws {
        try await withTandem { app in
            let world = try await MentorshipWorld.make(app)
            let path = "/api/v1/mentorships/\(world.mentorshipID)/ending"
            #expect(try await world.mentee.send(.POST, path, json: ["reason": "bored"]).status == .unprocessableEntity)
            #expect(try await world.mentee.send(.POST, path, json: ["reason": "other"]).status == .unprocessableEntity, "“something else” needs words")
            #expect(try await world.mentee.send(.POST, path + "/end").status == .conflict, "propose first")
            for outsider in [world.coordinator, world.participant, world.stranger] {
                #expect(try await outsider.send(.POST, path, json: ["reason": "no_time"]).status == .notFound)
                #expect(try await outsider.send(.GET, path).status == .notFound)
            }
            let proposed = try await world.mentee.send(.POST, path, json: ["reason": "goals_achieved", "words": "I shipped the app — thank you!"])
            #expect(proposed.status == .created, "\(proposed.body.string)")
            #expect(try await world.mentee.send(.POST, path, json: ["reason": "no_time"]).status == .conflict, "one proposal at a time")
            #expect(try await Notification.query(on: app.db).filter(\.$title ~~ "proposes to end").count() == 1)
            #expect(try await world.mentee.send(.POST, path + "/end").status == .conflict, "the proposer waits for an answer")
            #expect(try await world.mentor.send(.POST, path + "/last-meeting").status == .ok)
            #expect(try await world.mentor.send(.POST, path + "/last-meeting").status == .conflict)

            // Both confirm at once: it ends once.
            let mentee = world.mentee, mentor = world.mentor
            async let a = mentee.send(.POST, path + "/end")
            async let b = mentor.send(.POST, path + "/end")
            let statuses = [try await a.status.code, try await b.status.code].sorted()
            #expect(statuses == [200, 409])
            let ended = try await world.mentee.send(.GET, path).isoJSON(EndingBody.self)
            #expect(ended.status == "ended" && ended.endedAlone == false && ended.reason == "goals_achieved")
            let m = try #require(try await Mentorship.find(world.mentorshipID, on: app.db))
            #expect(m.status == .ended && m.mentorSlot == nil && m.endedAt != nil)

            // Read-only, whichever way a write comes.
            let message = try await world.mentee.send(.POST, "/api/v1/mentorships/\(world.mentorshipID)/messages", json: ["body": "One more thing"])
            #expect(message.status == .conflict && message.body.string.contains("read-only"))
            #expect(try await world.mentor.send(.POST, "/api/v1/mentorships/\(world.mentorshipID)/notes", json: ["body": "x", "visibility": "pair"]).status == .conflict)
            #expect(try await world.mentee.send(.POST, "/api/v1/mentorships/\(world.mentorshipID)/feedback/requests",
                                                json: ["subject": "mentoring", "question": "How was I?"]).status == .conflict)
            #expect(try await world.mentee.send(.POST, path + "/end").status == .conflict, "ending twice")
            #expect(try await Message.query(on: app.db).count() == 0)
        }
    }

    @Test("the close: a reflection shared or private, thanks delivered once by e-mail, and a recap from the record")
    func closing() async throws {
        try await withTandem { app in
            let world = try await MentorshipWorld.make(app)
            let path = "/api/v1/mentorships/\(world.mentorshipID)/ending"
            #expect(try await world.mentee.send(.PUT, path + "/reflection", json: ["learned": "x"]).status == .conflict, "the close comes with an ending")
            let maya = try #require(try await User.find(email: "maya@example.org", on: app.db))
            let held = Meeting(mentorshipID: world.mentorshipID, proposedBy: try maya.requireID(),
                               draft: MeetingDraft(start: Date().addingTimeInterval(-5 * 86_400), minutes: 45, link: ""), timeZone: "UTC")
            held.status = .accepted
            try await held.create(on: app.db)
            try await JournalEntry(mentorshipID: world.mentorshipID, authorID: try maya.requireID(), kind: .win, body: "First talk given", visibility: .pair).save(on: app.db)
            try await JournalEntry(mentorshipID: world.mentorshipID, authorID: try maya.requireID(), kind: .win, body: "PRIVATE WIN", visibility: .authorOnly).save(on: app.db)
            #expect(try await world.mentor.send(.POST, path, json: ["reason": "duration_over"]).status == .created)
            #expect(try await world.mentee.send(.POST, path + "/end").status == .ok)

            let bad = try await world.mentee.send(.PUT, path + "/reflection", json: ["learned": " ", "differently": ""])
            #expect(bad.status == .unprocessableEntity && bad.body.string.contains("learned"))
            let long = try await world.mentee.send(.PUT, path + "/reflection", json: ["learned": String(repeating: "a", count: EndingLimits.reflectionPart + 1)])
            #expect(long.status == .unprocessableEntity)
            #expect(try await world.mentee.send(.PUT, path + "/reflection", json: ["learned": "MAX-PRIVATE", "visibility": "author_only"]).status == .ok)
            #expect(try await world.mentor.send(.PUT, path + "/reflection", json: ["learned": "MAYA-SHARED: patience", "visibility": "pair"]).status == .ok)
            #expect(try await world.mentee.send(.POST, path + "/gratitude", json: ["body": "Thank you, Maya — you changed my year."]).status == .created)
            #expect(try await world.mentee.send(.POST, path + "/gratitude", json: ["body": "Again"]).status == .conflict)
            #expect(try await OutboxMessage.query(on: app.db).filter(\.$recipient == "maya@example.org").filter(\.$subject ~~ "A note of thanks").count() == 1)

            let mayaView = try await world.mentor.send(.GET, path)
            #expect(!mayaView.body.string.contains("MAX-PRIVATE") && mayaView.body.string.contains("you changed my year"))
            let maxView = try await world.mentee.send(.GET, path)
            #expect(maxView.body.string.contains("MAYA-SHARED") && maxView.body.string.contains("MAX-PRIVATE"))
            let recap = try maxView.isoJSON(EndingBody.self).recap
            #expect(recap.meetingsHeld == 1 && recap.wins == ["First talk given"], "the recap holds the pair's record, never a private entry")
            #expect(try await world.coordinator.send(.GET, path).status == .notFound)
            #expect(!(try await world.coordinator.send(.GET, "/api/v1/mentorships/\(world.mentorshipID)").body.string.contains("changed my year")))

            let dana = Browser(app)
            try await dana.signIn(email: "dana@example.org")
            let program = try await dana.get("/programs/\(world.programID)").body.string
            #expect(program.contains("1 mentorship ended with a reason given.") && program.contains("Reasons are shown once at least 5 mentorships have ended"))
            #expect(!program.contains("The agreed time is over") && !program.contains("changed my year") && !program.contains("MAYA-SHARED"))
            let max = Browser(app)
            try await max.signIn(email: "max@example.org")
            #expect(try await max.get("/programs/\(world.programID)").body.string.contains("Ended"), "the ended mentorship stays listed")
            let page = try await max.get("/mentorships/\(world.mentorshipID)/ending").body.string
            #expect(page.contains("The recap") && page.contains("First talk given") && page.contains("MAYA-SHARED") && !page.contains("PRIVATE WIN"))
            #expect(try await world.mentee.send(.GET, "/api/v1/me/export").body.string.contains("MAX-PRIVATE"), "one's own reflection is in the export")
        }
    }

    @Test("alone: after the response time without an answer, or at once after a safety concern")
    func alone() async throws {
        try await withTandem { app in
            let world = try await MentorshipWorld.make(app)
            let path = "/api/v1/mentorships/\(world.mentorshipID)/ending"
            #expect(try await world.mentee.send(.POST, path, json: ["reason": "not_a_fit"]).status == .created)
            #expect(try await world.mentee.send(.GET, path).isoJSON(EndingBody.self).mayEndAlone == false)
            let ending = try #require(try await MentorshipEnding.query(on: app.db).first())
            ending.proposedAt = Date().addingTimeInterval(-4 * 86_400)
            try await ending.save(on: app.db)
            #expect(try await world.mentee.send(.GET, path).isoJSON(EndingBody.self).mayEndAlone)
            #expect(try await world.mentee.send(.POST, path + "/end").status == .ok)
            #expect(try await world.mentee.send(.GET, path).isoJSON(EndingBody.self).endedAlone == true)
        }
        try await withTandem { app in
            let world = try await MentorshipWorld.make(app)
            #expect(try await world.mentee.send(.POST, "/api/v1/mentorships/\(world.mentorshipID)/concerns",
                                                json: ["category": "safety", "description": "I do not feel safe."]).status == .created)
            #expect(try await world.mentee.send(.POST, "/api/v1/mentorships/\(world.mentorshipID)/ending/end").status == .ok, "at once, after a safety concern")
            #expect(try await world.mentor.send(.POST, "/api/v1/mentorships/\(world.mentorshipID)/ending/end").status == .conflict)
        }
    }
}

@Suite("Not with this person again: private, and bulk matching leaves the pair out")
struct NotAgainTests {
    @Test("a preference set after the end removes the pair from the preview, in either direction; nobody else sees it")
    func notAgain() async throws {
        try await withTandem { app in
            let (coordinator, programID) = try await BulkMatchingTests().demo(app)
            let before = try await coordinator.send(.POST, "/api/v1/programs/\(programID)/matching/preview").json(PreviewBody.self)
            let pair = try #require(before.pairs.first)
            // They once worked the other way round (the mentee of today mentored the mentor of today), and it ended.
            let past = Mentorship(programID: programID, mentorID: pair.mentee.id, menteeID: pair.mentor.id, startedAt: Date().addingTimeInterval(-90 * 86_400))
            past.status = .ended
            past.endedAt = Date().addingTimeInterval(-30 * 86_400)
            try await past.save(on: app.db)
            let mentorUser = try #require(try await User.find(pair.mentor.id, on: app.db))
            let session = try await APIClient(app: app).send(.POST, "/api/v1/sessions", json: ["email": mentorUser.email, "password": DemoData.password])
            let other = APIClient(app: app, token: try session.json(CreatedTokenBody.self).secret)
            let path = "/api/v1/mentorships/\(try past.requireID())/ending/not-again"
            #expect(try await other.send(.PUT, path, json: ["notAgain": "maybe"]).status == .badRequest)
            #expect(try await coordinator.send(.PUT, path, json: ["notAgain": true]).status == .notFound)
            #expect(try await other.send(.PUT, path, json: ["notAgain": true]).status == .ok)
            let after = try await coordinator.send(.POST, "/api/v1/programs/\(programID)/matching/preview").json(PreviewBody.self)
            #expect(!after.pairs.contains { $0.mentee.id == pair.mentee.id && $0.mentor.id == pair.mentor.id })
            // Private: the coordinator's pair rules and pages say nothing of it.
            let rules = try await coordinator.send(.GET, "/api/v1/programs/\(programID)/mentorships").body.string
            #expect(!rules.lowercased().contains("not again") && !rules.contains("notAgain"))
            // Undone, the pair may come back.
            #expect(try await other.send(.PUT, path, json: ["notAgain": false]).status == .ok)
            #expect(try await MatchPreference.query(on: app.db).count() == 0)
            // Only after the end.
            past.status = .active
            try await past.save(on: app.db)
            #expect(try await other.send(.PUT, path, json: ["notAgain": true]).status == .conflict)
        }
    }
}

@Suite("The charter's end date: a closing meeting reminded two weeks before; the mentorship ends on its own after it")
struct CharterEndTests {
    func charter(_ app: Application, _ world: MentorshipWorld, endsOn: CalendarDate) async throws {
        let m = try #require(try await Mentorship.find(world.mentorshipID, on: app.db))
        let terms = CharterTerms.defaults(cadenceDays: 14, startsOn: CalendarDate(m.startedAt).adding(days: -60), endsOn: endsOn, availability: "Evenings")
        let version = CharterHistory.Version(number: 1, terms: terms, mentorSignedAt: Date(), menteeSignedAt: Date())
        try await CharterVersion(mentorshipID: world.mentorshipID, authorID: m.$mentee.id, version: version).save(on: app.db)
    }

    @Test("reminded once to both, ten days before; ended once by two workers the day after the end date")
    func endDate() async throws {
        try await withTandem { app in
            let world = try await MentorshipWorld.make(app)
            let endsOn = CalendarDate(Date()).adding(days: 10)
            try await charter(app, world, endsOn: endsOn)
            let context = ActionContext(db: app.db, publicURL: "http://tandem.test", logger: app.logger)
            _ = try await Reminders.run(context)
            #expect(try await Notification.query(on: app.db).filter(\.$title ~~ "ends on").count() == 2, "Maya and Max")
            _ = try await Reminders.run(now: Date().addingTimeInterval(3600), context)
            #expect(try await Notification.query(on: app.db).filter(\.$title ~~ "ends on").count() == 2, "once")

            #expect(try await Endings.endExpired(now: endsOn.start().addingTimeInterval(20 * 3600), context) == 0, "the last day is not over everywhere yet")
            let after = endsOn.adding(days: 1).start().addingTimeInterval(13 * 3600)
            async let first = Endings.endExpired(now: after, context)
            async let second = Endings.endExpired(now: after, context)
            #expect(try await first + second == 1)
            let m = try #require(try await Mentorship.find(world.mentorshipID, on: app.db))
            #expect(m.status == .ended && m.mentorSlot == nil)
            let state = try await world.mentee.send(.GET, "/api/v1/mentorships/\(world.mentorshipID)/ending").isoJSON(EndingBody.self)
            #expect(state.status == "ended" && state.reason == "duration_over")
            #expect(try await Notification.query(on: app.db).filter(\.$title == "Your mentorship has reached its end date").count() == 2)
        }
    }
}

@Suite("A second mentor alongside: for named goals, up to the program's limit; the first mentorship stays as it is")
struct SecondMentorTests {
    @Test("ask with goals, accepted: the new mentor sees those goals only; a third is refused at the limit")
    func second() async throws {
        try await withTandem { app in
            let world = try await MentorshipWorld.make(app)
            let goal = try await world.mentee.send(.POST, "/api/v1/goals", json: reactGoal(sharedWith: [world.mentorshipID]))
            let goalID = try goal.json(GoalDetailBody.self).goal.id
            let other = try await world.mentee.send(.POST, "/api/v1/goals", json: reactGoal(sharedWith: [world.mentorshipID]).merging(["title": .init("Speak at a conference")]) { $1 })
            let otherID = try other.json(GoalDetailBody.self).goal.id
            let lee = try await world.newMember(app, name: "Lee Second", email: "lee@example.org", role: "mentor")
            try await lee.send(.PUT, "/api/v1/me/profile", json: ["capacity": 3])
            let leeID = try #require(try await User.find(email: "lee@example.org", on: app.db)?.id)
            let max = Browser(app)
            try await max.signIn(email: "max@example.org")
            let page = try await max.get("/programs/\(world.programID)/mentors/\(leeID)/ask").body.string
            #expect(page.contains("A second mentor, alongside Maya Mentor: for which goals?"))
            var web = IntroductionTests.introduction
            web["whoIAm"] = "I am a QA analyst of four years moving into backend work, and I keep a log."
            let refused = try await max.post("/programs/\(world.programID)/mentors/\(leeID)/ask", web)
            #expect(refused.status == .unprocessableEntity && refused.body.string.contains("name the goal or goals"), "an inline error, the text kept")
            #expect(refused.body.string.contains("and I keep a log."))
            var body = IntroductionTests.introduction
            body["mentorId"] = leeID.uuidString
            let path = "/api/v1/programs/\(world.programID)/requests"
            let unnamed = try await world.mentee.send(.POST, path, json: body)
            #expect(unnamed.status == .unprocessableEntity && unnamed.body.string.contains("goalIds"), "\(unnamed.body.string)")
            var foreign: [String: AnyEncodable] = body.mapValues { AnyEncodable($0) }
            foreign["goalIds"] = AnyEncodable([UUID()])
            #expect(try await world.mentee.send(.POST, path, json: foreign).status == .unprocessableEntity)
            var named = body.mapValues { AnyEncodable($0) }
            named["goalIds"] = AnyEncodable([goalID])
            let sent = try await world.mentee.send(.POST, path, json: named)
            #expect(sent.status == .created, "\(sent.body.string)")
            let requestID = try sent.json(RequestBody.self).id
            let accepted = try await lee.send(.POST, "/api/v1/requests/\(requestID)/accept")
            #expect(accepted.status == .ok, "\(accepted.body.string)")
            let second = try #require(try await Mentorship.query(on: app.db).filter(\.$mentor.$id == leeID).first())
            let shared = try await GoalShare.query(on: app.db).filter(\.$mentorship.$id == second.requireID()).all().map(\.$goal.id)
            #expect(shared == [goalID], "only the goal named for Lee")
            #expect(try await GoalShare.query(on: app.db).filter(\.$mentorship.$id == world.mentorshipID).count() == 2, "the first mentorship keeps its goals")
            #expect(try await lee.send(.GET, "/api/v1/goals/\(otherID)").status == .notFound)

            // The limit (2 by default): a third mentor is refused with a clear message.
            let kim = try await world.newMember(app, name: "Kim Third", email: "kim@example.org", role: "mentor")
            try await kim.send(.PUT, "/api/v1/me/profile", json: ["capacity": 3])
            named["mentorId"] = AnyEncodable(try #require(try await User.find(email: "kim@example.org", on: app.db)?.id).uuidString)
            let third = try await world.mentee.send(.POST, path, json: named)
            #expect(third.status == .conflict && third.body.string.contains("the most"))
            #expect(try await world.coordinator.send(.PATCH, "/api/v1/programs/\(world.programID)", json: ["maxMentorsPerMentee": 3]).status == .ok)
            #expect(try await world.mentee.send(.POST, path, json: named).status == .created)
            #expect(try await world.coordinator.send(.PATCH, "/api/v1/programs/\(world.programID)", json: ["maxMentorsPerMentee": 9]).status == .unprocessableEntity)
        }
    }
}
