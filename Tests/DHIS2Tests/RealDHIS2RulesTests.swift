import DHIS2StandIn
import DenominatorMetadata
import Foundation
import Geometry
import Testing

@testable import DHIS2

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The stand-in behaves as dhis2-core does where the product once believed otherwise: each test
/// here would have passed against the old stand-in only if the rule were missing.
@Suite struct StandInFollowsDHIS2CoreTests {
    @Test func metadataImportIgnoresDryRunAndGeneratesNoOptionCombos() async throws {
        let units = sampleHierarchy()
        try await withStandIn(units: units) { standIn, client in
            let body = try JSONSerialization.data(
                withJSONObject: try spec(units).bundle(defaultComboID: "bjDvmb4bfuf").jsonCollections()
                    .reduce(into: [String: Any]()) { $0[$1.0] = $1.1 })
            _ = try await client.send("POST", "metadata", query: [("dryRun", "true")], body: body)
            #expect(standIn.metadataIDs("dataElements").count == 3, "dryRun is not a /api/metadata parameter: the import commits")
            #expect(standIn.optionComboCount == 1, "only the default combo: /api/metadata generates none")
        }
    }

    @Test func currentYearIsClosedUntilTheDataSetOpensFuturePeriods() async throws {
        let units = sampleHierarchy()
        var options = DHIS2StandIn.Options()
        options.today = try #require(ISO8601DateFormatter().date(from: "2026-06-01T00:00:00Z"))
        try await withStandIn(options, units: units) { standIn, client in
            _ = try await client.ensureMetadata(spec(units), currentYear: 2026)
            standIn.editMetadata("dataSets", PopulationMetadata.dataSetID) { $0["openFuturePeriods"] = 0 }
            let ids = try await client.ensureMetadata(spec(units), currentYear: 2025).ids  // nothing to open up to 2025 …
            func value(_ year: Int) -> DataValue {
                DataValue(
                    dataElement: PopulationMetadata.totalDataElementID, period: String(year), orgUnit: units[1].id,
                    categoryOptionCombo: ids.defaultCategoryOptionCombo, attributeOptionCombo: ids.defaultCategoryOptionCombo, value: "10")
            }
            let result = try await client.importDataValues([value(2025), value(2026)], options: ImportOptions(dataSet: nil))
            #expect(result.summary.imported == 1)
            #expect(result.summary.conflicts.map(\.errorCode) == ["E7641"], "… so 2026, the current year, is refused")
        }
    }

    @Test func dataSetReadOn238NeedsADataSet() async throws {
        try await withStandIn(.init(version: "2.38.6")) { _, client in
            await #expect {
                _ = try await client.send(
                    "GET", "dataValueSets",
                    query: [("dataElement", PopulationMetadata.totalDataElementID), ("period", "2020"), ("orgUnit", "x")])
            } throws: { error in
                guard case DHIS2Error.httpError(_, _, 409, let message) = error else { return false }
                return message.contains("data set or data element group")
            }
        }
    }

    @Test func defaultSharingRefusesAgeSexValuesOfANonSuperuser() async throws {
        let units = sampleHierarchy()
        var options = DHIS2StandIn.Options()
        options.account = .integration()
        try await withStandIn(options, units: units) { standIn, client in
            // Created the naive way, without sharing: DHIS2 gives new objects public "rw------".
            var bundle = try spec(units).bundle(defaultComboID: "bjDvmb4bfuf").jsonCollections().reduce(into: [String: Any]()) {
                $0[$1.0] = $1.1
            }
            bundle["dataSets"] = nil
            _ = try await client.send("POST", "metadata", body: try JSONSerialization.data(withJSONObject: bundle))
            _ = try await client.send("POST", "maintenance/categoryOptionComboUpdate/categoryCombo/\(PopulationMetadata.ageSexComboID)")
            let ids = try await client.mapAgeSexCombos(spec(units), defaultCOC: "HllvX50cXC0")
            let coc = try #require(ids.ageSexCombo(sex: "f", age: "0"))
            let result = try await client.importDataValues(
                [
                    DataValue(
                        dataElement: PopulationMetadata.ageSexDataElementID, period: "2020", orgUnit: units[1].id,
                        categoryOptionCombo: coc, attributeOptionCombo: "HllvX50cXC0", value: "5")
                ], options: ImportOptions(dataSet: nil))
            // `getCategoryOptionComboAcl` finds no combo whose options all allow data write.
            #expect(result.summary.conflicts.map(\.errorCode) == ["E7613"])
            #expect(standIn.storedValues.isEmpty)
        }
    }

    @Test func captureScopeAppliesToSuperusersToo() async throws {
        let units = sampleHierarchy()
        var options = DHIS2StandIn.Options()
        options.account.captureScope = [UID.deterministic("district-1")]
        try await withStandIn(options, units: units) { _, client in
            let ids = try await client.ensureMetadata(spec(units)).ids
            let values = [1, 2].map { d in
                DataValue(
                    dataElement: PopulationMetadata.totalDataElementID, period: "2020", orgUnit: UID.deterministic("district-\(d)"),
                    categoryOptionCombo: ids.defaultCategoryOptionCombo, attributeOptionCombo: ids.defaultCategoryOptionCombo, value: "1")
            }
            let result = try await client.importDataValues(values, options: ImportOptions(dataSet: nil))
            #expect(result.summary.imported == 1)
            #expect(result.conflictValues.map { $0.conflict.errorCode } == ["E7617"])
            #expect(result.conflictValues.first?.value?.orgUnit == UID.deterministic("district-2"))
        }
    }
}

