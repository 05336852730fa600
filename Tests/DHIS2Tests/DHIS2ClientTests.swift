import DHIS2StandIn
import Foundation
import Geometry
import Testing

@testable import DHIS2

@Suite struct DHIS2ClientTests {
    @Test func systemInfoAndVersionCheck() async throws {
        try await withStandIn { _, client in
            let info = try await client.systemInfo()
            #expect(info.version == "2.41.1")
            #expect(info.parsedVersion! == (2, 41))
        }
        try await withStandIn(.init(version: "2.36.4")) { _, client in
            await #expect(throws: DHIS2Error.unsupportedVersion("2.36.4")) { try await client.systemInfo() }
        }
    }

    @Test func followsEveryPageOfOrgUnits() async throws {
        try await withStandIn { standIn, client in
            let set = try await client.organisationUnits(OrgUnitSelection(levels: [2]), pageSize: 25)
            #expect(set.units.count == 62)
            #expect(set.zones.count == 60)
            #expect(set.withoutGeometry.map(\.name).sorted() == ["Unmapped 0", "Unmapped 1"])
            // The server pages by 50 unless told otherwise: one page alone would have lost units.
            let pages = standIn.requests.filter { $0.path == "/organisationUnits" }
            #expect(pages.count == 3)
            let defaultPage = try await client.organisationUnits(OrgUnitSelection(levels: [2]), pageSize: nil)
            #expect(defaultPage.units.count == 62)
        }
    }

    @Test func serverDefaultPageSizeIsFifty() async throws {
        try await withStandIn { _, client in
            let (data, _) = try await client.send("GET", "organisationUnits", query: [("filter", "level:eq:2"), ("fields", "id")])
            let json = try JSONParser.parse(data)
            guard case .array(let units)? = json["organisationUnits"] else {
                Issue.record("no list")
                return
            }
            #expect(units.count == 50)
            #expect(json["pager"]?["total"]?.doubleValue == 62)
            #expect(json["pager"]?["pageCount"]?.doubleValue == 2)
        }
    }

    @Test func geometryBecomesZonesAndFacilities() async throws {
        try await withStandIn { _, client in
            let set = try await client.organisationUnits(OrgUnitSelection(levels: [2, 3], within: UID.deterministic("district-12")))
            #expect(set.units.count == 2)
            let district = try #require(set.units.first { $0.level == 2 })
            #expect(district.name == "District 12")
            #expect(district.zone?.geometry.planarArea == 1)
            #expect(set.facilities.map(\.name) == ["Health centre 12"])
            // A facility without a point would skip an `if case` silently: require the point.
            guard case .point(let p)? = set.facilities.first?.geometry else {
                Issue.record("the facility has no point: \(String(describing: set.facilities.first?.geometry))")
                return
            }
            #expect(p == Position(2.5, 1.5))
        }
    }

    /// DHIS2 sends a request it did not authenticate to its sign-in page (302, then HTML): that is
    /// DHIS2 refusing the credentials, not "not valid JSON".
    @Test func aRedirectToTheSignInPageIsNamedAsRefusedCredentials() async throws {
        var options = DHIS2StandIn.Options()
        options.redirectToSignIn = true
        try await withStandIn(options) { standIn, client in
            await #expect {
                _ = try await client.systemInfo()
            } throws: { error in
                guard case DHIS2Error.signInPage(_, let path) = error else { return false }
                let text = String(describing: error)
                return path == "/api/system/info" && text.contains("did not accept the credentials") && text.contains("context path")
                    && !text.contains(standIn.options.token!)
            }
        }
    }

    @Test func badTokenIsAClearError() async throws {
        try await withStandIn { standIn, _ in
            let base = try #require(standIn.baseURL)
            let wrong = DHIS2Client(connection: DHIS2Connection(baseURL: base, credentials: .token("d2pat_wrong")), retry: .fast)
            do {
                _ = try await wrong.systemInfo()
                Issue.record("a wrong token was accepted")
            } catch let error as DHIS2Error {
                guard case .unauthorized = error else {
                    Issue.record("\(error)")
                    return
                }
                let text = String(describing: error)
                #expect(text.contains("DHIS2_TOKEN"))
                #expect(!text.contains("d2pat_wrong"), "the token never appears in messages")
            }
            let basic = DHIS2Client(
                connection: DHIS2Connection(baseURL: base, credentials: .basic(username: "admin", password: "district")), retry: .fast)
            #expect(try await basic.systemInfo().version == "2.41.1")
        }
    }

    @Test func connectionFromEnvironmentNormalisesTheURLAndHidesSecrets() throws {
        let env = ["DHIS2_URL": "https://play.example.org/dhis/api/", "DHIS2_TOKEN": "d2pat_secret"]
        let c = try DHIS2Connection.resolve(url: nil, token: nil, username: nil, password: nil, environment: env)
        #expect(c.baseURL.absoluteString == "https://play.example.org/dhis")
        #expect(!c.description.contains("secret"))
        let basic = try DHIS2Connection.resolve(url: "http://localhost:8080", token: nil, username: "u", password: "p", environment: [:])
        #expect(basic.description == "http://localhost:8080 (user u)")
        #expect(throws: DHIS2Error.self) {
            try DHIS2Connection.resolve(url: nil, token: "t", username: nil, password: nil, environment: [:])
        }
        #expect(throws: DHIS2Error.self) {
            try DHIS2Connection.resolve(url: "ftp://x", token: "t", username: nil, password: nil, environment: [:])
        }
        #expect(throws: DHIS2Error.self) {
            try DHIS2Connection.resolve(url: "https://u:p@x.org", token: "t", username: nil, password: nil, environment: [:])
        }
    }

    @Test func deterministicUIDsAreValidAndStable() {
        let a = UID.deterministic("worldpop-dhis2/dataElement/population")
        #expect(UID.isValid(a))
        #expect(a == UID.deterministic("worldpop-dhis2/dataElement/population"))
        let many = Set((0..<10_000).map { UID.deterministic("key-\($0)") })
        #expect(many.count == 10_000)
        #expect(many.allSatisfy(UID.isValid))
    }
}
