import Foundation

/// How to send a set of data values.
public struct ImportOptions: Sendable {
    public enum Strategy: String, Sendable { case createAndUpdate = "CREATE_AND_UPDATE", create = "CREATE", update = "UPDATE", delete = "DELETE" }
    public var strategy: Strategy = .createAndUpdate
    public var dryRun = false
    /// Run as a server job and poll it (large imports behind proxies with short timeouts).
    public var async = false
    /// Values per request; halved whenever the server answers 413 (body too large).
    public var chunkSize = 5_000
    public var pollInterval: Duration = .seconds(1)

    public init(strategy: Strategy = .createAndUpdate, dryRun: Bool = false, async: Bool = false, chunkSize: Int = 5_000) {
        self.strategy = strategy
        self.dryRun = dryRun
        self.async = async
        self.chunkSize = chunkSize
    }
}

/// The outcome of sending values in chunks: the combined summary and one per request.
public struct ImportResult: Sendable {
    public var summary: ImportSummary
    public var chunks: [(values: Int, summary: ImportSummary)]
    /// Conflict indexes are per request; these are the conflicts with the values they refer to.
    public var conflictValues: [(conflict: ImportSummary.Conflict, value: DataValue?)]

    /// True when DHIS2 ignored a value or reported a conflict: the caller exits non-zero unless
    /// told to accept it.
    public var hasProblems: Bool { summary.ignored > 0 || !summary.conflicts.isEmpty || summary.status == "ERROR" }

    /// Each conflict as a sentence about a place: "District 7 (ou…), 2020: <DHIS2's message> [E7633]".
    /// UIDs in DHIS2's message are followed by the object's name where known.
    public func describeConflicts(names: [String: String]) -> [String] {
        conflictValues.map { c, v in
            var text = c.value
            for (uid, name) in names where text.contains(uid) { text = text.replacingOccurrences(of: uid, with: "\(uid) (\(name))") }
            let code = c.errorCode.map { " [\($0)]" } ?? ""
            guard let v else { return "\(text)\(code)" }
            let place = names[v.orgUnit].map { "\($0) (\(v.orgUnit))" } ?? "unknown org unit \(v.orgUnit)"
            return "\(place), \(v.period): \(text)\(code)"
        }
    }
}

extension DHIS2Client {
    /// Sends values in chunks. A 413 halves the chunk and resends it; transient errors are
    /// retried by `send` (CREATE_AND_UPDATE and DELETE of the same values are idempotent).
    public func importDataValues(_ values: [DataValue], options: ImportOptions = ImportOptions(),
                                 progress: (@Sendable (Int, Int) -> Void)? = nil) async throws -> ImportResult {
        var total = ImportSummary()
        var chunks: [(Int, ImportSummary)] = []
        var conflictValues: [(ImportSummary.Conflict, DataValue?)] = []
        var size = max(1, options.chunkSize)
        var start = 0
        while start < values.count {
            let chunk = Array(values[start..<min(start + size, values.count)])
            let summary: ImportSummary
            do {
                summary = try await importChunk(chunk, options: options)
            } catch DHIS2Error.httpError(_, _, 413, _) where size > 1 {
                size = max(1, size / 2)
                log?("DHIS2 refused a request of \(chunk.count) values as too large (413); sending \(size) at a time")
                continue
            }
            for c in summary.conflicts {
                let hits = (c.indexes ?? []).compactMap { $0 >= 0 && $0 < chunk.count ? chunk[$0] : nil }
                if hits.isEmpty { conflictValues.append((c, nil)) }
                for v in hits { conflictValues.append((c, v)) }
            }
            total.add(summary)
            chunks.append((chunk.count, summary))
            start += chunk.count
            progress?(start, values.count)
        }
        return ImportResult(summary: total, chunks: chunks, conflictValues: conflictValues)
    }

    func importChunk(_ values: [DataValue], options: ImportOptions) async throws -> ImportSummary {
        struct Body: Encodable { var dataValues: [DataValue] }
        let body = try JSONEncoder().encode(Body(dataValues: values))
        var query = [("importStrategy", options.strategy.rawValue), ("dryRun", options.dryRun ? "true" : "false")]
        if options.async { query.append(("async", "true")) }
        // 409 carries an import summary with conflicts (2.39+): a report, not a failure.
        let (data, _) = try await send("POST", "dataValueSets", query: query, body: body, accept: [409])
        guard options.async else { return try parseSummary(data) }
        return try await waitForJob(startedBy: data)
    }

    func parseSummary(_ data: Data) throws -> ImportSummary {
        do { return try ImportSummary.parse(data) } catch let e as DHIS2Error { throw e } catch {
            throw DHIS2Error.invalidResponse(path: "/api/dataValueSets", reason: "\(error)")
        }
    }

    /// Polls `/api/system/tasks/DATAVALUE_IMPORT/<id>` until the job completes, then reads its
    /// summary from `/api/system/taskSummaries/…`.
    func waitForJob(startedBy data: Data) async throws -> ImportSummary {
        struct Job: Decodable { var id: String?; var jobType: String?; var relativeNotifierEndpoint: String? }
        struct Started: Decodable { var response: Job? }
        struct Notification: Decodable { var completed: Bool?; var level: String?; var message: String? }
        guard let job = try? JSONDecoder().decode(Started.self, from: data).response, let id = job.id else {
            throw DHIS2Error.invalidResponse(path: "/api/dataValueSets?async=true", reason: "no job id in the answer")
        }
        let type = job.jobType ?? "DATAVALUE_IMPORT"
        var polls = 0
        while true {
            let notes = try await get([Notification].self, "system/tasks/\(type)/\(id)")
            if let error = notes.first(where: { $0.level == "ERROR" }) {
                throw DHIS2Error.jobFailed(id: id, message: error.message ?? "no message")
            }
            if notes.contains(where: { $0.completed == true }) { break }
            polls += 1
            try await Task.sleep(for: polls < 5 ? .milliseconds(20 * polls) : .seconds(1))
        }
        let (summary, _) = try await send("GET", "system/taskSummaries/\(type)/\(id)")
        return try parseSummary(summary)
    }

    /// Reads stored values of data elements for periods under `root` (its whole subtree).
    public func dataValues(dataElements: [String], periods: [String], root: String) async throws -> [DataValue] {
        struct Set: Decodable { var dataValues: [DataValue]? }
        var query: [(String, String)] = dataElements.map { ("dataElement", $0) }
        query += periods.map { ("period", $0) }
        query += [("orgUnit", root), ("children", "true")]
        return try await get(Set.self, "dataValueSets", query: query).dataValues ?? []
    }
}
