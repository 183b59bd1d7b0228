/// Compatibility of every mentee with every mentor, dense: one byte a pair, so a cohort of
/// 20,000 mentees and 6,000 mentors fits in 120 MB.
public struct ScoreMatrix: Sendable {
    public let menteeCount: Int
    public let mentorCount: Int
    /// Row-major, `forbidden` where the pair may not be matched.
    public private(set) var storage: [UInt8]

    public static let forbidden: UInt8 = 255
    /// Scores (with any bonus) are 0...254.
    public static let maximumScore = 254

    public init(menteeCount: Int, mentorCount: Int, filledWith value: UInt8 = ScoreMatrix.forbidden) {
        self.menteeCount = menteeCount
        self.mentorCount = mentorCount
        self.storage = [UInt8](repeating: value, count: menteeCount * mentorCount)
    }

    public subscript(mentee: Int, mentor: Int) -> Int? {
        get {
            let value = storage[mentee * mentorCount + mentor]
            return value == Self.forbidden ? nil : Int(value)
        }
        set {
            storage[mentee * mentorCount + mentor] = newValue.map { UInt8(clamping: min(max($0, 0), Self.maximumScore)) } ?? Self.forbidden
        }
    }

    /// Takes over a row-major buffer of the right size (no copy when uniquely referenced).
    public mutating func replaceStorage(with flat: [UInt8]) {
        precondition(flat.count == menteeCount * mentorCount)
        storage = flat
    }

    /// Fills a whole row at once (the fast path for generators).
    public mutating func withRow<R>(_ mentee: Int, _ body: (inout UnsafeMutableBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try storage.withUnsafeMutableBufferPointer { all in
            var row = UnsafeMutableBufferPointer(rebasing: all[(mentee * mentorCount)..<((mentee + 1) * mentorCount)])
            return try body(&row)
        }
    }
}
