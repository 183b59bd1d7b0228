import Foundation
import Testing
@testable import TandemCore

@Suite("Confidentiality: who may read what")
struct AccessPolicyTests {
    /// The whole policy written out by hand, viewer × visibility, so a change to the rule has to
    /// change this table too.
    static let expected: [(ViewerRelation, Visibility, Access)] = [
        (.author, .authorOnly, .read),
        (.author, .pair, .read),
        (.author, .programAggregate, .read),
        (.counterpart, .authorOnly, .none),
        (.counterpart, .pair, .read),
        (.counterpart, .programAggregate, .none),
        (.coordinator, .authorOnly, .none),
        (.coordinator, .pair, .aggregate),
        (.coordinator, .programAggregate, .aggregate),
        (.participant, .authorOnly, .none),
        (.participant, .pair, .none),
        (.participant, .programAggregate, .none),
        (.stranger, .authorOnly, .none),
        (.stranger, .pair, .none),
        (.stranger, .programAggregate, .none),
    ]

    @Test("the table covers every viewer and every visibility")
    func tableIsComplete() {
        let covered = Set(Self.expected.map { "\($0.0.rawValue)/\($0.1.rawValue)" })
        #expect(covered.count == ViewerRelation.allCases.count * Visibility.allCases.count)
    }

    @Test("access matches the table", arguments: expected.indices)
    func access(_ index: Int) {
        let (relation, visibility, access) = Self.expected[index]
        #expect(AccessPolicy.access(relation, to: visibility) == access, "\(relation) reading \(visibility)")
        #expect(AccessPolicy.canRead(relation, visibility) == (access == .read))
    }

    @Test("a private record is readable by its author only, coordinators included")
    func privateIsPrivate() {
        let readers = ViewerRelation.allCases.filter { AccessPolicy.canRead($0, .authorOnly) }
        #expect(readers == [.author])
    }

    @Test("a coordinator never reads a pair's content, whatever its visibility")
    func coordinatorNeverReads() {
        for visibility in Visibility.allCases {
            #expect(!AccessPolicy.canRead(.coordinator, visibility))
        }
    }

    @Test("the relation is the strongest one that applies")
    func relationPrecedence() {
        let mentor = UUID(), mentee = UUID(), coordinator = UUID(), other = UUID(), stranger = UUID()
        let pair: Set = [mentor, mentee]
        func relation(_ viewer: UUID, author: UUID = mentee) -> ViewerRelation {
            .of(viewer: viewer, author: author, pair: pair,
                coordinators: [coordinator, mentor], participants: [mentor, mentee, other])
        }
        #expect(relation(mentee) == .author)
        // The mentor is also a coordinator of the program, but reads as the other side.
        #expect(relation(mentor) == .counterpart)
        #expect(relation(coordinator) == .coordinator)
        #expect(relation(other) == .participant)
        #expect(relation(stranger) == .stranger)
        // An author who coordinates reads their own record as its author.
        #expect(relation(mentor, author: mentor) == .author)
    }
}
