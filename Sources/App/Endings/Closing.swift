import Fluent
import SQLKit
import TandemCore
import Vapor

/// One person's compatibility self-check of a mentorship. Read by its author alone.
final class SelfCheck: Model, @unchecked Sendable {
    static let schema = "self_checks"

    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Parent(key: "mentorship_id") var mentorship: Mentorship
    @Parent(key: "author_id") var author: User
    @Enum(key: "goals") var goals: FitAnswer
    @Enum(key: "communication") var communication: FitAnswer
    @Enum(key: "objectives") var objectives: FitAnswer
    @Field(key: "note") var note: String

    init() {}

    init(mentorshipID: UUID, authorID: UUID, check: CompatibilitySelfCheck) {
        self.$mentorship.id = mentorshipID
        self.$author.id = authorID
        self.goals = check.answers[.goals] ?? .fits
        self.communication = check.answers[.communication] ?? .fits
        self.objectives = check.answers[.objectives] ?? .fits
        self.note = check.note
    }

    var check: CompatibilitySelfCheck {
        CompatibilitySelfCheck(answers: [.goals: goals, .communication: communication, .objectives: objectives], note: note)
    }
}

/// "Stay in touch": one row per person who agreed, with how they'd like to be reached. The other
/// side reads it (and the e-mail address) only once both agreed; either takes it back at any time.
final class StayInTouch: Model, @unchecked Sendable {
    static let schema = "stay_in_touch"

    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Parent(key: "mentorship_id") var mentorship: Mentorship
    @Parent(key: "person_id") var person: User
    @Field(key: "contact") var contact: String

    init() {}

    init(mentorshipID: UUID, personID: UUID, contact: String) {
        self.$mentorship.id = mentorshipID
        self.$person.id = personID
        self.contact = contact
    }
}

/// The mentee's testimonial for the mentor. `display` is the one place consent lives: the
/// profile shows `shown` only, and only the mentee's consent leads there (see TestimonialDisplay).
final class Testimonial: Model, @unchecked Sendable {
    static let schema = "testimonials"

    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?
    @Parent(key: "mentorship_id") var mentorship: Mentorship
    @Parent(key: "program_id") var program: Program
    @Parent(key: "mentee_id") var mentee: User
    @Parent(key: "mentor_id") var mentor: User
    @Field(key: "body") var body: String
    @Enum(key: "display") var display: TestimonialDisplay

    init() {}
}

