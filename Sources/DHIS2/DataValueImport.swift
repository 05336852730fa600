import Foundation

/// How to send a set of data values.
public struct ImportOptions: Sendable {
    public enum Strategy: String, Sendable {
        case createAndUpdate = "CREATE_AND_UPDATE"
        case create = "CREATE"
        case update = "UPDATE"
        case delete = "DELETE"
    }
    /// The data set the values belong to, named in every request body: DHIS2 2.43 must know it
    /// (without it, a data element in two data sets fails the whole request with E8002), and
    /// 2.38–2.42 then check the values against that data set alone.
    public var dataSet: String?
    public var strategy: Strategy = .createAndUpdate
    public var dryRun = false
    /// Run as a server job and poll it (large imports behind proxies with short timeouts).
    public var async = false
    /// Values per request; halved whenever the server answers 413 (body too large).
    public var chunkSize = 5_000
    public var pollInterval: Duration = .seconds(1)
    /// How long to follow one async job before giving up on it (it may still finish in DHIS2).
    public var jobDeadline: Duration = .seconds(3600)
    /// How long to wait for a completed job's summary. On 2.41/2.42 a poll that lands between the
    /// job's end and its last notification drops the summary for good
    /// (`SystemController.getTaskJsonByUid` → `InMemoryNotifierStore.clear`); the read-back then
    /// tells what was stored.
    public var summaryDeadline: Duration = .seconds(20)

    public init(
        dataSet: String?, strategy: Strategy = .createAndUpdate, dryRun: Bool = false, async: Bool = false, chunkSize: Int = 5_000
    ) {
        self.dataSet = dataSet
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
    /// Async jobs that completed without a summary DHIS2 kept (the 2.41/2.42 race): what they
    /// stored is known only from the read-back.
    public var jobsWithoutSummary: [String] = []
    /// Errors a job reported and went on after (a skipped item: `NotifierJobProgress.failedStage`
    /// and `failedWorkItem` notify ERROR with `completed: false`).
    public var jobWarnings: [String] = []

    /// True when DHIS2 refused values (a conflict) or the whole import: the caller exits non-zero
    /// unless told to accept it. Values `ignored` without a conflict are not problems: DHIS2
    /// 2.38.6+, 2.39.5+, 2.40.3+ and 2.41+ count a value sent again unchanged as ignored — which is what a
    /// request retried after its answer was lost meets — and read-back verifies them.
    public var hasProblems: Bool { !summary.conflicts.isEmpty || summary.status == "ERROR" }

    /// Values DHIS2 ignored without a conflict: already stored as sent.
    public var ignoredUnchanged: Int { max(0, summary.ignored - Set(conflictValues.compactMap { $0.value?.key }).count) }

    /// Each conflict as a sentence about a place: "District 7 (ou…), 2020: <DHIS2's message> [E7633] — <the fix>".
    /// UIDs in DHIS2's message are followed by the object's name where known. A conflict about a
    /// whole request (2.43's group checks) is one sentence naming how many values it refused.
    public func describeConflicts(names: [String: String], account: String = "the account") -> [String] {
        var lines: [String] = []
        var groupsSaid: [ImportSummary.Conflict] = []
        for (c, v) in conflictValues {
            // A group's conflict is repeated for each of its values: said once (chunks refused alike say the same).
            if c.isGroupConflict, groupsSaid.contains(c) { continue }
            var text = c.value
            for (uid, name) in names where text.contains(uid) {
                text = text.replacingOccurrences(of: uid, with: "\(uid) (\(name))")
            }
            let code = c.errorCode.map { " [\($0)]" } ?? ""
            let advice = ConflictAdvice(code: c.errorCode).map { " — " + $0.text(account: account) } ?? ""
            if c.isGroupConflict {
                groupsSaid.append(c)
                let refused = conflictValues.filter { $0.conflict == c }.compactMap(\.value)
                let units = Set(refused.map(\.orgUnit)).count
                lines.append("\(refused.count) value(s) of \(units) org unit(s) refused together: \(text)\(code)\(advice)")
                continue
            }
            guard let v else {
                lines.append("\(text)\(code)\(advice)")
                continue
            }
            let place = names[v.orgUnit].map { "\($0) (\(v.orgUnit))" } ?? "unknown org unit \(v.orgUnit)"
            lines.append("\(place), \(v.period): \(text)\(code)\(advice)")
        }
        return lines
    }
}

extension ImportSummary.Conflict {
    /// A conflict about the whole request rather than one value: DHIS2 2.43's group checks
    /// (`DataEntryPipeline.importGroups`: a `ConflictException` becomes one conflict without
    /// `object`, indexing every value of the group).
    public var isGroupConflict: Bool { object == nil && (indexes?.count ?? 0) > 1 }
}

extension DHIS2Client {
    /// Sends values in chunks. A 413 halves the chunk and resends it; transient errors are
    /// retried by `send` (CREATE_AND_UPDATE and DELETE of the same values are idempotent).
    public func importDataValues(
        _ values: [DataValue], options: ImportOptions,
        progress: (@Sendable (Int, Int) -> Void)? = nil
    ) async throws -> ImportResult {
        var result = ImportResult(summary: ImportSummary(), chunks: [], conflictValues: [])
        var size = max(1, options.chunkSize)
        var start = 0
        while start < values.count {
            let chunk = Array(values[start..<min(start + size, values.count)])
            let answer: ChunkAnswer
            do {
                answer = try await importChunk(chunk, options: options)
            } catch DHIS2Error.httpError(_, _, 413, _) where size > 1 {
                size = max(1, size / 2)
                log?("DHIS2 refused a request of \(chunk.count) values as too large (413); sending \(size) at a time")
                continue
            }
            result.jobWarnings += answer.warnings
            if let job = answer.jobWithoutSummary { result.jobsWithoutSummary.append(job) }
            let summary = answer.summary
            for c in summary.conflicts {
                let hits = (c.indexes ?? []).compactMap { $0 >= 0 && $0 < chunk.count ? chunk[$0] : nil }
                if hits.isEmpty { result.conflictValues.append((c, nil)) }
                for v in hits { result.conflictValues.append((c, v)) }
            }
            result.summary.add(summary)
            result.chunks.append((chunk.count, summary))
            start += chunk.count
            progress?(start, values.count)
        }
        return result
    }

