import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import App
import TandemCore

struct TouchBody: Decodable {
    let agreed: Bool
    let myContact: String?
    let otherAgreed: Bool
    let otherEmail: String?
    let otherContact: String?
}

private struct Words: Encodable {
    let body: String
    let allowOnProfile: Bool
}

struct TestimonialBody: Decodable {
    let body: String
    let display: String
}

@Suite("Around the close: a private self-check, staying in touch, a testimonial shown only with consent")
struct ClosingTests {
    @Test("the self-check is its author's alone and suggests what the guides do; not after the end")
    func selfCheck() async throws {
        try await withTandem { app in
            let world = try await MentorshipWorld.make(app)
            let path = "/api/v1/mentorships/\(world.mentorshipID)/self-checks"
            let bad = try await world.mentee.send(.POST, path, json: ["goals": "fits", "communication": "sometimes"])
            #expect(bad.status == .unprocessableEntity)
            #expect(try bad.json(Problem.self).errors?.map(\.field) == ["communication"], "an answer outside the list is named")
            let missing = try await world.mentee.send(.POST, path, json: ["goals": "fits", "communication": "fits"])
            #expect(missing.status == .unprocessableEntity)
            #expect(try missing.json(Problem.self).errors?.map(\.field) == ["objectives"], "so is a missing one")
            #expect(try await world.mentee.send(.POST, path, json: ["goals": "fits", "communication": "fits", "objectives": "fits",
                                                                     "note": String(repeating: "ß", count: SelfCheckLimits.note)]).status == .created)
            let made = try await world.mentee.send(.POST, path, json: ["goals": "not_really", "communication": "partly", "objectives": "fits",
                                                                        "note": "SELFCHECK-MARKER: Maya cancels a lot"])
            #expect(made.status == .created, "\(made.body.string)")
            struct Body: Decodable { struct S: Decodable { let kind: String; let advice: String }; let suggestions: [S] }
            #expect(try made.json(Body.self).suggestions.map(\.kind) == ["talk_at_next_meeting", "propose_charter_change", "another_mentor_alongside"])

            #expect(try await world.mentee.send(.GET, path).body.string.contains("SELFCHECK-MARKER"))
            #expect(try await world.mentor.send(.GET, path).body.string == "[]", "the other side reads none of it")
            for outsider in [world.coordinator, world.participant, world.stranger] {
                #expect(try await outsider.send(.GET, path).status == .notFound)
                #expect(try await outsider.send(.POST, path, json: ["goals": "fits", "communication": "fits", "objectives": "fits"]).status == .notFound)
            }
            let maya = Browser(app)
            try await maya.signIn(email: "maya@example.org")
            let dana = Browser(app)
            try await dana.signIn(email: "dana@example.org")
            for page in ["/mentorships/\(world.mentorshipID)/ending", "/mentorships/\(world.mentorshipID)", "/mentorships/\(world.mentorshipID)/feedback"] {
                #expect(!(try await maya.get(page).body.string.contains("SELFCHECK-MARKER")), "\(page)")
            }
            #expect(!(try await dana.get("/programs/\(world.programID)").body.string.contains("SELFCHECK-MARKER")))
            #expect(!(try await world.mentor.send(.GET, "/api/v1/mentorships/\(world.mentorshipID)/ending").body.string.contains("SELFCHECK-MARKER")))

            // On the page: what it suggests, with the way to do it; a form with an error keeps what was typed.
            let max = Browser(app)
            try await max.signIn(email: "max@example.org")
            let page = try await max.get("/mentorships/\(world.mentorshipID)/ending").body.string
            #expect(page.contains("SELFCHECK-MARKER") && page.contains("Propose a charter change") && page.contains("Find a mentor alongside"))
            let again = try await max.post("/mentorships/\(world.mentorshipID)/ending/self-check", ["goals": "fits", "note": "KEEP THIS"])
            #expect(again.status == .unprocessableEntity && again.body.string.contains("KEEP THIS") && again.body.string.contains("aria-invalid"))
            let fine = try await max.post("/mentorships/\(world.mentorshipID)/ending/self-check", ["goals": "fits", "communication": "fits", "objectives": "fits"])
            #expect(fine.status == .seeOther)
            #expect(try await max.get("/mentorships/\(world.mentorshipID)/ending").body.string.contains("Carry on as you are"))

            #expect(try await world.mentor.send(.POST, "/api/v1/mentorships/\(world.mentorshipID)/ending", json: ["reason": "no_time"]).status == .created)
            #expect(try await world.mentee.send(.POST, "/api/v1/mentorships/\(world.mentorshipID)/ending/end").status == .ok)
            #expect(try await world.mentee.send(.POST, path, json: ["goals": "fits", "communication": "fits", "objectives": "fits"]).status == .conflict)
            let export = try await world.mentee.send(.GET, "/api/v1/me/export").body.string
            #expect(export.contains("SELFCHECK-MARKER") && export.contains("\"recaps\""))
            #expect(!(try await world.mentor.send(.GET, "/api/v1/me/export").body.string.contains("SELFCHECK-MARKER")))
        }
    }

    @Test("stay in touch: details visible to each other only while both agree; never to anyone else")
    func stayInTouch() async throws {
        try await withTandem { app in
            let world = try await MentorshipWorld.make(app)
            let path = "/api/v1/mentorships/\(world.mentorshipID)/ending/stay-in-touch"
            #expect(try await world.mentee.send(.PUT, path, json: ["contact": "x"]).status == .conflict, "it belongs to the close")
            #expect(try await world.mentor.send(.POST, "/api/v1/mentorships/\(world.mentorshipID)/ending", json: ["reason": "duration_over"]).status == .created)
            #expect(try await world.mentee.send(.PUT, path, json: ["contact": String(repeating: "a", count: TestimonialLimits.contact + 1)]).status == .unprocessableEntity)
            #expect(try await world.mentee.send(.PUT, path, json: ["contact": String(repeating: "é", count: TestimonialLimits.contact)]).status == .ok)
            let mine = try await world.mentee.send(.PUT, path, json: ["contact": "TOUCH-MARKER +49 30 1234"])
            #expect(mine.status == .ok)
            #expect(try mine.json(TouchBody.self).otherEmail == nil)
            let mayaFirst = try await world.mentor.send(.GET, "/api/v1/mentorships/\(world.mentorshipID)/ending").body.string
            #expect(mayaFirst.contains("\"otherAgreed\":true") && !mayaFirst.contains("TOUCH-MARKER") && !mayaFirst.contains("max@example.org"),
                    "the wish is told, the details wait for both")
            #expect(try await Notification.query(on: app.db).filter(\.$title ~~ "would like to stay in touch").count() == 1)

            let both = try await world.mentor.send(.PUT, path, json: [String: String]()).json(TouchBody.self)
            #expect(both.otherEmail == "max@example.org" && both.otherContact == "TOUCH-MARKER +49 30 1234")
            let maxSide = try await world.mentee.send(.GET, "/api/v1/mentorships/\(world.mentorshipID)/ending").body.string
            #expect(maxSide.contains("maya@example.org"))
            #expect(try await world.coordinator.send(.GET, "/api/v1/mentorships/\(world.mentorshipID)/ending").status == .notFound)
            let dana = Browser(app)
            try await dana.signIn(email: "dana@example.org")
            #expect(!(try await dana.get("/mentorships/\(world.mentorshipID)").body.string.contains("TOUCH-MARKER")))

            // Taken back: hidden again from the other side.
            let back = try await world.mentee.send(.DELETE, path).json(TouchBody.self)
            #expect(!back.agreed && back.otherEmail == nil)
            let after = try await world.mentor.send(.GET, "/api/v1/mentorships/\(world.mentorshipID)/ending").body.string
            #expect(!after.contains("TOUCH-MARKER") && !after.contains("max@example.org"))
        }
    }

    @Test("a testimonial reaches the mentor's profile only with the mentee's consent, and leaves it the moment consent does")
    func testimonial() async throws {
        try await withTandem { app in
            let world = try await MentorshipWorld.make(app)
            let maya = try #require(try await User.find(email: "maya@example.org", on: app.db))
            let path = "/api/v1/mentorships/\(world.mentorshipID)/ending/testimonial"
            let profile = "/api/v1/people/\(try maya.requireID())/testimonials"
            #expect(try await world.mentee.send(.PUT, path, json: ["body": "x"]).status == .conflict, "it belongs to the close")
            #expect(try await world.mentee.send(.POST, "/api/v1/mentorships/\(world.mentorshipID)/ending", json: ["reason": "goals_achieved"]).status == .created)
            #expect(try await world.mentor.send(.PUT, path, json: ["body": "I am great"]).status == .forbidden, "the mentee writes it")
            #expect(try await world.mentee.send(.PUT, path, json: ["body": "  "]).status == .unprocessableEntity)
            #expect(try await world.mentee.send(.PUT, path, json: ["body": String(repeating: "a", count: TestimonialLimits.body + 1)]).status == .unprocessableEntity)

            let longest = try await world.mentee.send(.PUT, path, json: Words(body: String(repeating: "ü", count: TestimonialLimits.body), allowOnProfile: false))
            #expect(longest.status == .ok, "the longest testimonial is kept")
            let privateOne = try await world.mentee.send(.PUT, path, json: Words(body: "TESTIMONIAL-MARKER Maya listens", allowOnProfile: false))
            #expect(try privateOne.json(TestimonialBody.self).display == "private")
            #expect(try await world.mentor.send(.GET, "/api/v1/mentorships/\(world.mentorshipID)/ending").body.string.contains("TESTIMONIAL-MARKER"), "written for the mentor")
            let refused = try await world.mentor.send(.PUT, path + "/display", json: ["shown": true])
            #expect(refused.status == .conflict && refused.body.string.contains("has not allowed"))
            #expect(try await world.participant.send(.GET, profile).body.string == "[]")

            #expect(try await world.mentee.send(.PUT, path, json: Words(body: "TESTIMONIAL-MARKER Maya listens", allowOnProfile: true)).json(TestimonialBody.self).display == "allowed")
            #expect(try await world.participant.send(.GET, profile).body.string == "[]", "allowed is not shown until the mentor chooses")
            #expect(try await world.mentor.send(.PUT, path + "/display", json: ["shown": true]).json(TestimonialBody.self).display == "shown")
            #expect(try await world.participant.send(.GET, profile).body.string.contains("TESTIMONIAL-MARKER"))
            let pat = Browser(app)
            try await pat.signIn(email: "pat@example.org")
            #expect(try await pat.get("/people/\(try maya.requireID())").body.string.contains("TESTIMONIAL-MARKER"))
            #expect(try await world.stranger.send(.GET, profile).status == .notFound)
            #expect(try await world.participant.send(.PUT, path + "/display", json: ["shown": false]).status == .notFound)

            // A changed text goes back to the mentor before it is on the profile again.
            #expect(try await world.mentee.send(.PUT, path, json: Words(body: "TESTIMONIAL-MARKER v2", allowOnProfile: true)).json(TestimonialBody.self).display == "allowed")
            #expect(try await world.participant.send(.GET, profile).body.string == "[]")
            #expect(try await world.mentor.send(.PUT, path + "/display", json: ["shown": true]).status == .ok)

            // Consent withdrawn while the mentor shows it, at the same moment: consent wins either way.
            for _ in 0..<5 {
                _ = try await world.mentee.send(.PUT, path, json: Words(body: "TESTIMONIAL-MARKER v2", allowOnProfile: true))
                let mentee = world.mentee, mentor = world.mentor
                async let withdraw = mentee.send(.PUT, path, json: Words(body: "TESTIMONIAL-MARKER v2", allowOnProfile: false))
                async let show = mentor.send(.PUT, path + "/display", json: ["shown": true])
                _ = try await (withdraw, show)
                let row = try #require(try await Testimonial.query(on: app.db).first())
                #expect(row.display == .private)
                #expect(try await world.participant.send(.GET, profile).body.string == "[]")
            }
            #expect(!(try await pat.get("/people/\(try maya.requireID())").body.string.contains("TESTIMONIAL-MARKER")))
            #expect(try await world.mentee.send(.GET, "/api/v1/me/export").body.string.contains("TESTIMONIAL-MARKER"))
        }
    }

    @Test("endings by reason for coordinators: JSON and CSV, k-anonymous; 403 for participants")
    func endingsReport() async throws {
        try await withTandem { app in
            let world = try await MentorshipWorld.make(app)
            #expect(try await world.mentor.send(.POST, "/api/v1/mentorships/\(world.mentorshipID)/ending", json: ["reason": "not_a_fit", "words": "WORDS-MARKER"]).status == .created)
            #expect(try await world.mentee.send(.POST, "/api/v1/mentorships/\(world.mentorshipID)/ending/end").status == .ok)
            let path = "/api/v1/programs/\(world.programID)/endings"
            #expect(try await world.participant.send(.GET, path).status == .forbidden)
            #expect([.notFound, .forbidden].contains(try await world.stranger.send(.GET, path).status))
            let json = try await world.coordinator.send(.GET, path)
            #expect(json.status == .ok)
            #expect(json.body.string.contains("\"total\":1") && json.body.string.contains("\"reasons\":[]") && !json.body.string.contains("WORDS-MARKER"))
            let dana = Browser(app)
            try await dana.signIn(email: "dana@example.org")
            let csv = try await dana.get("/programs/\(world.programID)/endings.csv")
            #expect(csv.status == .ok && csv.headers.contentType?.subType == "csv")
            #expect(csv.body.string.contains("too few to show") && !csv.body.string.contains("We don’t fit") && !csv.body.string.contains("WORDS-MARKER"))
            let max = Browser(app)
            try await max.signIn(email: "max@example.org")
            #expect(try await max.get("/programs/\(world.programID)/endings.csv").status == .forbidden)
        }
    }
}
