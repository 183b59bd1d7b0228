import Foundation
import TandemCore
import Vapor
import Yams

/// The OpenAPI document is the API's contract, checked at the edge: every request body and query
/// parameter is held to the document's types, lengths, ranges, enums and formats before a handler
/// runs. The document and the API cannot disagree, and a new operation is covered by writing its
/// schema. Domain rules (SMART checks, dates against the charter, …) still run behind it.
struct APIContract: Sendable {
    struct Operation: Sendable {
        let components: [String?]   // nil for a {parameter}
        let query: [String: Schema]
        let body: Schema?
    }

    /// By method name (GET, POST, …).
    let operations: [String: [Operation]]

    static func load(from path: String) throws -> APIContract {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8),
              let document = try Yams.load(yaml: text) as? [String: Any] else {
            throw TandemConfiguration.Error(setting: "TANDEM_RESOURCES_DIR", message: "has no readable Resources/openapi.yaml at \(path)")
        }
        let schemas = ((document["components"] as? [String: Any])?["schemas"] as? [String: Any]) ?? [:]
        let parameters = ((document["components"] as? [String: Any])?["parameters"] as? [String: Any]) ?? [:]
        let builder = Schema.Builder(components: schemas)
        var operations: [String: [Operation]] = [:]
        for (path, rawItem) in (document["paths"] as? [String: Any]) ?? [:] {
            guard let item = rawItem as? [String: Any] else { continue }
            let components: [String?] = path.split(separator: "/").map { $0.hasPrefix("{") ? nil : String($0) }
            let shared = (item["parameters"] as? [Any]) ?? []
            for method in ["get", "post", "put", "patch", "delete"] {
                guard let operation = item[method] as? [String: Any] else { continue }
                var query: [String: Schema] = [:]
                for raw in shared + ((operation["parameters"] as? [Any]) ?? []) {
                    guard var parameter = raw as? [String: Any] else { continue }
                    if let ref = parameter["$ref"] as? String, let resolved = parameters[String(ref.split(separator: "/").last ?? "")] as? [String: Any] {
                        parameter = resolved
                    }
                    guard parameter["in"] as? String == "query", let name = parameter["name"] as? String else { continue }
                    query[name] = builder.schema(parameter["schema"])
                }
                let json = (((operation["requestBody"] as? [String: Any])?["content"] as? [String: Any])?["application/json"] as? [String: Any])
                let body = json.map { builder.schema($0["schema"]) }
                operations[method.uppercased(), default: []]
                    .append(Operation(components: components, query: query, body: body))
            }
        }
        return APIContract(operations: operations)
    }

    func operation(for method: HTTPMethod, path: String) -> Operation? {
        let parts = path.split(separator: "/").map(String.init)
        return operations[method.rawValue]?.first { operation in
            guard operation.components.count == parts.count else { return false }
            for (component, part) in zip(operation.components, parts) where component != nil && component != part {
                return false
            }
            return true
        }
    }

    /// What is wrong with a request, field by field; `wrongType` says whether any field had the
    /// wrong type (a 400) rather than a value out of bounds (a 422).
    func check(_ operation: Operation, query: [String: String], body: ByteBuffer?) -> (errors: [FieldError], wrongType: Bool) {
        var report = Schema.Report()
        for (name, schema) in operation.query.sorted(by: { $0.key < $1.key }) {
            guard let raw = query[name] else { continue }
            schema.check(Schema.parse(query: raw, as: schema), at: name, into: &report)
        }
        if let schema = operation.body, let body, body.readableBytes > 0 {
            if let value = try? JSONDecoder().decode(JSONValue.self, from: body) {
                schema.check(value, at: "", into: &report)
            }
            // Malformed JSON is left to the handler, which says where it broke.
        }
        return (report.errors, report.wrongType)
    }
}