    /// What one request came back with.
    struct ChunkAnswer {
        var summary: ImportSummary
        var warnings: [String] = []
        /// The async job whose summary DHIS2 lost; `summary` is then empty.
        var jobWithoutSummary: String?
    }

    func importChunk(_ values: [DataValue], options: ImportOptions) async throws -> ChunkAnswer {
        struct Body: Encodable {
            var dataSet: String?
            var dataValues: [DataValue]
        }
        let body = try JSONEncoder().encode(Body(dataSet: options.dataSet, dataValues: values))
        var query = [("importStrategy", options.strategy.rawValue), ("dryRun", options.dryRun ? "true" : "false")]
        if options.async { query.append(("async", "true")) }
        // 409 carries an import summary with conflicts (2.39+): a report, not a failure.
        let (data, _) = try await send("POST", "dataValueSets", query: query, body: body, accept: [409])
        guard options.async else { return ChunkAnswer(summary: try parseSummary(data)) }
        return try await waitForJob(startedBy: data, deadline: options.jobDeadline, summaryDeadline: options.summaryDeadline)
    }

    func parseSummary(_ data: Data) throws -> ImportSummary {
        do { return try ImportSummary.parse(data) } catch let e as DHIS2Error { throw e } catch {
            throw DHIS2Error.invalidResponse(path: "/api/dataValueSets", reason: "\(error)")
        }
    }

    /// Polls `/api/system/tasks/DATAVALUE_IMPORT/<id>` until the job completes, then reads its
    /// summary from `/api/system/taskSummaries/…`, which answers 200 with an empty body until the
    /// summary exists — or for ever, when a poll raced the job's end (2.41/2.42): after
    /// `summaryDeadline` the chunk is left to the read-back. Gives up on a job still running at
    /// the deadline with a message saying where to follow it.
    func waitForJob(startedBy data: Data, deadline: Duration, summaryDeadline: Duration) async throws -> ChunkAnswer {
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
        let followed = try await followJob(type: type, id: id, deadline: deadline, summaryDeadline: summaryDeadline, progress: { _ in })
        guard let summary = followed.summary else {
            log?("DHIS2 job \(type) \(id) completed but kept no summary; what it stored is read back")
            return ChunkAnswer(summary: ImportSummary(), warnings: followed.warnings, jobWithoutSummary: id)
        }
        return ChunkAnswer(summary: summary, warnings: followed.warnings)
    }

