import Foundation

extension DHIS2Client {
    /// Starts the analytics tables job (resource tables, then aggregate analytics for the last
    /// `lastYears` years) and follows it until it completes, so dashboards and the Maps app show the new values now
    /// rather than after the nightly job. Returns the job id.
    @discardableResult
    public func runAnalytics(
        lastYears: Int, server: SystemInfo, deadline: Duration = .seconds(6 * 3600), progress: (String) -> Void = { _ in }
    ) async throws
        -> String
    {
        struct Job: Decodable {
            var id: String?
            var jobType: String?
        }
        struct Started: Decodable { var response: Job? }
        let query = Self.analyticsSkips(server).map { ($0, "true") } + [("lastYears", String(max(1, lastYears)))]
        let (data, _) = try await send("POST", "resourceTables/analytics", query: query)
        guard let job = try? JSONDecoder().decode(Started.self, from: data).response, let id = job.id else {
            throw DHIS2Error.invalidResponse(path: "/api/resourceTables/analytics", reason: "no job id in the answer")
        }
        _ = try await followJob(type: job.jobType ?? "ANALYTICS_TABLE", id: id, deadline: deadline, readSummary: false, progress: progress)
        return id
    }

    /// The parts of the analytics job a denominator sync changes nothing in, as far as the
    /// version can skip them (`ResourceTableController.analytics`): events and enrollments
    /// (2.38+), org unit ownership (2.39+), tracked entities, validation results and outliers (2.41+).
    static func analyticsSkips(_ server: SystemInfo) -> [String] {
        let release = server.release ?? DHIS2Release.newestModelled
        var skips = ["skipEvents", "skipEnrollment"]
        if (release.major, release.minor) >= (2, 39) { skips.append("skipOrgUnitOwnership") }
        if (release.major, release.minor) >= (2, 41) { skips += ["skipTrackedEntities", "skipValidationResult", "skipOutliers"] }
        return skips
    }
}
