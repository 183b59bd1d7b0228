import Fluent
import Vapor

/// Every route, in one readable place.
func routes(_ app: Application) throws {
    // Operations: no session, no page chrome.
    do {
        app.get("healthz", use: Operations.health)
        app.get("metrics", use: Operations.metrics)
        app.get("openapi.yaml", use: Operations.openAPIDocument)
        // Calendar apps subscribe without signing in: the secret in the address is the key.
        app.get("calendar", ":file", use: MeetingAPI.subscribe)
    }

    // The JSON API (personal access tokens).
    APIRoutes.register(on: app)

    // Web pages: every state-changing form carries the CSRF token.
    let web = app.grouped(CSRFMiddleware())
    let signedIn = web.grouped(RequireSignedIn())
    AccountPages.register(public: web, signedIn: signedIn)
    StaleForm.register(signedIn: signedIn)
    DesignSystem.register(public: web)
    DashboardPages.register(signedIn: signedIn)
    ProgramPages.register(signedIn: signedIn)
    MentorshipPages.register(signedIn: signedIn)
    CharterPages.register(signedIn: signedIn)
    GoalPages.register(signedIn: signedIn)
    MeetingPages.register(signedIn: signedIn)
    FollowUpPages.register(signedIn: signedIn)
    FeedbackPages.register(signedIn: signedIn)
    ConcernPages.register(signedIn: signedIn)
    EndingPages.register(signedIn: signedIn)
    ReminderSettings.registerPages(signedIn: signedIn)
    ProfilePages.register(signedIn: signedIn)
    DirectoryPages.register(signedIn: signedIn)
    IntroductionPages.register(signedIn: signedIn)
    MatchingPages.register(signedIn: signedIn)
}
