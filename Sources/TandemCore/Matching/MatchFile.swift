import Foundation

/// The interchange format of `tandem match`, so programs can bring their own scores and anyone
/// can check the solver independently:
///
///     {"mentees":[{"id":"…"},…], "mentors":[{"id":"…","capacity":3},…], "scores":[[54,null,…],…]}
///
/// `scores[i][j]` is the score 0–100 of mentee i with mentor j; `null` forbids the pair; other
/// fields are ignored. The result:
///
///     {"total":…, "pairs":[{"mentee":"…","mentor":"…","score":…},…], "unmatched":["…"]}
public enum MatchFile {
    public struct Problem {
        public let menteeIDs: [String]
        public let mentorIDs: [String]
        public let problem: MatchingProblem
    }

    public static func read(_ reader: inout JSONStreamReader) throws -> Problem {
        var menteeIDs: [String]?
        var mentorIDs: [String]?
        var capacities: [Int] = []
        var flat: [UInt8] = []
        var rowLengths: [Int] = []
        var scoresSeen = false

        func readID(_ reader: inout JSONStreamReader) throws -> String {
            guard let next = try reader.peek() else { throw reader.failure("the file ends inside an id") }
            if next == UInt8(ascii: "\"") {
                let id = try reader.readString()
                if id.isEmpty { throw reader.failure("an id must not be empty") }
                return id
            }
            if let number = try reader.readIntegerOrNull() { return String(number) }
            throw reader.failure("an id must be a string")
        }

        try reader.readObject { reader, key in
            switch key {
            case "mentees":
                var ids: [String] = []
                try reader.readArray { reader, _ in
                    var id: String?
                    try reader.readObject { reader, field in
                        if field == "id" { id = try readID(&reader) } else { try reader.skipValue() }
                    }
                    guard let id else { throw reader.failure("each mentee needs an \"id\"") }
                    ids.append(id)
                }
                menteeIDs = ids
            case "mentors":
                var ids: [String] = []
                try reader.readArray { reader, _ in
                    var id: String?
                    var capacity: Int?
                    try reader.readObject { reader, field in
                        switch field {
                        case "id": id = try readID(&reader)
                        case "capacity":
                            guard let value = try reader.readIntegerOrNull(), value >= 0, value <= 1_000_000 else {
                                throw reader.failure("capacity must be a whole number from 0 to 1000000")
                            }
                            capacity = value
                        default: try reader.skipValue()
                        }
                    }
                    guard let id else { throw reader.failure("each mentor needs an \"id\"") }
                    guard let capacity else { throw reader.failure("mentor “\(id)” needs a \"capacity\"") }
                    ids.append(id)
                    capacities.append(capacity)
                }
                mentorIDs = ids
            case "scores":
                scoresSeen = true
                if let menteeIDs, let mentorIDs { flat.reserveCapacity(menteeIDs.count * mentorIDs.count) }
                try reader.readArray { reader, row in
                    let before = flat.count
                    try reader.readScoreRow(into: &flat, maximum: 100)
                    let length = flat.count - before
                    if let mentorIDs, length != mentorIDs.count {
                        throw reader.failure("this row has \(length) scores, but there are \(mentorIDs.count) mentors")
                    }
                    rowLengths.append(length)
                }
            default:
                try reader.skipValue()
            }
        }
        try reader.expectEnd()

        guard let menteeIDs else { throw reader.failure("the file has no \"mentees\" list") }
        guard let mentorIDs else { throw reader.failure("the file has no \"mentors\" list") }
        guard scoresSeen else { throw reader.failure("the file has no \"scores\" list") }
        reader.path = ["scores"]
        guard rowLengths.count == menteeIDs.count else {
            throw reader.failure("there are \(rowLengths.count) rows of scores, but \(menteeIDs.count) mentees (one row each)")
        }
        if let bad = rowLengths.firstIndex(where: { $0 != mentorIDs.count }) {
            reader.path = ["scores", String(bad)]
            throw reader.failure("this row has \(rowLengths[bad]) scores, but there are \(mentorIDs.count) mentors")
        }
        for (list, name) in [(menteeIDs, "mentees"), (mentorIDs, "mentors")] {
            var seen = Set<String>()
            for (index, id) in list.enumerated() where !seen.insert(id).inserted {
                reader.path = [name, String(index), "id"]
                throw reader.failure("the id “\(id)” appears twice")
            }
        }
        var scores = ScoreMatrix(menteeCount: menteeIDs.count, mentorCount: mentorIDs.count)
        scores.replaceStorage(with: flat)
        return Problem(menteeIDs: menteeIDs, mentorIDs: mentorIDs, problem: MatchingProblem(scores: scores, capacities: capacities))
    }

    /// The result as JSON text.
    public static func render(_ result: MatchingResult, for file: Problem) -> String {
        func quoted(_ text: String) -> String {
            var out = "\""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                default:
                    if scalar.value < 0x20 { out += String(format: "\\u%04x", scalar.value) } else { out.unicodeScalars.append(scalar) }
                }
            }
            return out + "\""
        }
        var pairs: [String] = []
        var unmatched: [String] = []
        for (mentee, mentor) in result.mentorOfMentee.enumerated() {
            if let mentor {
                let score = file.problem.scores[mentee, mentor] ?? 0
                pairs.append("{\"mentee\":\(quoted(file.menteeIDs[mentee])),\"mentor\":\(quoted(file.mentorIDs[mentor])),\"score\":\(score)}")
            } else {
                unmatched.append(quoted(file.menteeIDs[mentee]))
            }
        }
        return "{\"total\":\(result.total),\"pairs\":[\n" + pairs.joined(separator: ",\n") + "\n],\"unmatched\":[" + unmatched.joined(separator: ",") + "]}\n"
    }
}
