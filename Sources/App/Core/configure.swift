import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Leaf
import Vapor

extension Application {
    private struct ConfigurationKey: StorageKey {
        typealias Value = TandemConfiguration
    }

    /// The settings this app was configured with.
    public var tandem: TandemConfiguration {
        get { storage[ConfigurationKey.self] ?? .testing() }
        set { storage[ConfigurationKey.self] = newValue }
    }
}

extension Request {
    var tandem: TandemConfiguration { application.tandem }
}

/// Builds the whole application: tests call this very function, so they run the real app.
public func configure(_ app: Application, _ config: TandemConfiguration) async throws {
    app.tandem = config
    app.http.server.configuration.hostname = config.hostname
    app.http.server.configuration.port = config.port
    app.http.server.configuration.shutdownTimeout = .seconds(Int64(config.shutdownGrace))

    // Storage
    switch config.storage {
    case .sqliteFile(let path):
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        app.databases.use(.sqlite(.file(path)), as: .sqlite)
        try await SQLiteTuning.apply(to: app)
    case .sqliteMemory:
        app.databases.use(.sqlite(.memory), as: .sqlite)
    case .postgres(let url):
        do {
            // Several connections per event loop: a booking waits on its calendar lock while others
            // go on; a request waits up to 30 s for a connection rather than failing under a burst.
            try app.databases.use(.postgres(url: url, maxConnectionsPerEventLoop: 4, connectionPoolTimeout: .seconds(30)), as: .psql)
        } catch {
            throw TandemConfiguration.Error(setting: "DATABASE_URL", message: "could not be read: \(error)")
        }
    }
    app.registerMigrations()
    app.databases.middleware.useReadOnlyAfterEnd()
    app.databases.middleware.use(UserNameKey())

    // Accounts: bcrypt runs on the thread pool through `req.password.async`.
    app.passwords.use(.bcrypt(cost: config.bcryptCost))
    app.sessions.use(.fluent)
    app.sessions.configuration.cookieName = "tandem_session"
    let secure = config.secureCookies
    app.sessions.configuration.cookieFactory = { id in
        HTTPCookies.Value(string: id.string, expires: Date().addingTimeInterval(30 * 24 * 3600),
                          maxAge: nil, path: "/", isSecure: secure, isHTTPOnly: true, sameSite: .lax)
    }

    // Pages
    app.views.use(.leaf)
    app.leaf.tags["day"] = CalendarDayTag()
    // Templates and public files are found from the package root, wherever tandem was started.
    app.directory = DirectoryConfiguration(workingDirectory: config.resourcesDirectory)
    // Templates are read once and cached; set TANDEM_RELOAD_TEMPLATES=true while editing them.
    app.leaf.cache = TemplateCache(enabled: Environment.get("TANDEM_RELOAD_TEMPLATES") != "true")

    // Middleware, outermost first.
    app.middleware = Middlewares()
    app.middleware.use(RequestIDMiddleware())
    // Outside the error middleware, so error pages carry the headers too.
    app.middleware.use(SecurityHeadersMiddleware(secure: config.secureCookies))
    app.middleware.use(TandemErrorMiddleware())
    // Inside it: it turns the router's 404 into a 405 before the error becomes a response.
    app.middleware.use(MethodNotAllowedMiddleware())
    app.middleware.use(FileMiddleware(publicDirectory: app.directory.publicDirectory))
    // Sessions only create a cookie when a page uses them; the API never reads them.
    app.middleware.use(app.sessions.middleware)
    app.middleware.use(SessionUserAuthenticator())

    // Request bodies: forms and JSON are small; a big body is refused, not buffered.
    app.routes.defaultMaxBodySize = "256kb"

    // The API is held to its OpenAPI document at the edge.
    app.apiContract = try APIContract.load(from: config.resourcesDirectory + "Resources/openapi.yaml")

    Metrics.bootstrapOnce()
    try routes(app)
}
