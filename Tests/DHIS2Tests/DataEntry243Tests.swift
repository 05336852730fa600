import DHIS2StandIn
import DenominatorMetadata
import Foundation
import Geometry
import Testing

@testable import DHIS2

/// DHIS2 2.43's import by data set (`DataEntryPipeline`, `DefaultDataEntryService`) and the
/// version policy: the client against a stand-in that follows 2.43's rules.
@Suite struct DataEntry243Tests {
    static let units = sampleHierarchy(districts: 6)
    static var districts: [OrgUnit] { units.filter { $0.level == 2 && $0.geometry != nil } }

    func options(_ version: String = "2.43.1", account: DHIS2StandIn.Account = .superuser) -> DHIS2StandIn.Options {
        var o = DHIS2StandIn.Options(version: version)
        o.account = account
        return o
    }

    func totals(_ ids: MetadataIDs, units: [OrgUnit] = districts, year: Int = 2020, value: (Int) -> String = { "\(100 + $0)" })
        -> [DataValue]
    {
        units.enumerated().map { i, u in
            DataValue(
                dataElement: PopulationMetadata.totalDataElementID, period: String(year), orgUnit: u.id,
                categoryOptionCombo: ids.defaultCategoryOptionCombo, attributeOptionCombo: ids.defaultCategoryOptionCombo, value: value(i))
        }
    }

    static let named = ImportOptions(dataSet: PopulationMetadata.dataSetID)

    @Test(arguments: ["2.43.1", "2.44-SNAPSHOT", "2.43.0-rc1", "2.42.3"])
    func currentAndNextReleasesAreAccepted(version: String) async throws {
        try await withStandIn(options(version)) { _, client in
            let info = try await client.systemInfo()
            #expect(info.version == version)
            #expect(info.importRules == (version.hasPrefix("2.42") ? .valueByValue : .dataEntry))
            #expect((info.compatibilityNote?.contains("newer than 2.43") ?? false) == version.hasPrefix("2.44"))
        }
    }