@Suite struct ClientMeetsRealDHIS2Tests {
    @Test func metadataDryRunValidatesAndCreatesNothing() async throws {
        let units = sampleHierarchy()
        try await withStandIn(units: units) { standIn, client in
            let r = try await client.ensureMetadata(spec(units), dryRun: true)
            #expect(r.missingObjects == 29)
            #expect(standIn.metadataIDs("dataElements").isEmpty)
            #expect(standIn.metadataIDs("dataSets").isEmpty)
            let post = try #require(standIn.requests.first { $0.method == "POST" && $0.path == "/metadata" })
            #expect(post.query.contains("importMode=VALIDATE"))
            #expect(!post.query.contains("dryRun"))
        }
    }

    @Test func optionCombosAreGeneratedByMaintenance() async throws {
        let units = sampleHierarchy()
        try await withStandIn(units: units) { standIn, client in
            let first = try await client.ensureMetadata(spec(units), requireAgeSex: true)
            #expect(first.optionCombosGenerated == .maintenance)
            #expect(first.ids.ageSexCombos.count == 40)
            #expect(standIn.optionComboCount == 41)
            let second = try await client.ensureMetadata(spec(units), requireAgeSex: true)
            #expect(second.optionCombosGenerated == nil, "already there: nothing to generate")
            #expect(second.ids == first.ids)
            #expect(standIn.requests.filter { $0.path.hasPrefix("/maintenance") }.count == 1)
        }
    }

