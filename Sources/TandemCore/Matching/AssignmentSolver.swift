/// Globally optimal bulk matching (journey J3): as many mentees as possible are matched, and
/// among all such matchings the total score is the largest. Mentor capacities hold; forbidden
/// pairs are never used.
///
/// The problem is a min-cost flow on the capacitated bipartite graph, solved by successive
/// shortest augmenting paths with node potentials (Jonker–Volgenant style, integer costs): each
/// unit of supply searches with Dijkstra for the nearest place with room; a full place hands the
/// search on to those assigned to it. The search runs on a reduced graph — each node's best
/// candidates — and an exactness check then tests every left-out pair against the dual prices;
/// pairs that could improve the result are added and the search runs again, until none can.
/// The result is therefore optimal for the full problem, not only for the reduced one.
public struct MatchingProblem: Sendable {
    public var scores: ScoreMatrix
    public var capacities: [Int]
    /// Pairs below this score are not matched at all ("only good matches").
    public var minimumScore: Int?

    public init(scores: ScoreMatrix, capacities: [Int], minimumScore: Int? = nil) {
        precondition(capacities.count == scores.mentorCount)
        self.scores = scores
        self.capacities = capacities
        self.minimumScore = minimumScore
    }

    func allowed(_ mentee: Int, _ mentor: Int) -> Int? {
        guard let score = scores[mentee, mentor] else { return nil }
        if let minimumScore, score < minimumScore { return nil }
        return score
    }
}

public struct MatchingResult: Equatable, Sendable {
    /// For each mentee, the mentor it is matched with, or nil.
    public let mentorOfMentee: [Int?]
    public let total: Int
    public var matchedCount: Int { mentorOfMentee.lazy.compactMap { $0 }.count }
    /// How many times the exactness check sent the search back with more pairs.
    public let rounds: Int
}

public enum AssignmentSolver {
    /// Candidates kept per node in the first round; the exactness check adds what is missing.
    public static var defaultCandidates: Int { 24 }

    public static func solve(_ problem: MatchingProblem, candidates: Int = AssignmentSolver.defaultCandidates) -> MatchingResult {
        let n = problem.scores.menteeCount
        let m = problem.scores.mentorCount
        let capacities = problem.capacities.map { max($0, 0) }
        let totalCapacity = capacities.reduce(0, +)
        guard n > 0, m > 0, totalCapacity > 0 else {
            return MatchingResult(mentorOfMentee: Array(repeating: nil, count: n), total: 0, rounds: 0)
        }
        // Search from the scarcer side: every unit of it is then likely to find room quickly.
        let transposed = totalCapacity < n
        var graph = FlowGraph(problem: problem, capacities: capacities, transposed: transposed)
        graph.keepBest(candidates)
        var rounds = 0
        while true {
            rounds += 1
            var search = graph.makeSearch()
            search.run()
            let missing = search.pairsThatCouldImprove()
            if missing.isEmpty {
                return search.result(rounds: rounds)
            }
            graph.add(missing)
        }
    }
}

/// The bipartite graph as the search sees it. Left nodes each carry one unit of supply; right
/// nodes take up to their capacity. With `transposed`, mentor slots are the left side and mentees
/// the right side.
struct FlowGraph {
    let problem: MatchingProblem
    let transposed: Bool
    /// Left node → the owner whose candidate list it uses (a mentee, or a mentor for its slots).
    var ownerOfLeft: [Int32] = []
    var leftOfOwner: [[Int32]] = []
    /// Right capacities (mentor capacity, or 1 per mentee when transposed).
    var rightCapacity: [Int] = []
    /// Candidate right nodes of each owner with their costs (cost = best − score, so ≥ 0).
    var candidates: [[Int32]] = []
    var candidateCosts: [[Int32]] = []
    let ownerCount: Int
    let rightCount: Int
    /// Costs are `maximumScore - score`; the dummy place ("unmatched") costs more than any set of
    /// real pairs can, so the number matched comes first and the total second.
    let dummyCost: Int

