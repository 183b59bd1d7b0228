import Foundation
import TandemCore

/// `tandem match --problem problem.json --output result.json [--min-score N]`: solves a matching
/// problem in the interchange format (see `MatchFile`), reading the file as a stream.
/// It needs no database, so it runs before the web application is built.
enum MatchCommand {
    static let usage = "usage: tandem match --problem FILE --output FILE [--min-score N]   (FILE may be - for standard input/output)"

    static func run(_ arguments: [String]) -> Int32 {
        var problemPath: String?
        var outputPath: String?
        var minimumScore: Int?
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            let value = index + 1 < arguments.count ? arguments[index + 1] : nil
            switch argument {
            case "--problem": problemPath = value; index += 2
            case "--output": outputPath = value; index += 2
            case "--min-score":
                guard let value, let number = Int(value), (0...100).contains(number) else {
                    return fail("--min-score needs a whole number from 0 to 100")
                }
                minimumScore = number
                index += 2
            case "--help", "-h":
                print(usage)
                return 0
            default:
                return fail("unknown argument “\(argument)”\n\(usage)")
            }
        }
        guard let problemPath, let outputPath else { return fail(usage) }

        let descriptor = problemPath == "-" ? FileHandle.standardInput.fileDescriptor : open(problemPath, O_RDONLY)
        guard descriptor >= 0 else { return fail("cannot open \(problemPath): \(String(cString: strerror(errno)))") }
        defer { if problemPath != "-" { close(descriptor) } }
        var reader = JSONStreamReader(chunkSize: 4 << 20) { buffer in
            let count = buffer.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 { throw ReadError(message: "cannot read \(problemPath): \(String(cString: strerror(errno)))") }
            return count
        }
        let file: MatchFile.Problem
        do {
            file = try MatchFile.read(&reader)
        } catch {
            return fail("\(problemPath): \(error)")
        }
        var problem = file.problem
        problem.minimumScore = minimumScore
        let result = AssignmentSolver.solve(problem)
        let text = MatchFile.render(result, for: file)
        if outputPath == "-" {
            FileHandle.standardOutput.write(Data(text.utf8))
        } else {
            do {
                try Data(text.utf8).write(to: URL(fileURLWithPath: outputPath), options: .atomic)
            } catch {
                return fail("cannot write \(outputPath): \(error.localizedDescription)")
            }
            let line = "matched \(result.matchedCount) of \(file.menteeIDs.count) mentees, total score \(result.total); written to \(outputPath)\n"
            FileHandle.standardError.write(Data(line.utf8))
        }
        return 0
    }

    private static func fail(_ message: String) -> Int32 {
        FileHandle.standardError.write(Data("tandem match: \(message)\n".utf8))
        return 65
    }

    struct ReadError: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }
}
