import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import App
import TandemCore

struct CheckInStateBody: Decodable {
    struct Entry: Decodable { let period: String; let scores: [String: Int]; let sentence: String; let verdict: String? }
    let open: [String]
    let mine: [Entry]
    let theirs: [Entry]
}

@Suite("Check-ins: blind until both answer, once each, the pair alone; coordinators see k-anonymous averages")
struct CheckInTests {
    /// A meeting held yesterday opens the check-in after the first meeting.
    func heldMeeting(_ app: Application, _ world: MentorshipWorld) async throws {
        let maya = try #require(try await User.find(email: "maya@example.org", on: app.db))
        let meeting = Meeting(mentorshipID: world.mentorshipID, proposedBy: try maya.requireID(),
                              draft: MeetingDraft(start: Date().addingTimeInterval(-26 * 3600), minutes: 45, link: ""), timeZone: "UTC")
        meeting.status = .accepted
        try await meeting.create(on: app.db)
    }

    let answers: [String: AnyEncodable] = ["period": .init("first"), "progress": .init(4), "communication": .init(5), "preparation": .init(4),
                                           "fit": .init(4), "verdict": .init("good_fit"), "sentence": .init("A good start.")]

    @Test("the first check-in after the first meeting: blind until both answer, then both see both; once only; bad scores refused")
    func blind() async throws {
        try await withTandem { app in
            let world = try await MentorshipWorld.make(app)
            let path = "/api/v1/mentorships/\(world.mentorshipID)/check-ins"
            #expect(try await world.mentee.send(.GET, path).isoJSON(CheckInStateBody.self).open.isEmpty, "nothing before the first meeting")
            try await heldMeeting(app, world)
            #expect(try await world.mentee.send(.GET, path).isoJSON(CheckInStateBody.self).open == ["first"])

            var bad = answers
            bad["progress"] = .init(6)
            let refused = try await world.mentee.send(.POST, path, json: bad)
            #expect(refused.status == .unprocessableEntity && refused.body.string.contains("progress"))
            var noVerdict = answers
            noVerdict["verdict"] = nil
            #expect(try await world.mentee.send(.POST, path, json: noVerdict.compactMapValues { $0 }).status == .unprocessableEntity)
            var wrongPeriod = answers
            wrongPeriod["period"] = .init("p9")
            #expect(try await world.mentee.send(.POST, path, json: wrongPeriod).status == .conflict)

            #expect(try await world.mentee.send(.POST, path, json: answers).status == .created)
            #expect(try await world.mentee.send(.POST, path, json: answers).status == .conflict, "once per check-in")
            let mentorBefore = try await world.mentor.send(.GET, path).isoJSON(CheckInStateBody.self)
            #expect(mentorBefore.theirs.isEmpty && mentorBefore.open == ["first"], "blind: the mentor sees nothing of Max's answers yet")
            #expect(!(try await world.mentor.send(.GET, path).body.string.contains("A good start.")))

            var mine = answers
            mine["communication"] = .init(2)
            mine["verdict"] = .init("still_deciding")
            #expect(try await world.mentor.send(.POST, path, json: mine).status == .created)
            let both = try await world.mentee.send(.GET, path).isoJSON(CheckInStateBody.self)
            #expect(both.theirs.first?.scores["communication"] == 2 && both.theirs.first?.verdict == "still_deciding")

            // The gap on communication brings the pair a suggestion, on their Feedback tab.
            let max = Browser(app)
            try await max.signIn(email: "max@example.org")
            let page = try await max.get("/mentorships/\(world.mentorshipID)/feedback").body.string
            #expect(page.contains("Worth talking about") && page.contains("You and Maya see how well we communicate differently (5 and 2)."))

            #expect(try await world.mentee.send(.GET, "/api/v1/me/export").body.string.contains("A good start."), "one's own answers are in the export")
            for outsider in [world.coordinator, world.participant, world.stranger] {
                #expect(try await outsider.send(.GET, path).status == .notFound)
                #expect(try await outsider.send(.POST, path, json: answers).status == .notFound)
            }
        }
    }