    init(problem: MatchingProblem, capacities: [Int], transposed: Bool) {
        self.problem = problem
        self.transposed = transposed
        let n = problem.scores.menteeCount
        let m = problem.scores.mentorCount
        if transposed {
            ownerCount = m
            rightCount = n
            rightCapacity = Array(repeating: 1, count: n)
            leftOfOwner = Array(repeating: [], count: m)
            for mentor in 0..<m {
                for _ in 0..<capacities[mentor] {
                    leftOfOwner[mentor].append(Int32(ownerOfLeft.count))
                    ownerOfLeft.append(Int32(mentor))
                }
            }
        } else {
            ownerCount = n
            rightCount = m
            rightCapacity = capacities
            ownerOfLeft = (0..<n).map(Int32.init)
            leftOfOwner = (0..<n).map { [Int32($0)] }
        }
        dummyCost = ScoreMatrix.maximumScore * (ownerOfLeft.count + 1) + 1
    }

    func score(owner: Int, right: Int) -> Int? {
        transposed ? problem.allowed(right, owner) : problem.allowed(owner, right)
    }

    /// Keeps each owner's `k` best candidates (more for a mentor with many slots), and everyone
    /// tied with the last one kept, up to four times as many: with many equal scores, leaving
    /// some of a tie out would only send the search back for them.
    mutating func keepBest(_ k: Int) {
        candidates = Array(repeating: [], count: ownerCount)
        candidateCosts = Array(repeating: [], count: ownerCount)
        var buckets = [[Int32]](repeating: [], count: ScoreMatrix.maximumScore + 1)
        for owner in 0..<ownerCount {
            let want = k + 2 * leftOfOwner[owner].count
            for index in buckets.indices { buckets[index].removeAll(keepingCapacity: true) }
            for right in 0..<rightCount {
                if let score = score(owner: owner, right: right) { buckets[score].append(Int32(right)) }
            }
            var kept = 0
            var score = ScoreMatrix.maximumScore
            let ceiling = 4 * want
            while score >= 0 && kept < want {
                for right in buckets[score] where kept < ceiling {
                    candidates[owner].append(right)
                    candidateCosts[owner].append(Int32(ScoreMatrix.maximumScore - score))
                    kept += 1
                }
                score -= 1
            }
        }
    }

    mutating func add(_ pairs: [(owner: Int, right: Int)]) {
        for pair in pairs {
            guard let score = score(owner: pair.owner, right: pair.right) else { continue }
            candidates[pair.owner].append(Int32(pair.right))
            candidateCosts[pair.owner].append(Int32(ScoreMatrix.maximumScore - score))
        }
    }

    func makeSearch() -> AugmentingSearch { AugmentingSearch(graph: self) }
}

/// Successive shortest augmenting paths with potentials on a `FlowGraph`.
struct AugmentingSearch {
    let graph: FlowGraph
    let leftCount: Int
    let rightCount: Int
    /// Right index `rightCount` is the dummy place: unlimited room at `dummyCost`.
    var dummy: Int { rightCount }

    var rightOfLeft: [Int32]            // -1 while unassigned
    var leftsOfRight: [[Int32]]
    var leftPotential: [Int]
    var rightPotential: [Int]

    // Dijkstra state, reused between searches and reset only where it was touched.
    var distance: [Int]
    var predecessorLeft: [Int32]
    var leftDistance: [Int]
    var predecessorRight: [Int32]
    var popped: [Bool]
    var scannedRight: [Int32] = []
    var scannedLeft: [Int32] = []
    var touchedRight: [Int32] = []
    var heap = MinHeap()

