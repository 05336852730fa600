import Audit
import DHIS2
import Foundation
import HTTPServing
import HTTPTypes
import Hummingbird
import Localization
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization
import UnixSignals

/// What `serve` is configured with.
public struct ServerSettings: Sendable {
    public var host = "127.0.0.1"
    public var port = 8080
    /// Required for every page and call when bound beyond loopback.
    public var accessKey: String?
    /// Debian's libjs-leaflet, served under /static/leaflet/ (no CDN).
    public var leafletDirectory = "/usr/share/javascript/leaflet"
    public var schedule: CronSchedule?
    /// The time the schedule and the sign-in limit go by (tests give one they move themselves).
    public var clock: any ScheduleClock = SystemClock()
    /// The sync a schedule starts, and the form's defaults.
    public var defaults: JobRequest
    /// The DHIS2 server's URL (never its credentials), shown on the page.
    public var target: String
    public var productDescription: String
    /// People sign in with their DHIS2 accounts (instead of, or beside, the access key).
    public var signIn: SignIn?
    /// How many failed sign-ins are let through, per username and per client address.
    public var signInLimit = SignInLimit.Policy()
    /// The address people use (`--public-url`), e.g. a reverse proxy's https URL.
    public var publicURL: URL?
    /// More names the server is reached by (Host header).
    public var allowedHosts: [String] = []
    /// Reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed.
    public var trustedProxies: [String] = []

    public init(defaults: JobRequest, target: String, productDescription: String) {
        self.defaults = defaults
        self.target = target
        self.productDescription = productDescription
    }
}

/// `worldpop-dhis2 serve`: the web page, the REST API and the schedule, over one job queue.
public final class WorldPopServer: Sendable {
    let settings: ServerSettings
    let queue: JobQueue
    let audit: AuditLog
    let antiForgery = AntiForgeryToken()
    let sessions: Sessions?
    let signInLimit: SignInLimit
    let allowedHosts: AllowedHosts
    let proxies: TrustedProxies
    let cookies: Cookies
    /// `openapi.yaml` and the page's script and style, sent as they are.
    let publicFolder: String
    private let running = Mutex<RunningHTTPServer?>(nil)
    let scheduler: Scheduler?

    public init(settings: ServerSettings, queue: JobQueue, audit: AuditLog) throws {
        try settings.checkAccess()
        self.settings = settings
        self.queue = queue
        self.audit = audit
        self.sessions = settings.signIn.map(Sessions.init)
        self.signInLimit = SignInLimit(policy: settings.signInLimit, clock: settings.clock)
        self.allowedHosts = AllowedHosts(
            bindHost: settings.host, port: settings.port, publicURL: settings.publicURL, names: settings.allowedHosts)
        self.proxies = TrustedProxies(settings.trustedProxies)
        self.cookies = Cookies(publicURLIsHTTPS: settings.publicURL?.scheme == "https", proxies: proxies)
        self.publicFolder = try PublicFiles.folder()
        self.scheduler = settings.schedule.map { Scheduler(schedule: $0, clock: settings.clock, queue: queue, defaults: settings.defaults) }
    }

    /// `serve`: listens, runs the schedule and the jobs until SIGTERM or SIGINT, then stops
    /// taking requests, gives the running job `grace` to finish and records what could not
    /// (swift-service-lifecycle's graceful shutdown). `onListening` gets the base URL.
    public func run(
        grace: Duration, shutdownSignals: [UnixSignal] = [.sigterm, .sigint], logger: Logger? = nil,
        onListening: @escaping @Sendable (URL) -> Void
    ) async throws {
        let log = Self.logger(logger)
        try await http(logger: log).run(alongside: services(grace: grace, logger: log), shutdownSignals: shutdownSignals) {
            [allowedHosts] url in
            allowedHosts.listening(on: url.port ?? 0)
            onListening(url)
        }
    }

    /// Starts serving in this process, with the same services as `run` (the queue's worker, the
    /// schedule), and returns the base URL; port 0 picks a free port. For tests and embedding;
    /// `stop()` ends it at once: a running job is cancelled and recorded as interrupted.
    public func start(logger: Logger? = nil) async throws -> URL {
        let log = Self.logger(logger)
        let server = try await http(logger: log).start(alongside: services(grace: .zero, logger: log))
        allowedHosts.listening(on: server.port)
        running.withLock { $0 = server }
        return server.url
    }

