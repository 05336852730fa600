import DHIS2
import DHIS2StandIn
import DenominatorMetadata
import Foundation
import Testing

@testable import Server

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// What the DHIS2 app relies on through a route that must answer within seconds: a job's results
/// a page at a time (filtered by year and level), beside what DHIS2 holds now, and the job list paged.
@Suite struct ResultsPagingTests {
    @Test func resultsComeFilteredAndPagedWithWhatDHIS2HoldsNow() async throws {
        try await withServer { h in
            // An earlier import, then one value changed by hand in DHIS2.
            let (_, sync) = try await h.json("POST", "/api/jobs", body: #"{"kind": "sync"}"#)
            #expect(try await h.finished(try #require(sync["id"] as? Int))["status"] as? String == "succeeded")
            let district = SampleHierarchy.unitID("D02")
            h.standIn.store(
                DataValue(
                    dataElement: PopulationMetadata.totalDataElementID, period: "2020", orgUnit: district,
                    categoryOptionCombo: "HllvX50cXC0",
                    attributeOptionCombo: "HllvX50cXC0", value: "1234"))
            let (_, queued) = try await h.json("POST", "/api/jobs", body: #"{"kind": "preview"}"#)
            let id = try #require(queued["id"] as? Int)
            #expect(try await h.finished(id)["status"] as? String == "succeeded")
            func page(_ query: String) async throws -> (rows: [[String: Any]], pager: [String: Any]) {
                let (status, doc) = try await h.json("GET", "/api/jobs/\(id)/results?format=json&\(query)")
                #expect(status == 200)
                return ((doc["rows"] as? [[String: Any]]) ?? [], (doc["pager"] as? [String: Any]) ?? [:])
            }
            let first = try await page("year=2020&page=1&pageSize=3")
            #expect(first.rows.count == 3)
            #expect(first.pager["total"] as? Int == 8 && first.pager["pageCount"] as? Int == 3)
            let last = try await page("year=2020&page=3&pageSize=3")
            #expect(last.rows.count == 2)
            let all = try await page("year=2020&level=2&pageSize=100")
            #expect(Set(all.rows.compactMap { $0["id"] as? String }).count == 8)
            #expect(all.rows.first { $0["id"] as? String == district }?["current"] as? Double == 1234)
            #expect(all.rows.filter { $0["current"] != nil }.count == 7, "every district but the one without a boundary")
            #expect(try await page("year=2019").rows.isEmpty)
            #expect(try await page("level=1").rows.isEmpty)
            // Without a selection, the whole file as before (no pager).
            let (_, whole) = try await h.json("GET", "/api/jobs/\(id)/results?format=json")
            #expect(whole["pager"] == nil && (whole["rows"] as? [Any])?.count == 8)
            // The job list, a page at a time, newest first.
            let (_, second) = try await h.json("POST", "/api/jobs", body: #"{"kind": "preview", "years": "2020"}"#)
            _ = try await h.finished(try #require(second["id"] as? Int))
            let (_, data) = try await h.call("GET", "/api/jobs?page=2&pageSize=1")
            let older = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
            #expect(older.map { $0["id"] as? Int } == [id])
            let (_, more) = try await h.call("GET", "/api/jobs?page=1&pageSize=2")
            #expect((try JSONSerialization.jsonObject(with: more) as? [Any])?.count == 2)
            // Out of range or not a number: refused by name, never clamped or overflowed (page × size).
            for path in [
                "/api/jobs?page=9223372036854775807", "/api/jobs?pageSize=101", "/api/jobs?page=abc",
                "/api/jobs/\(id)/results?format=json&pageSize=0", "/api/jobs/\(id)/results?format=json&year=twenty",
            ] {
                let (status, body) = try await h.json("GET", path)
                #expect(status == 400, "\(path)")
                #expect((body["error"] as? String)?.contains("is not a whole number from") == true, "\(path): \(body)")
            }
        }
    }

    /// `X-Forwarded-User` is believed only beside the key: without it (a keyless loopback serve)
    /// the header names nobody.
    @Test func aForwardedUserWithoutTheKeyNamesNobody() async throws {
        try await withServer(key: nil) { h in
            // Its own cookies, not URLSession.shared's: cookies ignore ports, and other servers of
            // the suite on 127.0.0.1 set the same names.
            let config = URLSessionConfiguration.ephemeral
            config.httpCookieStorage = nil
            let session = URLSession(configuration: config)
            let (tokenData, tokenResponse) = try await session.data(from: URL(string: h.url.absoluteString + "/api/session")!)
            let cookie =
                ((tokenResponse as? HTTPURLResponse)?.value(forHTTPHeaderField: "Set-Cookie") ?? "")
                .split(separator: ";").first.map(String.init) ?? ""
            let token = (try JSONSerialization.jsonObject(with: tokenData) as? [String: Any])?["csrfToken"] as? String ?? ""
            var request = URLRequest(url: URL(string: h.url.absoluteString + "/api/jobs")!)
            request.httpMethod = "POST"
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.setValue("mallory", forHTTPHeaderField: "X-Forwarded-User")
            request.setValue(cookie, forHTTPHeaderField: "Cookie")
            request.setValue(token, forHTTPHeaderField: "X-CSRF-Token")
            request.httpBody = Data(#"{"kind": "preview"}"#.utf8)
            let (data, response) = try await session.data(for: request)
            #expect((response as? HTTPURLResponse)?.statusCode == 202, "\(String(decoding: data, as: UTF8.self))")
            let job = try JSONSerialization.jsonObject(with: data) as? [String: Any]
            let requested = (job?["request"] as? [String: Any])?["requestedBy"] as? String
            #expect(requested?.contains("mallory") != true, "\(String(decoding: data, as: UTF8.self))")
        }
    }
}
