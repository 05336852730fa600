import DHIS2
import DHIS2StandIn
import Foundation
import GDALBinding
import Geometry
import Server
import Sync
import TestSupport
import Testing
import WorldPop
import Zonal

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

let sampleRaster = samplePath("abw_ppp_2020_UNadj_constrained.tif")
let sampleZones = samplePath("aruba-districts.geojson")
let accessKey = "test-key-0123456789"

/// A running `serve` (built from a config file as the CLI builds it) in front of a DHIS2 stand-in
/// holding the Aruba sample districts, with the sample raster in a WorldPop folder.
struct ServerHarness {
    var standIn: DHIS2StandIn
    var server: WorldPopServer
    var queue: JobQueue
    var url: URL
    var dir: URL
    /// The harness's own HTTP client: the shared session keeps connections of every test in the
    /// process, and port 0 hands out ports again, so a request could go down a kept connection to
    /// an earlier server of the same port and wait for URLSession's 60 s timeout.
    var session = URLSession(configuration: .ephemeral)

    /// `key`: nil serves on loopback without a key. `names`: org unit names by zone id, replacing
    /// the sample's (hostile names for the security tests). `serve`: what `serve`'s flags say of
    /// its config file's `serve:` section.
    static func start(
        schedule: String? = nil, key: String? = accessKey, names: [String: String] = [:], signIn: Bool = false,
        dhis2: DHIS2StandIn.Options = .init(), clock: any ScheduleClock = SystemClock(), serve: ServeSettings = ServeSettings()
    ) async throws -> ServerHarness {
        let dir = temporaryDirectory()
        let standIn = try sampleStandIn(names: names)
        standIn.options = dhis2
        let dhis2URL = try await standIn.start()
        let config = try writeConfig(in: dir, dhis2: dhis2URL, token: standIn.options.token!, schedule: schedule)
        var launch = ServeLaunch(config: config.path)
        launch.port = 0
        launch.workDirectory = dir.appendingPathComponent("jobs").path
        launch.accessKey = key
        launch.signInHours = signIn ? 8 : nil
        launch.serve = serve
        launch.clock = clock
        let (server, queue) = try WorldPopServer.make(launch)
        let url = try await server.start()
        return ServerHarness(standIn: standIn, server: server, queue: queue, url: url, dir: dir)
    }

    /// A DHIS2 stand-in (not started) holding Aruba and the sample districts as its level 2.
    static func sampleStandIn(names: [String: String] = [:]) throws -> DHIS2StandIn {
        let grid = try GeoTIFF(path: sampleRaster).grid
        var zones = try GeoJSONReader.zones(at: sampleZones).zones
        for i in zones.indices { if let name = names[zones[i].id] { zones[i].name = name } }
        let standIn = DHIS2StandIn()
        standIn.add(
            orgUnits: SampleHierarchy.fromZones(
                zones, rootName: "Aruba", extent: BoundingBox(minX: grid.minX, minY: grid.minY, maxX: grid.maxX, maxY: grid.maxY),
                withoutGeometry: ["Unmapped district"]))
        return standIn
    }

    /// `sync.yaml` for serve: level 2, 2020, the sample raster in a local WorldPop folder.
    static func writeConfig(in dir: URL, dhis2: URL, token: String, schedule: String? = nil) throws -> URL {
        try SyncSettings.writeSampleConfig(in: dir, raster: sampleRaster, dhis2: dhis2, token: token, schedule: schedule)
    }

    func stop() async {
        session.invalidateAndCancel()
        await server.stop()
        await standIn.stop()
    }

    /// One request; returns the status and the body.
    func call(_ method: String, _ path: String, body: String? = nil, key: String? = accessKey) async throws -> (Int, Data) {
        var request = URLRequest(url: URL(string: url.absoluteString + path)!)
        request.httpMethod = method
        if let key { request.setValue(key, forHTTPHeaderField: "X-Access-Key") }
        if let body {
            request.httpBody = Data(body.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await session.data(for: request)
        return ((response as! HTTPURLResponse).statusCode, data)
    }

    func json(_ method: String, _ path: String, body: String? = nil) async throws -> (Int, [String: Any]) {
        let (status, data) = try await call(method, path, body: body)
        return (status, (try JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:])
    }

    /// Polls a job until it has finished.
    func finished(_ id: Int) async throws -> [String: Any] {
        // A guard against a hang, not a speed test: the full suite on 2 cores shares them with heavy suites.
        try await poll("job \(id) to finish", timeout: .seconds(120)) {
            let (_, job) = try await json("GET", "/api/jobs/\(id)")
            return ["succeeded", "failed"].contains(job["status"] as? String ?? "") ? job : nil
        }
    }
}

func withServer(
    schedule: String? = nil, key: String? = accessKey, names: [String: String] = [:], signIn: Bool = false,
    dhis2: DHIS2StandIn.Options = .init(), clock: any ScheduleClock = SystemClock(), serve: ServeSettings = ServeSettings(),
    _ body: (ServerHarness) async throws -> Void
) async throws {
    let h = try await ServerHarness.start(
        schedule: schedule, key: key, names: names, signIn: signIn, dhis2: dhis2, clock: clock, serve: serve)
    do { try await body(h) } catch {
        await h.stop()
        throw error
    }
    await h.stop()
}

/// Our own sums of the sample districts (what a preview must show).
func expectedPopulations() throws -> [String: Double] {
    let zones = try GeoJSONReader.zones(at: sampleZones).zones
    let table = try ZonalTable.compute(zones: zones, rasterPaths: [sampleRaster], engine: .geoTIFF())
    return Dictionary(uniqueKeysWithValues: zip(zones.map { SampleHierarchy.unitID($0.id) }, table.statistics.map { $0[0].sum }))
}

/// The `serve:` settings `--public-url`, `--allowed-host`, `--trusted-proxy` and `--queue-limit` give.
func serveSettings(
    publicURL: String? = nil, allowedHosts: [String]? = nil, trustedProxies: [String]? = nil, queueLimit: Int? = nil
) -> ServeSettings {
    var s = ServeSettings()
    s.publicURL = publicURL
    s.allowedHosts = allowedHosts
    s.trustedProxies = trustedProxies
    s.queueLimit = queueLimit
    return s
}
