import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import App

@Suite("The program seed for benchmarks: a whole program, consistent with the rules")
struct ProgramSeedTests {
    @Test("people by role, pairs within each mentor's capacity, a signed charter and a record per pair, pending requests; the same seed builds the same program")
    func buildsAConsistentProgram() async throws {
        var first: [Int] = []
        try await withTandem { app in
            let hash = try Bcrypt.hash("tandem-bench-2026", cost: 4)
            let seeded = try await ProgramSeed(people: 400, seed: 7, passwordHash: hash).build(on: app.db)
            #expect(seeded.people == 400 && seeded.mentorships == 80 && seeded.pendingRequests > 0 && seeded.pendingRequests <= 300)
            let members = try await ProgramMembership.query(on: app.db).filter(\.$program.$id == seeded.programId).all()
            #expect(members.count == 400 && members.filter(\.isMentor).count == 100 && members.filter(\.isCoordinator).count == 1)
            let pairs = try await Mentorship.query(on: app.db).filter(\.$program.$id == seeded.programId).all()
            #expect(pairs.count == 80 && Set(pairs.map(\.$mentee.id)).count == 80, "one mentor per mentee")
            let profiles = Dictionary(uniqueKeysWithValues: try await Profile.query(on: app.db).all().map { ($0.$user.id, $0) })
            for (mentor, theirs) in Dictionary(grouping: pairs, by: \.$mentor.id) {
                #expect(theirs.count <= (profiles[mentor]?.capacity ?? 0), "within capacity")
                #expect(Set(theirs.compactMap(\.mentorSlot)).count == theirs.count, "one slot each")
            }
            #expect(try await CharterVersion.query(on: app.db).count() == 80)
            #expect(try await Meeting.query(on: app.db).count() > 80 * 3)
            #expect(try await ActionItem.query(on: app.db).filter(\.$status == .dropped).count() > 0)
            #expect(try await GoalShare.query(on: app.db).count() == 80)
            let requests = try await MentorshipRequest.query(on: app.db).filter(\.$status == .pending).all()
            #expect(requests.allSatisfy { r in !pairs.contains { $0.$mentee.id == r.$mentee.id } }, "only mentees still looking ask")

            // The coordinator's counts, made in one statement, agree with counting the records one by one.
            let now = Date()
            let figures = try await HealthFigures.of(seeded.programId, now: now, on: app.db)
            let matched = Set(pairs.filter { $0.status == .active }.map(\.$mentee.id)), asking = Set(requests.map(\.$mentee.id))
            let waiting = members.filter { $0.isMentee && !matched.contains($0.$user.id) }
            let signed = Set(try await CharterVersion.query(on: app.db).all().filter { $0.mentorSignedAt != nil && $0.menteeSignedAt != nil }.map(\.$mentorship.id))
            let ahead = Set(try await Meeting.query(on: app.db).filter(\.$status != .cancelled).filter(\.$endsAt > now).all().map(\.$mentorship.id))
            #expect(figures.participants == 399 && figures.active == 80 && figures.waiting == waiting.count)
            #expect(figures.unasked == waiting.filter { !asking.contains($0.$user.id) }.count && figures.unasked < figures.waiting)
            #expect(figures.signed == signed.count && figures.unsigned == 0)
            #expect(figures.nothingPlanned == pairs.filter { !ahead.contains($0.id!) }.count)
            #expect(figures.stale == 0, "the seed's requests are new")

            // Its people sign in and their pages answer.
            for email in [seeded.coordinator, seeded.menteeLooking, seeded.menteeMatched, seeded.mentor] {
                let browser = Browser(app)
                #expect(try await browser.signIn(email: email, password: seeded.password).status == .seeOther)
                #expect(try await browser.get("/dashboard").status == .ok)
            }
            let coordinator = Browser(app)
            try await coordinator.signIn(email: seeded.coordinator, password: seeded.password)
            #expect(try await coordinator.get("/programs/\(seeded.programId)").status == .ok)

            first = [try await Meeting.query(on: app.db).count(), try await ActionItem.query(on: app.db).count(),
                     try await ActionItem.query(on: app.db).filter(\.$status == .dropped).count(), seeded.pendingRequests]
        }
        // The same seed on a fresh database builds the same program.
        try await withTandem { app in
            let seeded = try await ProgramSeed(people: 400, seed: 7, passwordHash: try Bcrypt.hash("x", cost: 4)).build(on: app.db)
            let again = [try await Meeting.query(on: app.db).count(), try await ActionItem.query(on: app.db).count(),
                         try await ActionItem.query(on: app.db).filter(\.$status == .dropped).count(), seeded.pendingRequests]
            #expect(again == first)
        }
    }

    @Test("the coordinator's program page shows the pairs fifty to a page, every pair once")
    func programPagePairs() async throws {
        try await withTandem { app in
            let seeded = try await ProgramSeed(people: 300, seed: 3, passwordHash: try Bcrypt.hash(ProgramSeedCommand.password, cost: 4)).build(on: app.db)
            #expect(seeded.mentorships == 60)
            let coordinator = Browser(app)
            try await coordinator.signIn(email: seeded.coordinator, password: seeded.password)
            let first = try await coordinator.get("/programs/\(seeded.programId)").body.string
            let second = try await coordinator.get("/programs/\(seeded.programId)?page=2").body.string
            func pairs(_ page: String) -> Set<String> {
                Set(page.matches(of: /<td data-label="Mentor"><a href="\/mentorships\/([0-9A-F-]+)">/).map { String($0.output.1) })
            }
            #expect(pairs(first).count == 50 && pairs(second).count == 10 && pairs(first).isDisjoint(with: pairs(second)))
            #expect(first.contains("1–50 of 60 mentorships") && first.contains(#"href="/programs/\#(seeded.programId)?page=2" rel="next""#))
            #expect(second.contains("51–60 of 60 mentorships") && second.contains(#"rel="prev""#))
            let mentee = Browser(app)
            try await mentee.signIn(email: seeded.menteeMatched, password: seeded.password)
            #expect(!(try await mentee.get("/programs/\(seeded.programId)").body.string.contains("Mentorships in this program")), "only coordinators see the pairs")
        }
    }
}
