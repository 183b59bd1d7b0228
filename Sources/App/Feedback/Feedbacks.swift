import Fluent
import SQLKit
import TandemCore
import Vapor

/// Asking for, giving and answering feedback inside a mentorship. Every read and write goes
/// through the pair's access: a coordinator or a stranger gets 404, as if it did not exist.
enum Feedbacks {
    struct AskInput: Content {
        /// "goal:<id>", "action:<id>", "meeting:<id>", "work" or "mentoring".
        var subject: String?
        var question: String?
        var workLink: String?
        var workText: String?
    }

    struct AnswerInput: Content {
        var situation: String?
        var observed: String?
        var effect: String?
        var suggestion: String?
        /// For feedback given unasked: what it is about (as in `AskInput.subject`).
        var subject: String?
    }

    static func list(in access: Mentorships.Access, on db: any Database) async throws -> [Feedback] {
        guard access.isPairMember else { throw DomainError.notFound("Mentorship") }
        return try await Feedback.query(on: db).filter(\.$mentorship.$id == access.mentorship.requireID())
            .with(\.$giver).with(\.$receiver).sort(\.$createdAt, .descending).limit(200).all()
    }

    /// A subject must be the pair's own: a goal shared with this mentorship, its action or meeting.
    static func check(_ subject: FeedbackSubject, in mentorshipID: UUID, on db: any Database) async throws {
        let found: Int
        switch subject {
        case .goal(let id): found = try await GoalShare.query(on: db).filter(\.$goal.$id == id).filter(\.$mentorship.$id == mentorshipID).count()
        case .action(let id): found = try await ActionItem.query(on: db).filter(\.$id == id).filter(\.$mentorship.$id == mentorshipID).count()
        case .meeting(let id): found = try await Meeting.query(on: db).filter(\.$id == id).filter(\.$mentorship.$id == mentorshipID).count()
        case .work, .mentoring: found = 1
        }
        guard found > 0 else { throw ValidationFailure("subject", "That is not a goal, action item or meeting of this mentorship.") }
    }

    static func ask(_ input: AskInput, in access: Mentorships.Access, by user: User, _ context: ActionContext) async throws -> Feedback {
        let draft = FeedbackRequestDraft(subject: input.subject.flatMap(FeedbackSubject.init(choice:)), question: input.question,
                                         workLink: input.workLink, workText: input.workText)
        let clean = try draft.validated()
        let mentorship = access.mentorship
        let id = try mentorship.requireID()
        try await check(clean.subject, in: id, on: context.db)
        let other = mentorship.other(than: access.viewerID)
        let feedback = Feedback(mentorshipID: id, receiverID: access.viewerID, giverID: try other.requireID(), subject: clean.subject,
                                question: clean.question, workLink: clean.workLink, workText: clean.workText)
        try await context.db.writeTransaction { db in
            try await feedback.save(on: db)
            try await Notifier.notify(other, title: "\(user.displayName) asks for your feedback",
                                      body: String(clean.question.prefix(300)), link: Paths.mentorship(id, .feedback) + "#feedback-\(feedback.id!)",
                                      email: true, publicURL: context.publicURL, on: db, logger: context.logger)
        }
        feedback.$receiver.value = user
        feedback.$giver.value = other
        return feedback
    }

    /// Feedback given unasked: as private as an answer.
    static func give(_ input: AnswerInput, in access: Mentorships.Access, by user: User, _ context: ActionContext) async throws -> Feedback {
        // Every problem at once: what it is about, and each part of the answer.
        let subject = input.subject.flatMap(FeedbackSubject.init(choice:))
        var problems: [FieldError] = subject == nil ? [FieldError("subject", "Say what your feedback is about.")] : []
        var answer: FeedbackAnswer?
        do {
            answer = try FeedbackAnswer(situation: input.situation, observed: input.observed, effect: input.effect, suggestion: input.suggestion)
        } catch {
            problems += error.errors
        }
        guard let subject, let answer, problems.isEmpty else { throw ValidationFailure(problems) }
        let mentorship = access.mentorship
        let id = try mentorship.requireID()
        try await check(subject, in: id, on: context.db)
        let other = mentorship.other(than: access.viewerID)
        let feedback = Feedback(mentorshipID: id, receiverID: try other.requireID(), giverID: access.viewerID, subject: subject,
                                question: "", workLink: "", workText: "")
        feedback.answer(answer)
        try await context.db.writeTransaction { db in
            try await feedback.save(on: db)
            try await Notifier.notify(other, title: "\(user.displayName) gave you feedback", body: String((answer.observed.isEmpty ? answer.suggestion : answer.observed).prefix(300)),
                                      link: Paths.mentorship(id, .feedback) + "#feedback-\(feedback.id!)",
                                      email: true, publicURL: context.publicURL, on: db, logger: context.logger)
        }
        feedback.$receiver.value = other
        feedback.$giver.value = user
        return feedback
    }