    @Test func olderThan238IsRefusedAndUnsupportedOnesAreNamed() async throws {
        try await withStandIn(options("2.37.9")) { _, client in
            await #expect {
                _ = try await client.systemInfo()
            } throws: { error in
                String(describing: error).contains("2.37.9 is not supported") && String(describing: error).contains("2.38 and newer")
            }
        }
        #expect(DHIS2Release("2.39.1")?.compatibilityNote(version: "2.39.1")?.contains("no longer supported by DHIS2") == true)
        #expect(DHIS2Release("2.41.0")?.compatibilityNote(version: "2.41.0") == nil)
        #expect(DHIS2Release("v2.42.2.1") == DHIS2Release(major: 2, minor: 42, patch: 2))
    }

    /// An administrator adds a WorldPop data element to a data set of their own: without the data
    /// set named, 2.43 cannot tell which one the values are for and refuses them all (E8002).
    @Test func aWorldPopElementInASecondDataSetNeedsTheDataSetNamed() async throws {
        try await withStandIn(options(), units: Self.units) { standIn, client in
            let ids = try await client.ensureMetadata(spec(Self.units)).ids
            let other = UID.deterministic("admin-population-ds")
            let created = try await client.importMetadata(
                [
                    "dataSets": [
                        [
                            "id": other, "name": "Population (entry)", "shortName": "Population", "periodType": "Yearly",
                            "categoryCombo": ["id": "bjDvmb4bfuf"],
                            "dataSetElements": [["dataElement": ["id": PopulationMetadata.totalDataElementID]]],
                        ]
                    ]
                ], strategy: "CREATE_AND_UPDATE", dryRun: false)
            #expect(created.created == 1)
            let values = totals(ids)
            let guessed = try await client.importDataValues(values, options: ImportOptions(dataSet: nil))
            #expect(guessed.summary.status == "ERROR")
            #expect(guessed.summary.conflicts.map(\.errorCode) == ["E8002"])
            #expect(guessed.conflictValues.count == values.count, "the whole request is refused")
            #expect(standIn.storedValues.isEmpty)
            let result = try await client.importDataValues(values, options: Self.named)
            #expect(result.summary.conflicts.isEmpty)
            #expect(standIn.storedValues.count == values.count)
        }
    }

    /// `DataEntrySummary.toImportSummary`: nothing is "imported", every stored value is updated,
    /// new or unchanged; a value that is not a number is dropped alone (WARNING, now HTTP 200).
    @Test func everyStoredValueCountsAsUpdatedAndABadValueIsDroppedAlone() async throws {
        try await withStandIn(options(), units: Self.units) { standIn, client in
            let ids = try await client.ensureMetadata(spec(Self.units)).ids
            let values = totals(ids)
            let first = try await client.importDataValues(values, options: Self.named)
            #expect(first.summary.imported == 0)
            #expect(first.summary.updated == values.count)
            let again = try await client.importDataValues(values, options: Self.named)
            #expect(again.summary.updated == values.count, "unchanged values are updated again, not ignored")
            #expect(again.summary.ignored == 0)
            var withBad = totals(ids, value: { "\(200 + $0)" })
            withBad[2].value = "twelve"
            let mixed = try await client.importDataValues(withBad, options: Self.named)
            #expect(mixed.summary.status == "WARNING")
            #expect(mixed.summary.updated == values.count - 1)
            #expect(mixed.summary.ignored == 1)
            #expect(mixed.conflictValues.map(\.value?.orgUnit) == [withBad[2].orgUnit])
            #expect(mixed.conflictValues.first?.conflict.errorCode == "E8122")
            let stored = Dictionary(uniqueKeysWithValues: standIn.storedValues.map { ($0.orgUnit, $0.value) })
            #expect(stored[withBad[2].orgUnit] == "102", "the refused value keeps what was there")
            #expect(stored[withBad[3].orgUnit] == "203")
        }
    }

    /// One unit the data set is not assigned to refuses the whole request (E8022, superusers
    /// too); the conflict is said once, naming the unit and the fix.
    @Test func aUnitOutsideTheDataSetRefusesTheWholeRequest() async throws {
        try await withStandIn(options(), units: Self.units) { standIn, client in
            var spec = spec(Self.units)
            let outsider = Self.districts[0]
            spec.orgUnitIDs.removeAll { $0 == outsider.id }
            let ids = try await client.ensureMetadata(spec).ids
            let values = totals(ids)
            let result = try await client.importDataValues(values, options: Self.named)
            #expect(result.summary.conflicts.map(\.errorCode) == ["E8022"])
            #expect(result.summary.conflicts.first?.isGroupConflict == true)
            #expect(standIn.storedValues.isEmpty)
            let lines = result.describeConflicts(names: [outsider.id: outsider.name])
            #expect(lines.count == 1)
            let line = try #require(lines.first)
            #expect(line.hasPrefix("\(values.count) value(s) of \(values.count) org unit(s) refused together"))
            #expect(line.contains("\(outsider.id) (\(outsider.name))"))
            #expect(line.contains("[E8022]"))
            #expect(line.contains("not assigned to these org units"))
        }
    }

    /// Capture scope is checked for non-superusers only (E8011); superusers skip it
    /// (`validateUserAccess` returns early), unlike 2.38–2.42 (E7617 for everyone).
    @Test(arguments: [true, false])
    func captureScopeIsCheckedForNonSuperusersOnly(superuser: Bool) async throws {
        let scope = [Self.districts[1].id]
        let account: DHIS2StandIn.Account =
            superuser
            ? DHIS2StandIn.Account(id: "M5zQapPyTZI", username: "admin", authorities: ["ALL"], captureScope: scope)
            : .integration(captureScope: scope)
        try await withStandIn(options(account: account), units: Self.units) { standIn, client in
            let ids = try await client.ensureMetadata(spec(Self.units)).ids
            let values = totals(ids)
            let result = try await client.importDataValues(values, options: Self.named)
            if superuser {
                #expect(result.summary.conflicts.isEmpty)
                #expect(standIn.storedValues.count == values.count)
            } else {
                #expect(result.summary.conflicts.map(\.errorCode) == ["E8011"])
                #expect(ConflictAdvice(code: "E8011") == ConflictAdvice(code: "E7617"))
                #expect(standIn.storedValues.isEmpty)
            }
        }
    }

    /// A DELETE counts every valid value as deleted, stored before or not.
    @Test func deleteCountsAbsentValuesToo() async throws {
        try await withStandIn(options(), units: Self.units) { standIn, client in
            let ids = try await client.ensureMetadata(spec(Self.units)).ids
            let values = totals(ids)
            _ = try await client.importDataValues(Array(values.prefix(2)), options: Self.named)
            var delete = Self.named
            delete.strategy = .delete
            let result = try await client.importDataValues(values, options: delete)
            #expect(result.summary.deleted == values.count)
            #expect(standIn.storedValues.isEmpty)
        }
    }

    /// 2.41/2.42: a poll that lands as the job ends drops its summary for good. The client waits
    /// a bounded time and leaves the chunk to the read-back instead of waiting an hour.
    @Test(arguments: ["2.41.1", "2.42.0"])
    func aLostJobSummaryEndsTheWaitAndSaysSo(version: String) async throws {
        var o = options(version)
        o.summaryRace = true
        try await withStandIn(o, units: Self.units) { standIn, client in
            let ids = try await client.ensureMetadata(spec(Self.units)).ids
            var async = Self.named
            async.async = true
            async.summaryDeadline = .milliseconds(200)
            let started = ContinuousClock.now
            let result = try await client.importDataValues(totals(ids), options: async)
            #expect(ContinuousClock.now - started < .seconds(30))
            #expect(result.jobsWithoutSummary.count == 1)
            #expect(result.summary.conflicts.isEmpty)
            #expect(standIn.storedValues.count == Self.districts.count)
        }
    }

    /// An ERROR notification that does not complete the job is a skipped item, not a failure
    /// (`NotifierJobProgress.failedWorkItem`); the job's summary still comes.
    @Test func anErrorThatDoesNotEndTheJobIsAWarning() async throws {
        var o = options("2.42.0")
        o.jobItemError = "Failed to update statistics"
        try await withStandIn(o, units: Self.units) { standIn, client in
            let ids = try await client.ensureMetadata(spec(Self.units)).ids
            var async = Self.named
            async.async = true
            let result = try await client.importDataValues(totals(ids), options: async)
            #expect(result.jobWarnings == ["Failed to update statistics"])
            #expect(result.summary.imported == Self.districts.count)
            #expect(standIn.storedValues.count == Self.districts.count)
        }
    }

    /// 2.38–2.42 check a named data set too: it must grant the account data write (E7601).
    @Test func aNamedDataSetWithoutDataWriteRefusesTheImportOn242() async throws {
        try await withStandIn(options("2.42.0", account: .integration()), units: Self.units) { standIn, client in
            let ids = try await client.ensureMetadata(spec(Self.units)).ids
            standIn.editMetadata("dataSets", PopulationMetadata.dataSetID) { $0["sharing"] = Sharing(publicAccess: "rw------").json }
            let result = try await client.importDataValues(totals(ids), options: Self.named)
            #expect(result.summary.status == "ERROR")
            #expect(result.summary.conflicts.map(\.errorCode) == ["E7601"])
            #expect(ConflictAdvice(code: "E7601") == .dataWrite)
            #expect(standIn.storedValues.isEmpty)
        }
    }

    /// From 2.40 `/api/me` lists only the groups the account may read; DHIS2's own `access`
    /// field says the account can write data through another one, so no user entry is added.
    @Test func dataWriteThroughAnUnreadableGroupAddsNoUserEntry() async throws {
        let group = "HiddenGrp01"
        let account = DHIS2StandIn.Account(
            id: "IntgrAcct01", username: "worldpop-integration", authorities: DHIS2StandIn.Account.integrationAuthorities,
            unreadableGroups: [group])
        try await withStandIn(options("2.41.1", account: account), units: Self.units) { standIn, client in
            _ = try await client.ensureMetadata(spec(Self.units))
            let shared = Sharing(publicAccess: "r-------", owner: "M5zQapPyTZI", userGroups: [group: .init(id: group, access: "rwrw----")])
            standIn.editMetadata("dataSets", PopulationMetadata.dataSetID) { $0["sharing"] = shared.json }
            #expect(try await client.me().userGroups.isEmpty)
            let result = try await client.ensureMetadata(spec(Self.units))
            #expect(!result.notes.contains { $0.contains("data write shared") })
            let sharing = try #require(Sharing(json: standIn.metadataObject("dataSets", PopulationMetadata.dataSetID)?["sharing"]))
            #expect(sharing.users.isEmpty, "no needless user entry")
            #expect(standIn.metadataObject("dataSets", PopulationMetadata.dataSetID)?["access"] == nil)
        }
    }
}