    /// Started in this order, before the HTTP server, and shut down in reverse: requests stop
    /// first, then the schedule, then the queue lets its running job finish.
    private func services(grace: Duration, logger: Logger) -> [any Service] {
        [JobQueueService(queue: queue, grace: grace, logger: logger)] + (scheduler.map { [ScheduleService(scheduler: $0)] } ?? [])
    }

    /// The Host check first, on every path (also unknown ones); then the routes, a known path's
    /// wrong method as 405; the security headers on every answer.
    private func http(logger: Logger) -> HTTPServing<CallbackResponder<ServeContext>> {
        let router = router()
        let methods = MethodNotAllowed(routes: router.routes.map { ($0.path.description, $0.method) })
        return HTTPServing(
            SecurityHeaders.wrapping(allowedHosts.wrapping(methods.wrapping(router.buildResponder()))), host: settings.host,
            port: settings.port, serverName: "worldpop-dhis2", logger: logger)
    }

    private static func logger(_ given: Logger?) -> Logger { given ?? HTTPServingLog.silent }

    public func stop() async {
        let server = running.withLock { r in
            defer { r = nil }
            return r
        }
        await server?.stop()
    }

    // MARK: Routes

    func router() -> Router<ServeContext> {
        let router = Router(context: ServeContext.self)
        // With sign-in, the key is one way in (its header) beside a session; without, the only one.
        router.add(middleware: AccessKeyMiddleware(key: sessions == nil ? settings.accessKey : nil, cookies: cookies))
        router.add(middleware: SignInMiddleware(sessions: sessions, accessKey: settings.accessKey))
        router.add(middleware: AntiForgeryMiddleware(tokens: antiForgery, accessKey: settings.accessKey))
        // After the checks above: the files need the key (or a session) as every page does.
        router.add(middleware: PublicFiles.middleware(folder: publicFolder))
        router.add(
            middleware: PublicFiles.middleware(folder: settings.leafletDirectory, under: "/static/leaflet")
                .withServeOnNotFoundResponse())
        // The message catalogues, for the page's script (the report's and the DHIS2 app's too).
        if let catalogues = try? Catalogues.folder() {
            router.add(middleware: PublicFiles.middleware(folder: catalogues.path, under: "/static/i18n"))
        }
        router.get("/") { [self] request, context in
            let (token, cookie) = sessionToken(request, context: context)
            let language = WebPage.language(for: sessions?.session(cookieHeader: request.headers[.cookie])?.account)
            var response = JSONResponse.body(
                Data(WebPage.html(settings, antiForgeryToken: token, language: language).utf8), contentType: "text/html; charset=utf-8")
            if let cookie { response.headers.append(cookie) }
            return response
        }
        router.get("/api/session") { [self] request, context in
            let (token, cookie) = sessionToken(request, context: context)
            var response = JSONResponse.make(["csrfToken": token])
            if let cookie { response.headers.append(cookie) }
            return response
        }
        // Answered only when Leaflet's folder lacks the file (PublicFiles serves what it has).
        router.get("/static/leaflet/**") { _, _ in
            JSONResponse.error(
                .notFound,
                "no such file: install Debian's libjs-leaflet for the map (apt-get install libjs-leaflet)")
        }
        router.get("/api/status") { [self] _, _ in
            JSONResponse.make(
                Status(
                    target: settings.target, product: settings.productDescription, defaults: settings.defaults,
                    schedule: settings.schedule?.description, nextScheduledSync: scheduler?.nextRun,
                    accessKeyRequired: settings.accessKey != nil))
        }
        router.get("/api/jobs") { [self] request, _ in
            // Newest first, a page at a time (`?page=2&pageSize=20`): the list grows with the audit log.
            let q = request.uri.queryParameters
            do {
                let pageSize = try QueryNumber.read(q.get("pageSize"), "pageSize", 1...100) ?? 100
                let page = try QueryNumber.read(q.get("page"), "page", 1...1_000_000) ?? 1
                return JSONResponse.make(try audit.jobs(limit: pageSize, offset: (page - 1) * pageSize).map(view))
            } catch let error as QueryNumber {
                return JSONResponse.error(.badRequest, error.description)
            }
        }
        router.post("/api/jobs") { [self] request, _ in
            let body = try await request.body.collect(upTo: 64 * 1024)
            do {
                return submit(try JobRequest.decode(body: Data(buffer: body)), from: request)
            } catch {
                return JSONResponse.error(.badRequest, "\(error)")
            }
        }
        addSignInRoutes(to: router)
        router.get("/api/jobs/:id") { [self] _, context in
            guard let id = context.parameters.get("id", as: Int64.self), let job = try audit.job(id: id) else {
                return JSONResponse.error(.notFound, "no such job")
            }
            return JSONResponse.make(view(job))
        }
        router.get("/api/jobs/:id/results") { [self] request, context in
            guard let id = context.parameters.get("id", as: Int64.self), let job = try audit.job(id: id) else {
                return JSONResponse.error(.notFound, "no such job")
            }
            let q = request.uri.queryParameters
            do {
                let selection = ResultsSelection(
                    year: try QueryNumber.read(q.get("year"), "year", 1900...2200),
                    level: try QueryNumber.read(q.get("level"), "level", 1...100),
                    page: try QueryNumber.read(q.get("page"), "page", 1...1_000_000),
                    pageSize: try QueryNumber.read(q.get("pageSize"), "pageSize", 1...5_000))
                return results(job, format: q.get("format") ?? "json", selection: selection)
            } catch let error as QueryNumber {
                return JSONResponse.error(.badRequest, error.description)
            }
        }
        router.get("/api/runs") { [self] _, _ in
            JSONResponse.make(try audit.runs(limit: 100))
        }
        router.post("/api/runs/:id/undo") { [self] request, context in
            guard let id = context.parameters.get("id", as: Int64.self) else {
                return JSONResponse.error(.badRequest, "the run id must be a number")
            }
            return submit(JobRequest(kind: .undo, run: id), from: request)
        }
        return router
    }

