import Foundation

/// How to send a set of data values.
public struct ImportOptions: Sendable {
    public enum Strategy: String, Sendable {
        case createAndUpdate = "CREATE_AND_UPDATE"
        case create = "CREATE"
        case update = "UPDATE"
        case delete = "DELETE"
    }
    public var strategy: Strategy = .createAndUpdate
    public var dryRun = false
    /// Run as a server job and poll it (large imports behind proxies with short timeouts).
    public var async = false
    /// Values per request; halved whenever the server answers 413 (body too large).
    public var chunkSize = 5_000
    public var pollInterval: Duration = .seconds(1)
    /// How long to follow one async job before giving up on it (it may still finish in DHIS2).
    public var jobDeadline: Duration = .seconds(3600)

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

    /// True when DHIS2 refused values (a conflict) or the whole import: the caller exits non-zero
    /// unless told to accept it. Values `ignored` without a conflict are not problems: DHIS2
    /// 2.38.6+, 2.39.5+, 2.40.3+ and 2.41+ count a value sent again unchanged as ignored — which is what a
    /// request retried after its answer was lost meets — and read-back verifies them.
    public var hasProblems: Bool { !summary.conflicts.isEmpty || summary.status == "ERROR" }

    /// Values DHIS2 ignored without a conflict: already stored as sent.
    public var ignoredUnchanged: Int { max(0, summary.ignored - Set(conflictValues.compactMap { $0.value?.key }).count) }

    /// Each conflict as a sentence about a place: "District 7 (ou…), 2020: <DHIS2's message> [E7633]".
    /// UIDs in DHIS2's message are followed by the object's name where known.
    public func describeConflicts(names: [String: String]) -> [String] {
        conflictValues.map { c, v in
            var text = c.value
            for (uid, name) in names where text.contains(uid) {
                text = text.replacingOccurrences(
                    of: uid,
                    with: "\(uid) (\(name))")
            }
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
    public func importDataValues(
        _ values: [DataValue], options: ImportOptions = ImportOptions(),
        progress: (@Sendable (Int, Int) -> Void)? = nil
    ) async throws -> ImportResult {
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
        return try await waitForJob(startedBy: data, deadline: options.jobDeadline)
    }

    func parseSummary(_ data: Data) throws -> ImportSummary {
        do { return try ImportSummary.parse(data) } catch let e as DHIS2Error { throw e } catch {
            throw DHIS2Error.invalidResponse(path: "/api/dataValueSets", reason: "\(error)")
        }
    }

    /// Polls `/api/system/tasks/DATAVALUE_IMPORT/<id>` until the job completes, then reads its
    /// summary from `/api/system/taskSummaries/…`, which answers 200 with an empty body until the
    /// summary exists. Gives up at the deadline with a message saying where to follow the job.
    func waitForJob(startedBy data: Data, deadline: Duration = .seconds(3600)) async throws -> ImportSummary {
        struct Job: Decodable {
            var id: String?
            var jobType: String?
            var relativeNotifierEndpoint: String?
        }
        struct Started: Decodable { var response: Job? }
        guard let job = try? JSONDecoder().decode(Started.self, from: data).response, let id = job.id else {
            throw DHIS2Error.invalidResponse(path: "/api/dataValueSets?async=true", reason: "no job id in the answer")
        }
        let type = job.jobType ?? "DATAVALUE_IMPORT"
        guard let summary = try await followJob(type: type, id: id, deadline: deadline, progress: { _ in }) else {
            throw DHIS2Error.invalidResponse(path: "/api/system/taskSummaries/\(type)/\(id)", reason: "no summary")
        }
        return summary
    }

    /// Follows a job's notifications until it completes, calling `progress` with each new message,
    /// then reads the summary (nil for jobs without one, such as analytics).
    func followJob(
        type: String, id: String, deadline: Duration, readSummary: Bool = true,
        progress: (String) -> Void
    ) async throws -> ImportSummary? {
        struct Notification: Decodable {
            var completed: Bool?
            var level: String?
            var message: String?
        }
        let clock = ContinuousClock()
        let end = clock.now + deadline
        var polls = 0
        var last: String?
        func pause() async throws {
            guard clock.now < end else {
                throw DHIS2Error.jobTimedOut(id: id, type: type, seconds: Int(deadline.components.seconds), lastMessage: last)
            }
            polls += 1
            try await Task.sleep(for: polls < 5 ? .milliseconds(20 * polls) : .seconds(1))
        }
        while true {
            let notes = try await get([Notification].self, "system/tasks/\(type)/\(id)")
            if let error = notes.first(where: { $0.level == "ERROR" }) {
                throw DHIS2Error.jobFailed(id: id, message: error.message ?? "no message")
            }
            // Newest first, as DHIS2 lists them.
            if let message = notes.first?.message, message != last {
                last = message
                progress(message)
            }
            if notes.contains(where: { $0.completed == true }) { break }
            try await pause()
        }
        guard readSummary else { return nil }
        while true {
            let (summary, _) = try await send("GET", "system/taskSummaries/\(type)/\(id)")
            let text = String(decoding: summary, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if !text.isEmpty, text != "null", text != "{}" { return try parseSummary(summary) }
            try await pause()
        }
    }

    /// Reads the values stored for the data set's data elements in `periods` under `root` (its
    /// whole subtree). By data set because `dataElement` is not a parameter on 2.38.
    public func dataValues(dataSet: String, periods: [String], root: String) async throws -> [DataValue] {
        try await readDataValues([("dataSet", dataSet)], periods: periods, root: root)
    }

    /// Reads the values of one data element (of any data set). 2.39+ take `dataElement`; on 2.38
    /// the element's data sets are read and the element's values kept.
    public func dataValues(dataElement: String, periods: [String], root: String, version: SystemInfo) async throws -> [DataValue] {
        if let v = version.parsedVersion, (v.major, v.minor) >= (2, 39) {
            return try await readDataValues([("dataElement", dataElement)], periods: periods, root: root)
        }
        struct Element: Decodable {
            struct Member: Decodable { var dataSet: Ref? }
            var dataSetElements: [Member]?
        }
        let element = try await get(Element.self, "dataElements/\(dataElement)", query: [("fields", "dataSetElements[dataSet[id]]")])
        let sets = Array(Set((element.dataSetElements ?? []).compactMap { $0.dataSet?.id })).sorted()
        guard !sets.isEmpty else { return [] }
        return try await readDataValues(sets.map { ("dataSet", $0) }, periods: periods, root: root).filter { $0.dataElement == dataElement }
    }

    func readDataValues(_ selection: [(String, String)], periods: [String], root: String) async throws -> [DataValue] {
        /// Exported values may have a null value (DHIS2 exports a value whose text is gone as null).
        struct Exported: Decodable {
            var dataElement: String
            var period: String
            var orgUnit: String
            var categoryOptionCombo: String?
            var attributeOptionCombo: String?
            var value: String?
        }
        struct Set: Decodable { var dataValues: [Exported]? }
        let query = selection + periods.map { ("period", $0) } + [("orgUnit", root), ("children", "true")]
        return try await get(Set.self, "dataValueSets", query: query).dataValues?.compactMap { e in
            e.value.map {
                DataValue(
                    dataElement: e.dataElement, period: e.period, orgUnit: e.orgUnit, categoryOptionCombo: e.categoryOptionCombo ?? "",
                    attributeOptionCombo: e.attributeOptionCombo ?? "", value: $0)
            }
        } ?? []
    }
}
