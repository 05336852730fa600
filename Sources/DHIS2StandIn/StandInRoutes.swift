import DHIS2
import Foundation
import Geometry

extension StandInState {
    /// Routes one request, after the checks a real deployment makes in front of DHIS2:
    /// the proxy's faults and body limit, then DHIS2's authentication.
    mutating func handle(_ r: StandInRequest) -> StandInReply {
        let n = nextRequest()
        if let every = options.failEveryNth, every > 0, n % every == 0 {
            return StandInReply(
                status: 502, body: Data("<html><body><h1>502 Bad Gateway</h1></body></html>".utf8), contentType: "text/html")
        }
        if let limit = options.maxBodyBytes, r.body.count > limit {
            let page = "<html><body><h1>413 Request Entity Too Large</h1></body></html>"
            return StandInReply(status: 413, body: Data(page.utf8), contentType: "text/html")
        }
        guard let signedIn = signedIn(r) else {
            return .error(401, "Unauthorized", "Unauthorized")
        }
        requestAccount = signedIn
        switch (r.method, r.path.first ?? "", r.path.count) {
        case ("GET", "system", 2) where r.path[1] == "info":
            return .json(
                200, ["version": options.version, "revision": "standin", "serverDate": serverDate, "systemName": "DHIS2 stand-in"])
        case ("GET", "me", 1):
            return me()
        case ("POST", "userSettings", 2):
            return saveUserSetting(r.path[1], r)
        case ("GET", "apps", 1):
            return listApps()
        case ("POST", "apps", 1):
            return installApp(r)
        case ("DELETE", "apps", 2):
            return deleteApp(r.path[1])
        case ("GET", "apps", _) where r.path.count >= 2:
            return appFile(r.path)
        case ("GET", "routes", 1):
            return listRoutes(r)
        case ("POST", "routes", 1):
            return saveRoute(r, id: nil)
        case ("PUT", "routes", 2):
            return saveRoute(r, id: r.path[1])
        case ("DELETE", "routes", 2):
            return deleteRoute(r.path[1])
        case ("POST", "maintenance", 4) where r.path[1] == "categoryOptionComboUpdate" && r.path[2] == "categoryCombo":
            return maintenanceOptionComboUpdate(r.path[3])
        case ("POST", "categoryCombos", 1):
            return saveCategoryCombo(r, id: nil)
        case ("PUT", "categoryCombos", 2):
            return saveCategoryCombo(r, id: r.path[1])
        case ("POST", "resourceTables", 2) where r.path[1] == "analytics":
            return startAnalytics(r)
        case ("GET", "organisationUnits", 1):
            return organisationUnits(r)
        case ("GET", "categoryCombos", 1), ("GET", "dataElements", 1), ("GET", "categories", 1), ("GET", "categoryOptions", 1),
            ("GET", "dataSets", 1):
            return collection(r.path[0], r)
        case ("GET", "dataSets", 2), ("GET", "dataElements", 2), ("GET", "categoryCombos", 2):
            guard var o = metadata[r.path[0]]?[r.path[1]] else {
                return .error(404, "Not Found", "\(r.path[0]) with id \(r.path[1]) could not be found.")
            }
            if r.path[0] == "dataElements" {
                // The inverse side of DataSet.dataSetElements, as DataElement exposes it.
                o["dataSetElements"] = (metadata["dataSets"] ?? [:]).sorted { $0.key < $1.key }.compactMap { id, ds -> [String: Any]? in
                    let members = ((ds["dataSetElements"] as? [[String: Any]]) ?? []).compactMap {
                        ($0["dataElement"] as? [String: Any])?["id"] as? String
                    }
                    return members.contains(r.path[1]) ? ["dataSet": ["id": id], "dataElement": ["id": r.path[1]]] : nil
                }
            }
            return .json(200, selected(o, r.path[0], r))
        case ("GET", "categoryOptionCombos", 1):
            return categoryOptionCombos(r)
        case ("POST", "metadata", 1):
            return importMetadata(r)
        case ("POST", "dataValueSets", 1):
            importCount += 1
            if r.flag("async") { asyncImportCount += 1 }
            let before = values
            let reply = importDataValues(r)
            if r.flag("async"), asyncImportCount == options.failImportJob, let job = lastJobID {
                values = before
                jobs[job]?.failure = "Process failed: could not serialize access due to concurrent update"
                jobs[job]?.summary = nil
            }
            if let every = options.loseAnswerEveryNthImport, every > 0, importCount % every == 0 {
                // Committed, but the proxy's answer never reaches the client.
                return StandInReply(
                    status: 502, body: Data("<html><body><h1>502 Bad Gateway</h1></body></html>".utf8), contentType: "text/html")
            }
            return reply
        case ("GET", "dataValueSets", 1):
            return readDataValues(r)
        case ("GET", "system", 4) where r.path[1] == "tasks":
            return .json(200, taskNotifications(r.path[3], category: r.path[2]))
        case ("GET", "system", 4) where r.path[1] == "taskSummaries":
            // `SystemController.getTaskSummaryJson`: 200 with an empty body until the summary exists.
            guard let s = jobSummary(r.path[3]) else { return StandInReply(status: 200, body: Data()) }
            return .json(200, s)
        default:
            return .error(404, "Not Found", "No endpoint \(r.method) /api/\(r.path.joined(separator: "/")) in the stand-in")
        }
    }

