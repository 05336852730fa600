import ArgumentParser
import DHIS2
import DHIS2StandIn
import Foundation
import GDALBinding
import Geometry
import Server
import Sync
import WorldPop

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `worldpop-dhis2 bench-serve`: serve in front of a DHIS2 stand-in holding the sample, with a
/// number of finished previews, kept running for a load generator (`scripts/bench_serve.sh` runs
/// wrk against it). Prints `READY <url> <key> <job>` when it is ready.
struct ServeBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-serve",
        abstract: "Run serve on the bundled sample with finished previews, for load tests (make bench-serve).")

    @Option(name: .long, help: ArgumentHelp("Previews to run first (the job list's length).", valueName: "n"))
    var jobs = 25

    @Option(name: .long, help: ArgumentHelp("Seconds to keep serving once ready.", valueName: "s"))
    var seconds: Double = 60

    @Option(name: .long, help: ArgumentHelp("Folder for the config, the jobs and the audit log.", valueName: "dir"))
    var workDir = "out/bench-serve"

    func run() async throws {
        let raster = "Samples/abw_ppp_2020_UNadj_constrained.tif"
        let grid = try GeoTIFF(path: raster).grid
        let standIn = DHIS2StandIn()
        standIn.add(
            orgUnits: SampleHierarchy.fromZones(
                try GeoJSONReader.zones(at: "Samples/aruba-districts.geojson").zones, rootName: "Aruba (sample)",
                extent: BoundingBox(minX: grid.minX, minY: grid.minY, maxX: grid.maxX, maxY: grid.maxY), withoutGeometry: []))
        let dhis2 = try await standIn.start()
        let dir = URL(fileURLWithPath: workDir)
        try? FileManager.default.removeItem(at: dir)
        let config = try SyncSettings.writeSampleConfig(in: dir, raster: raster, dhis2: dhis2, token: standIn.options.token!)
        let key = "bench-key-" + UUID().uuidString.prefix(12)
        var launch = ServeLaunch(config: config.path)
        launch.port = 0
        launch.workDirectory = dir.appendingPathComponent("jobs").path
        launch.accessKey = String(key)
        let (server, _) = try WorldPopServer.make(launch)
        let url = try await server.start()
        var last = 0
        for _ in 0..<jobs {
            var request = URLRequest(url: url.appendingPathComponent("api/jobs"))
            request.httpMethod = "POST"
            request.setValue(String(key), forHTTPHeaderField: "X-Access-Key")
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(#"{"kind": "preview"}"#.utf8)
            let (data, _) = try await URLSession.shared.data(for: request)
            last = ((try JSONSerialization.jsonObject(with: data) as? [String: Any])?["id"] as? Int) ?? last
            // One at a time: an identical request to a waiting job would return that job.
            var poll = URLRequest(url: url.appendingPathComponent("api/jobs/\(last)"))
            poll.setValue(String(key), forHTTPHeaderField: "X-Access-Key")
            while true {
                let (job, _) = try await URLSession.shared.data(for: poll)
                let status = (try JSONSerialization.jsonObject(with: job) as? [String: Any])?["status"] as? String
                if status == "succeeded" { break }
                guard status == "queued" || status == "running" else { throw ValidationError("preview job \(last) ended \(status ?? "?")") }
                try await Task.sleep(for: .milliseconds(20))
            }
        }
        print("READY \(url.absoluteString) \(key) \(last)")
        fflush(nil)
        try await Task.sleep(for: .seconds(seconds))
        await server.stop()
        await standIn.stop()
    }
}
