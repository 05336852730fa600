import Foundation
import Sync
import TestSupport
import Testing

@testable import Server

/// DNS rebinding: a page of evil.example, its name switched to 127.0.0.1, reaches `serve` as its
/// own origin. Only the Host header gives it away.
@Suite struct HostCheckTests {
    @Test func aForeignHostIsRefusedOnEveryPathAndNoJobStarts() async throws {
        try await withServer(key: nil) { h in
            let port = h.url.port!
            let evil = "evil.example:\(port)"
            let session = try await RawHTTP.send(port: port, "GET", "/api/session", host: evil)
            #expect(session.status == 421)
            #expect(session.headers["content-type"]?.hasPrefix("application/json") == true)
            let message = try #require(try JSONSerialization.jsonObject(with: Data(session.body.utf8)) as? [String: String])["error"]
            #expect(message?.contains("'\(evil)'") == true, "\(message ?? "")")
            #expect(message?.contains("127.0.0.1:\(port)") == true && message?.contains("--public-url") == true)
            #expect(session.headers["set-cookie"] == nil, "no anti-forgery token for a foreign page")
            #expect(session.headers["content-security-policy"] != nil)

            // Even with a valid token and its cookie (taken under the right name), a POST under the foreign Host is refused.
            let token = try await RawHTTP.send(port: port, "GET", "/api/session", host: "127.0.0.1:\(port)")
            #expect(token.status == 200)
            let csrf = try #require(
                (try JSONSerialization.jsonObject(with: Data(token.body.utf8)) as? [String: String])?["csrfToken"])
            let cookie = try #require(token.headers["set-cookie"]?.split(separator: ";").first.map(String.init))
            let post = try await RawHTTP.send(
                port: port, "POST", "/api/jobs", host: evil,
                headers: ["Content-Type": "application/json", "X-CSRF-Token": csrf, "Cookie": cookie], body: #"{"kind": "sync"}"#)
            #expect(post.status == 421)
            for (method, path) in [("GET", "/"), ("GET", "/static/page.js"), ("GET", "/no/such/page"), ("POST", "/api/runs/1/undo")] {
                #expect(try await RawHTTP.send(port: port, method, path, host: evil).status == 421, "\(method) \(path)")
            }
            #expect(try await RawHTTP.send(port: port, "GET", "/api/status", host: nil).status == 421, "no Host at all")
            #expect(try h.queue.audit.jobs().isEmpty)
            #expect(h.standIn.storedValues.isEmpty)

            // The same call with the names of a loopback bind goes through.
            let accepted = try await RawHTTP.send(
                port: port, "POST", "/api/jobs", host: "localhost:\(port)",
                headers: ["Content-Type": "application/json", "X-CSRF-Token": csrf, "Cookie": cookie], body: #"{"kind": "preview"}"#)
            #expect(accepted.status == 202, "\(accepted.body)")
            for host in ["127.0.0.1:\(port)", "[::1]:\(port)", "LOCALHOST:\(port)"] {
                #expect(try await RawHTTP.send(port: port, "GET", "/api/status", host: host).status == 200, "\(host)")
            }
            // Another port is another origin.
            #expect(try await RawHTTP.send(port: port, "GET", "/api/status", host: "127.0.0.1:\(port + 1)").status == 421)
            #expect(try await RawHTTP.send(port: port, "GET", "/api/status", host: "127.0.0.1").status == 421)
        }
    }

    @Test func theAccessKeyDoesNotOpenAForeignHost() async throws {
        try await withServer { h in
            let port = h.url.port!
            let refused = try await RawHTTP.send(
                port: port, "POST", "/api/jobs", host: "evil.example:\(port)",
                headers: ["X-Access-Key": accessKey, "Content-Type": "application/json"], body: #"{"kind": "preview"}"#)
            #expect(refused.status == 421)
            #expect(try await RawHTTP.send(port: port, "GET", "/api/session", host: "evil.example:\(port)").status == 421)
            #expect(try h.queue.audit.jobs().isEmpty)
        }
    }

    @Test func namesFromThePublicURLAndAllowedHostsAreAccepted() async throws {
        try await withServer(
            serve: serveSettings(publicURL: "https://pop.example.org", allowedHosts: ["pop.internal", "[fd00::5]"])
        ) { h async throws in
            let port = h.url.port!
            func status(_ host: String) async throws -> Int {
                try await RawHTTP.send(port: port, "GET", "/api/status", host: host, headers: ["X-Access-Key": accessKey]).status
            }
            // Behind a TLS proxy the Host is the public name, without port or with 443.
            #expect(try await status("pop.example.org") == 200)
            #expect(try await status("pop.example.org:443") == 200)
            #expect(try await status("pop.example.org:8443") == 421)
            #expect(try await status("pop.internal:\(port)") == 200)
            #expect(try await status("pop.internal") == 200)
            #expect(try await status("[fd00::5]:\(port)") == 200)
            #expect(try await status("other.example.org") == 421)
            #expect(try await status("pop.example.org.evil.example") == 421)
        }
    }

    @Test func aWildcardBindTakesIPAddressesButNotNames() {
        let hosts = AllowedHosts(bindHost: "0.0.0.0", port: 8080, publicURL: nil, names: [])
        #expect(hosts.allows("192.168.1.5:8080"))
        #expect(hosts.allows("[fe80::1]:8080"))
        #expect(hosts.allows("localhost:8080"))
        #expect(!hosts.allows("192.168.1.5:8081"))
        #expect(!hosts.allows("rebound.evil.example:8080"))
        #expect(!hosts.allows("192.168.1.5:8080:1"))
        let specific = AllowedHosts(bindHost: "192.168.1.5", port: 8080, publicURL: nil, names: [])
        #expect(specific.allows("192.168.1.5:8080"))
        #expect(!specific.allows("localhost:8080"))
        #expect(!specific.allows("10.0.0.1:8080"))
    }

    /// Settings errors (exit 64 on the command line), naming the flag and the file's key.
    @Test func badHostSettingsAreSettingsErrors() throws {
        let config = try ServerHarness.writeConfig(in: temporaryDirectory(), dhis2: URL(string: "http://127.0.0.1:9")!, token: "t").path
        let cases: [(ServeSettings, String)] = [
            (serveSettings(publicURL: "pop.example.org"), "--public-url (serve.publicURL) 'pop.example.org' is not an http or https URL"),
            (serveSettings(allowedHosts: ["pop.example.org:8443"]), "give the name alone"),
            (serveSettings(trustedProxies: ["proxy.local"]), "is not an IP address"),
            (serveSettings(queueLimit: 0), "--queue-limit (serve.queueLimit) 0 is out of range"),
        ]
        for (serve, message) in cases {
            var launch = ServeLaunch(config: config)
            launch.port = 0
            launch.audit = ":memory:"
            launch.serve = serve
            let error = #expect(throws: SettingsError.self) { try WorldPopServer.make(launch) }
            #expect(error?.description.contains(message) == true, "\(error?.description ?? "")")
        }
    }
}
