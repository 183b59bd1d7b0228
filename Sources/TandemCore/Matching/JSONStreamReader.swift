/// A pull reader for large JSON documents, fed in chunks, so a 400 MB problem file is never held
/// whole in memory. It knows where it is (line, column, and the path of keys and indexes) so an
/// error can name the place.
public struct JSONStreamReader {
    public struct Failure: Error, CustomStringConvertible, Equatable {
        public let message: String
        public let path: String
        public let line: Int
        public let column: Int

        public var description: String {
            let place = path.isEmpty ? "" : "\(path): "
            return "\(place)\(message) (line \(line), column \(column))"
        }
    }

    private let refill: (inout [UInt8]) throws -> Int
    private var buffer: [UInt8]
    private var count = 0
    private var index = 0
    private var line = 1
    private var lineStart = 0          // absolute offset where the current line starts
    private var consumedBefore = 0     // absolute offset of buffer[0]
    /// The path to the value being read, e.g. ["scores", "12", "7"].
    public var path: [String] = []

    /// `refill` writes up to `buffer.count` bytes into the buffer and returns how many (0 at the end).
    public init(chunkSize: Int = 1 << 20, refill: @escaping (inout [UInt8]) throws -> Int) {
        self.refill = refill
        self.buffer = [UInt8](repeating: 0, count: chunkSize)
    }

    public init(bytes: [UInt8]) {
        var offset = 0
        self.init(chunkSize: 1 << 16) { buffer in
            let n = min(buffer.count, bytes.count - offset)
            for i in 0..<n { buffer[i] = bytes[offset + i] }
            offset += n
            return n
        }
    }

    public func failure(_ message: String) -> Failure {
        let column = consumedBefore + index - lineStart + 1
        let rendered = path.reduce(into: "") { result, part in
            if part.first?.isNumber == true && Int(part) != nil { result += "[\(part)]" } else { result += result.isEmpty ? part : ".\(part)" }
        }
        return Failure(message: message, path: rendered, line: line, column: column)
    }

    @inline(__always)
    private mutating func ensure() throws -> Bool {
        if index < count { return true }
        consumedBefore += count
        count = try refill(&buffer)
        index = 0
        return count > 0
    }

    /// The next significant byte, without consuming it; nil at the end of the input.
    public mutating func peek() throws -> UInt8? {
        while try ensure() {
            let byte = buffer[index]
            switch byte {
            case 0x20, 0x09, 0x0D:
                index += 1
            case 0x0A:
                index += 1
                line += 1
                lineStart = consumedBefore + index
            default:
                return byte
            }
        }
        return nil
    }

    public mutating func expect(_ byte: UInt8, _ what: String) throws {
        guard let next = try peek() else { throw failure("the file ends where \(what) was expected") }
        guard next == byte else { throw failure("expected \(what), found \(describe(next))") }
        index += 1
    }

    /// Consumes `byte` if it comes next.
    public mutating func consume(_ byte: UInt8) throws -> Bool {
        if try peek() == byte { index += 1; return true }
        return false
    }

