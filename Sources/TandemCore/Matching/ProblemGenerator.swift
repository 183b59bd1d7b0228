/// Realistic random cohorts for benchmarks and tests: people have interests in a few areas, so
/// scores cluster the way real compatibility does (uniform noise would make matching too easy).
public enum ProblemGenerator {
    public enum Distribution: String, Sendable {
        /// Scores from interests in a few areas, plus some broadly appealing mentors.
        case clustered
        /// Every score equally likely, 0...100.
        case uniform
    }

    public static func dense(mentees: Int, mentors: Int, forbiddenShare: Double = 0.05,
                             capacities: ClosedRange<Int> = 1...4, distribution: Distribution = .clustered,
                             seed: UInt64 = 2026) -> MatchingProblem {
        var rng = Xorshift(seed: seed)
        let dimensions = 6
        func profile() -> [Double] { (0..<dimensions).map { _ in rng.unit() } }
        let menteeProfiles = (0..<mentees).map { _ in profile() }
        let mentorProfiles = (0..<mentors).map { _ in profile() }
        // Some mentors suit almost everyone: the popular ones that greedy matching fights over.
        let mentorAppeal = (0..<mentors).map { _ in rng.unit() * 10 }
        var scores = ScoreMatrix(menteeCount: mentees, mentorCount: mentors)
        for i in 0..<mentees {
            let a = menteeProfiles[i]
            scores.withRow(i) { row in
                for j in 0..<mentors {
                    if rng.unit() < forbiddenShare { row[j] = ScoreMatrix.forbidden; continue }
                    if distribution == .uniform { row[j] = UInt8(rng.next() % 101); continue }
                    let b = mentorProfiles[j]
                    var distance = 0.0
                    for d in 0..<dimensions { distance += abs(a[d] - b[d]) }
                    let score = 95 - distance / Double(dimensions) * 200 + mentorAppeal[j] + (rng.unit() - 0.5) * 10
                    row[j] = UInt8(max(0, min(100, Int(score.rounded()))))
                }
            }
        }
        let capacityList = (0..<mentors).map { _ in capacities.lowerBound + Int(rng.next() % UInt64(capacities.count)) }
        return MatchingProblem(scores: scores, capacities: capacityList)
    }

    /// A small, fast, seeded generator: the same seed builds the same problem (or program) every run.
    public struct Xorshift: RandomNumberGenerator {
        var state: UInt64
        public init(seed: UInt64) { state = seed == 0 ? 0x9E37_79B9_7F4A_7C15 : seed }
        public mutating func next() -> UInt64 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return state
        }
        public mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
    }
}

/// The obvious approach, for comparison: best pairs first while both sides have room.
public enum GreedyMatcher {
    public static func solve(_ problem: MatchingProblem) -> MatchingResult {
        let n = problem.scores.menteeCount
        let m = problem.scores.mentorCount
        var buckets = [[Int]](repeating: [], count: ScoreMatrix.maximumScore + 1)
        for i in 0..<n {
            for j in 0..<m {
                if let score = problem.allowed(i, j) { buckets[score].append(i * m + j) }
            }
        }
        var load = [Int](repeating: 0, count: m)
        var mentorOfMentee = [Int?](repeating: nil, count: n)
        var total = 0
        for score in stride(from: ScoreMatrix.maximumScore, through: 0, by: -1) {
            for pair in buckets[score] {
                let (i, j) = (pair / m, pair % m)
                if mentorOfMentee[i] == nil && load[j] < problem.capacities[j] {
                    mentorOfMentee[i] = j
                    load[j] += 1
                    total += score
                }
            }
        }
        return MatchingResult(mentorOfMentee: mentorOfMentee, total: total, rounds: 0)
    }
}
