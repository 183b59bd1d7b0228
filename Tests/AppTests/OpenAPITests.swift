import Foundation
import Testing
import Vapor
import VaporTesting
import Yams
@testable import App

@Suite("The OpenAPI document and the API agree")
struct OpenAPITests {
    static func documentedOperations(_ yaml: String) throws -> Set<String> {
        let document = try #require(try Yams.load(yaml: yaml) as? [String: Any])
        #expect(document["openapi"] as? String == "3.1.0")
        let paths = try #require(document["paths"] as? [String: Any])
        var operations = Set<String>()
        for (path, item) in paths {
            let methods = try #require(item as? [String: Any])
            for method in methods.keys where ["get", "post", "put", "patch", "delete"].contains(method) {
                operations.insert("\(method.uppercased()) \(path)")
            }
        }
        return operations
    }

    @Test("every documented operation exists and every API route is documented")
    func routesMatchDocument() async throws {
        try await withTandem { app in
            // setup: the document as the app serves it
            let served = try await app.testing().sendRequest(.GET, "/openapi.yaml")
            #expect(served.status == .ok)
            #expect(served.headers.contentType?.description.hasPrefix("application/yaml") == true)
            let documented = try Self.documentedOperations(served.body.string)

            // act: the routes the app really has under /api
            let routes = Set(app.routes.all.compactMap { route -> String? in
                guard route.path.first?.description == "api" else { return nil }
                let path = route.path.map { component -> String in
                    if case .parameter(let name) = component { return "{\(name)}" }
                    return component.description
                }.joined(separator: "/")
                return "\(route.method.rawValue) /\(path)"
            })

            // validate
            #expect(documented.subtracting(routes).isEmpty, "documented but missing: \(documented.subtracting(routes).sorted())")
            #expect(routes.subtracting(documented).isEmpty, "routes without documentation: \(routes.subtracting(documented).sorted())")
            #expect(routes.count >= 24)
        }
    }

    @Test("every operation has an id and declares its errors as problem+json")
    func operationsAreComplete() async throws {
        let path = TandemConfiguration.testing().resourcesDirectory + "Resources/openapi.yaml"
        let document = try #require(try Yams.load(yaml: String(contentsOfFile: path, encoding: .utf8)) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        var ids = Set<String>()
        for (path, item) in paths {
            for (method, value) in item where method != "parameters" {
                let operation = try #require(value as? [String: Any], "\(method) \(path)")
                let id = try #require(operation["operationId"] as? String, "\(method) \(path) has no operationId")
                #expect(ids.insert(id).inserted, "operationId \(id) is used twice")
                let responses = try #require(operation["responses"] as? [String: Any])
                let needsAuth = (operation["security"] as? [Any])?.isEmpty != true
                if needsAuth { #expect(responses["401"] != nil, "\(method) \(path) does not declare 401") }
            }
        }
    }
}