    func describe(_ byte: UInt8) -> String {
        switch byte {
        case UInt8(ascii: "{"): "an object"
        case UInt8(ascii: "["): "a list"
        case UInt8(ascii: "\""): "a string"
        case UInt8(ascii: "t"), UInt8(ascii: "f"): "true/false"
        case UInt8(ascii: "n"): "null"
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): "a number"
        default: "“\(Character(Unicode.Scalar(byte)))”"
        }
    }

    public mutating func readString() throws -> String {
        try expect(UInt8(ascii: "\""), "a string")
        var bytes: [UInt8] = []
        while true {
            guard try ensure() else { throw failure("the file ends inside a string") }
            let byte = buffer[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(decoding: bytes, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard try ensure() else { throw failure("the file ends inside a string") }
                let escaped = buffer[index]
                index += 1
                switch escaped {
                case UInt8(ascii: "n"): bytes.append(0x0A)
                case UInt8(ascii: "t"): bytes.append(0x09)
                case UInt8(ascii: "r"): bytes.append(0x0D)
                case UInt8(ascii: "b"): bytes.append(0x08)
                case UInt8(ascii: "f"): bytes.append(0x0C)
                case UInt8(ascii: "u"):
                    var value: UInt32 = 0
                    for _ in 0..<4 {
                        guard try ensure(), let digit = hexValue(buffer[index]) else { throw failure("a \\u escape needs four hex digits") }
                        value = value * 16 + UInt32(digit)
                        index += 1
                    }
                    bytes.append(contentsOf: Array(String(Unicode.Scalar(value).map(Character.init) ?? "\u{FFFD}").utf8))
                default: bytes.append(escaped)
                }
            case 0x0A, 0x0D:
                throw failure("a string may not contain a line break")
            default:
                bytes.append(byte)
            }
        }
    }

    private func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// A whole number, or nil for `null`. Fractions, exponents and huge numbers are refused.
    public mutating func readIntegerOrNull() throws -> Int? {
        guard let first = try peek() else { throw failure("the file ends where a number was expected") }
        if first == UInt8(ascii: "n") {
            try readLiteral("null")
            return nil
        }
        var negative = false
        if first == UInt8(ascii: "-") { negative = true; index += 1 }
        var value = 0
        var digits = 0
        while try ensure() {
            let byte = buffer[index]
            guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { break }
            value = value &* 10 &+ Int(byte - UInt8(ascii: "0"))
            digits += 1
            index += 1
            if digits > 15 { throw failure("the number is too large") }
        }
        if digits == 0 { throw failure("expected a whole number or null, found \(describe(first))") }
        if try ensure(), [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains(buffer[index]) {
            throw failure("expected a whole number, found a fraction")
        }
        return negative ? -value : value
    }

    private mutating func readLiteral(_ literal: String) throws {
        for expected in literal.utf8 {
            guard try ensure(), buffer[index] == expected else { throw failure("expected \(literal)") }
            index += 1
        }
    }

    /// Skips any value — objects and lists included — for fields the reader does not need.
    public mutating func skipValue() throws {
        guard let next = try peek() else { throw failure("the file ends where a value was expected") }
        switch next {
        case UInt8(ascii: "\""): _ = try readString()
        case UInt8(ascii: "{"):
            try readObject { reader, _ in try reader.skipValue() }
        case UInt8(ascii: "["):
            try readArray { reader, _ in try reader.skipValue() }
        case UInt8(ascii: "t"): try readLiteral("true")
        case UInt8(ascii: "f"): try readLiteral("false")
        case UInt8(ascii: "n"): try readLiteral("null")
        default:
            index += 1
            while try ensure(), let byte = Optional(buffer[index]),
                  (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"), UInt8(ascii: "+"), UInt8(ascii: "-")].contains(byte) {
                index += 1
            }
        }
    }

    /// Calls `body` for each key of an object, with the reader positioned at its value.
    public mutating func readObject(_ body: (inout JSONStreamReader, String) throws -> Void) throws {
        try expect(UInt8(ascii: "{"), "an object")
        if try consume(UInt8(ascii: "}")) { return }
        repeat {
            let key = try readString()
            try expect(UInt8(ascii: ":"), "“:” after a key")
            path.append(key)
            try body(&self, key)
            path.removeLast()
        } while try consume(UInt8(ascii: ","))
        try expect(UInt8(ascii: "}"), "“,” or “}”")
    }

    /// Calls `body` for each element of a list, with its index.
    public mutating func readArray(_ body: (inout JSONStreamReader, Int) throws -> Void) throws {
        try expect(UInt8(ascii: "["), "a list")
        if try consume(UInt8(ascii: "]")) { return }
        var position = 0
        repeat {
            path.append(String(position))
            try body(&self, position)
            path.removeLast()
            position += 1
        } while try consume(UInt8(ascii: ","))
        try expect(UInt8(ascii: "]"), "“,” or “]”")
    }

    /// The fast path for a long list of small integers: appends each (255 for null) to `into`.
    public mutating func readScoreRow(into row: inout [UInt8], maximum: Int) throws {
        try expect(UInt8(ascii: "["), "a list of scores")
        if try consume(UInt8(ascii: "]")) { return }
        var position = 0
        repeat {
            path.append(String(position))
            guard let value = try readIntegerOrNull() else {
                row.append(ScoreMatrix.forbidden)
                path.removeLast()
                position += 1
                continue
            }
            guard (0...maximum).contains(value) else { throw failure("a score must be from 0 to \(maximum) or null, found \(value)") }
            row.append(UInt8(value))
            path.removeLast()
            position += 1
        } while try consume(UInt8(ascii: ","))
        try expect(UInt8(ascii: "]"), "“,” or “]”")
    }

    /// After the document: only whitespace may follow.
    public mutating func expectEnd() throws {
        if let next = try peek() { throw failure("unexpected \(describe(next)) after the end of the document") }
    }
}
