import Foundation

extension DHIS2Client {
    /// Starts the analytics tables job (resource tables, then aggregate analytics for the last
    /// `lastYears` years; events and enrollments skipped, as a denominator sync changes neither)
    /// and follows it until it completes, so dashboards and the Maps app show the new values now
    /// rather than after the nightly job. Returns the job id.
    @discardableResult
    public func runAnalytics(lastYears: Int, deadline: Duration = .seconds(6 * 3600), progress: (String) -> Void = { _ in }) async throws
        -> String
    {
        struct Job: Decodable {
            var id: String?
            var jobType: String?
        }
        struct Started: Decodable { var response: Job? }
        let query = [("skipEvents", "true"), ("skipEnrollment", "true"), ("lastYears", String(max(1, lastYears)))]
        let (data, _) = try await send("POST", "resourceTables/analytics", query: query)
        guard let job = try? JSONDecoder().decode(Started.self, from: data).response, let id = job.id else {
            throw DHIS2Error.invalidResponse(path: "/api/resourceTables/analytics", reason: "no job id in the answer")
        }
        _ = try await followJob(type: job.jobType ?? "ANALYTICS_TABLE", id: id, deadline: deadline, readSummary: false, progress: progress)
        return id
    }
}
