import Testing
@testable import TandemCore

/// A tiny deterministic random source, so a failing case can be replayed from its seed.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Tries every assignment: the most mentees matched, then the largest total.
func bruteForce(_ problem: MatchingProblem) -> (matched: Int, total: Int) {
    let n = problem.scores.menteeCount
    let m = problem.scores.mentorCount
    var load = [Int](repeating: 0, count: m)
    var best = (matched: 0, total: 0)
    func visit(_ mentee: Int, matched: Int, total: Int) {
        if mentee == n {
            if matched > best.matched || (matched == best.matched && total > best.total) { best = (matched, total) }
            return
        }
        visit(mentee + 1, matched: matched, total: total)
        for mentor in 0..<m where load[mentor] < problem.capacities[mentor] {
            guard let score = problem.allowed(mentee, mentor) else { continue }
            load[mentor] += 1
            visit(mentee + 1, matched: matched + 1, total: total + score)
            load[mentor] -= 1
        }
    }
    visit(0, matched: 0, total: 0)
    return best
}

func randomProblem(_ rng: inout SplitMix, mentees: Int, mentors: Int, forbiddenShare: Double, minimumScore: Int? = nil) -> MatchingProblem {
    var scores = ScoreMatrix(menteeCount: mentees, mentorCount: mentors)
    for i in 0..<mentees {
        for j in 0..<mentors {
            scores[i, j] = Double.random(in: 0..<1, using: &rng) < forbiddenShare ? nil : Int.random(in: 0...100, using: &rng)
        }
    }
    let capacities = (0..<mentors).map { _ in Int.random(in: 0...3, using: &rng) }
    return MatchingProblem(scores: scores, capacities: capacities, minimumScore: minimumScore)
}

@Suite("Optimal bulk matching")
struct AssignmentSolverTests {
    func check(_ problem: MatchingProblem, candidates: Int, label: String) {
        let result = AssignmentSolver.solve(problem, candidates: candidates)
        let expected = bruteForce(problem)
        #expect(result.matchedCount == expected.matched, "\(label): matched")
        #expect(result.total == expected.total, "\(label): total")
        // The result itself is feasible.
        var load = [Int](repeating: 0, count: problem.capacities.count)
        var total = 0
        for (mentee, mentor) in result.mentorOfMentee.enumerated() {
            guard let mentor else { continue }
            load[mentor] += 1
            let score = problem.allowed(mentee, mentor)
            #expect(score != nil, "\(label): a forbidden pair was used")
            total += score ?? 0
        }
        #expect(zip(load, problem.capacities).allSatisfy { $0 <= $1 }, "\(label): capacity exceeded")
        #expect(total == result.total)
    }

    @Test("matches brute force on 600 small random problems", arguments: 0..<6)
    func againstBruteForce(batch: Int) {
        var rng = SplitMix(state: UInt64(batch) &* 7919 &+ 1)
        for case_ in 0..<100 {
            let mentees = Int.random(in: 1...8, using: &rng)
            let mentors = Int.random(in: 1...4, using: &rng)
            let forbidden = [0.0, 0.2, 0.5][case_ % 3]
            let minimum = case_ % 4 == 0 ? 40 : nil
            let problem = randomProblem(&rng, mentees: mentees, mentors: mentors, forbiddenShare: forbidden, minimumScore: minimum)
            // Tiny candidate lists force the exactness check to do its work.
            check(problem, candidates: [1, 2, 24][case_ % 3], label: "batch \(batch) case \(case_)")
        }
    }

    @Test("more mentees than places: the best ones for the places are chosen")
    func scarcePlaces() {
        var scores = ScoreMatrix(menteeCount: 3, mentorCount: 1)
        scores[0, 0] = 10
        scores[1, 0] = 90
        scores[2, 0] = 50
        let result = AssignmentSolver.solve(MatchingProblem(scores: scores, capacities: [1]))
        #expect(result.mentorOfMentee == [nil, 0, nil])
        #expect(result.total == 90)
    }

    @Test("matching everyone comes before a higher total")
    func cardinalityFirst() {
        // Mentee 0 loves mentor 0; mentee 1 can only go to mentor 0.
        var scores = ScoreMatrix(menteeCount: 2, mentorCount: 2)
        scores[0, 0] = 100
        scores[0, 1] = 0
        scores[1, 0] = 1
        let result = AssignmentSolver.solve(MatchingProblem(scores: scores, capacities: [1, 1]))
        #expect(result.mentorOfMentee == [1, 0])
        #expect(result.total == 1)
    }

    @Test("a minimum score leaves weak pairs unmatched")
    func minimumScore() {
        var scores = ScoreMatrix(menteeCount: 2, mentorCount: 1)
        scores[0, 0] = 30
        scores[1, 0] = 35
        let result = AssignmentSolver.solve(MatchingProblem(scores: scores, capacities: [2], minimumScore: 40))
        #expect(result.matchedCount == 0)
    }

    @Test("a larger random problem is optimal: no left-out pair could improve it")
    func exactnessOnLargerProblem() {
        var rng = SplitMix(state: 42)
        let problem = randomProblem(&rng, mentees: 400, mentors: 120, forbiddenShare: 0.05)
        let narrow = AssignmentSolver.solve(problem, candidates: 2)
        let wide = AssignmentSolver.solve(problem, candidates: 120)
        #expect(narrow.matchedCount == wide.matchedCount)
        #expect(narrow.total == wide.total)
        #expect(narrow.rounds >= 1)
    }
}

@Suite("The spread of a matching's scores")
struct ScoreHistogramTests {
    @Test("bands of ten, the median, and how many fall below the minimum")
    func bands() {
        let histogram = ScoreHistogram(scores: [12, 48, 49, 50, 55, 71, 100, 95], minimum: 50)
        #expect(histogram.bands.map(\.count) == [0, 1, 0, 0, 2, 2, 0, 1, 0, 2])
        #expect(histogram.bands[4].belowMinimum && !histogram.bands[5].belowMinimum)
        #expect(histogram.belowMinimum == 3 && histogram.median == 52)
        #expect(histogram.summary == "8 pairs, median score 52, from 12 to 100; 3 below the minimum of 50.")
        let svg = histogram.svg(title: "Pair scores")
        #expect(svg.contains("<title>90–100: 2</title>") && svg.contains("minimum 50"))
        #expect(ScoreHistogram(scores: [], minimum: nil).summary == "No pairs to show.")
    }
}
