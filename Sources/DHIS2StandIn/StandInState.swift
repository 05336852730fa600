import DHIS2
import Foundation
import Geometry

/// Everything the stand-in server knows: org units, metadata, data values, jobs, and the knobs
/// tests turn (version, credentials, body limit, faults). Guarded by a mutex in `DHIS2StandIn`;
/// every request is handled whole under it, as one transaction.
struct StandInState {
    var options: DHIS2StandIn.Options
    var orgUnits: [String: StoredOrgUnit] = [:]
    /// Metadata objects by collection name ("dataElements", …) and id, as JSON objects.
    var metadata: [String: [String: [String: Any]]] = [:]
    /// Category option combos: id → (combo id, option ids, name).
    var optionCombos: [String: (combo: String, options: Set<String>, name: String)] = [:]
    var values: [DataValue.Key: String] = [:]
    var jobs: [String: Job] = [:]
    var requestCount = 0
    var importCount = 0
    var asyncImportCount = 0
    /// The job the last async request started.
    var lastJobID: String?
    /// Installed apps by key (`AppController`).
    var apps: [String: App] = [:]
    /// Routes by id, with their secrets (`RouteService`).
    var routes: [String: [String: Any]] = [:]
    /// Browser sessions (`JSESSIONID`) → who signed in.
    var browserSessions: [String: DHIS2StandIn.Account] = [:]
    /// User settings saved through `/api/userSettings/{key}`, by user id (`UserSettingService`).
    var userSettings: [String: [String: String]] = [:]
    /// Who the request being handled signed in as.
    var requestAccount: DHIS2StandIn.Account?
    /// Analytics jobs started, with the `skip…` parameters that were true.
    var analyticsRuns: [(id: String, lastYears: Int?, skips: Set<String>)] = []
    var log: [DHIS2StandIn.LoggedRequest] = []
    /// The UIDs DHIS2 would make at random (option combos, imports, jobs), from `options.seed`.
    var random: SeededRandom

    mutating func randomUID() -> String { UID.random(using: &random) }

    struct StoredOrgUnit {
        var id, name: String
        var code: String?
        var level: Int
        var path: String
        var parent: String?
        var geometry: Any?
    }

    struct Job {
        var type: String
        /// nil for jobs without a summary (analytics).
        var summary: [String: Any]?
        var pollsLeft: Int
        /// Polls of `taskSummaries` that still find no summary after the job completed.
        var summaryLag: Int
        var messages: [String]
        /// The poll that raced the job's end has answered (`Options.summaryRace`).
        var raced = false
        /// Why the job failed (`Options.failImportJob`).
        var failure: String?
    }

    static let defaultCombo = "bjDvmb4bfuf"
    static let defaultCOC = "HllvX50cXC0"
    static let defaultCategory = "GLevLNI9wkl"
    static let defaultOption = "xYerKDKCefk"

    init(options: DHIS2StandIn.Options) {
        self.options = options
        random = SeededRandom(state: options.seed)
        // The built-in default option is shared "rwrw----" (`AccessStringHelper.CATEGORY_OPTION_DEFAULT`).
        metadata["categoryOptions"] = [
            Self.defaultOption: ["id": Self.defaultOption, "name": "default", "sharing": Sharing(publicAccess: "rwrw----").json]
        ]
        metadata["categories"] = [
            Self.defaultCategory: ["id": Self.defaultCategory, "name": "default", "categoryOptions": [["id": Self.defaultOption]]]
        ]
        metadata["categoryCombos"] = [
            Self.defaultCombo: ["id": Self.defaultCombo, "name": "default", "categories": [["id": Self.defaultCategory]]]
        ]
        optionCombos[Self.defaultCOC] = (Self.defaultCombo, [Self.defaultOption], "default")
    }

    mutating func setOptions(_ o: DHIS2StandIn.Options) { options = o }

    mutating func nextRequest() -> Int {
        requestCount += 1
        return requestCount
    }

    mutating func record(_ entry: DHIS2StandIn.LoggedRequest) { log.append(entry) }

    mutating func add(_ units: [OrgUnit]) {
        for u in units {
            var geometry: Any?
            switch u.geometry {
            case .area(let multi)?:
                geometry = [
                    "type": "MultiPolygon",
                    "coordinates": multi.polygons.map { p in ([p.exterior] + p.holes).map { ring in ring.map { [$0.x, $0.y] } } },
                ]
            case .point(let p)?:
                geometry = ["type": "Point", "coordinates": [p.x, p.y]]
            case .other(let type)?:
                geometry = ["type": type, "coordinates": [[0.0, 0.0], [1.0, 1.0]]]
            case nil:
                geometry = nil
            }
            orgUnits[u.id] = StoredOrgUnit(
                id: u.id, name: u.name, code: u.code, level: u.level, path: u.path, parent: u.parentID, geometry: geometry)
        }
    }

