import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import App

@Suite("Destructive actions ask first")
struct ConfirmationTests {
    @Test("deleting a goal, revoking a token or the calendar address: one press asks, the confirmation does it")
    func asksFirst() async throws {
        try await withTandem { app in
            let world = try await MentorshipWorld.make(app)
            let created = try await world.mentee.send(.POST, "/api/v1/goals", json: reactGoal())
            let goalID = try created.json(GoalDetailBody.self).goal.id
            let max = Browser(app)
            try await max.signIn(email: "max@example.org")

            try await max.get("/goals/\(goalID)")
            let asked = try await max.post("/goals/\(goalID)/delete")
            #expect(asked.status == .ok)
            #expect(asked.body.string.contains("Delete the goal “Build a working web application using React”?"))
            #expect(asked.body.string.contains("This cannot be undone"))
            #expect(asked.body.string.contains(#"href="/goals/\#(goalID)""#), "Cancel goes back to the goal")
            #expect(try await Goal.find(goalID, on: app.db) != nil, "nothing is deleted by the first press")
            // The mentor may not delete it: no confirmation page for them either.
            let maya = Browser(app)
            try await maya.signIn(email: "maya@example.org")
            try await maya.get("/goals")
            #expect(try await maya.post("/goals/\(goalID)/delete").status != .ok)
            #expect(try await max.post("/goals/\(goalID)/delete", ["confirmed": "yes"]).location == "/goals")
            #expect(try await Goal.find(goalID, on: app.db) == nil)

            try await max.get("/settings/tokens")
            try await max.post("/settings/tokens", ["name": "calendar script"])
            let token = try #require(try await AccessToken.query(on: app.db).filter(\.$name == "calendar script").first())
            let askToken = try await max.post("/settings/tokens/\(try token.requireID())/revoke")
            #expect(askToken.status == .ok && askToken.body.string.contains("Revoke the token “calendar script”?"))
            #expect(try await AccessToken.find(token.id, on: app.db)?.revokedAt == nil)
            try await max.post("/settings/tokens/\(try token.requireID())/revoke", ["confirmed": "yes"])
            #expect(try await AccessToken.find(token.id, on: app.db)?.revokedAt != nil)

            // Someone else's token id is not found, not a confirmation page.
            let other = try #require(try await AccessToken.query(on: app.db).filter(\.$user.$id != token.$user.id).first())
            #expect(try await max.post("/settings/tokens/\(try other.requireID())/revoke").status == .notFound)
        }
    }
}