    /// `POST /api/resourceTables/analytics` (`ResourceTableController.analytics`,
    /// `@PreAuthorize F_PERFORM_MAINTENANCE`): starts an ANALYTICS_TABLE job.
    mutating func startAnalytics(_ r: StandInRequest) -> StandInReply {
        guard account.has("F_PERFORM_MAINTENANCE") else { return Self.forbidden("F_PERFORM_MAINTENANCE") }
        let id = randomUID()
        let years = r.first("lastYears") ?? "all"
        addJob(
            id, type: "ANALYTICS_TABLE", summary: nil,
            messages: ["Generating resource tables", "Populating analytics tables (last years: \(years))"])
        analyticsRuns.append(
            (id: id, lastYears: Int(years), skips: Set(r.query.filter { $0.0.hasPrefix("skip") && $0.1 == "true" }.map(\.0))))
        return jobStarted(id, type: "ANALYTICS_TABLE")
    }

    /// The account the Authorization header signs in as, if it does.
    /// Who a request signs in as: its Authorization header, else a browser session's cookie.
    func signedIn(_ r: StandInRequest) -> DHIS2StandIn.Account? { signedIn(r.authorization) ?? sessionAccount(r.cookie) }

    func signedIn(_ header: String?) -> DHIS2StandIn.Account? {
        guard let header else { return nil }
        func basic(_ user: String, _ password: String) -> String {
            "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
        }
        if let token = options.token, header == "ApiToken \(token)" { return options.account }
        if let user = options.username, let password = options.password, header == basic(user, password) { return options.account }
        return options.people.first { header == basic($0.key, $0.value.password) }?.value.account
    }

    /// Newer servers wrap import summaries in a WebMessage and answer 409 when not SUCCESS.
    var wrapsImportSummaries: Bool { majorMinor >= (2, 39) }

    // MARK: Paging and filters

    /// DHIS2 paging: `paging=false`, or pages of `pageSize` (default 50) with a pager.
    func paged(_ name: String, _ items: [[String: Any]], _ r: StandInRequest, path: String) -> StandInReply {
        if r.first("paging") == "false" { return .json(200, [name: items]) }
        let pageSize = max(1, Int(r.first("pageSize") ?? "") ?? 50)
        let page = max(1, Int(r.first("page") ?? "") ?? 1)
        let pageCount = max(1, (items.count + pageSize - 1) / pageSize)
        let slice = Array(items.dropFirst((page - 1) * pageSize).prefix(pageSize))
        var pager: [String: Any] = ["page": page, "pageCount": pageCount, "total": items.count, "pageSize": pageSize]
        if page < pageCount { pager["nextPage"] = "http://127.0.0.1/api/\(path)?page=\(page + 1)&pageSize=\(pageSize)" }
        return .json(200, ["pager": pager, name: slice])
    }

