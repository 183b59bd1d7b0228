import Foundation
import TandemCore

// Benchmarks of Tandem's domain algorithms.
//   swift run -c release tandem-bench match [MENTEES MENTORS] [--uniform|--clustered]   solve dense problems; time and memory
//   swift run -c release tandem-bench match-suite               1k×300, 5k×1.5k and 20k×6k (the README figures)
//   swift run -c release tandem-bench write-problem FILE MENTEES MENTORS   a problem file for `tandem match`

func peakMemoryMB() -> Int {
    // VmHWM: the resident set's high-water mark.
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return -1 }
    return (Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) / 1024
}

func seconds(_ start: ContinuousClock.Instant) -> Double {
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

func runMatch(mentees: Int, mentors: Int, distribution: ProblemGenerator.Distribution) {
    var start = ContinuousClock.now
    let problem = ProblemGenerator.dense(mentees: mentees, mentors: mentors, distribution: distribution)
    let generated = seconds(start)
    start = ContinuousClock.now
    let result = AssignmentSolver.solve(problem)
    let solved = seconds(start)
    let memory = peakMemoryMB()
    let capacity = problem.capacities.reduce(0, +)
    let greedy = GreedyMatcher.solve(problem)
    func weakest(_ r: MatchingResult) -> Int {
        r.mentorOfMentee.enumerated().compactMap { mentee, mentor in mentor.flatMap { problem.scores[mentee, $0] } }.min() ?? 0
    }
    print(String(format: "%@ %6d × %5d  capacity %6d  matched %6d  total %8d  rounds %d  generate %.2f s  solve %.2f s  peak memory %d MB",
                 distribution.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0), mentees, mentors, capacity, result.matchedCount, result.total, result.rounds, generated, solved, memory))
    print(String(format: "                         greedy: matched %6d  total %8d (%.1f %% less)  weakest pair %d vs %d optimal",
                 greedy.matchedCount, greedy.total, 100 * Double(result.total - greedy.total) / Double(max(result.total, 1)),
                 weakest(greedy), weakest(result)))
}

var arguments = Array(CommandLine.arguments.dropFirst())
var distributions: [ProblemGenerator.Distribution] = [.clustered, .uniform]
if let index = arguments.firstIndex(of: "--uniform") { distributions = [.uniform]; arguments.remove(at: index) }
if let index = arguments.firstIndex(of: "--clustered") { distributions = [.clustered]; arguments.remove(at: index) }
switch arguments.first {
case "match":
    let mentees = arguments.count > 1 ? Int(arguments[1]) ?? 20_000 : 20_000
    let mentors = arguments.count > 2 ? Int(arguments[2]) ?? 6_000 : 6_000
    for distribution in distributions { runMatch(mentees: mentees, mentors: mentors, distribution: distribution) }
case "match-suite":
    // One process a problem, so each peak-memory figure is that problem's own.
    for distribution in distributions {
        for (mentees, mentors) in [(1_000, 300), (5_000, 1_500), (20_000, 6_000)] {
            let child = Process()
            child.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
            child.arguments = ["match", String(mentees), String(mentors), "--\(distribution.rawValue)"]
            try child.run()
            child.waitUntilExit()
        }
    }
case "write-problem":
    guard arguments.count == 4, let mentees = Int(arguments[2]), let mentors = Int(arguments[3]) else {
        print("usage: tandem-bench write-problem FILE MENTEES MENTORS")
        exit(64)
    }
    let problem = ProblemGenerator.dense(mentees: mentees, mentors: mentors)
    _ = FileManager.default.createFile(atPath: arguments[1], contents: nil)
    guard let file = FileHandle(forWritingAtPath: arguments[1]) else { print("cannot write \(arguments[1])"); exit(73) }
    var out = "{\"mentors\":["
    out += problem.capacities.enumerated().map { "{\"id\":\"r\($0.offset)\",\"capacity\":\($0.element)}" }.joined(separator: ",")
    out += "],\"mentees\":["
    out += (0..<mentees).map { "{\"id\":\"e\($0)\"}" }.joined(separator: ",")
    out += "],\"scores\":[\n"
    file.write(Data(out.utf8))
    for i in 0..<mentees {
        var line = i == 0 ? "[" : ",\n["
        for j in 0..<mentors {
            if j > 0 { line += "," }
            if let score = problem.scores[i, j] { line += String(score) } else { line += "null" }
        }
        line += "]"
        file.write(Data(line.utf8))
    }
    file.write(Data("\n]}\n".utf8))
    try? file.close()
    print("wrote \(arguments[1])")
default:
    print("usage: tandem-bench match [MENTEES MENTORS] | match-suite | write-problem FILE MENTEES MENTORS")
    exit(64)
}