    init(graph: FlowGraph) {
        self.graph = graph
        leftCount = graph.ownerOfLeft.count
        rightCount = graph.rightCount
        rightOfLeft = Array(repeating: -1, count: leftCount)
        leftsOfRight = Array(repeating: [], count: rightCount + 1)
        leftPotential = Array(repeating: 0, count: leftCount)
        rightPotential = Array(repeating: 0, count: rightCount + 1)
        distance = Array(repeating: .max, count: rightCount + 1)
        popped = Array(repeating: false, count: rightCount + 1)
        predecessorLeft = Array(repeating: -1, count: rightCount + 1)
        leftDistance = Array(repeating: .max, count: leftCount)
        predecessorRight = Array(repeating: -1, count: leftCount)
    }

    func hasRoom(_ right: Int) -> Bool {
        right == dummy || leftsOfRight[right].count < graph.rightCapacity[right]
    }

    mutating func run() {
        for left in 0..<leftCount { augment(from: left) }
    }

    private mutating func relax(from left: Int, at base: Int) {
        let owner = Int(graph.ownerOfLeft[left])
        let potential = leftPotential[left]
        let current = Int(rightOfLeft[left])
        let rights = graph.candidates[owner]
        let costs = graph.candidateCosts[owner]
        for index in rights.indices {
            let right = Int(rights[index])
            if right == current { continue }
            let candidate = base + Int(costs[index]) + potential - rightPotential[right]
            if candidate < distance[right] {
                if distance[right] == .max { touchedRight.append(Int32(right)) }
                distance[right] = candidate
                predecessorLeft[right] = Int32(left)
                heap.push(candidate, right)
            }
        }
        // The dummy place is always a candidate.
        if current != dummy {
            let candidate = base + graph.dummyCost + potential - rightPotential[dummy]
            if candidate < distance[dummy] {
                if distance[dummy] == .max { touchedRight.append(Int32(dummy)) }
                distance[dummy] = candidate
                predecessorLeft[dummy] = Int32(left)
                heap.push(candidate, dummy)
            }
        }
    }

    private func cost(left: Int, right: Int) -> Int {
        if right == dummy { return graph.dummyCost }
        let owner = Int(graph.ownerOfLeft[left])
        return ScoreMatrix.maximumScore - graph.score(owner: owner, right: right)!
    }

    /// Dijkstra from one unassigned left node to the nearest right node with room.
    private mutating func augment(from source: Int) {
        heap.removeAll()
        leftDistance[source] = 0
        scannedLeft.append(Int32(source))
        relax(from: source, at: 0)
        var terminal = -1
        var terminalDistance = 0
        while let (d, right) = heap.pop() {
            if popped[right] || d > distance[right] { continue }   // a stale entry
            popped[right] = true
            if hasRoom(right) {
                terminal = right
                terminalDistance = d
                break
            }
            scannedRight.append(Int32(right))
            // A full place hands the search on to those assigned to it.
            for left32 in leftsOfRight[right] {
                let left = Int(left32)
                let reduced = -cost(left: left, right: right) + rightPotential[right] - leftPotential[left]
                let candidate = d + reduced
                if candidate < leftDistance[left] {
                    if leftDistance[left] == .max { scannedLeft.append(left32) }
                    leftDistance[left] = candidate
                    predecessorRight[left] = Int32(right)
                    relax(from: left, at: candidate)
                }
            }
        }
        precondition(terminal >= 0, "the dummy place always has room")

        // Potentials: scanned nodes move by (their distance − the terminal's), keeping every
        // reduced cost non-negative.
        for right32 in scannedRight {
            let right = Int(right32)
            rightPotential[right] += distance[right] - terminalDistance
        }
        for left32 in scannedLeft {
            let left = Int(left32)
            if leftDistance[left] < terminalDistance {
                leftPotential[left] += leftDistance[left] - terminalDistance
            }
        }
        // Augment along the path back to the source.
        var right = terminal
        while true {
            let left = Int(predecessorLeft[right])
            let previous = Int(rightOfLeft[left])
            if previous >= 0, let index = leftsOfRight[previous].firstIndex(of: Int32(left)) {
                leftsOfRight[previous].remove(at: index)
            }
            rightOfLeft[left] = Int32(right)
            leftsOfRight[right].append(Int32(left))
            if left == source { break }
            right = previous
        }
        // Reset what this search touched.
        for right32 in touchedRight {
            distance[Int(right32)] = .max
            popped[Int(right32)] = false
        }
        for left32 in scannedLeft { leftDistance[Int(left32)] = .max }
        touchedRight.removeAll(keepingCapacity: true)
        scannedRight.removeAll(keepingCapacity: true)
        scannedLeft.removeAll(keepingCapacity: true)
    }

