import CSV
import Foundation
import Vapor

/// A CSV file to download, written by CSV.swift (quoting, commas and new lines inside fields),
/// UTF-8 with a byte-order mark so spreadsheet programs read accents right.
struct CSVDownload {
    let filename: String
    let header: [String]
    let rows: [[String]]

    /// "check-ins-spring-cohort.csv": what the file holds and the program it is about.
    init(_ what: String, of program: Program, header: [String], rows: [[String]]) {
        let slug = program.name.lowercased().map { $0.isLetter || $0.isNumber ? String($0) : "-" }.joined()
        self.init(filename: "\(what)-\(slug.prefix(40)).csv", header: header, rows: rows)
    }

    init(filename: String, header: [String], rows: [[String]]) {
        self.filename = filename
        self.header = header
        self.rows = rows
    }

    func data() throws -> Data {
        let writer = try CSVWriter(stream: .toMemory())
        try writer.write(row: header)
        for row in rows { try writer.write(row: row) }
        writer.stream.close()
        let body = writer.stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data ?? Data()
        return Data([0xEF, 0xBB, 0xBF]) + body
    }

    func response() throws -> Response {
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(filename)\"")
        return Response(status: .ok, headers: headers, body: .init(data: try data()))
    }
}