/// A JSON value as sent, keeping numbers apart from true/false and whole numbers apart from others.
enum JSONValue: Decodable, Sendable {
    case null, bool(Bool), integer(Int64), number(Double), string(String), array([JSONValue]), object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Int64.self) { self = .integer(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([JSONValue].self) { self = .array(value) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }

    var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .integer: "integer"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}

/// The part of JSON Schema (2020-12, as OpenAPI 3.1 uses it) that the document uses.
final class Schema: Sendable {
    let types: Set<String>?
    let properties: [String: Schema]
    let additionalPropertiesAllowed: Bool
    let additionalProperties: Schema?
    let items: Schema?
    let minItems: Int?, maxItems: Int?
    let minLength: Int?, maxLength: Int?
    let minimum: Double?, maximum: Double?
    let enumeration: [String?]?
    let format: String?
    let allOf: [Schema]
    let anyOf: [Schema]
    let readOnly: Bool

    init(types: Set<String>?, properties: [String: Schema], additionalPropertiesAllowed: Bool, additionalProperties: Schema?,
         items: Schema?, minItems: Int?, maxItems: Int?, minLength: Int?, maxLength: Int?, minimum: Double?, maximum: Double?,
         enumeration: [String?]?, format: String?, allOf: [Schema], anyOf: [Schema], readOnly: Bool) {
        self.types = types; self.properties = properties; self.additionalPropertiesAllowed = additionalPropertiesAllowed
        self.additionalProperties = additionalProperties; self.items = items; self.minItems = minItems; self.maxItems = maxItems
        self.minLength = minLength; self.maxLength = maxLength; self.minimum = minimum; self.maximum = maximum
        self.enumeration = enumeration; self.format = format; self.allOf = allOf; self.anyOf = anyOf; self.readOnly = readOnly
    }

    struct Builder {
        let components: [String: Any]

        func schema(_ raw: Any?, depth: Int = 0) -> Schema {
            guard var node = raw as? [String: Any], depth < 32 else { return Schema.anything }
            if let ref = node["$ref"] as? String {
                let name = String(ref.split(separator: "/").last ?? "")
                let resolved = (components[name] as? [String: Any]) ?? [:]
                // Keywords beside a $ref (readOnly, description) apply too.
                node = resolved.merging(node.filter { $0.key != "$ref" }) { _, beside in beside }
            }
            func int(_ key: String) -> Int? { (node[key] as? Int) ?? (node[key] as? Double).map { Int($0) } }
            func double(_ key: String) -> Double? { (node[key] as? Double) ?? (node[key] as? Int).map(Double.init) }
            var types: Set<String>?
            if let one = node["type"] as? String { types = [one] }
            if let many = node["type"] as? [Any] { types = Set(many.map { ($0 as? String) ?? "null" }) }
            let properties = ((node["properties"] as? [String: Any]) ?? [:]).mapValues { schema($0, depth: depth + 1) }
            let additional = node["additionalProperties"]
            let enumeration = (node["enum"] as? [Any])?.map { value -> String? in
                if value is NSNull { return nil }
                return "\(value)"
            }
            return Schema(
                types: types, properties: properties,
                additionalPropertiesAllowed: (additional as? Bool) ?? true,
                additionalProperties: additional is [String: Any] ? schema(additional, depth: depth + 1) : nil,
                items: node["items"].map { schema($0, depth: depth + 1) },
                minItems: int("minItems"), maxItems: int("maxItems"), minLength: int("minLength"), maxLength: int("maxLength"),
                minimum: double("minimum"), maximum: double("maximum"), enumeration: enumeration,
                format: (node["format"] as? String).flatMap { $0.isEmpty ? nil : $0 },
                allOf: ((node["allOf"] as? [Any]) ?? []).map { schema($0, depth: depth + 1) },
                anyOf: (((node["oneOf"] as? [Any]) ?? []) + ((node["anyOf"] as? [Any]) ?? [])).map { schema($0, depth: depth + 1) },
                readOnly: (node["readOnly"] as? Bool) ?? false)
        }
    }

    static let anything = Schema(types: nil, properties: [:], additionalPropertiesAllowed: true, additionalProperties: nil,
                                 items: nil, minItems: nil, maxItems: nil, minLength: nil, maxLength: nil, minimum: nil,
                                 maximum: nil, enumeration: nil, format: nil, allOf: [], anyOf: [], readOnly: false)

    struct Report {
        var errors: [FieldError] = []
        var wrongType = false

        mutating func add(_ field: String, _ message: String, wrongType: Bool = false) {
            let name = field.isEmpty ? "body" : field
            guard !errors.contains(where: { $0.field == name }) else { return }
            errors.append(FieldError(name, message))
            if wrongType { self.wrongType = true }
        }
    }

    /// A query parameter's text as the JSON value it stands for, by the schema's type.
    static func parse(query raw: String, as schema: Schema) -> JSONValue {
        let types = schema.types ?? ["string"]
        if types.contains("integer"), let value = Int64(raw) { return .integer(value) }
        if types.contains("number"), let value = Double(raw) { return .number(value) }
        if types.contains("boolean"), raw == "true" || raw == "false" { return .bool(raw == "true") }
        return .string(raw)
    }

    func check(_ value: JSONValue, at field: String, into report: inout Report) {
        for part in allOf { part.check(value, at: field, into: &report) }
        if !anyOf.isEmpty {
            // Valid against one of them is enough; otherwise report as the first alternative would.
            let matchesOne = anyOf.contains { alternative in
                var trial = Report()
                alternative.check(value, at: field, into: &trial)
                return trial.errors.isEmpty
            }
            if !matchesOne { anyOf.first { $0.types?.contains(value.typeName) != false }?.check(value, at: field, into: &report) ?? report.add(field, "Has the wrong type.", wrongType: true) }
        }
        if let types, !fits(value, types) {
            let wanted = types.subtracting(["null"]).sorted().map(Self.readable).joined(separator: " or ")
            report.add(field, "Must be \(wanted)\(types.contains("null") ? " or null" : "").", wrongType: true)
            return
        }
        if let enumeration {
            let text: String? = switch value {
            case .null: nil
            case .string(let s): s
            case .integer(let i): String(i)
            case .bool(let b): String(b)
            default: "\u{0}"
            }
            if !enumeration.contains(where: { $0 == text }) {
                report.add(field, "Must be one of: \(enumeration.compactMap { $0 }.joined(separator: ", ")).")
                return
            }
        }
        switch value {
        case .string(let text):
            let length = text.count
            if let maxLength, length > maxLength {
                report.add(field, "Must be at most \(maxLength) characters; this one has \(length).")
            } else if let minLength, length < minLength {
                report.add(field, "Must be at least \(minLength) characters; this one has \(length).")
            } else if let format, !Self.matches(text, format: format) {
                report.add(field, Self.formatMessage(format))
            }
        case .integer(let number):
            checkRange(Double(number), at: field, into: &report)
        case .number(let number):
            checkRange(number, at: field, into: &report)
        case .array(let elements):
            if let maxItems, elements.count > maxItems {
                report.add(field, "Must have at most \(maxItems) entries; this one has \(elements.count).")
            } else if let minItems, elements.count < minItems {
                report.add(field, "Must have at least \(minItems) entries.")
            }
            if let items {
                for (index, element) in elements.enumerated() { items.check(element, at: "\(field)[\(index)]", into: &report) }
            }
        case .object(let members):
            for (name, member) in members.sorted(by: { $0.key < $1.key }) {
                let path = field.isEmpty ? name : "\(field).\(name)"
                if let property = properties[name] {
                    // A field the server writes may come back as sent; it is ignored, not refused.
                    if !property.readOnly { property.check(member, at: path, into: &report) }
                } else if let additionalProperties {
                    additionalProperties.check(member, at: path, into: &report)
                } else if !additionalPropertiesAllowed {
                    report.add(path, "Is not a field of \(field.isEmpty ? "this body" : field); allowed are \(properties.keys.sorted().joined(separator: ", ")).")
                }
            }
        case .null, .bool:
            break
        }
    }

    private func checkRange(_ number: Double, at field: String, into report: inout Report) {
        func show(_ value: Double) -> String { value == value.rounded() ? String(Int64(value)) : String(value) }
        if let maximum, number > maximum {
            report.add(field, "Must be at most \(show(maximum)); got \(show(number)).")
        } else if let minimum, number < minimum {
            report.add(field, "Must be at least \(show(minimum)); got \(show(number)).")
        }
    }

    private func fits(_ value: JSONValue, _ types: Set<String>) -> Bool {
        switch value {
        case .null: types.contains("null")
        case .bool: types.contains("boolean")
        case .integer: types.contains("integer") || types.contains("number")
        case .number(let n): types.contains("number") || (types.contains("integer") && n == n.rounded() && abs(n) < 9e15)
        case .string: types.contains("string")
        case .array: types.contains("array")
        case .object: types.contains("object")
        }
    }

    private static func readable(_ type: String) -> String {
        switch type {
        case "integer": "a whole number"
        case "number": "a number"
        case "boolean": "true or false"
        case "array": "a list"
        case "object": "an object"
        default: "a \(type)"
        }
    }

    static func matches(_ text: String, format: String) -> Bool {
        switch format {
        case "uuid":
            return UUID(uuidString: text) != nil
        case "date":
            return text.count == 10 && CalendarDate(text) != nil
        case "date-time":
            return DayFormat.isDateTime(text)
        case "email":
            let parts = text.split(separator: "@", omittingEmptySubsequences: false)
            return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !text.contains(" ")
        default:
            return true
        }
    }

    private static func formatMessage(_ format: String) -> String {
        switch format {
        case "uuid": "Must be an id like 3f2b8c1e-4d5a-4b6c-9e7f-0a1b2c3d4e5f."
        case "date": "Must be a date as YYYY-MM-DD, like 2027-03-31."
        case "date-time": "Must be a date and time with its offset, like 2027-03-31T18:00:00Z."
        case "email": "Must be an e-mail address, like maya@example.org."
        default: "Must be in the format \(format)."
        }
    }
}

/// Dates as the API writes them.
enum DayFormat {
    static func isDateTime(_ text: String) -> Bool {
        let plain = ISO8601DateFormatter()
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return plain.date(from: text) != nil || fractional.date(from: text) != nil
    }
}

extension Application {
    private struct ContractKey: StorageKey { typealias Value = APIContract }

    var apiContract: APIContract? {
        get { storage[ContractKey.self] }
        set { storage[ContractKey.self] = newValue }
    }
}

/// Holds every API request to the document before it reaches a handler. The body is gathered
/// first, so a large one sent in several chunks is checked whole.
struct APIContractMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if request.body.data == nil, [.POST, .PUT, .PATCH, .DELETE].contains(request.method) {
            _ = try await request.body.collect(max: request.application.routes.defaultMaxBodySize.value).get()
        }
        if [.POST, .PUT, .PATCH].contains(request.method), (request.body.data?.readableBytes ?? 0) > 0,
           request.headers.contentType != .json {
            throw DomainError(status: .unsupportedMediaType,
                              reason: "Send the body as JSON with “Content-Type: application/json” (got “\(request.headers.contentType?.description ?? "none")”).")
        }
        guard let contract = request.application.apiContract,
              let operation = contract.operation(for: request.method, path: request.url.path) else {
            return try await next.respond(to: request)
        }
        var query: [String: String] = [:]
        for item in URLComponents(string: request.url.string)?.queryItems ?? [] where query[item.name] == nil {
            query[item.name] = item.value ?? ""
        }
        let (errors, wrongType) = contract.check(operation, query: query, body: request.body.data)
        guard errors.isEmpty else {
            throw APIContractViolation(errors: errors, wrongType: wrongType)
        }
        return try await next.respond(to: request)
    }
}

struct APIContractViolation: Error {
    let errors: [FieldError]
    let wrongType: Bool
}