    /// What following a job found: its summary (nil for jobs without one, such as analytics, or
    /// when DHIS2 lost it) and the errors it went on after.
    struct FollowedJob {
        var summary: ImportSummary?
        var warnings: [String]
    }

    /// Follows a job's notifications until it completes, calling `progress` with each new message,
    /// then reads the summary. A job has failed when its completing notification is an ERROR
    /// (`NotifierJobProgress.failedProcess`); an ERROR that does not complete it is a stage or an
    /// item that failed while the job went on (`failedStage`, `failedWorkItem`), kept as a warning.
    func followJob(
        type: String, id: String, deadline: Duration, summaryDeadline: Duration = .seconds(20), readSummary: Bool = true,
        progress: (String) -> Void
    ) async throws -> FollowedJob {
        struct Notification: Decodable {
            var completed: Bool?
            var level: String?
            var message: String?
            var time: String?
        }
        let clock = ContinuousClock()
        let end = clock.now + deadline
        var polls = 0
        var last: String?
        var warnings: [String] = []
        func pause(until limit: ContinuousClock.Instant) async throws -> Bool {
            guard clock.now < limit else { return false }
            polls += 1
            try await Task.sleep(for: min(polls < 5 ? .milliseconds(20 * polls) : .seconds(1), limit - clock.now))
            return true
        }
        while true {
            let notes = try await get([Notification].self, "system/tasks/\(type)/\(id)")
            if let failed = notes.first(where: { $0.level == "ERROR" && $0.completed == true }) {
                throw DHIS2Error.jobFailed(id: id, message: failed.message ?? "no message")
            }
            for note in notes.reversed() where note.level == "ERROR" {
                let text = note.message ?? "no message"
                if !warnings.contains(text) { warnings.append(text) }
            }
            // Newest first, as DHIS2 lists them.
            if let message = notes.first?.message, message != last {
                last = message
                progress(message)
            }
            if notes.contains(where: { $0.completed == true }) { break }
            guard try await pause(until: end) else {
                throw DHIS2Error.jobTimedOut(id: id, type: type, seconds: Int(deadline.components.seconds), lastMessage: last)
            }
        }
        guard readSummary else { return FollowedJob(summary: nil, warnings: warnings) }
        let summaryEnd = clock.now + summaryDeadline
        polls = 0
        while true {
            let (summary, _) = try await send("GET", "system/taskSummaries/\(type)/\(id)")
            let text = String(decoding: summary, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if !text.isEmpty, text != "null", text != "{}" { return FollowedJob(summary: try parseSummary(summary), warnings: warnings) }
            guard try await pause(until: summaryEnd) else { return FollowedJob(summary: nil, warnings: warnings) }
        }
    }

    /// Reads the values stored for the data set's data elements in `periods` under `root` (its
    /// whole subtree). By data set because `dataElement` is not a parameter on 2.38.
    public func dataValues(dataSet: String, periods: [String], root: String) async throws -> [DataValue] {
        try await readDataValues([("dataSet", dataSet)], periods: periods, root: root)
    }

    /// Reads the data set's values of `orgUnits` themselves (no subtrees), a hundred units a
    /// request so that the URL stays short.
    public func dataValues(dataSet: String, periods: [String], orgUnits: [String]) async throws -> [DataValue] {
        var found: [DataValue] = []
        for start in stride(from: 0, to: orgUnits.count, by: 100) {
            let batch = orgUnits[start..<min(start + 100, orgUnits.count)]
            found += try await readDataValues([("dataSet", dataSet)] + batch.map { ("orgUnit", $0) }, periods: periods, root: nil)
        }
        return found
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

    /// `root`: that unit and its whole subtree; nil: the units the selection names.
    func readDataValues(_ selection: [(String, String)], periods: [String], root: String?) async throws -> [DataValue] {
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
        let query = selection + periods.map { ("period", $0) } + (root.map { [("orgUnit", $0), ("children", "true")] } ?? [])
        return try await get(Set.self, "dataValueSets", query: query).dataValues?.compactMap { e in
            e.value.map {
                DataValue(
                    dataElement: e.dataElement, period: e.period, orgUnit: e.orgUnit, categoryOptionCombo: e.categoryOptionCombo ?? "",
                    attributeOptionCombo: e.attributeOptionCombo ?? "", value: $0)
            }
        } ?? []
    }
}