    /// The browser session's anti-forgery token: the one of its cookie when this server issued
    /// it, else a new one with the cookie that carries it.
    private func sessionToken(_ request: Request, context: ServeContext) -> (token: String, setCookie: HTTPField?) {
        if let cookie = request.headers[.cookie].flatMap({ cookieValue($0, name: AntiForgeryToken.cookieName) }),
            antiForgery.isValid(cookie)
        {
            return (cookie, nil)
        }
        let token = antiForgery.issue()
        return (token, cookies.set(AntiForgeryToken.cookieName, token, for: request, context: context))
    }

    /// Queues a job for whoever asked: with sign-in, a person whose DHIS2 authorities allow it (or
    /// a script with the access key), recorded as the job's requester.
    private func submit(_ job: JobRequest, from http: Request) -> Response {
        var request = job
        request.requestedBy = nil
        if let user = DHIS2AppUser(http, accessKey: settings.accessKey) {
            request.requestedBy = "\(user.name) via DHIS2 app"
        } else if let sessions {
            if let key = settings.accessKey, AccessKeyMiddleware<ServeContext>.hasKeyHeader(http, key: key) {
                request.requestedBy = "access key"
            } else if let session = sessions.session(cookieHeader: http.headers[.cookie]) {
                let missing = session.missingAuthorities(for: request.kind)
                guard missing.isEmpty else {
                    return JSONResponse.error(
                        .forbidden,
                        "\(session.account.username) may preview but not \(request.kind == .undo ? "undo" : "import"): "
                            + "the DHIS2 account lacks \(missing.map(\.authority).joined(separator: ", ")) (DHIS2 Users app ▸ user role)")
                }
                request.requestedBy = session.account.username
            }
        }
        do {
            return JSONResponse.make(view(try queue.submit(request)), status: .accepted)
        } catch let error as JobError {
            switch error {
            case .notFound: return JSONResponse.error(.notFound, error.description)
            case .conflict: return JSONResponse.error(.conflict, error.description)
            case .badRequest: return JSONResponse.error(.badRequest, error.description)
            case .queueFull(let waiting, let limit):
                return JSONResponse.make(QueueFull(error: error.description, queued: waiting, limit: limit), status: .tooManyRequests)
            }
        } catch {
            return JSONResponse.internalError(error)
        }
    }