    /// Allowed pairs outside the reduced graph whose reduced cost is negative: adding them could
    /// improve the result. Empty means the prices prove the result optimal for the full problem.
    /// At most `perOwner` pairs an owner, the most promising first, so one round stays small.
    func pairsThatCouldImprove(perOwner: Int = 8) -> [(owner: Int, right: Int)] {
        var missing: [(owner: Int, right: Int)] = []
        var found: [(reduced: Int, right: Int)] = []
        var known = [Bool](repeating: false, count: rightCount)
        for owner in 0..<graph.ownerCount {
            for right in graph.candidates[owner] { known[Int(right)] = true }
            // The owner's slots are interchangeable: the lowest potential is the binding one.
            var potential = Int.max
            for left in graph.leftOfOwner[owner] { potential = min(potential, leftPotential[Int(left)]) }
            if potential != .max {
                found.removeAll(keepingCapacity: true)
                for right in 0..<rightCount where !known[right] {
                    guard let score = graph.score(owner: owner, right: right) else { continue }
                    let reduced = ScoreMatrix.maximumScore - score + potential - rightPotential[right]
                    if reduced < 0 { found.append((reduced, right)) }
                }
                if found.count > perOwner { found.sort { $0.reduced < $1.reduced } }
                for pair in found.prefix(perOwner) { missing.append((owner, pair.right)) }
            }
            for right in graph.candidates[owner] { known[Int(right)] = false }
        }
        return missing
    }

    func result(rounds: Int) -> MatchingResult {
        var mentorOfMentee = [Int?](repeating: nil, count: graph.problem.scores.menteeCount)
        var total = 0
        for left in 0..<leftCount {
            let right = Int(rightOfLeft[left])
            guard right >= 0, right != dummy else { continue }
            let owner = Int(graph.ownerOfLeft[left])
            let (mentee, mentor) = graph.transposed ? (right, owner) : (owner, right)
            mentorOfMentee[mentee] = mentor
            total += graph.problem.scores[mentee, mentor]!
        }
        return MatchingResult(mentorOfMentee: mentorOfMentee, total: total, rounds: rounds)
    }
}

/// A binary min-heap of (distance, node) for Dijkstra; stale entries are skipped by the caller.
struct MinHeap {
    private var keys: [Int] = []
    private var values: [Int32] = []

    mutating func removeAll() {
        keys.removeAll(keepingCapacity: true)
        values.removeAll(keepingCapacity: true)
    }

    mutating func push(_ key: Int, _ value: Int) {
        keys.append(key)
        values.append(Int32(value))
        var child = keys.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            if keys[parent] <= keys[child] { break }
            keys.swapAt(parent, child)
            values.swapAt(parent, child)
            child = parent
        }
    }

    mutating func pop() -> (Int, Int)? {
        guard let top = keys.first else { return nil }
        let value = Int(values[0])
        let lastKey = keys.removeLast()
        let lastValue = values.removeLast()
        if !keys.isEmpty {
            keys[0] = lastKey
            values[0] = lastValue
            var parent = 0
            while true {
                let left = 2 * parent + 1
                if left >= keys.count { break }
                let right = left + 1
                let child = right < keys.count && keys[right] < keys[left] ? right : left
                if keys[parent] <= keys[child] { break }
                keys.swapAt(parent, child)
                values.swapAt(parent, child)
                parent = child
            }
        }
        return (top, value)
    }
}
