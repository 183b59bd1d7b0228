import Fluent
import TandemCore
import Vapor

/// Feedback between the two people of a mentorship: asked for (a question waiting for its
/// answer) or given unasked. Only the pair ever reads it; a coordinator is not even told it exists.
final class Feedback: Model, @unchecked Sendable {
    static let schema = "feedback"

    enum Status: String, Codable, Sendable {
        /// Asked for, not answered yet.
        case asked
        /// Answered, or given unasked.
        case given
    }

    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Parent(key: "mentorship_id") var mentorship: Mentorship
    /// Who asked for it, or who receives it unasked.
    @Parent(key: "receiver_id") var receiver: User
    /// Who is asked, or who gives it.
    @Parent(key: "giver_id") var giver: User
    @Enum(key: "status") var status: Status
    /// The receiver's question; empty for feedback given unasked.
    @Field(key: "question") var question: String
    @Field(key: "subject_kind") var subjectKind: String
    @OptionalField(key: "subject_id") var subjectID: UUID?
    @Field(key: "work_link") var workLink: String
    @Field(key: "work_text") var workText: String
    @Field(key: "situation") var situation: String
    @Field(key: "observed") var observed: String
    @Field(key: "effect") var effect: String
    @Field(key: "suggestion") var suggestion: String
    @OptionalField(key: "given_at") var givenAt: Date?
    /// The receiver found it helpful.
    @OptionalField(key: "helpful_at") var helpfulAt: Date?
    /// The action item the receiver made of the suggestion.
    @OptionalParent(key: "action_item_id") var actionItem: ActionItem?

    init() {}

    init(mentorshipID: UUID, receiverID: UUID, giverID: UUID, subject: FeedbackSubject, question: String, workLink: String, workText: String) {
        self.$mentorship.id = mentorshipID
        self.$receiver.id = receiverID
        self.$giver.id = giverID
        self.status = .asked
        self.question = question
        self.subjectKind = subject.kind
        self.subjectID = subject.id
        self.workLink = workLink
        self.workText = workText
        self.situation = ""
        self.observed = ""
        self.effect = ""
        self.suggestion = ""
    }

    var subject: FeedbackSubject? { FeedbackSubject(kind: subjectKind, id: subjectID) }
    var wasAsked: Bool { !question.isEmpty }

    func answer(_ answer: FeedbackAnswer, at date: Date = Date()) {
        situation = answer.situation
        observed = answer.observed
        effect = answer.effect
        suggestion = answer.suggestion
        status = .given
        givenAt = date
    }

    var answer: FeedbackAnswer? {
        status == .given ? try? FeedbackAnswer(situation: situation, observed: observed, effect: effect, suggestion: suggestion) : nil
    }
}

struct CreateFeedback: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Feedback.schema)
            .id()
            .field("mentorship_id", .uuid, .required, .references(Mentorship.schema, "id", onDelete: .cascade))
            .field("receiver_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("giver_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("status", .string, .required)
            .field("question", .string, .required)
            .field("subject_kind", .string, .required)
            .field("subject_id", .uuid)
            .field("work_link", .string, .required)
            .field("work_text", .string, .required)
            .field("situation", .string, .required)
            .field("observed", .string, .required)
            .field("effect", .string, .required)
            .field("suggestion", .string, .required)
            .field("given_at", .datetime)
            .field("helpful_at", .datetime)
            .field("action_item_id", .uuid, .references(ActionItem.schema, "id", onDelete: .setNull))
            .field("created_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Feedback.schema).delete()
    }
}
