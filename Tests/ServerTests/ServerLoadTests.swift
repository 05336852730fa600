import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A bounded load on loopback: 2,000 requests for a preview's results at concurrency 50. It
/// asserts that every answer is complete and correct; the latencies it prints are the README's
/// figures (a test does not judge speed).
@Suite struct ServerLoadTests {
    @Test func twoThousandResultRequestsAtConcurrencyFiftyAllSucceed() async throws {
        try await withServer { h in
            let (_, job) = try await h.json("POST", "/api/jobs", body: #"{"kind": "preview"}"#)
            let done = try await h.finished(job["id"] as! Int)
            let path = "/api/jobs/\(done["id"]!)/results?format=geojson"
            let (_, reference) = try await h.call("GET", path)
            let config = URLSessionConfiguration.ephemeral
            config.httpMaximumConnectionsPerHost = 50
            let session = URLSession(configuration: config)
            let url = URL(string: h.url.absoluteString + path)!
            let total = 2_000
            let concurrency = 50
            let started = Date()
            let latencies = try await withThrowingTaskGroup(of: [Double].self) { group in
                for worker in 0..<concurrency {
                    group.addTask {
                        var mine: [Double] = []
                        for _ in stride(from: worker, to: total, by: concurrency) {
                            var request = URLRequest(url: url)
                            request.setValue(accessKey, forHTTPHeaderField: "X-Access-Key")
                            let t0 = Date()
                            let (data, response) = try await session.data(for: request)
                            mine.append(Date().timeIntervalSince(t0))
                            guard (response as? HTTPURLResponse)?.statusCode == 200, data == reference else { throw LoadError.badAnswer }
                        }
                        return mine
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }.sorted()
            let wall = Date().timeIntervalSince(started)
            #expect(latencies.count == total)
            let p50 = latencies[total / 2] * 1000
            let p99 = latencies[total * 99 / 100] * 1000
            print(
                String(
                    format: "serve load: %d requests (%d KiB each), concurrency %d: %.0f req/s, p50 %.1f ms, p99 %.1f ms",
                    total, reference.count / 1024, concurrency, Double(total) / wall, p50, p99))
        }
    }

    enum LoadError: Error { case badAnswer }
}
