import Foundation
import Testing
@testable import App

@Suite("tandem match")
struct MatchCommandTests {
    func temporary(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("tandem-match-\(UUID().uuidString)-\(name)").path
    }

    @Test("reads a problem file and writes the optimal result")
    func solvesFile() throws {
        let problem = temporary("problem.json")
        let output = temporary("result.json")
        try #"""
        {"mentees":[{"id":"ana"},{"id":"ben"},{"id":"cy"}],
         "mentors":[{"id":"m1","capacity":1},{"id":"m2","capacity":1}],
         "scores":[[90,null],[80,70],[10,60]]}
        """#.write(toFile: problem, atomically: true, encoding: .utf8)
        #expect(MatchCommand.run(["--problem", problem, "--output", output]) == 0)
        let result = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: output))) as? [String: Any])
        #expect(result["total"] as? Int == 160)
        #expect((result["pairs"] as? [[String: Any]])?.count == 2)
        #expect(result["unmatched"] as? [String] == ["cy"])

        #expect(MatchCommand.run(["--problem", problem, "--output", output, "--min-score", "75"]) == 0)
        let strict = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: output))) as? [String: Any])
        // Only ana–m1 (90) and ben–m1 (80) reach 75, and m1 takes one mentee.
        #expect(strict["total"] as? Int == 90)
        #expect(strict["unmatched"] as? [String] == ["ben", "cy"])
    }

    @Test("a malformed file or bad arguments exit non-zero and write nothing")
    func refuses() throws {
        let problem = temporary("bad.json")
        let output = temporary("never.json")
        try #"{"mentees":[{"id":"a"}],"mentors":[{"id":"m","capacity":1}],"scores":[[1,2]]}"#
            .write(toFile: problem, atomically: true, encoding: .utf8)
        #expect(MatchCommand.run(["--problem", problem, "--output", output]) != 0)
        #expect(!FileManager.default.fileExists(atPath: output))
        #expect(MatchCommand.run(["--problem", "/does/not/exist.json", "--output", output]) != 0)
        #expect(MatchCommand.run(["--problem", problem]) != 0)
        #expect(MatchCommand.run(["--problem", problem, "--output", output, "--min-score", "500"]) != 0)
    }
}
