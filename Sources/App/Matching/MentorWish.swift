import Fluent
import TandemCore
import Vapor

/// A mentee's ranked wish (1 to 3) for a mentor, which bulk matching honours as a bonus.
final class MentorWish: Model, @unchecked Sendable {
    static let schema = "mentor_wishes"

    @ID(key: .id) var id: UUID?
    @Field(key: "rank") var rank: Int

    @Parent(key: "program_id") var program: Program
    @Parent(key: "mentee_id") var mentee: User
    @Parent(key: "mentor_id") var mentor: User

    init() {}

    init(programID: UUID, menteeID: UUID, mentorID: UUID, rank: Int) {
        self.$program.id = programID
        self.$mentee.id = menteeID
        self.$mentor.id = mentorID
        self.rank = rank
    }

    static let maximum = 3
    /// Points added to the score of a wished pair in bulk matching, by rank.
    static func bonus(rank: Int) -> Int {
        switch rank {
        case 1: 10
        case 2: 6
        case 3: 3
        default: 0
        }
    }
}

enum Wishes {
    /// Replaces a mentee's wishes with these mentors, best first.
    static func set(_ mentorIDs: [UUID], in programID: UUID?, by user: User, on db: any Database) async throws -> [UUID] {
        let found = try await Programs.find(programID, for: user, on: db)
        let userID = try user.requireID()
        guard found.membership.isMentee else { throw DomainError.forbidden("Only mentees of “\(found.program.name)” have wishes there.") }
        guard mentorIDs.count <= MentorWish.maximum else {
            throw ValidationFailure("mentorIds", "Wish for at most \(MentorWish.maximum) mentors, best first.")
        }
        guard Set(mentorIDs).count == mentorIDs.count else { throw ValidationFailure("mentorIds", "Each mentor may appear once.") }
        guard !mentorIDs.contains(userID) else { throw ValidationFailure("mentorIds", "You cannot wish for yourself.") }
        let mentors = try await ProgramMembership.query(on: db).filter(\.$program.$id == found.programID)
            .filter(\.$user.$id ~~ mentorIDs).filter(\.$isMentor == true).count()
        guard mentors == mentorIDs.count else { throw ValidationFailure("mentorIds", "Every wish must be a mentor in this program.") }
        try await db.writeTransaction { db in
            try await MentorWish.query(on: db).filter(\.$program.$id == found.programID).filter(\.$mentee.$id == userID).delete()
            for (index, mentorID) in mentorIDs.enumerated() {
                try await MentorWish(programID: found.programID, menteeID: userID, mentorID: mentorID, rank: index + 1).save(on: db)
            }
        }
        return mentorIDs
    }

    static func list(in programID: UUID, of menteeID: UUID, on db: any Database) async throws -> [UUID] {
        try await MentorWish.query(on: db).filter(\.$program.$id == programID).filter(\.$mentee.$id == menteeID)
            .sort(\.$rank).all().map { $0.$mentor.id }
    }
}
