import Foundation
import Testing
import Vapor
import VaporTesting
import Yams
@testable import App

/// Generated from the OpenAPI document: for every bounded field of every request body and every
/// bounded query parameter, the value just past the bound is refused with a documented 4xx that
/// names the field, and the value at the bound is not refused for its length or size. A new
/// operation is covered by writing its schema.
@Suite("Documented limits are the limits")
struct OpenAPILimitTests {
    struct Case: CustomStringConvertible {
        let method: String
        let path: String
        let field: String
        let query: String?
        let body: Any?
        let documented: Set<Int>
        let refused: Bool
        var description: String { "\(method) \(path) \(field)\(query.map { " ?\($0)" } ?? "") \(refused ? "past the bound" : "at the bound")" }
    }

    static func document() throws -> [String: Any] {
        let path = TandemConfiguration.testing().resourcesDirectory + "Resources/openapi.yaml"
        return try #require(try Yams.load(yaml: String(contentsOfFile: path, encoding: .utf8)) as? [String: Any])
    }

    /// A schema with its $ref and allOf resolved into one dictionary.
    static func resolve(_ raw: Any?, _ schemas: [String: Any]) -> [String: Any] {
        guard var node = raw as? [String: Any] else { return [:] }
        if let ref = node["$ref"] as? String {
            node = (schemas[String(ref.split(separator: "/").last!)] as? [String: Any] ?? [:]).merging(node.filter { $0.key != "$ref" }) { _, b in b }
        }
        if let parts = node["allOf"] as? [Any] {
            var merged = node.filter { $0.key != "allOf" }
            var properties = merged["properties"] as? [String: Any] ?? [:]
            for part in parts { properties.merge(resolve(part, schemas)["properties"] as? [String: Any] ?? [:]) { a, _ in a } }
            merged["properties"] = properties
            merged["type"] = "object"
            node = merged
        }
        return node
    }

    /// A value that fits `schema` (for the siblings of an array's element).
    static func example(_ schema: [String: Any]) -> Any {
        if let choices = schema["enum"] as? [Any], let first = choices.first(where: { !($0 is NSNull) }) { return first }
        let type = (schema["type"] as? String) ?? ((schema["type"] as? [Any])?.first as? String) ?? "string"
        switch type {
        case "integer": return (schema["minimum"] as? Int) ?? 1
        case "number": return (schema["minimum"] as? Double) ?? Double((schema["minimum"] as? Int) ?? 1)
        case "boolean": return true
        case "array": return [Any]()
        case "object": return [String: Any]()
        default:
            switch schema["format"] as? String {
            case "uuid": return UUID().uuidString
            case "date": return "2027-03-31"
            case "date-time": return "2027-03-31T18:00:00Z"
            case "email": return "maya@example.org"
            default: return String(repeating: "a", count: max(1, (schema["minLength"] as? Int) ?? 1))
            }
        }
    }

    /// Values past each bound of a leaf schema (refused), and at it (allowed).
    static func probes(_ schema: [String: Any]) -> [(value: Any, refused: Bool)] {
        var probes: [(Any, Bool)] = []
        let type = (schema["type"] as? String) ?? ((schema["type"] as? [Any])?.compactMap { $0 as? String }.first { $0 != "null" }) ?? ""
        let format = schema["format"] as? String
        func text(_ count: Int) -> String {
            format == "email" ? String(repeating: "a", count: max(1, count - 12)) + "@example.org" : String(repeating: "a", count: count)
        }
        if type == "string" {
            if let maxLength = schema["maxLength"] as? Int, schema["enum"] == nil {
                probes.append((text(maxLength + 1), true))
                if format == nil || format == "email" { probes.append((text(maxLength), false)) }
            }
            if let minLength = schema["minLength"] as? Int, minLength > 0 {
                probes.append((String(repeating: "a", count: minLength - 1), true))
                if format == nil { probes.append((String(repeating: "a", count: minLength), false)) }
            }
            if schema["enum"] != nil { probes.append(("not-one-of-the-choices", true)) }
            switch format {
            case "uuid": probes.append(("not-a-uuid", true))
            case "date": probes.append(("2027-02-30", true))
            case "date-time": probes.append(("tomorrow evening", true))
            case "email": probes.append(("not-an-email", true))
            default: break
            }
        }
        if type == "integer" || type == "number" {
            let isInteger = type == "integer"
            func number(_ value: Double) -> Any { isInteger ? Int(value) : value }
            let maximum = (schema["maximum"] as? Int).map(Double.init) ?? schema["maximum"] as? Double
            let minimum = (schema["minimum"] as? Int).map(Double.init) ?? schema["minimum"] as? Double
            if let maximum { probes += [(number(maximum + 1), true), (number(maximum), false)] }
            if let minimum { probes += [(number(minimum - 1), true), (number(minimum), false)] }
            probes.append(("not a number", true))
        }
        if type == "array", let maxItems = schema["maxItems"] as? Int {
            let item = example(schema["items"] as? [String: Any] ?? [:])
            probes += [(Array(repeating: item, count: maxItems + 1), true)]
        }
        return probes
    }

