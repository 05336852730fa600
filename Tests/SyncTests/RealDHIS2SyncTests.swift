import Audit
import Catchments
import DHIS2
import DHIS2StandIn
import DenominatorMetadata
import Denominators
import Foundation
import GDALTesting
import Geometry
import Grid
import TestSupport
import Testing
import Zonal

@testable import Sync

/// Whole runs against each DHIS2 version whose behaviour differs, signed in as a non-superuser
/// integration account with exactly the documented authorities, through answers lost after DHIS2
/// committed, for years up to 2030 (projections; the stand-in's clock is the real one).
@Suite struct RealDHIS2SyncTests {
    static let futureYear = Calendar(identifier: .gregorian).component(.year, from: Date()) + 4

    func integrationOptions(_ version: String) -> DHIS2StandIn.Options {
        var o = DHIS2StandIn.Options(version: version)
        o.account = .integration()
        o.loseAnswerEveryNthImport = 2
        return o
    }

    func storedByKey(_ standIn: DHIS2StandIn) -> [DataValue.Key: String] {
        Dictionary(uniqueKeysWithValues: standIn.storedValues.map { ($0.key, $0.value) })
    }

    @Test(arguments: DHIS2StandIn.Options.versionMatrix)
    func firstTotalSyncStoresEveryValueOnceAndUndoRestoresExactly(version: String) async throws {
        try await withHarness(integrationOptions(version)) { h in
            var plan = h.plan()
            plan.rasters = .files([2020, Self.futureYear].map { YearInputs(year: $0, total: BandFile(path: arubaRaster)) })
            plan.importOptions.chunkSize = 3
            h.standIn.store(
                DataValue(
                    dataElement: "AdminOwnDE1", period: "2020", orgUnit: unit("D01"), categoryOptionCombo: "HllvX50cXC0",
                    attributeOptionCombo: "HllvX50cXC0", value: "1"))
            let before = storedByKey(h.standIn)
            let outcome = try await h.runner.run(plan)
            try outcome.requireComplete()
            #expect(outcome.mismatches.isEmpty)
            #expect(outcome.created.count == 14)
            let expected = try expectedTotals()
            let stored = h.standIn.storedValues.filter { $0.dataElement == PopulationMetadata.totalDataElementID }
            #expect(stored.count == 14, "each value stored once")
            #expect(Set(stored.map(\.period)) == ["2020", String(Self.futureYear)])
            #expect(stored.allSatisfy { expected[$0.orgUnit] == $0.value })
            // Chunks of 3 with every second answer lost: the answers seen count each value once, and
            // those resent were already there — updated on 2.39.1, ignored where DHIS2 ignores
            // unchanged values — without a conflict.
            let s = try #require(outcome.importResult?.summary)
            #expect(s.imported + s.updated + s.ignored == 14)
            #expect(s.imported < 14, "some values were sent twice")
            switch version {
            case "2.39.1": #expect(s.ignored == 0 && s.updated > 0)
            // 2.43 counts every stored value as updated, new or resent (`DataEntrySummary`).
            case "2.43.1", "2.44-SNAPSHOT": #expect(s.imported == 0 && s.updated == 14 && s.ignored == 0)
            default: #expect(s.updated == 0 && s.ignored > 0)
            }
            #expect(outcome.importResult?.ignoredUnchanged == s.ignored)
            #expect(try h.audit.run(id: outcome.runID!)?.status == .succeeded)
            _ = try await UndoRunner(client: h.client, audit: h.audit).undo(runID: outcome.runID!, command: "undo")
            #expect(storedByKey(h.standIn) == before)
        }
    }

    @Test(arguments: DHIS2StandIn.Options.versionMatrix)
    func firstAgeSexSyncStoresEveryBandAsANonSuperuser(version: String) async throws {
        let dir = temporaryDirectory().path
        let grid = RasterGrid(
            width: 40, height: 30, transform: GeoTransform(originX: 0, originY: 3, pixelWidth: 4.0 / 40, pixelHeight: 3.0 / 30))
        var rng = SeededRandom(state: 7)
        let bands = (0..<40).map { _ in (0..<(40 * 30)).map { _ in Float.random(in: 0...5, using: &rng) } }
        try GeoTIFFWriter.write(path: dir + "/agesex.tif", grid: grid, bands: bands, noData: -99999)
        try GeoTIFFWriter.write(
            path: dir + "/total.tif", grid: grid, bands: [(0..<(40 * 30)).map { i in bands.reduce(0) { $0 + $1[i] } }], noData: -99999)
        let (_, units) = synthland(columns: 2, rows: 2)
        try await withStandIn(integrationOptions(version), units: units) { standIn, client, out in
            var plan = SyncPlan(
                levels: [2], product: .agesex,
                rasters: .files(
                    [2025, Self.futureYear].map { ageSexInputs(year: $0, total: dir + "/total.tif", stack: dir + "/agesex.tif") }),
                reportDirectory: out, credit: "synthetic", command: "test")
            plan.importOptions.chunkSize = 50
            let audit = try AuditLogForTests.make(out)
            let outcome = try await SyncRunner(client: client, audit: audit, engine: .geoTIFF(workers: 2)).run(plan)
            try outcome.requireComplete()
            let bandValues = standIn.storedValues.filter { $0.dataElement == PopulationMetadata.ageSexDataElementID }
            #expect(bandValues.count == 4 * 40 * 2, "every band of every district in both years")
            #expect(Set(bandValues.map(\.categoryOptionCombo)).count == 40)
            #expect(outcome.values.count == standIn.storedValues.count)
            #expect(outcome.notes.contains { $0.text.contains("generated the age/sex category option combos") })
            _ = try await UndoRunner(client: client, audit: audit).undo(runID: outcome.runID!, command: "undo")
            #expect(standIn.storedValues.isEmpty)
        }
    }