    private func results(_ job: AuditJob, format: String, selection: ResultsSelection) -> Response {
        let files = [
            "json": ("results.json", "application/json; charset=utf-8"), "csv": ("populations.csv", "text/csv; charset=utf-8"),
            "geojson": ("populations.geojson", "application/geo+json"), "html": ("report.html", "text/html; charset=utf-8"),
        ]
        guard let (name, type) = files[format] else {
            return JSONResponse.error(
                .badRequest,
                "format is json, csv, geojson or html")
        }
        guard job.status == .succeeded, job.kind != "undo", let dir = job.resultDirectory,
            let data = FileManager.default.contents(atPath: (dir as NSString).appendingPathComponent(name))
        else {
            return JSONResponse.error(.conflict, "job \(job.id!) has no results (\(job.status.rawValue))")
        }
        if format == "json", selection.isSelecting, let doc = try? JSONDecoder().decode(ResultsFile.Document.self, from: data) {
            let chosen = ResultsFile.select(
                doc, year: selection.year, level: selection.level, page: selection.page ?? 1, pageSize: selection.pageSize ?? 1_000)
            return JSONResponse.make(chosen)
        }
        return JSONResponse.body(data, contentType: type)
    }

    func view(_ job: AuditJob) -> JobView {
        let id = job.id!
        var links: [String: String]?
        if job.status == .succeeded, job.kind != "undo" {
            links = Dictionary(
                uniqueKeysWithValues: ["json", "csv", "geojson", "html"].map { ($0, "/api/jobs/\(id)/results?format=\($0)") })
        }
        return JobView(
            id: id, kind: job.kind, status: job.status.rawValue, trigger: job.trigger, createdAt: job.createdAt, startedAt: job.startedAt,
            finishedAt: job.finishedAt, error: job.error, runId: job.runId,
            request: try? JSONDecoder().decode(JobRequest.self, from: Data(job.parameters.utf8)),
            progress: job.status == .running ? queue.progress(of: id) : nil, results: links)
    }
}

/// The DHIS2 user a request came from through DHIS2's Route API: DHIS2 adds `X-Forwarded-User`
/// (`RouteService.addForwardedUserHeader`) and the route's key. Believed only beside the key —
/// anyone can send the header, only DHIS2 holds the key — and only as a DHIS2 username can be.
struct DHIS2AppUser {
    var name: String

    init?(_ request: Request, accessKey: String?) {
        guard let key = accessKey, AccessKeyMiddleware<ServeContext>.hasKeyHeader(request, key: key),
            let field = HTTPField.Name("X-Forwarded-User"), let value = request.headers[field]
        else { return nil }
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "._-@+"))
        guard !value.isEmpty, value.count <= 140, value.unicodeScalars.allSatisfy(allowed.contains) else { return nil }
        name = value
    }
}

/// A whole number of a query within its range, or a 400 naming it: a page of 10^19 would
/// overflow the offset, and a value the document refuses must not be taken quietly.
struct QueryNumber: Error, CustomStringConvertible {
    var name: String
    var given: String
    var range: ClosedRange<Int>

    var description: String { "\(name) '\(given)' is not a whole number from \(range.lowerBound) to \(range.upperBound)" }

    static func read(_ text: String?, _ name: String, _ range: ClosedRange<Int>) throws -> Int? {
        guard let text else { return nil }
        guard let n = Int(text), range.contains(n) else { throw QueryNumber(name: name, given: String(text.prefix(40)), range: range) }
        return n
    }
}

/// `?year=&level=&page=&pageSize=` of a job's JSON results.
struct ResultsSelection {
    var year: Int?
    var level: Int?
    var page: Int?
    var pageSize: Int?

    var isSelecting: Bool { year != nil || level != nil || page != nil || pageSize != nil }
}

/// 429 from POST /api/jobs: the message, and the numbers for a client to act on.
struct QueueFull: Encodable {
    var error: String
    var queued: Int
    var limit: Int
}

struct Status: Codable {
    var target: String
    var product: String
    var defaults: JobRequest
    var schedule: String?
    var nextScheduledSync: Date?
    var accessKeyRequired: Bool
}

struct JobView: Codable {
    var id: Int64
    var kind: String
    var status: String
    var trigger: String
    var createdAt: Date
    var startedAt: Date?
    var finishedAt: Date?
    var error: String?
    var runId: Int64?
    var request: JobRequest?
    var progress: JobQueue.Progress?
    var results: [String: String]?
}

/// The signed-in person, as the page shows them.
struct Me: Encodable {
    var signIn = true
    var username: String
    var mayImport: Bool
    var expires: Date

    init(_ s: Session) {
        username = s.account.username
        mayImport = s.missingAuthorities(for: .sync).isEmpty
        expires = s.expires
    }
}