    /// Every (field path, body) that probes one field of `schema`, the rest of the body left out.
    static func bodies(_ raw: Any?, _ schemas: [String: Any], path: String = "", depth: Int = 0) -> [(field: String, body: Any, refused: Bool)] {
        let schema = resolve(raw, schemas)
        guard depth < 4 else { return [] }
        var found: [(String, Any, Bool)] = []
        if let properties = schema["properties"] as? [String: Any] {
            for (name, property) in properties.sorted(by: { $0.key < $1.key }) {
                let resolved = resolve(property, schemas)
                if resolved["readOnly"] as? Bool == true { continue }
                let fieldPath = path.isEmpty ? name : "\(path).\(name)"
                for probe in probes(resolved) { found.append((fieldPath, [name: probe.value], probe.refused)) }
                if resolved["properties"] != nil {
                    for (inner, body, refused) in bodies(resolved, schemas, path: fieldPath, depth: depth + 1) {
                        found.append((inner, [name: body], refused))
                    }
                }
                if let items = resolved["items"] {
                    let item = resolve(items, schemas)
                    for probe in probes(item) { found.append(("\(fieldPath)[0]", [name: [probe.value]], probe.refused)) }
                    if item["properties"] != nil {
                        for (inner, body, refused) in bodies(item, schemas, path: "\(fieldPath)[0]", depth: depth + 1) {
                            // The element's required siblings fit, so only the probed field is wrong.
                            var element = body as? [String: Any] ?? [:]
                            for required in item["required"] as? [String] ?? [] where element[required] == nil {
                                element[required] = example(resolve((item["properties"] as? [String: Any])?[required], schemas))
                            }
                            found.append((inner, [name: [element]], refused))
                        }
                    }
                }
            }
        }
        return found
    }

    static func cases() throws -> [Case] {
        let document = try document()
        let components = document["components"] as? [String: Any] ?? [:]
        let schemas = components["schemas"] as? [String: Any] ?? [:]
        let parameters = components["parameters"] as? [String: Any] ?? [:]
        var cases: [Case] = []
        for (template, rawItem) in (document["paths"] as? [String: Any] ?? [:]).sorted(by: { $0.key < $1.key }) {
            let item = rawItem as? [String: Any] ?? [:]
            // Any id will do: the document is checked before a handler looks anything up.
            let path = template.replacingOccurrences(of: #"\{number\}"#, with: "1", options: .regularExpression)
                .replacingOccurrences(of: #"\{[A-Za-z]+ID\}"#, with: UUID().uuidString, options: .regularExpression)
                .replacingOccurrences(of: #"\{[A-Za-z]+\}"#, with: "x", options: .regularExpression)
            for method in ["get", "post", "put", "patch", "delete"] {
                guard let operation = item[method] as? [String: Any] else { continue }
                if ["deleteMe", "revokeToken"].contains(operation["operationId"] as? String) { continue }
                let documented = Set((operation["responses"] as? [String: Any] ?? [:]).keys.compactMap { Int($0) }.filter { (400..<500).contains($0) })
                for raw in (item["parameters"] as? [Any] ?? []) + (operation["parameters"] as? [Any] ?? []) {
                    var parameter = raw as? [String: Any] ?? [:]
                    if let ref = parameter["$ref"] as? String { parameter = parameters[String(ref.split(separator: "/").last!)] as? [String: Any] ?? [:] }
                    guard parameter["in"] as? String == "query", let name = parameter["name"] as? String else { continue }
                    for probe in probes(resolve(parameter["schema"], schemas)) {
                        let value = "\(probe.value)".addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
                        cases.append(Case(method: method.uppercased(), path: path, field: name, query: "\(name)=\(value)",
                                          body: nil, documented: documented, refused: probe.refused))
                    }
                }
                let body = ((operation["requestBody"] as? [String: Any])?["content"] as? [String: Any])?["application/json"] as? [String: Any]
                for (field, json, refused) in bodies(body?["schema"], schemas) {
                    cases.append(Case(method: method.uppercased(), path: path, field: field, query: nil, body: json,
                                      documented: documented, refused: refused))
                }
            }
        }
        return cases
    }

    @Test("past every documented bound: a documented 4xx naming the field; at the bound: not refused for it")
    func everyBound() async throws {
        let cases = try Self.cases()
        #expect(cases.filter(\.refused).count > 300, "the document has hundreds of bounds; found \(cases.count)")
        try await withTandem { app in
            let caller = try await APIClient.newUser(app, name: "Lim Its", email: "limits@example.org")
            var checked = 0
            for probe in cases {
                var headers = HTTPHeaders()
                headers.add(name: .authorization, value: "Bearer \(caller.token!)")
                var body: ByteBuffer?
                if let json = probe.body {
                    body = ByteBuffer(data: try JSONSerialization.data(withJSONObject: json))
                    headers.add(name: .contentType, value: "application/json")
                }
                let url = probe.path + (probe.query.map { "?\($0)" } ?? "")
                let response = try await app.testing().sendRequest(HTTPMethod(rawValue: probe.method), url, headers: headers, body: body)
                let status = Int(response.status.code)
                #expect(status < 500, "\(probe): \(status) \(response.body.string.prefix(200))")
                let problem = try? response.json(Problem.self)
                let named = problem?.errors?.first { $0.field == probe.field }
                if probe.refused {
                    #expect([400, 422].contains(status) && probe.documented.contains(status),
                            "\(probe): \(status), documented \(probe.documented.sorted())")
                    #expect(named != nil, "\(probe): the error names \(problem?.errors?.map(\.field) ?? [])")
                } else if let named {
                    #expect(!named.message.contains("at most") && !named.message.contains("at least"),
                            "\(probe): refused at the bound: \(named.message)")
                }
                checked += 1
            }
            #expect(checked == cases.count)
        }
    }
}