    mutating func setValue(_ key: DataValue.Key, _ value: String?) { values[key] = value }

    /// The answer to a request that started a job, as every async endpoint of DHIS2 gives it
    /// (`WebMessageUtils.jobConfigurationReport`: "Initiated …" and a `JobConfigurationWebMessageResponse`).
    func jobStarted(_ id: String, type: String) -> StandInReply {
        .json(
            200,
            [
                "httpStatus": "OK", "httpStatusCode": 200, "status": "OK", "message": "Initiated \(type)",
                "response": [
                    "id": id, "name": type, "jobType": type, "created": serverDate,
                    "relativeNotifierEndpoint": "/api/system/tasks/\(type)/\(id)",
                ],
            ])
    }

    mutating func addJob(_ id: String, type: String, summary: [String: Any]?, messages: [String] = ["Importing data values"]) {
        lastJobID = id
        jobs[id] = Job(type: type, summary: summary, pollsLeft: options.asyncPolls, summaryLag: options.summaryLagPolls, messages: messages)
    }

    /// One poll of a job: not completed for the first `asyncPolls` polls, as a busy server.
    mutating func pollJob(_ id: String) -> (known: Bool, completed: Bool) {
        guard var job = jobs[id] else { return (false, false) }
        if job.pollsLeft > 0 {
            job.pollsLeft -= 1
            jobs[id] = job
            return (true, false)
        }
        return (true, true)
    }

    /// The notifications `GET /api/system/tasks/{type}/{id}` answers, newest first
    /// (`SystemController.getTaskJsonByUid`). With `summaryRace` on 2.41/2.42 the first poll
    /// after the end finds the job no longer RUNNING while its last notification is not stored
    /// yet: it calls `notifier.clear` — notifications and summary gone
    /// (`InMemoryNotifierStore.clear(type, job)`) — and answers the newest one marked completed.
    mutating func taskNotifications(_ id: String, category: String) -> [[String: Any]] {
        let poll = pollJob(id)
        guard poll.known, var job = jobs[id] else { return [] }
        if job.raced { return [] }
        func note(_ message: String, level: String = "INFO", completed: Bool = false) -> [String: Any] {
            ["level": level, "category": category, "message": message, "completed": completed, "time": serverDate]
        }
        var running = job.messages.reversed().map { note($0) }
        if let error = options.jobItemError, category == "DATAVALUE_IMPORT" { running.insert(note(error, level: "ERROR"), at: 0) }
        guard poll.completed else { return running }
        if let failure = job.failure { return [note(failure, level: "ERROR", completed: true)] + running }
        if options.summaryRace, majorMinor >= (2, 41), majorMinor <= (2, 42) {
            job.raced = true
            job.summary = nil
            jobs[id] = job
            var newest = running.first ?? note("Importing data values")
            newest["completed"] = true
            return [newest]
        }
        return [note("Job done", completed: true)] + running
    }

    /// `SystemController.getTaskSummaryJson`: the summary once it exists; until then nil (200
    /// with an empty body).
    mutating func jobSummary(_ id: String) -> [String: Any]? {
        guard var job = jobs[id], job.pollsLeft == 0 else { return nil }
        if job.summaryLag > 0 {
            job.summaryLag -= 1
            jobs[id] = job
            return nil
        }
        return job.summary
    }

    /// "2.40.3" → (2, 40, 3); "2.42-SNAPSHOT" → (2, 42, 0).
    var version: (Int, Int, Int) {
        let parts = options.version.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        return (parts.first ?? 2, parts.count > 1 ? parts[1] : 41, parts.count > 2 ? parts[2] : 0)
    }

    var majorMinor: (Int, Int) { (version.0, version.1) }

    /// The server's clock decides which periods are open.
    var currentYear: Int { Calendar(identifier: .gregorian).component(.year, from: options.today) }

    var serverDate: String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd'T'HH:mm:ss.SSS"
        return f.string(from: options.today)
    }

    mutating func setMetadata(_ collection: String, _ object: [String: Any]) {
        guard let id = object["id"] as? String else { return }
        metadata[collection, default: [:]][id] = object
    }

    mutating func setOptionCombo(_ id: String, combo: String, options: Set<String>, name: String) {
        optionCombos[id] = (combo, options, name)
    }
}