    @Test("a coordinator sees averages only over at least k mentorships, never one pair's answers")
    func coordinatorAggregate() async throws {
        try await withTandem { app in
            let world = try await MentorshipWorld.make(app)
            try await heldMeeting(app, world)
            #expect(try await world.mentee.send(.POST, "/api/v1/mentorships/\(world.mentorshipID)/check-ins", json: answers).status == .created)
            let dana = Browser(app)
            try await dana.signIn(email: "dana@example.org")
            let program = "/programs/\(world.programID)"
            let few = try await dana.get(program).body.string
            #expect(few.contains("Too few to show: fewer than 5 mentorships"))
            #expect(!few.contains("A good start.") && !few.contains(">4.0<"), "one pair's answers never reach the coordinator")
            // Nor through the API or the CSV: the same aggregate, withheld below k.
            let api = try await world.coordinator.send(.GET, "/api/v1/programs/\(world.programID)/check-ins")
            #expect(api.status == .ok && !api.body.string.contains("A good start.") && !api.body.string.contains("4.0"), "\(api.body.string)")
            #expect(api.body.string.contains("\"averages\":null") || !api.body.string.contains("averages\":{"))
            let csv = try await dana.get(program + "/check-ins.csv")
            #expect(csv.status == .ok && csv.headers.contentType?.subType == "csv")
            #expect(csv.body.string.contains("everyone,1,too few to show,too few to show,too few to show,too few to show"), "\(csv.body.string)")
            #expect(!csv.body.string.contains("4.0") && !csv.body.string.contains("good start"))
            for outsider in [world.mentor, world.mentee, world.participant] {
                #expect(try await outsider.send(.GET, "/api/v1/programs/\(world.programID)/check-ins").status == .forbidden)
            }
            #expect(try await world.stranger.send(.GET, "/api/v1/programs/\(world.programID)/check-ins").status == .notFound)

            // Five more pairs check in: now the averages show, by role only where each role has five.
            let maya = try #require(try await User.find(email: "maya@example.org", on: app.db))
            for index in 0..<5 {
                let mentee = User(email: "m\(index)@example.org", displayName: "Mentee \(index)", passwordHash: "x")
                try await mentee.save(on: app.db)
                let m = Mentorship(programID: world.programID, mentorID: try maya.requireID(), menteeID: try mentee.requireID())
                try await m.save(on: app.db)
                try await CheckIn(mentorshipID: try m.requireID(), authorID: try mentee.requireID(), period: "first",
                                  answers: CheckInAnswers(scores: [.progress: 2, .communication: 3, .preparation: 4, .fit: 5])).save(on: app.db)
            }
            let shown = try await dana.get(program).body.string
            #expect(shown.contains("Everyone") && shown.contains(">2.3<"), "the progress average over six mentorships")
            #expect(shown.contains("Too few to show."), "the mentors' group has no answers, so the mentees' is hidden with it")
            #expect(!shown.contains("A good start."))
            let csvShown = try await dana.get(program + "/check-ins.csv").body.string
            #expect(csvShown.contains("everyone,6,2.3,3.3,4.0,4.8") && csvShown.contains("mentors,0,too few to show"), "\(csvShown)")
            #expect(csvShown.hasPrefix("\u{FEFF}group,mentorships,"), "UTF-8 with a byte-order mark, for spreadsheets")
            #expect(try await dana.get("/mentorships/\(world.mentorshipID)/feedback").status == .notFound)
        }
    }

    @Test("two answers to the same check-in at once: one is kept, the other is 409")
    func concurrent() async throws {
        try await withTandem { app in
            let world = try await MentorshipWorld.make(app)
            try await heldMeeting(app, world)
            let path = "/api/v1/mentorships/\(world.mentorshipID)/check-ins"
            struct Body: Encodable, Sendable {
                var period = "first", progress = 4, communication = 5, preparation = 4, fit = 4, verdict = "good_fit"
            }
            let mentee = world.mentee
            async let first = mentee.send(.POST, path, json: Body())
            async let second = mentee.send(.POST, path, json: Body())
            let statuses = [try await first.status, try await second.status].map(\.code).sorted()
            #expect(statuses == [201, 409])
            #expect(try await CheckIn.query(on: app.db).count() == 1)
        }
    }
}