    @Test func withoutMaintenanceTheCategoryComboUpdateGeneratesThem() async throws {
        let units = sampleHierarchy()
        var options = DHIS2StandIn.Options()
        options.account = .integration(authorities: DHIS2StandIn.Account.integrationAuthorities.subtracting(["F_PERFORM_MAINTENANCE"]))
        try await withStandIn(options, units: units) { standIn, client in
            let r = try await client.ensureMetadata(spec(units), requireAgeSex: true)
            #expect(r.optionCombosGenerated == .categoryComboUpdate)
            #expect(r.ids.ageSexCombos.count == 40)
            #expect(
                standIn.requests.contains {
                    $0.method == "PUT" && $0.path == "/categoryCombos/\(PopulationMetadata.ageSexComboID)" && $0.status == 200
                })
        }
    }

    @Test func anAccountThatMayNotGenerateCombosIsToldWhichAuthority() async throws {
        let units = sampleHierarchy()
        var options = DHIS2StandIn.Options()
        try await withStandIn(options, units: units) { standIn, client in
            _ = try await client.send(
                "POST", "metadata",
                body: try JSONSerialization.data(
                    withJSONObject: try spec(units).bundle(defaultComboID: "bjDvmb4bfuf")
                        .jsonCollections().reduce(into: [String: Any]()) { $0[$1.0] = $1.1 }))
            options.account = .integration(authorities: ["F_DATAELEMENT_PUBLIC_ADD"])
            standIn.options = options
            await #expect {
                _ = try await client.generateOptionCombos(categoryCombo: PopulationMetadata.ageSexComboID)
            } throws: { error in
                let text = String(describing: error)
                return text.contains("F_PERFORM_MAINTENANCE") && text.contains("F_CATEGORY_COMBO_PUBLIC_ADD")
                    && text.contains("Update category option combinations")
            }
        }
    }

    @Test func anAdministratorsEditsSurviveARerun() async throws {
        let units = sampleHierarchy()
        try await withStandIn(units: units) { standIn, client in
            var s = spec(units)
            s.years = [2020]
            _ = try await client.ensureMetadata(s, currentYear: 2026)
            // An element of the administrator's own, to put into our data set.
            let theirs = DataElement(
                id: "AdminDE0001",
                name: "Admin element", shortName: "Admin", categoryCombo: Ref("bjDvmb4bfuf"))
            var extra = MetadataBundle()
            extra.dataElements = [theirs]
            _ = try await client.send("POST", "metadata", body: try JSONEncoder().encode(extra))
            standIn.editMetadata("dataSets", PopulationMetadata.dataSetID) { ds in
                ds["openFuturePeriods"] = 7
                ds["expiryDays"] = 10
                ds["legendSets"] = [["id": "LegendSet01"]]
                ds["organisationUnits"] = ((ds["organisationUnits"] as? [[String: Any]]) ?? []) + [["id": UID.deterministic("country")]]
                ds["dataSetElements"] = ((ds["dataSetElements"] as? [[String: Any]]) ?? []) + [["dataElement": ["id": "AdminDE0001"]]]
                ds["sharing"] = [
                    "public": "rwrw----", "owner": "M5zQapPyTZI", "users": [String: Any](),
                    "userGroups": ["Grp00000001": ["id": "Grp00000001", "access": "r-r-----"]],
                ]
            }
            standIn.editMetadata("dataElements", PopulationMetadata.totalDataElementID) { $0["legendSets"] = [["id": "LegendSet01"]] }
            s.years = [2020, 2030]
            let rerun = try await client.ensureMetadata(s, currentYear: 2026)
            let ds = try #require(standIn.metadataObject("dataSets", PopulationMetadata.dataSetID))
            #expect((ds["openFuturePeriods"] as? NSNumber)?.intValue == 7, "7 already opens 2030 (needs 5): kept")
            #expect((ds["expiryDays"] as? NSNumber)?.intValue == 10)
            #expect((ds["legendSets"] as? [[String: Any]])?.first?["id"] as? String == "LegendSet01")
            #expect(((ds["organisationUnits"] as? [[String: Any]]) ?? []).contains { $0["id"] as? String == UID.deterministic("country") })
            #expect(
                ((ds["dataSetElements"] as? [[String: Any]]) ?? []).contains {
                    ($0["dataElement"] as? [String: Any])?["id"] as? String == "AdminDE0001"
                })
            let sharing = try #require(Sharing(json: ds["sharing"]))
            #expect(sharing.publicAccess == "rwrw----")
            #expect(sharing.userGroups["Grp00000001"]?.access == "r-r-----")
            let de = try #require(standIn.metadataObject("dataElements", PopulationMetadata.totalDataElementID))
            #expect((de["legendSets"] as? [[String: Any]])?.count == 1)
            #expect(rerun.notes.isEmpty, "nothing needed changing: \(rerun.notes)")
            // Fewer open periods than the years need: raised, and said.
            standIn.editMetadata("dataSets", PopulationMetadata.dataSetID) { $0["openFuturePeriods"] = 2 }
            let raised = try await client.ensureMetadata(s, currentYear: 2026)
            #expect((standIn.metadataObject("dataSets", PopulationMetadata.dataSetID)?["openFuturePeriods"] as? NSNumber)?.intValue == 5)
            #expect(raised.notes.contains { $0.contains("raised from 2 to 5") })
        }
    }

    @Test func aNewDataSetOpensTheFutureYearsOfTheRun() async throws {
        let units = sampleHierarchy()
        try await withStandIn(units: units) { standIn, client in
            var s = spec(units)
            s.years = Array(2025...2030)
            _ = try await client.ensureMetadata(s, currentYear: 2026)
            #expect((standIn.metadataObject("dataSets", PopulationMetadata.dataSetID)?["openFuturePeriods"] as? NSNumber)?.intValue == 5)
        }
    }

    @Test(arguments: DHIS2StandIn.Options.versionMatrix)
    func aNonSuperuserWithTheDocumentedAuthoritiesStoresAgeSexValues(version: String) async throws {
        let units = sampleHierarchy()
        var options = DHIS2StandIn.Options(version: version)
        options.account = .integration()
        try await withStandIn(options, units: units) { standIn, client in
            var s = spec(units)
            s.years = [2030]
            let ids = try await client.ensureMetadata(s, requireAgeSex: true, currentYear: 2026).ids
            let values = ids.ageSexCombos.values.sorted().enumerated().map { k, coc in
                DataValue(
                    dataElement: PopulationMetadata.ageSexDataElementID, period: "2030", orgUnit: units[1].id,
                    categoryOptionCombo: coc, attributeOptionCombo: ids.defaultCategoryOptionCombo, value: String(k))
            }
            let result = try await client.importDataValues(values, options: ImportOptions(dataSet: PopulationMetadata.dataSetID))
            #expect(result.summary.conflicts.isEmpty, "\(result.summary.conflicts.prefix(2))")
            // 2.43 counts every stored value as updated (`DataEntrySummary.toImportSummary`).
            let counted = SystemInfo(version: version).importRules == .dataEntry ? result.summary.updated : result.summary.imported
            #expect(counted == 40)
            #expect(standIn.storedValues.count == 40)
            let read = try await client.dataValues(dataSet: PopulationMetadata.dataSetID, periods: ["2030"], root: units[0].id)
            #expect(read.count == 40)
            let one = try await client.dataValues(
                dataElement: PopulationMetadata.ageSexDataElementID, periods: ["2030"], root: units[0].id,
                version: SystemInfo(version: version))
            #expect(one.count == 40)
        }
    }

    @Test(arguments: DHIS2StandIn.Options.versionMatrix)
    func aLostAnswerAfterCommitEndsInSuccess(version: String) async throws {
        let units = sampleHierarchy()
        var options = DHIS2StandIn.Options(version: version)
        try await withStandIn(options, units: units) { standIn, client in
            let ids = try await client.ensureMetadata(spec(units)).ids
            let values = units.filter { $0.level == 2 }.map { u in
                DataValue(
                    dataElement: PopulationMetadata.totalDataElementID, period: "2020", orgUnit: u.id,
                    categoryOptionCombo: ids.defaultCategoryOptionCombo, attributeOptionCombo: ids.defaultCategoryOptionCombo, value: "7")
            }
            options.loseAnswerEveryNthImport = 2
            standIn.options = options
            let result = try await client.importDataValues(
                values, options: ImportOptions(dataSet: PopulationMetadata.dataSetID, chunkSize: 20))
            #expect(!result.hasProblems)
            #expect(standIn.storedValues.count == values.count)
            if SystemInfo(version: version).importRules == .dataEntry {
                // Every answer seen counts its chunk as updated, resent or not: 62 once each.
                #expect((result.summary.imported, result.summary.updated, result.summary.ignored) == (0, values.count, 0))
                return
            }
            // 62 values in chunks of 20: every second request's answer is lost, retries included,
            // so chunk 1 is answered and chunks 2, 3 and 4 (20 + 20 + 2) are committed unseen and resent.
            let resent = 42
            let ignoresUnchanged = !version.hasPrefix("2.39")
            #expect(result.summary.imported == values.count - resent)
            #expect(result.summary.ignored == (ignoresUnchanged ? resent : 0))
            #expect(result.summary.updated == (ignoresUnchanged ? 0 : resent))
            #expect(result.ignoredUnchanged == (ignoresUnchanged ? resent : 0))
        }
    }

    @Test func asyncImportWaitsForTheSummaryAndGivesUpAtTheDeadline() async throws {
        let units = sampleHierarchy()
        var options = DHIS2StandIn.Options()
        options.summaryLagPolls = 3
        try await withStandIn(options, units: units) { standIn, client in
            let ids = try await client.ensureMetadata(spec(units)).ids
            let value = DataValue(
                dataElement: PopulationMetadata.totalDataElementID, period: "2020", orgUnit: units[1].id,
                categoryOptionCombo: ids.defaultCategoryOptionCombo, attributeOptionCombo: ids.defaultCategoryOptionCombo, value: "3")
            let result = try await client.importDataValues([value], options: ImportOptions(dataSet: nil, async: true))
            #expect(result.summary.imported == 1)
            let emptyAnswers = standIn.requests.filter { $0.path.hasPrefix("/system/taskSummaries") }.count
            #expect(emptyAnswers == 4, "three empty answers, then the summary")
            options.asyncPolls = 1_000_000
            standIn.options = options
            var slow = ImportOptions(dataSet: nil, async: true)
            slow.jobDeadline = .milliseconds(300)
            await #expect {
                _ = try await client.importDataValues([value], options: slow)
            } throws: { error in
                guard case DHIS2Error.jobTimedOut(_, let type, _, let last) = error else { return false }
                return type == "DATAVALUE_IMPORT" && last == "Importing data values"
                    && String(describing: error).contains("Data Administration")
            }
        }
    }

    @Test func conflictsWithoutObjectAndNullValuesDecode() throws {
        let json =
            #"{"status":"WARNING","importCount":{"imported":1,"ignored":1},"#
            + #""conflicts":[{"value":"Something","errorCode":"E7600","indexes":[0]}]}"#
        let summary = try ImportSummary.parse(Data(json.utf8))
        #expect(summary.conflicts.first?.object == nil)
        #expect(summary.conflicts.first?.value == "Something")
    }

    @Test func nullExportedValuesAreSkipped() async throws {
        let transport = CannedTransport(
            body:
                #"{"dataValues":[{"dataElement":"a","period":"2020","orgUnit":"o","categoryOptionCombo":"c","#
                + #""attributeOptionCombo":"c","value":null},"#
                + #"{"dataElement":"a","period":"2021","orgUnit":"o","categoryOptionCombo":"c","attributeOptionCombo":"c","#
                + #""value":"4"}]}"#
        )
        let client = DHIS2Client(
            connection: DHIS2Connection(baseURL: URL(string: "http://example.invalid")!, credentials: .token("t")), transport: transport)
        let values = try await client.dataValues(dataSet: "ds", periods: ["2020", "2021"], root: "o")
        #expect(values.map(\.period) == ["2021"])
    }

    /// The tracker parts a denominator sync changes nothing in are skipped as far as the version
    /// can (`ResourceTableController.analytics`).
    @Test(arguments: [
        ("2.38.6", ["skipEvents", "skipEnrollment"]), ("2.40.3", ["skipEvents", "skipEnrollment", "skipOrgUnitOwnership"]),
        (
            "2.42.0",
            ["skipEvents", "skipEnrollment", "skipOrgUnitOwnership", "skipTrackedEntities", "skipValidationResult", "skipOutliers"]
        ),
        (
            "2.43.1",
            ["skipEvents", "skipEnrollment", "skipOrgUnitOwnership", "skipTrackedEntities", "skipValidationResult", "skipOutliers"]
        ),
    ])
    func analyticsRunsForTheSyncedYearsAndIsFollowed(version: String, skips: [String]) async throws {
        try await withStandIn(DHIS2StandIn.Options(version: version)) { standIn, client in
            var messages: [String] = []
            let job = try await client.runAnalytics(lastYears: 6, server: try await client.systemInfo()) { messages.append($0) }
            #expect(standIn.analyticsRuns.map(\.id) == [job])
            #expect(standIn.analyticsRuns.first?.lastYears == 6)
            #expect(standIn.analyticsRuns.first?.skips == Set(skips))
            #expect(messages.first == "Populating analytics tables (last years: 6)")
            #expect(messages.last == "Job done")
        }
    }
}

/// Answers every request with the same JSON body.
struct CannedTransport: HTTPTransport {
    var body: String
    func send(_ request: URLRequest) async throws -> (Data, HTTPURLResponse) {
        (Data(body.utf8), HTTPURLResponse(url: request.url!, statusCode: 200, httpVersion: "HTTP/1.1", headerFields: nil)!)
    }
}