    /// Applies `filter=property:operator:value` (ANDed), for the properties the client uses.
    func matches(_ object: [String: Any], _ filters: [String]) -> Bool {
        filters.allSatisfy { f in
            let parts = f.split(separator: ":", maxSplits: 2).map(String.init)
            guard parts.count == 3 else { return false }
            let (property, op, value) = (parts[0], parts[1], parts[2])
            let actual: String? = property.split(separator: ".").reduce(object as Any?) { o, key in (o as? [String: Any])?[String(key)] }
                .map { v in (v as? Int).map(String.init) ?? (v as? String) ?? "\(v)" }
            let list = value.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).split(separator: ",").map(String.init)
            switch op {
            case "eq": return actual == value
            case "in": return actual.map(list.contains) ?? false
            case "like": return actual?.localizedCaseInsensitiveContains(value) ?? false
            default: return false
            }
        }
    }

    func organisationUnits(_ r: StandInRequest) -> StandInReply {
        var fields = Set((r.first("fields") ?? "id,name").split(separator: ",").map { String($0.split(separator: "[").first!) })
        // `:owner`: every stored property, as an update must send them back.
        if fields.contains(":owner") { fields.insert("*") }
        let all: [[String: Any]] = orgUnits.values.sorted { $0.id < $1.id }.map { u in
            var o: [String: Any] = ["id": u.id, "name": u.name, "level": u.level, "path": u.path]
            if let code = u.code { o["code"] = code }
            if let parent = u.parent { o["parent"] = ["id": parent] }
            if let g = u.geometry { o["geometry"] = g }
            return o
        }
        let chosen = all.filter { matches($0, r.all("filter")) }.map { $0.filter { fields.contains($0.key) || fields.contains("*") } }
        return paged("organisationUnits", chosen, r, path: "organisationUnits")
    }

    func collection(_ name: String, _ r: StandInRequest) -> StandInReply {
        var items = (metadata[name] ?? [:]).values.sorted { ($0["id"] as? String ?? "") < ($1["id"] as? String ?? "") }
        if (r.first("fields") ?? "").split(separator: ",").contains("access") {
            items = items.map { o in o.merging(["access": access(o)]) { _, new in new } }
        }
        return paged(name, items.filter { matches($0, r.all("filter")) }.map { selected($0, name, r) }, r, path: name)
    }

    /// The `fields` of an object: the `display…` properties computed when asked for; a plain list
    /// (no `:owner`, `:all` or `*`) keeps only the properties named (nested `[…]` selections whole).
    func selected(_ object: [String: Any], _ collection: String, _ r: StandInRequest) -> [String: Any] {
        guard let list = r.first("fields") else { return object }
        var fields = Set<String>()
        var depth = 0
        var current = ""
        for c in list {
            if c == "[" { depth += 1 } else if c == "]" { depth -= 1 }
            if c == ",", depth == 0 {
                fields.insert(current)
                current = ""
            } else if depth == 0, c != "]" {
                current.append(c)
            }
        }
        fields.insert(current)
        let o = displayed(object, collection, fields: fields, locale: translationLocale(r))
        if fields.contains(":owner") || fields.contains(":all") || fields.contains("*") { return o }
        return o.filter { fields.contains($0.key) }
    }

    func categoryOptionCombos(_ r: StandInRequest) -> StandInReply {
        let items: [[String: Any]] = optionCombos.sorted { $0.key < $1.key }.map { id, c in
            ["id": id, "name": c.name, "categoryCombo": ["id": c.combo], "categoryOptions": c.options.sorted().map { ["id": $0] }]
        }
        return paged("categoryOptionCombos", items.filter { matches($0, r.all("filter")) }, r, path: "categoryOptionCombos")
    }
}