    /// One feedback the user may read (either side of its pair), or 404.
    static func find(_ id: UUID?, for user: User, on db: any Database) async throws -> (Feedback, Mentorships.Access) {
        guard let id, let feedback = try await Feedback.query(on: db).filter(\.$id == id).with(\.$giver).with(\.$receiver).first() else {
            throw DomainError.notFound("Feedback")
        }
        let access = try await Mentorships.pairAccess(feedback.$mentorship.id, for: user, on: db)
        return (feedback, access)
    }

    static func answer(_ id: UUID?, _ input: AnswerInput, by user: User, _ context: ActionContext) async throws -> Feedback {
        let (feedback, access) = try await find(id, for: user, on: context.db)
        guard feedback.$giver.id == access.viewerID else {
            throw DomainError.forbidden("You asked for this feedback; \(feedback.giver.firstName) answers it.")
        }
        guard feedback.status == .asked else { throw DomainError.conflict("This request is answered already.") }
        let answer = try FeedbackAnswer(situation: input.situation, observed: input.observed, effect: input.effect, suggestion: input.suggestion)
        try await context.db.writeTransaction { db in
            // Only an open request is answered: two answers at once keep the first.
            guard try await db.claim(Feedback.schema, id: feedback.requireID(), column: "status", from: "asked", to: "given") else {
                throw DomainError.conflict("This request is answered already.")
            }
            feedback.answer(answer)
            try await feedback.save(on: db)
            try await Notifier.notify(feedback.receiver, title: "\(user.displayName) answered your request for feedback",
                                      body: String(feedback.question.prefix(300)),
                                      link: Paths.mentorship(feedback.$mentorship.id, .feedback) + "#feedback-\(feedback.id!)",
                                      email: true, publicURL: context.publicURL, on: db, logger: context.logger)
        }
        return feedback
    }

    static func markHelpful(_ id: UUID?, by user: User, on db: any Database) async throws -> Feedback {
        let (feedback, access) = try await find(id, for: user, on: db)
        guard feedback.$receiver.id == access.viewerID else { throw DomainError.forbidden("Only the one who received the feedback marks it helpful.") }
        guard feedback.status == .given else { throw DomainError.conflict("There is no answer to mark yet.") }
        if feedback.helpfulAt == nil {
            feedback.helpfulAt = Date()
            try await feedback.save(on: db)
        }
        return feedback
    }

    /// The suggestion becomes an action item of the receiver's, in one step.
    static func makeAction(_ id: UUID?, dueOn: String?, by user: User, _ context: ActionContext) async throws -> ActionItem {
        let (feedback, access) = try await find(id, for: user, on: context.db)
        guard feedback.$receiver.id == access.viewerID else { throw DomainError.forbidden("Only the one who received the feedback turns it into an action.") }
        guard feedback.$actionItem.id == nil else { throw DomainError.conflict("This suggestion is an action item already.") }
        guard let title = feedback.answer?.actionTitle else { throw DomainError.conflict("There is no suggestion to turn into an action.") }
        // The action and its link to the feedback are written together: a retry never makes two.
        return try await context.db.writeTransaction { db in
            let item = try await Actions.create(Actions.Input(title: title, ownerId: access.viewerID, dueOn: dueOn), in: access, by: user,
                                                ActionContext(db: db, publicURL: context.publicURL, logger: context.logger))
            // Linked only if no other request linked one first (the item is rolled back then).
            guard let sql = db as? any SQLDatabase, !(try await sql.raw("""
                UPDATE \(ident: Feedback.schema) SET action_item_id = \(bind: item.requireID()) WHERE id = \(bind: feedback.requireID()) AND action_item_id IS NULL RETURNING id
                """).all()).isEmpty else {
                throw DomainError.conflict("This suggestion is an action item already.")
            }
            feedback.$actionItem.id = try item.requireID()
            return item
        }
    }

    /// Requests asked of a person and not answered yet, across their active mentorships.
    static func waiting(for userID: UUID, on db: any Database) async throws -> [Feedback] {
        try await Feedback.query(on: db).filter(\.$giver.$id == userID).filter(\.$status == .asked)
            .join(Mentorship.self, on: \Feedback.$mentorship.$id == \Mentorship.$id).filter(Mentorship.self, \.$status == .active)
            .with(\.$receiver).sort(\.$createdAt).all()
    }
}
