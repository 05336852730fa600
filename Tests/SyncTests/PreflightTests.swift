import DHIS2
import DHIS2StandIn
import DenominatorMetadata
import Foundation
import Testing

@testable import Sync

/// `doctor` names each misconfiguration before anything is written.
@Suite struct PreflightTests {
    func problems(_ options: DHIS2StandIn.Options, years: [Int] = [2020], prepare: (Harness) async throws -> Void = { _ in }) async throws
        -> [String]
    {
        var found: [String] = []
        try await withHarness(options) { h in
            try await prepare(h)
            let requestsBefore = h.standIn.requests.count
            var plan = h.plan()
            plan.rasters = .files(years.map { YearInputs(year: $0, total: BandFile(path: arubaRaster)) })
            let findings = try await Preflight(client: h.client).run(plan)
            #expect(!h.standIn.requests.dropFirst(requestsBefore).contains { $0.method != "GET" }, "doctor only reads")
            found = findings.filter { $0.kind == .problem }.map(\.text)
        }
        return found
    }

    @Test func theDocumentedIntegrationAccountHasNoProblem() async throws {
        var options = DHIS2StandIn.Options()
        options.account = .integration()
        #expect(try await problems(options, years: [2020, 2030]) == [])
    }

    @Test func anUnsupportedVersionIsNamed() async throws {
        let found = try await problems(.init(version: "2.36.9"))
        #expect(found.count == 1)
        #expect(found[0].contains("2.36.9") && found[0].contains("2.38 and newer"))
    }

    /// 2.43 checks capture scope for non-superusers only (E8011); 2.38–2.42 for everyone (E7617).
    @Test(arguments: [("2.42.0", true, "E7617"), ("2.43.1", true, nil), ("2.43.1", false, "E8011")])
    func captureScopeByVersionAndAccount(version: String, superuser: Bool, code: String?) async throws {
        var options = DHIS2StandIn.Options(version: version)
        options.account =
            superuser
            ? DHIS2StandIn.Account(id: "M5zQapPyTZI", username: "admin", authorities: ["ALL"], captureScope: [unit("D01")])
            : .integration(captureScope: [unit("D01")])
        let found = try await problems(options)
        #expect(found.count == (code == nil ? 0 : 1))
        if let code { #expect(found.first?.contains("outside") == true && found.first?.contains(code) == true) }
    }

    /// On 2.43 a closed future year is E8030, and a unit outside the data set refuses a whole request (E8022).
    @Test func a243DataSetClosedToTheFutureAndMissingAUnit() async throws {
        var options = DHIS2StandIn.Options(version: "2.43.1")
        options.account = .integration(authorities: DHIS2StandIn.Account.integrationAuthorities.subtracting(["F_DATASET_PUBLIC_ADD"]))
        let future = Calendar(identifier: .gregorian).component(.year, from: Date()) + 2
        let found = try await problems(options, years: [2020, future]) { h in
            var admin = h.standIn.options
            admin.account = .superuser
            h.standIn.options = admin
            _ = try await h.client.ensureMetadata(
                PopulationMetadata(ageGroups: PopulationMetadata.r2025AgeGroups, orgUnitIDs: [unit("D01")], credit: "test"))
            h.standIn.editMetadata("dataSets", PopulationMetadata.dataSetID) { ds in
                ds["openFuturePeriods"] = 0
                var sharing = Sharing(json: ds["sharing"])!
                sharing.users["IntgrAcct01"] = .init(id: "IntgrAcct01", access: "rwrw----")
                ds["sharing"] = sharing.json
            }
            h.standIn.options = options
        }
        #expect(found.contains { $0.contains("opens 0 future period(s)") && $0.contains("E8030") })
        #expect(found.contains { $0.contains("not assigned to 6 org unit(s)") && $0.contains("E8022") })
    }

    @Test func aVersionNewerThanModelledRunsAndSaysSo() async throws {
        try await withHarness(.init(version: "2.44-SNAPSHOT")) { h in
            let findings = try await Preflight(client: h.client).run(h.plan())
            #expect(findings.filter { $0.kind == .problem }.isEmpty)
            #expect(findings.contains { $0.kind == .note && $0.text.contains("2.44-SNAPSHOT is newer than 2.43") })
            #expect(findings.contains { $0.kind == .ok && $0.text.contains("imports values by data set") })
        }
    }

    @Test func eachMissingAuthorityIsNamed() async throws {
        var options = DHIS2StandIn.Options()
        options.account = .integration(
            authorities: DHIS2StandIn.Account.integrationAuthorities.subtracting(["F_DATASET_PUBLIC_ADD", "F_DATAVALUE_ADD"]))
        let found = try await problems(options)
        #expect(found.contains { $0.contains("F_DATASET_PUBLIC_ADD") && $0.contains("data set") })
        #expect(found.contains { $0.contains("F_DATAVALUE_ADD") })
    }

    @Test func unitsOutsideTheCaptureScopeAreNamed() async throws {
        var options = DHIS2StandIn.Options()
        options.account = .integration(captureScope: [unit("D01")])
        let found = try await problems(options)
        #expect(found.count == 1)
        #expect(found[0].contains("7 of 8 org units are outside") && found[0].contains("E7617"))
    }

    @Test func aDataSetThatRefusesTheFutureYearsOrExpiresOldOnes() async throws {
        var options = DHIS2StandIn.Options()
        options.account = .integration(authorities: DHIS2StandIn.Account.integrationAuthorities.subtracting(["F_DATASET_PUBLIC_ADD"]))
        let future = Calendar(identifier: .gregorian).component(.year, from: Date()) + 2
        let found = try await problems(options, years: [2020, future]) { h in
            // Created earlier by an administrator, who then closed the future and set expiry days.
            var admin = h.standIn.options
            admin.account = .superuser
            h.standIn.options = admin
            _ = try await h.client.ensureMetadata(
                PopulationMetadata(ageGroups: PopulationMetadata.r2025AgeGroups, orgUnitIDs: [], credit: "test"))
            h.standIn.editMetadata("dataSets", PopulationMetadata.dataSetID) { ds in
                ds["openFuturePeriods"] = 0
                ds["expiryDays"] = 30
                var sharing = Sharing(json: ds["sharing"])!
                sharing.users["IntgrAcct01"] = .init(id: "IntgrAcct01", access: "rwrw----")
                ds["sharing"] = sharing.json
            }
            h.standIn.options = options
        }
        #expect(found.contains { $0.contains("opens 0 future period(s)") && $0.contains("needs 3") && $0.contains("E7641") })
        #expect(found.contains { $0.contains("expiry days 30") && $0.contains("E7640") })
    }

    @Test func sharingThatWouldRefuseValuesIsNamed() async throws {
        var options = DHIS2StandIn.Options()
        options.account = .integration()
        let found = try await problems(options) { h in
            // The administrator made the metadata first: the integration account may not edit it.
            var admin = h.standIn.options
            admin.account = .superuser
            h.standIn.options = admin
            _ = try await h.client.ensureMetadata(
                PopulationMetadata(ageGroups: PopulationMetadata.r2025AgeGroups, orgUnitIDs: [], credit: "test"))
            h.standIn.options = options
        }
        #expect(found.contains { $0.contains("may not edit data set") && $0.contains("E3001") })
        #expect(found.contains { $0.contains("22 WorldPop category option(s)") && $0.contains("E7613") })
    }
}
