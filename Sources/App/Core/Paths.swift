import Foundation

/// Every page address in one place, so routes and the links inside pages cannot drift apart.
enum Paths {
    static let home = "/"
    static let signUp = "/sign-up"
    static let signIn = "/sign-in"
    static let signOut = "/sign-out"
    static let forgotPassword = "/password/forgot"
    static let resetPassword = "/password/reset"
    static let dashboard = "/dashboard"
    static let settings = "/settings"
    static let tokens = "/settings/tokens"
    static let deleteAccount = "/settings/delete"
    static let notifications = "/notifications"
    static let programs = "/programs"
    static let requests = "/requests"
    static let newProgram = "/programs/new"

    static func signIn(next: String) -> String {
        guard isLocal(next), next != signIn else { return signIn }
        return signIn + "?next=" + (next.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
    }

    static func program(_ id: UUID) -> String { "/programs/\(id)" }
    static func editProgram(_ id: UUID) -> String { "/programs/\(id)/edit" }
    static func participants(_ id: UUID) -> String { "/programs/\(id)/participants" }
    static func join(_ code: String) -> String { "/join/\(code)" }
    static func invitation(_ token: String) -> String { "/invitations/\(token)" }
    static func mentorship(_ id: UUID) -> String { "/mentorships/\(id)" }
    static func mentorship(_ id: UUID, _ tab: MentorshipTab) -> String { tab.path(id) }
    static func charter(_ id: UUID) -> String { "/mentorships/\(id)/charter" }
    static func meeting(_ id: UUID) -> String { "/meetings/\(id)" }
    static func newMeeting(_ mentorshipID: UUID) -> String { "/mentorships/\(mentorshipID)/meetings/new" }
    static let goals = "/goals"
    static let concerns = "/concerns"
    static func concern(_ id: UUID) -> String { "/concerns/\(id)" }
    static func raiseConcern(_ mentorshipID: UUID) -> String { "/mentorships/\(mentorshipID)/concern" }
    static func codeOfConduct(_ programID: UUID) -> String { "/programs/\(programID)/code-of-conduct" }
    static func goal(_ id: UUID) -> String { "/goals/\(id)" }
    static func charterVersion(_ id: UUID, _ number: Int) -> String { "/mentorships/\(id)/charter/versions/\(number)" }
    static func resetPassword(token: String) -> String { resetPassword + "?token=" + token }

    /// Only paths inside Tandem are followed after sign-in, never another site.
    static func isLocal(_ path: String) -> Bool {
        path.hasPrefix("/") && !path.hasPrefix("//") && !path.hasPrefix("/\\")
    }
}

/// Query-string encoding for links built on the server.
enum QueryString {
    static func encode(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}
