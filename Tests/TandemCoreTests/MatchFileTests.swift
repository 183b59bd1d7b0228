import Testing
@testable import TandemCore

@Suite("The matching interchange file")
struct MatchFileTests {
    func read(_ text: String, chunk: Int = 7) throws -> MatchFile.Problem {
        // Tiny chunks make every token cross a chunk boundary somewhere.
        let bytes = Array(text.utf8)
        var offset = 0
        var reader = JSONStreamReader(chunkSize: chunk) { buffer in
            let n = min(buffer.count, bytes.count - offset)
            for i in 0..<n { buffer[i] = bytes[offset + i] }
            offset += n
            return n
        }
        return try MatchFile.read(&reader)
    }

    func failure(_ text: String) -> JSONStreamReader.Failure? {
        do { _ = try read(text); return nil } catch let failure as JSONStreamReader.Failure { return failure } catch { return nil }
    }

    @Test("reads ids, capacities and scores; ignores other fields in any order")
    func reads() throws {
        let file = try read("""
            {"comment": {"nested": [1, 2.5, true, null, "x\\"y"]},
             "scores": [[54, null], [0, 100]],
             "mentors": [{"capacity": 3, "id": "m1", "bio": "…"}, {"id": "m2", "capacity": 0}],
             "mentees": [{"id": "e1", "tags": ["a"]}, {"id": "e\\u00e9"}]}
            """)
        #expect(file.menteeIDs == ["e1", "eé"])
        #expect(file.mentorIDs == ["m1", "m2"])
        #expect(file.problem.capacities == [3, 0])
        #expect(file.problem.scores[0, 0] == 54)
        #expect(file.problem.scores[0, 1] == nil)
        #expect(file.problem.scores[1, 1] == 100)
    }

    @Test("writes the result with totals, pairs and the unmatched")
    func writes() throws {
        let file = try read(#"{"mentees":[{"id":"a"},{"id":"b"}],"mentors":[{"id":"m","capacity":1}],"scores":[[40],[60]]}"#)
        let result = AssignmentSolver.solve(file.problem)
        let text = MatchFile.render(result, for: file)
        #expect(text.contains(#""total":60"#))
        #expect(text.contains(#"{"mentee":"b","mentor":"m","score":60}"#))
        #expect(text.contains(#""unmatched":["a"]"#))
    }

    @Test("a malformed file is refused with the place named", arguments: [
        (#"{"mentees":[{"id":"a"}],"mentors":[{"id":"m","capacity":1}],"scores":[[101]]}"#, "scores[0][0]", "from 0 to 100"),
        (#"{"mentees":[{"id":"a"}],"mentors":[{"id":"m","capacity":1}],"scores":[[5.5]]}"#, "scores[0][0]", "fraction"),
        (#"{"mentees":[{"id":"a"}],"mentors":[{"id":"m","capacity":1}],"scores":[["x"]]}"#, "scores[0][0]", "whole number"),
        (#"{"mentees":[{"id":"a"}],"mentors":[{"id":"m","capacity":1}],"scores":[[1,2]]}"#, "scores[0]", "2 scores"),
        (#"{"mentees":[{"id":"a"},{"id":"b"}],"mentors":[{"id":"m","capacity":1}],"scores":[[1]]}"#, "scores", "1 rows"),
        (#"{"mentees":[{"id":"a"}],"mentors":[{"id":"m"}],"scores":[[1]]}"#, "mentors[0]", "capacity"),
        (#"{"mentees":[{"id":"a"}],"mentors":[{"id":"m","capacity":-1}],"scores":[[1]]}"#, "mentors[0].capacity", "capacity"),
        (#"{"mentees":[{"name":"a"}],"mentors":[{"id":"m","capacity":1}],"scores":[[1]]}"#, "mentees[0]", "\"id\""),
        (#"{"mentees":[{"id":"a"},{"id":"a"}],"mentors":[{"id":"m","capacity":1}],"scores":[[1],[1]]}"#, "mentees[1].id", "twice"),
        (#"{"mentees":[{"id":"a"}],"mentors":[{"id":"m","capacity":1}]}"#, "", "no \"scores\""),
        (#"{"mentees":[{"id":"a"}],"mentors":[{"id":"m","capacity":1}],"scores":[[1]]"#, "", "ends"),
        (#"{"mentees":[{"id":"a"}] "mentors":[]}"#, "", "“,” or “}”"),
        (#"{"mentees":[{"id":"a"}],"mentors":[{"id":"m","capacity":1}],"scores":[[1]]} x"#, "", "after the end"),
        (#"[1,2]"#, "", "expected an object"),
        ("", "", "ends"),
    ])
    func malformed(_ text: String, path: String, message: String) {
        let failure = failure(text)
        #expect(failure != nil, "should be refused: \(text)")
        #expect(failure?.path == path, "\(failure?.description ?? "")")
        #expect(failure?.description.contains(message) == true, "\(failure?.description ?? "")")
    }

    @Test("errors carry line and column")
    func position() {
        let failure = failure("{\"mentees\": [\n  {\"id\": \"a\"},\n  {\"id\": 1.5}\n]}")
        #expect(failure?.line == 3)
    }
}