    @Test(arguments: DHIS2StandIn.Options.versionMatrix)
    func catchmentsAndAccessRunAsANonSuperuser(version: String) async throws {
        let units = try arubaWithFacilities()
        try await withStandIn(integrationOptions(version), units: units) { standIn, client, dir in
            let audit = try AuditLogForTests.make(dir)
            let runner = SyncRunner(client: client, audit: audit, engine: .geoTIFF(workers: 2))
            var catchments = SyncPlan(
                levels: [3], product: .total, rasters: .files([YearInputs(year: 2020, total: BandFile(path: arubaRaster))]),
                reportDirectory: dir + "/c", credit: "test", command: "catchments (test)")
            catchments.zoneSource = .catchments(.voronoi)
            let c = try await runner.run(catchments)
            try c.requireComplete()
            #expect(standIn.storedValues.filter { $0.dataElement == PopulationMetadata.catchmentDataElementID }.count == c.created.count)
            var access = SyncPlan(
                levels: [2], product: .total, rasters: .files([YearInputs(year: 2020, total: BandFile(path: arubaRaster))]),
                reportDirectory: dir + "/a", credit: "test", command: "access (test)")
            access.zoneSource = .access(km: 2, facilitiesLevel: 3)
            let a = try await runner.run(access)
            try a.requireComplete()
            #expect(standIn.storedValues.filter { $0.dataElement == PopulationMetadata.beyondDataElementID(km: 2) }.count == 7)
            _ = try await UndoRunner(client: client, audit: audit).undo(runID: a.runID!, command: "undo")
            _ = try await UndoRunner(client: client, audit: audit).undo(runID: c.runID!, command: "undo")
            #expect(standIn.storedValues.isEmpty)
        }
    }

    @Test func analyticsFollowsASuccessfulImport() async throws {
        try await withHarness { h in
            var plan = h.plan()
            plan.analytics = true
            let outcome = try await h.runner.run(plan)
            try outcome.requireComplete()
            let current = Calendar(identifier: .gregorian).component(.year, from: Date())
            #expect(h.standIn.analyticsRuns.map(\.lastYears) == [current - 2020 + 1])
            #expect(outcome.analytics == .completed(job: h.standIn.analyticsRuns[0].id, lastYears: current - 2020 + 1))
        }
    }

    @Test func analyticsWithoutTheAuthorityFailsTheRunAfterTheImport() async throws {
        var options = DHIS2StandIn.Options()
        options.account = .integration(authorities: DHIS2StandIn.Account.integrationAuthorities.subtracting(["F_PERFORM_MAINTENANCE"]))
        try await withHarness(options) { h in
            var plan = h.plan()
            plan.analytics = true
            let outcome = try await h.runner.run(plan)
            #expect(h.standIn.storedValues.count == 7, "the import itself stands")
            #expect(throws: SyncError.self) { try outcome.requireComplete() }
            #expect(try h.audit.run(id: outcome.runID!)?.status == .failed, "recorded as the exit status says")
        }
    }

    @Test func aReadBackMismatchIsRecordedAsFailed() async throws {
        try await withHarness { h in
            var plan = h.plan()
            let standIn = h.standIn
            // Another process overwrites a value between the import and the read-back.
            let runner = SyncRunner(client: h.client, audit: h.audit, engine: .geoTIFF(workers: 2)) { label, _ in
                if label == "verifying" {
                    standIn.store(
                        DataValue(
                            dataElement: PopulationMetadata.totalDataElementID, period: "2020", orgUnit: unit("D01"),
                            categoryOptionCombo: "HllvX50cXC0", attributeOptionCombo: "HllvX50cXC0", value: "1"))
                }
            }
            plan.importOptions.chunkSize = 100
            let outcome = try await runner.run(plan)
            #expect(outcome.mismatches.count == 1)
            #expect(throws: SyncError.self) { try outcome.requireComplete() }
            #expect(try h.audit.run(id: outcome.runID!)?.status == .failed)
        }
    }
}
