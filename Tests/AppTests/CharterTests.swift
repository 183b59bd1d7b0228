import Fluent
import Testing
import Vapor
import VaporTesting
@testable import App
import TandemCore
import Foundation

struct CharterBody: Decodable {
    struct Version: Decodable {
        struct Terms: Decodable {
            let rescheduleNoticeHours: Int
            let cadenceDays: Int
            let offLimitsTopics: String
            let channels: [String]
        }
        let number: Int
        let terms: Terms?
        let endsOn: String
        let signed: Bool
        let mentorSignedAt: Date?
        let menteeSignedAt: Date?
    }
    struct Defaults: Decodable { let cadenceDays: Int; let startsOn: String; let endsOn: String }
    let status: String
    let inForceVersion: Int?
    let latestVersion: Int?
    let awaiting: [String]
    let versions: [Version]
    let defaults: Defaults?
}

@Suite("The commitment charter: versions, signatures, who may see and sign")
struct CharterAppTests {
    func charter(_ client: APIClient, _ world: MentorshipWorld) async throws -> CharterBody {
        try await client.send(.GET, "/api/v1/mentorships/\(world.mentorshipID)/charter").json(CharterBody.self)
    }

    @Test("write, edit while unsigned, both sign, change as a new version both sign again")
    func versionsAndSignatures() async throws {
        try await withTandem { app in
            let world = try await MentorshipWorld.make(app)
            let path = "/api/v1/mentorships/\(world.mentorshipID)/charter"
            let fresh = try await charter(world.mentee, world)
            #expect(fresh.status == "not_started" && fresh.versions.isEmpty)
            #expect(fresh.defaults?.cadenceDays == 14 && fresh.defaults?.endsOn == "2027-12-31", "defaults come from the program")

            let first = try await world.mentee.send(.POST, path + "/versions", json: ["rescheduleNoticeHours": 6])
            #expect(first.status == .created, "\(first.body.string)")
            #expect(try first.json(CharterBody.Version.self).number == 1)
            // Nobody signed yet: the mentor may still change the wording of version 1.
            let edited = try await world.mentor.send(.PUT, path + "/versions/1", json: ["offLimitsTopics": "My divorce"])
            #expect(edited.status == .ok, "\(edited.body.string)")
            #expect(try edited.json(CharterBody.Version.self).terms?.rescheduleNoticeHours == 6, "what is left out keeps its wording")

            #expect(try await world.mentee.send(.POST, path + "/versions/1/sign").status == .ok)
            let twice = try await world.mentee.send(.POST, path + "/versions/1/sign")
            #expect(twice.status == .conflict && twice.body.string.contains("already signed version 1"))
            let editSigned = try await world.mentor.send(.PUT, path + "/versions/1", json: ["cadenceDays": 7])
            #expect(editSigned.status == .conflict && editSigned.body.string.contains("cannot change"))
            #expect(try await charter(world.mentor, world).status == "awaiting_signatures")
            #expect(try await world.mentor.send(.POST, path + "/versions/1/sign").status == .ok)
            let signed = try await charter(world.mentee, world)
            #expect(signed.status == "signed" && signed.inForceVersion == 1)
            #expect(try await world.mentee.send(.GET, "/api/v1/notifications").body.string.contains("Your charter is signed"))
            #expect(try await world.mentee.send(.GET, "/api/v1/mentorships/\(world.mentorshipID)").body.string.contains(#""charterStatus":"signed""#))

            let unchanged = try await world.mentor.send(.POST, path + "/versions", json: ["rescheduleNoticeHours": 6])
            #expect(unchanged.status == .conflict, "the same wording is not a new version")
            let second = try await world.mentor.send(.POST, path + "/versions", json: ["cadenceDays": 7])
            #expect(try second.json(CharterBody.Version.self).number == 2)
            let proposed = try await charter(world.mentee, world)
            #expect(proposed.status == "change_proposed" && proposed.inForceVersion == 1 && proposed.awaiting == ["mentor", "mentee"])
            let old = try await world.mentee.send(.POST, path + "/versions/1/sign")
            #expect(old.status == .conflict && old.body.string.contains("replaced by version 2"))
            let stale = try await world.mentee.send(.POST, path + "/versions", json: ["cadenceDays": 10, "basedOnVersion": 1])
            #expect(stale.status == .conflict, "a change made on top of an older version is refused")
            #expect(try await world.mentee.send(.POST, path + "/versions/9/sign").status == .notFound)
            for client in [world.mentee, world.mentor] { #expect(try await client.send(.POST, path + "/versions/2/sign").status == .ok) }
            let now = try await charter(world.mentor, world)
            #expect(now.inForceVersion == 2 && now.versions.count == 2)
            #expect(now.versions.first?.terms?.cadenceDays == 14, "version 1 stays readable as it was signed")
            #expect(try await Charters.inForce(of: world.mentorshipID, on: app.db)?.cadenceDays == 7)
        }
    }

    @Test("both sign at the same moment: both signatures stay")
    func signingTogether() async throws {
        try await withTandem { app in
            let world = try await MentorshipWorld.make(app)
            let path = "/api/v1/mentorships/\(world.mentorshipID)/charter"
            #expect(try await world.mentee.send(.POST, path + "/versions", json: ["cadenceDays": 7]).status == .created)
            async let mentee = world.mentee.send(.POST, path + "/versions/1/sign")
            async let mentor = world.mentor.send(.POST, path + "/versions/1/sign")
            #expect(try await [mentee.status, mentor.status] == [.ok, .ok])
            #expect(try await charter(world.mentee, world).status == "signed")
        }
    }

    @Test("the coordinator sees status and dates, never the wording; others see nothing; only the pair signs")
    func privacy() async throws {
        try await withTandem { app in
            let world = try await MentorshipWorld.make(app)
            let path = "/api/v1/mentorships/\(world.mentorshipID)/charter"
            #expect(try await world.mentee.send(.POST, path + "/versions", json: ["offLimitsTopics": "My health"]).status == .created)
            let seen = try await world.coordinator.send(.GET, path)
            #expect(seen.status == .ok)
            #expect(!seen.body.string.contains("My health"))
            let outline = try seen.json(CharterBody.self)
            #expect(outline.versions.first?.terms == nil && outline.versions.first?.endsOn == "2027-12-31")
            #expect(!(try await world.coordinator.send(.GET, path + "/versions/1").body.string.contains("My health")))
            let coordinatorSigns = try await world.coordinator.send(.POST, path + "/versions/1/sign")
            #expect(coordinatorSigns.status == .forbidden)
            #expect(try await world.coordinator.send(.PUT, path + "/versions/1", json: ["cadenceDays": 3]).status == .forbidden)
            for outsider in [world.stranger, world.participant] {
                #expect(try await outsider.send(.GET, path).status == .notFound)
                #expect(try await outsider.send(.POST, path + "/versions/1/sign").status == .notFound)
            }
            let row = try #require(try await CharterVersion.query(on: app.db).first())
            #expect(row.mentorSignedAt == nil && row.menteeSignedAt == nil && row.terms.cadenceDays == 14, "nothing changed")
        }
    }

    @Test("bad terms are named field by field and nothing is saved")
    func badInput() async throws {
        try await withTandem { app in
            let world = try await MentorshipWorld.make(app)
            let path = "/api/v1/mentorships/\(world.mentorshipID)/charter/versions"
            struct Bad: Encodable { let channels = ["fax"]; let endsOn = "2025-01-01"; let meetingLink = "javascript:alert(1)"; let rescheduleNoticeHours = -3 }
            let bad = try await world.mentee.send(.POST, path, json: Bad())
            #expect(bad.status == .unprocessableEntity)
            let fields = Set(try bad.json(Problem.self).errors?.map(\.field) ?? [])
            // Out of the document's bounds first (an unknown channel, a negative notice), then the charter's rules.
            #expect(fields == ["channels[0]", "rescheduleNoticeHours"])
            struct Worse: Encodable { let channels = ["email"]; let endsOn = "2025-01-01"; let meetingLink = "javascript:alert(1)" }
            let worse = try await world.mentee.send(.POST, path, json: Worse())
            #expect(worse.status == .unprocessableEntity)
            #expect(Set(try worse.json(Problem.self).errors?.map(\.field) ?? []) == ["endsOn", "meetingLink"])
            let notNumber = try await world.mentee.send(.POST, path, rawBody: #"{"cadenceDays":"often"}"#)
            #expect(notNumber.status == .badRequest && notNumber.body.string.contains("cadenceDays"))
            #expect(try await CharterVersion.query(on: app.db).count() == 0)
        }
    }

    @Test("the pages: not signed yet, a pre-filled form, inline errors, sign, print")
    func pages() async throws {
        try await withTandem { app in
            let world = try await MentorshipWorld.make(app)
            let mentorship = "/mentorships/\(world.mentorshipID)"
            let mentee = Browser(app)
            try await mentee.signIn(email: "max@example.org")
            #expect(try await mentee.get(mentorship).body.string.contains("Charter not signed yet"))
            let form = try await mentee.get(mentorship + "/charter").body.string
            #expect(form.contains("Save version 1") && form.contains(#"name="cadenceDays" inputmode="decimal" value="14""#))

            var values = CharterPages.values(.defaults(cadenceDays: 14, startsOn: .init("2026-01-01")!, endsOn: .init("2026-12-31")!))
            values["cadenceDays"] = "soon"
            values["endsOn"] = "2025-12-01"
            values["basedOn"] = "0"
            let refused = try await mentee.post(mentorship + "/charter", values)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("Cadence must be a whole number") && refused.body.string.contains(#"value="soon""#))
            values["cadenceDays"] = "7"
            values["endsOn"] = "2026-12-01"
            values["openToCriticism"] = nil
            let saved = try await mentee.post(mentorship + "/charter", values)
            #expect(saved.status == .seeOther, "\(saved.body.string)")
            let page = try await mentee.get(mentorship + "/charter").body.string
            #expect(page.contains("Sign version 1") && page.contains("every 7 days"))
            #expect(page.contains("<dt>Open to constructive criticism</dt><dd class=\"note-body\">No</dd>"), "an unticked box means no")
            _ = try await mentee.post(mentorship + "/charter/versions/1/sign")
            let mentor = Browser(app)
            try await mentor.signIn(email: "maya@example.org")
            _ = try await mentor.post(mentorship + "/charter/versions/1/sign")
            #expect(try await mentor.get(mentorship).body.string.contains("Version 1 is signed by both"))
            let printable = try await mentor.get(mentorship + "/charter/versions/1")
            #expect(printable.status == .ok && printable.body.string.contains("charter-print"))
            #expect(try await mentor.get(mentorship + "/charter/versions/5").status == .notFound)
            let coordinator = Browser(app)
            try await coordinator.signIn(email: "dana@example.org")
            let overview = try await coordinator.get("/programs/\(world.programID)").body.string
            let end = DateVoice.day(CalendarDate("2026-12-01")!, today: CalendarDate(Date()))
            #expect(overview.contains(#"<td data-label="Charter">signed</td><td data-label="Ends">\#(end)</td>"#), "program health shows the charter and its end, in words")
        }
    }
}
