import Foundation

/// How a matching's pair scores spread, in bands of ten, with the minimum the coordinator
/// weighs: the picture beside a preview, and the numbers as a table and a sentence.
public struct ScoreHistogram: Sendable {
    public struct Band: Sendable, Equatable, Encodable {
        /// "0–9" … "90–100".
        public let label: String
        public let count: Int
        public let belowMinimum: Bool
    }

    public let scores: [Int]
    public let minimum: Int?
    public var width = 760.0
    public var height = 190.0

    public init(scores: [Int], minimum: Int?) {
        self.scores = scores
        self.minimum = minimum.map { min(max($0, 0), 100) }
    }

    public var bands: [Band] {
        (0..<10).map { band in
            let low = band * 10, high = band == 9 ? 100 : low + 9
            let count = scores.filter { min(max($0, 0), 100) / 10 == band || (band == 9 && $0 >= 100) }.count
            return Band(label: "\(low)–\(high)", count: count, belowMinimum: minimum.map { high < $0 } ?? false)
        }
    }

    public var belowMinimum: Int { minimum.map { m in scores.filter { $0 < m }.count } ?? 0 }

    public var median: Int? {
        guard !scores.isEmpty else { return nil }
        let sorted = scores.sorted()
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    public var summary: String {
        guard let median else { return "No pairs to show." }
        var words = "\(scores.count) pair\(scores.count == 1 ? "" : "s"), median score \(median), from \(scores.min()!) to \(scores.max()!)"
        if let minimum { words += "; \(belowMinimum) below the minimum of \(minimum)" }
        return words + "."
    }

    public func svg(title: String) -> String {
        let n = { (v: Double) in String(format: "%.1f", v) }
        let left = 36.0, right = 12.0, top = 16.0, bottom = 30.0
        let plotW = width - left - right, plotH = height - top - bottom
        let highest = max(1, bands.map(\.count).max() ?? 1)
        var out = ##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \##(n(width)) \##(n(height))" width="\##(n(width))" height="\##(n(height))" role="img" aria-labelledby="scores-t scores-d" font-family="system-ui, sans-serif">"##
        out += "<title id=\"scores-t\">\(ProgressChart.escape(title))</title><desc id=\"scores-d\">\(ProgressChart.escape(summary))</desc>"
        out += ##"<line x1="\##(n(left))" y1="\##(n(top + plotH))" x2="\##(n(width - right))" y2="\##(n(top + plotH))" stroke="#767676"/>"##
        out += ##"<text x="\##(n(left - 6))" y="\##(n(top + 4))" font-size="11" text-anchor="end" fill="#444444">\##(highest)</text>"##
        let slot = plotW / 10
        for (index, band) in bands.enumerated() {
            let h = Double(band.count) / Double(highest) * plotH
            let x = left + Double(index) * slot + 3
            let fill = band.belowMinimum ? "#b26b00" : "#2f5bd3"
            out += ##"<rect x="\##(n(x))" y="\##(n(top + plotH - h))" width="\##(n(slot - 6))" height="\##(n(h))" fill="\##(fill)"><title>\##(band.label): \##(band.count)</title></rect>"##
            if band.count > 0 {
                out += ##"<text x="\##(n(x + (slot - 6) / 2))" y="\##(n(top + plotH - h - 4))" font-size="11" text-anchor="middle" fill="#1d2433">\##(band.count)</text>"##
            }
            out += ##"<text x="\##(n(x + (slot - 6) / 2))" y="\##(n(height - 10))" font-size="11" text-anchor="middle" fill="#444444">\##(band.label)</text>"##
        }
        if let minimum {
            let x = left + Double(minimum) / 100 * plotW
            out += ##"<line x1="\##(n(x))" y1="\##(n(top - 6))" x2="\##(n(x))" y2="\##(n(top + plotH))" stroke="#8a1c12" stroke-width="2" stroke-dasharray="4 3"/>"##
            out += ##"<text x="\##(n(x + 4))" y="\##(n(top + 4))" font-size="11" fill="#8a1c12">minimum \##(minimum)</text>"##
        }
        return out + "</svg>"
    }
}
