import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import App
@testable import TandemCore

@Suite("Talk flow, action items and follow-up: who writes, who reads")
struct TalkFlowTests {
    /// A meeting Max proposed and Maya accepted, `hours` from now.
    func meeting(_ world: MentorshipWorld, hours: Double = 48) async throws -> UUID {
        let made = try await world.mentee.send(.POST, "/api/v1/mentorships/\(world.mentorshipID)/meetings",
                                               json: ["start": localTime(hoursFromNow: hours, in: "America/New_York")])
        let id = try #require(try made.isoJSON([MeetingBody].self).first?.id)
        #expect(try await world.mentor.send(.POST, "/api/v1/meetings/\(id)/accept").status == .ok)
        return id
    }

    @Test("the agenda in five parts plus questions; open actions are carried in until done")
    func agendaAndActions() async throws {
        try await withTandem { app in
            let world = try await MentorshipWorld.make(app)
            let first = try await meeting(world, hours: 30)
            let next = try await meeting(world, hours: 200)
            let agenda = "/api/v1/meetings/\(first)/agenda"
            #expect(try await world.mentee.send(.POST, agenda, json: ["section": "question", "body": "How did you prepare for your first promotion?"]).status == .created)
            #expect(try await world.mentee.send(.POST, agenda, json: ["section": "since_last", "body": "Finished the React tutorial"]).status == .created)
            let mentorItem = try await world.mentor.send(.POST, agenda, json: ["section": "next_steps", "body": "Pair on the search feature"])
            struct Item: Decodable { let id: UUID }
            let mentorItemID = try mentorItem.json(Item.self).id
            let bad = try await world.mentee.send(.POST, agenda, json: ["section": "gossip", "body": "x"])
            #expect(bad.status == .unprocessableEntity && bad.body.string.contains("section: Must be one of: since_last"))
            #expect(try await world.mentee.send(.DELETE, agenda + "/\(mentorItemID)").status == .forbidden)
            for outsider in [world.stranger, world.coordinator] { #expect(try await outsider.send(.GET, agenda).status == .notFound) }

            struct AgendaBody: Decodable {
                struct Part: Decodable { let section: String; let items: [Item] }
                struct Action: Decodable { let id: UUID; let title: String; let overdue: Bool }
                let parts: [Part]
                let carriedActions: [Action]
            }
            let parts = try await world.mentor.send(.GET, agenda).json(AgendaBody.self).parts
            #expect(parts.map(\.section) == ["since_last", "worked", "didnt_work", "next_steps", "next_objectives", "question"])
            #expect(parts.first { $0.section == "question" }?.items.count == 1)

            let yesterday = CalendarDate(Date(), in: TimeZone(identifier: "America/New_York")!).adding(days: -1).description
            let maya = try #require(try await User.find(email: "maya@example.org", on: app.db)?.id)
            let action = try await world.mentee.send(.POST, "/api/v1/mentorships/\(world.mentorshipID)/actions",
                                                     json: ["title": .init("Send Max the talk outline"), "ownerId": .init(maya), "dueOn": .init(yesterday), "meetingId": .init(first)] as [String: AnyEncodable])
            #expect(action.status == .created, "\(action.body.string)")
            let actionBody = try action.json(AgendaBody.Action.self)
            #expect(actionBody.overdue, "due yesterday and still open")
            let carried = try await world.mentee.send(.GET, "/api/v1/meetings/\(next)/agenda").json(AgendaBody.self).carriedActions
            #expect(carried.map(\.title) == ["Send Max the talk outline"], "carried into the next meeting")
            let stranger = try await world.mentee.send(.POST, "/api/v1/mentorships/\(world.mentorshipID)/actions",
                                                       json: ["title": .init("Ask Sam"), "ownerId": .init(UUID())] as [String: AnyEncodable])
            #expect(stranger.status == .unprocessableEntity)
            #expect(try await world.mentor.send(.PATCH, "/api/v1/actions/\(actionBody.id)", json: ["status": "done"]).status == .ok)
            #expect(try await world.mentee.send(.GET, "/api/v1/meetings/\(next)/agenda").json(AgendaBody.self).carriedActions.isEmpty, "done: no longer carried")
            #expect(try await world.stranger.send(.PATCH, "/api/v1/actions/\(actionBody.id)", json: ["status": "open"]).status == .notFound)
        }
    }

    @Test("meeting notes: shared with the pair or private; nobody edits another's note")
    func notes() async throws {
        try await withTandem { app in
            let world = try await MentorshipWorld.make(app)
            let id = try await meeting(world)
            let path = "/api/v1/meetings/\(id)/notes"
            struct Note: Decodable { let id: UUID; let body: String }
            let shared = try await world.mentee.send(.POST, path, json: ["body": "We agreed on two features first", "visibility": "pair"]).json(Note.self)
            let secret = try await world.mentee.send(.POST, path, json: ["body": "I felt out of my depth", "visibility": "author_only"]).json(Note.self)
            let mayaSees = try await world.mentor.send(.GET, path).body.string
            #expect(mayaSees.contains("two features first") && !mayaSees.contains("out of my depth"))
            #expect(try await world.mentor.send(.PATCH, path + "/\(secret.id)", json: ["body": "changed"]).status == .notFound)
            let forbidden = try await world.mentor.send(.PATCH, path + "/\(shared.id)", json: ["body": "changed"])
            #expect(forbidden.status == .forbidden && forbidden.body.string.contains("Only Max Mentee edits"))
            #expect(try await world.mentee.send(.PATCH, path + "/\(shared.id)", json: ["body": "We agreed on two features, then search"]).status == .ok)
            #expect(try await MeetingNote.find(secret.id, on: app.db)?.body == "I felt out of my depth", "nothing changed")
            #expect(try await world.coordinator.send(.GET, path).status == .notFound)
            #expect(try await world.mentee.send(.POST, path, json: ["body": "x", "visibility": "program_aggregate"]).status == .unprocessableEntity)
        }
    }

    @Test("after a meeting: a thank-you, the thread with e-mail, the journal, resources reported back and put on the next agenda")
    func followUp() async throws {
        try await withTandem { app in
            let world = try await MentorshipWorld.make(app)
            let held = try await meeting(world, hours: 20)
            let upcoming = try await meeting(world, hours: 100)
            let messages = "/api/v1/mentorships/\(world.mentorshipID)/messages"
            let early = try await world.mentee.send(.POST, messages, json: ["kind": "thank_you", "body": "Thanks!", "meetingId": held.uuidString])
            #expect(early.status == .conflict, "a thank-you follows a meeting that took place")
            // The meeting took place yesterday.
            let meeting = try #require(try await Meeting.find(held, on: app.db))
            meeting.startsAt = Date().addingTimeInterval(-26 * 3600)
            meeting.endsAt = Date().addingTimeInterval(-25 * 3600)
            try await meeting.save(on: app.db)
            let mentorship = try #require(try await Mentorship.query(on: app.db).with(\.$mentor).with(\.$mentee).first())
            #expect(try await FollowUp.awaitingFollowUp(in: mentorship, on: app.db).map(\.id) == [held], "the mentee is invited to say thank you")
            #expect(try await world.mentee.send(.POST, messages, json: ["kind": "thank_you", "body": "Thank you — the outline idea unblocked me.", "meetingId": held.uuidString]).status == .created)
            #expect(try await FollowUp.awaitingFollowUp(in: mentorship, on: app.db).isEmpty)
            #expect(try await world.mentor.send(.POST, messages, json: ["body": "Glad it helped!"]).status == .created)
            #expect(try await OutboxMessage.query(on: app.db).filter(\.$subject == "Max Mentee says thank you").count() == 1, "new messages go out by e-mail")
            #expect(try await world.mentee.send(.GET, messages).body.string.contains("Glad it helped!"))
            #expect(try await world.stranger.send(.GET, messages).status == .notFound)
            #expect(try await world.coordinator.send(.GET, messages).status == .notFound)

            let journal = "/api/v1/mentorships/\(world.mentorshipID)/journal"
            #expect(try await world.mentor.send(.POST, journal, json: ["kind": "win", "body": "x"]).status == .forbidden)
            #expect(try await world.mentee.send(.POST, journal, json: ["kind": "win", "body": "Shipped sign-in", "visibility": "pair"]).status == .created)
            #expect(try await world.mentee.send(.POST, journal, json: ["kind": "setback", "body": "Panicked in standup", "visibility": "author_only"]).status == .created)
            let mentorJournal = try await world.mentor.send(.GET, journal).body.string
            #expect(mentorJournal.contains("Shipped sign-in") && !mentorJournal.contains("Panicked"))

            let resources = "/api/v1/mentorships/\(world.mentorshipID)/resources"
            #expect(try await world.mentee.send(.POST, resources, json: ["title": "x", "kind": "book"]).status == .forbidden)
            let badLink = try await world.mentor.send(.POST, resources, json: ["title": "Refactoring", "kind": "book", "url": "not a link"])
            #expect(badLink.status == .unprocessableEntity)
            struct ResourceBody: Decodable { let id: UUID }
            let book = try await world.mentor.send(.POST, resources, json: ["title": "The Manager's Path", "kind": "book", "url": "https://example.org/book"]).json(ResourceBody.self)
            #expect(try await world.mentor.send(.PATCH, "/api/v1/resources/\(book.id)", json: ["impressions": "mine"]).status == .forbidden)
            #expect(try await world.mentee.send(.PATCH, "/api/v1/resources/\(book.id)", json: ["impressions": .init("Chapter 3 changed how I see 1:1s"), "onNextAgenda": .init(true)] as [String: AnyEncodable]).status == .ok)
            let agenda = try await world.mentee.send(.GET, "/api/v1/meetings/\(upcoming)/agenda").body.string
            #expect(agenda.contains("The Manager's Path"), "the mentee put it on the next meeting's agenda")
        }
    }

    @Test("the thread pages back through every message, once each, even when several share a moment")
    func threadPages() async throws {
        try await withTandem { app in
            let world = try await MentorshipWorld.make(app)
            let messages = "/api/v1/mentorships/\(world.mentorshipID)/messages"
            for i in 1...7 { #expect(try await world.mentee.send(.POST, messages, json: ["body": "Message \(i)"]).status == .created) }
            // Four of them written in the same instant: the page boundary falls among them.
            let moment = Date().addingTimeInterval(-60)
            try await Message.query(on: app.db).filter(\.$body ~~ ["Message 3", "Message 4", "Message 5", "Message 6"]).set(\.$createdAt, to: moment).update()
            struct Body: Decodable { let id: UUID; let body: String }
            var path: String? = messages + "?limit=3"
            var seen: [String] = []
            var pages = 0
            while let next = path, pages < 10 {
                let page = try await world.mentor.send(.GET, next)
                #expect(page.status == .ok)
                seen = try page.json([Body].self).map(\.body) + seen
                pages += 1
                let link = page.headers.first(name: .link)
                path = link.flatMap { $0.split(separator: "<").last?.split(separator: ">").first }.map(String.init)
                #expect((link != nil) == (try page.json([Body].self).count == 3), "a full page points to the older one, the last does not")
            }
            #expect(pages == 3)
            #expect(seen.sorted() == (1...7).map { "Message \($0)" }.sorted(), "every message once: \(seen)")
            #expect(seen.last == "Message 7", "oldest first, the newest last")
            #expect(try await world.mentor.send(.GET, messages + "?before=\(UUID())").status == .unprocessableEntity)
            #expect(try await world.mentor.send(.GET, messages + "?before=yesterday").status == .unprocessableEntity)
            let many = try await world.mentor.send(.GET, messages + "?limit=many")
            #expect(many.status == .badRequest && many.body.string.contains("limit"), "\(many.status) \(many.body.string)")
            #expect(try await world.mentor.send(.GET, messages + "?limit=0").status == .unprocessableEntity)
            #expect(try await world.stranger.send(.GET, messages + "?limit=3").status == .notFound)
        }
    }

    @Test("an action dropped leaves the agenda, is listed and counted apart, and the recap says so; reopened it is carried again")
    func droppedAction() async throws {
        try await withTandem { app in
            let world = try await MentorshipWorld.make(app)
            let next = try await meeting(world, hours: 100)
            let actions = "/api/v1/mentorships/\(world.mentorshipID)/actions"
            struct Item: Decodable { let id: UUID; let status: String }
            struct List: Decodable { let open: [Item]; let done: [Item]; let dropped: [Item]; let openCount: Int; let doneCount: Int; let droppedCount: Int }
            struct Agenda: Decodable { let carriedActions: [Item] }
            let keep = try await world.mentee.send(.POST, actions, json: ["title": "Rehearse the talk twice"]).json(Item.self)
            let drop = try await world.mentee.send(.POST, actions, json: ["title": "Write a blog post about it"]).json(Item.self)
            let finish = try await world.mentee.send(.POST, actions, json: ["title": "Send the outline"]).json(Item.self)
            #expect(try await world.mentor.send(.PATCH, "/api/v1/actions/\(finish.id)", json: ["status": "done"]).status == .ok)
            let bad = try await world.mentor.send(.PATCH, "/api/v1/actions/\(drop.id)", json: ["status": "forgotten"])
            #expect(bad.status == .unprocessableEntity && bad.body.string.contains("dropped"))

            // Dropped on the page, by the mentor: either side may.
            let maya = Browser(app)
            try await maya.signIn(email: "maya@example.org")
            _ = try await maya.get("/mentorships/\(world.mentorshipID)/actions")
            let dropped = try await maya.post("/actions/\(drop.id)/drop", ["back": "/mentorships/\(world.mentorshipID)/actions"])
            #expect(dropped.status == .seeOther)
            let page = try await maya.get("/mentorships/\(world.mentorshipID)/actions").body.string
            #expect(page.contains("Dropped (1)") && page.contains("Open (1)") && page.contains("Done (1)"))
            #expect(try await world.stranger.send(.PATCH, "/api/v1/actions/\(keep.id)", json: ["status": "dropped"]).status == .notFound)

            let list = try await world.mentee.send(.GET, actions).json(List.self)
            #expect(list.open.map(\.id) == [keep.id] && list.dropped.map(\.id) == [drop.id] && list.done.map(\.id) == [finish.id])
            #expect((list.openCount, list.doneCount, list.droppedCount) == (1, 1, 1))
            #expect(try await world.mentee.send(.GET, "/api/v1/meetings/\(next)/agenda").json(Agenda.self).carriedActions.map(\.id) == [keep.id],
                    "a dropped action is not carried into the next meeting")
            let ending = try await world.mentee.send(.GET, "/api/v1/mentorships/\(world.mentorshipID)/ending").body.string
            #expect(ending.contains("\"actionsDropped\":1") && ending.contains("1 action item done, 1 dropped, 1 still open to carry forward."))

            _ = try await maya.get("/mentorships/\(world.mentorshipID)/actions")
            #expect(try await maya.post("/actions/\(drop.id)/toggle", ["back": "/mentorships/\(world.mentorshipID)/actions"]).status == .seeOther)
            #expect(try await world.mentee.send(.GET, "/api/v1/meetings/\(next)/agenda").json(Agenda.self).carriedActions.count == 2, "reopened, it is carried again")
        }
    }

    @Test("the conversation tab pages back through messages and notes to the first one, and back to the latest")
    func conversationPages() async throws {
        try await withTandem { app in
            let world = try await MentorshipWorld.make(app)
            let messages = "/api/v1/mentorships/\(world.mentorshipID)/messages"
            for i in 1...45 {
                if i % 10 == 0 {
                    #expect(try await world.mentor.send(.POST, "/api/v1/mentorships/\(world.mentorshipID)/notes", json: ["body": "Item \(i) shared note", "visibility": "pair"]).status == .created)
                } else {
                    #expect(try await world.mentee.send(.POST, messages, json: ["body": "Item \(i) message"]).status == .created)
                }
            }
            let max = Browser(app)
            try await max.signIn(email: "max@example.org")
            let latest = try await max.get("/mentorships/\(world.mentorshipID)/conversation").body.string
            #expect(latest.contains("Item 45 message") && latest.contains("Item 40 shared note") && !latest.contains("Item 5 message<"))
            let link = try #require(latest.range(of: #"href="([^"]+\?before=\d+)">Earlier messages and notes"#, options: .regularExpression).map {
                String(latest[$0]).replacingOccurrences(of: "href=\"", with: "").replacingOccurrences(of: "\">Earlier messages and notes", with: "")
            })
            let earlier = try await max.get(link).body.string
            #expect(earlier.contains("Item 1 message<") && earlier.contains("Item 5 message<") && !earlier.contains("Item 45 message"))
            #expect(earlier.contains("Back to the latest") && !earlier.contains(">Earlier messages and notes<"), "the first page of all has nothing before it")
            let shown = { (page: String) in Set((1...45).filter { page.contains("Item \($0) message<") || page.contains("Item \($0) shared note<") }) }
            #expect(shown(latest).union(shown(earlier)) == Set(1...45) && shown(latest).isDisjoint(with: shown(earlier)), "every item once: \(shown(latest).intersection(shown(earlier)).sorted())")
        }
    }
}