struct CreateClosingChoices: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(SelfCheck.schema)
            .id()
            .field("mentorship_id", .uuid, .required, .references(Mentorship.schema, "id", onDelete: .cascade))
            .field("author_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("goals", .string, .required)
            .field("communication", .string, .required)
            .field("objectives", .string, .required)
            .field("note", .string, .required)
            .field("created_at", .datetime)
            .create()
        try await database.schema(StayInTouch.schema)
            .id()
            .field("mentorship_id", .uuid, .required, .references(Mentorship.schema, "id", onDelete: .cascade))
            .field("person_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("contact", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "mentorship_id", "person_id", name: "stay_in_touch_once")
            .create()
        try await database.schema(Testimonial.schema)
            .id()
            .field("mentorship_id", .uuid, .required, .references(Mentorship.schema, "id", onDelete: .cascade))
            .field("program_id", .uuid, .required, .references(Program.schema, "id", onDelete: .cascade))
            .field("mentee_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("mentor_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("body", .string, .required)
            .field("display", .string, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "mentorship_id", name: "testimonials_one_per_mentorship")
            .create()
        if let sql = database as? any SQLDatabase {
            try await sql.raw("CREATE INDEX IF NOT EXISTS self_checks_by_author ON self_checks (mentorship_id, author_id, created_at)").run()
            try await sql.raw("CREATE INDEX IF NOT EXISTS testimonials_by_mentor ON testimonials (mentor_id, display)").run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Testimonial.schema).delete()
        try await database.schema(StayInTouch.schema).delete()
        try await database.schema(SelfCheck.schema).delete()
    }
}

/// What each side may choose around the close, besides reflections and thanks: a private
/// self-check while the mentorship runs, staying in touch, and the mentee's testimonial.
enum Closing {
    struct SelfCheckInput: Content {
        var goals: String?
        var communication: String?
        var objectives: String?
        var note: String?
    }

    struct StayInTouchInput: Content {
        /// How to be reached besides e-mail (a phone number, a profile link); optional.
        var contact: String?
    }

    struct TestimonialInput: Content {
        var body: String?
        /// The mentee's consent to the mentor showing it on their profile.
        var allowOnProfile: Bool?
    }

    // MARK: the self-check

    static func selfCheck(_ input: SelfCheckInput, in access: Mentorships.Access, on db: any Database) async throws -> SelfCheck {
        guard access.isPairMember else { throw DomainError.notFound("Mentorship") }
        guard access.mentorship.status == .active else { throw DomainError.conflict(Endings.readOnly) }
        let check = try CompatibilitySelfCheck(goals: input.goals, communication: input.communication, objectives: input.objectives, note: input.note)
        let row = SelfCheck(mentorshipID: try access.mentorship.requireID(), authorID: access.viewerID, check: check)
        try await row.save(on: db)
        return row
    }

    /// The viewer's own self-checks of this mentorship, newest first: nobody else's, ever.
    static func selfChecks(in access: Mentorships.Access, on db: any Database) async throws -> [SelfCheck] {
        guard access.isPairMember else { throw DomainError.notFound("Mentorship") }
        return try await SelfCheck.query(on: db).filter(\.$mentorship.$id == access.mentorship.requireID())
            .filter(\.$author.$id == access.viewerID).sort(\.$createdAt, .descending).limit(20).all()
    }

    // MARK: staying in touch

    struct Touch {
        let mine: StayInTouch?
        /// Set only once both agreed.
        let theirs: StayInTouch?
        let otherAgreed: Bool
        let otherEmail: String?

        /// Before the close: nobody has asked.
        static var none: Touch { Touch(mine: nil, theirs: nil, otherAgreed: false, otherEmail: nil) }
    }

    static func touch(in access: Mentorships.Access, on db: any Database) async throws -> Touch {
        guard access.isPairMember else { throw DomainError.notFound("Mentorship") }
        let rows = try await StayInTouch.query(on: db).filter(\.$mentorship.$id == access.mentorship.requireID()).all()
        let mine = rows.first { $0.$person.id == access.viewerID }
        let other = rows.first { $0.$person.id != access.viewerID }
        let readable = other.flatMap { o in
            AccessPolicy.access(access.relation(toRecordBy: o.$person.id), to: .stayInTouch(bothAgreed: mine != nil)) == .read ? o : nil
        }
        // The wish itself is told to them when made (so they can answer it); the details wait for both.
        return Touch(mine: mine, theirs: readable, otherAgreed: other != nil,
                     otherEmail: readable.map { _ in access.mentorship.other(than: access.viewerID).email })
    }

    static func stayInTouch(_ input: StayInTouchInput, in access: Mentorships.Access, by user: User, _ context: ActionContext) async throws -> Touch {
        try await Endings.requireClosing(access, on: context.db)
        var v = InputValidator()
        let contact = v.optionalText("contact", input.contact, label: "How to reach you", max: TestimonialLimits.contact)
        try v.check()
        let id = try access.mentorship.requireID()
        let other = access.mentorship.other(than: access.viewerID)
        try await context.db.writeTransaction { db in
            if let mine = try await StayInTouch.query(on: db).filter(\.$mentorship.$id == id).filter(\.$person.$id == access.viewerID).first() {
                mine.contact = contact
                try await mine.save(on: db)
                return
            }
            do { try await StayInTouch(mentorshipID: id, personID: access.viewerID, contact: contact).save(on: db) }
            catch let error as any DatabaseError where error.isConstraintFailure { return }
            let theyAgreed = try await StayInTouch.query(on: db).filter(\.$mentorship.$id == id).filter(\.$person.$id == other.requireID()).count() > 0
            // The other side hears the wish without learning anything they have not agreed to.
            try await Notifier.notify(other, title: theyAgreed ? "You and \(user.displayName) stay in touch" : "\(user.displayName) would like to stay in touch",
                                      body: theyAgreed ? "Your contact details are visible to each other on the Ending tab."
                                          : "If you would like to as well, say so on the Ending tab; your contact details become visible to each other.",
                                      link: Paths.mentorship(id, .ending) + "#stayInTouch", email: true, publicURL: context.publicURL, on: db, logger: context.logger)
        }
        return try await touch(in: access, on: context.db)
    }

    /// Taking it back hides both sides' details again.
    static func leaveTouch(in access: Mentorships.Access, on db: any Database) async throws {
        guard access.isPairMember else { throw DomainError.notFound("Mentorship") }
        try await StayInTouch.query(on: db).filter(\.$mentorship.$id == access.mentorship.requireID())
            .filter(\.$person.$id == access.viewerID).delete()
    }

    // MARK: the testimonial

    static func testimonial(in access: Mentorships.Access, on db: any Database) async throws -> Testimonial? {
        guard access.isPairMember else { throw DomainError.notFound("Mentorship") }
        return try await Testimonial.query(on: db).filter(\.$mentorship.$id == access.mentorship.requireID()).first()
    }

    /// The mentee writes it (again, if they like); without consent it is the mentor's to read only.
    /// A changed text goes back to the mentor before it is on their profile again.
    static func writeTestimonial(_ input: TestimonialInput, in access: Mentorships.Access, by user: User, _ context: ActionContext) async throws -> Testimonial {
        try await Endings.requireClosing(access, on: context.db)
        let m = access.mentorship
        guard m.$mentee.id == access.viewerID else { throw DomainError.forbidden("The mentee writes the testimonial, for the mentor.") }
        var v = InputValidator()
        let body = v.text("body", input.body, label: "Your testimonial", max: TestimonialLimits.body)
        try v.check()
        let allow = input.allowOnProfile ?? false
        let id = try m.requireID()
        return try await context.db.writeTransaction { db in
            let existing = try await Testimonial.query(on: db).filter(\.$mentorship.$id == id).first()
            let row = existing ?? Testimonial()
            let isNew = existing == nil
            if isNew {
                row.$mentorship.id = id
                row.$program.id = m.$program.id
                row.$mentee.id = m.$mentee.id
                row.$mentor.id = m.$mentor.id
            }
            let unchanged = !isNew && row.body == body
            row.body = body
            row.display = !allow ? .private : (unchanged && row.display == .shown ? .shown : .allowed)
            do { try await row.save(on: db) } catch let error as any DatabaseError where error.isConstraintFailure {
                throw DomainError.conflict("Your testimonial was saved a moment ago; reload to change it.")
            }
            if isNew || !unchanged {
                try await Notifier.notify(m.mentor, title: "\(user.displayName) wrote you a testimonial",
                                          body: String(body.prefix(500)) + (allow ? "\n\nYou may show it on your profile." : ""),
                                          link: Paths.mentorship(id, .ending) + "#testimonial", email: true, publicURL: context.publicURL, on: db, logger: context.logger)
            }
            return row
        }
    }

    /// The mentor shows or hides it on their profile; showing needs the mentee's consent, checked
    /// in the same statement that shows it, so a consent withdrawn a moment before always wins.
    static func setShown(_ shown: Bool, in access: Mentorships.Access, on db: any Database) async throws -> Testimonial {
        guard access.isPairMember else { throw DomainError.notFound("Mentorship") }
        guard access.mentorship.$mentor.id == access.viewerID else { throw DomainError.forbidden("The mentor chooses what their profile shows.") }
        guard let row = try await testimonial(in: access, on: db) else { throw DomainError.notFound("Testimonial") }
        let from: TestimonialDisplay = shown ? .allowed : .shown
        let to: TestimonialDisplay = shown ? .shown : .allowed
        if row.display != to {
            guard try await db.claim(Testimonial.schema, id: row.requireID(), column: "display", from: from.rawValue, to: to.rawValue) else {
                throw DomainError.conflict(shown ? "\(access.mentorship.mentee.firstName) has not allowed this testimonial on your profile."
                                                 : "This testimonial is not on your profile.")
            }
            row.display = to
        }
        return row
    }

    /// What a mentor's profile shows to a viewer: testimonials on display from the programs the
    /// two share (the mentor sees all of theirs).
    static func onProfile(of mentorID: UUID, to viewer: User, on db: any Database) async throws -> [Testimonial] {
        let viewerID = try viewer.requireID()
        let query = Testimonial.query(on: db).filter(\.$mentor.$id == mentorID).filter(\.$display == .shown).with(\.$mentee)
        if viewerID != mentorID {
            let programs = try await ProgramMembership.query(on: db).filter(\.$user.$id == viewerID).all().map { $0.$program.id }
            query.filter(\.$program.$id ~~ programs)
        }
        return try await query.sort(\.$createdAt, .descending).limit(50).all()
    }
}
