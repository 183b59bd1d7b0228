import Fluent
import Vapor

/// What an action that writes and tells people about it needs, from a request or a command.
struct ActionContext {
    let db: any Database
    let publicURL: String
    let logger: Logger
}

extension Request {
    var actions: ActionContext { ActionContext(db: db, publicURL: tandem.publicURL, logger: logger) }
}
