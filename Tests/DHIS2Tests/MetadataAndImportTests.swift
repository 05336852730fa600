import DHIS2StandIn
import DenominatorMetadata
import Foundation
import Geometry
import Testing

@testable import DHIS2

let credit = "WorldPop (www.worldpop.org), Global 2 R2025A, 2020, CC BY 4.0"

func spec(_ units: [OrgUnit]) -> PopulationMetadata {
    PopulationMetadata(
        ageGroups: PopulationMetadata.r2025AgeGroups,
        derivedGroups: [.init(key: "u1", name: "Population under 1 (WorldPop)", shortName: "Pop <1 WP")],
        orgUnitIDs: units.filter { $0.level == 2 }.map(\.id), credit: credit)
}

@Suite struct MetadataTests {
    /// The option combos' UIDs are random to the client (it must map them by options) but the same
    /// in every run of a test: the stand-in's generator is seeded.
    @Test func generatedUIDsRepeatForASeedAndDifferAcrossSeeds() async throws {
        let units = sampleHierarchy()
        func combos(seed: UInt64) async throws -> [String: String] {
            var options = DHIS2StandIn.Options()
            options.seed = seed
            return try await withStandIn(options, units: units) { _, client in try await client.ensureMetadata(spec(units)).ids.ageSexCombos
            }
        }
        let first = try await combos(seed: 1)
        let again = try await combos(seed: 1)
        let other = try await combos(seed: 2)
        #expect(first.count == 40 && first == again)
        #expect(Set(first.values).isDisjoint(with: other.values))
        #expect(first.values.allSatisfy { UID.isValid($0) })
    }

    @Test func bootstrapIsIdempotentAndMapsGeneratedCombosByOptions() async throws {
        let units = sampleHierarchy()
        try await withStandIn(units: units) { standIn, client in
            let first = try await client.ensureMetadata(spec(units))
            // 2 sex + 20 age options, 2 categories, 1 combo, 3 data elements, 1 data set.
            #expect(first.report.created == 29)
            #expect(first.report.updated == 0)
            #expect(first.ids.ageSexCombos.count == 40)
            #expect(first.ids.defaultCategoryOptionCombo == "HllvX50cXC0")
            #expect(standIn.optionComboCount == 41)
            let second = try await client.ensureMetadata(spec(units))
            #expect(second.report.created == 0)
            #expect(second.report.updated == 29)
            #expect(second.ids == first.ids, "the same server-generated combos are found again")
            #expect(standIn.optionComboCount == 41, "no new combos on a re-run")
            // Each mapped combo is the one whose options are that sex and age.
            let coc = try #require(first.ids.ageSexCombo(sex: "f", age: "15-19"))
            let (data, _) = try await client.send(
                "GET", "categoryOptionCombos",
                query: [("filter", "id:eq:\(coc)"), ("fields", "id,name,categoryOptions[id]"), ("paging", "false")])
            #expect(String(decoding: data, as: UTF8.self).contains("Age 15-19 (WorldPop)"))
        }
    }

    @Test func dryRunCreatesNothing() async throws {
        let units = sampleHierarchy()
        try await withStandIn(units: units) { standIn, client in
            let r = try await client.ensureMetadata(spec(units), dryRun: true)
            #expect(r.report.created == 29)
            #expect(standIn.metadataIDs("dataElements").isEmpty)
        }
    }

    @Test func dataSetKeepsOrgUnitsAssignedEarlier() async throws {
        let units = sampleHierarchy()
        try await withStandIn(units: units) { standIn, client in
            var s = spec(units)
            s.orgUnitIDs = [units[1].id]
            _ = try await client.ensureMetadata(s)
            s.orgUnitIDs = [units[3].id]
            _ = try await client.ensureMetadata(s)
            let assigned =
                (standIn.metadataObject("dataSets", PopulationMetadata.dataSetID)?["organisationUnits"] as? [[String: Any]] ?? [])
                .compactMap { $0["id"] as? String }
            #expect(Set(assigned) == [units[1].id, units[3].id])
        }
    }

    @Test func unknownOrgUnitInTheDataSetIsRejectedWhole() async throws {
        let units = sampleHierarchy()
        try await withStandIn(units: units) { standIn, client in
            var s = spec(units)
            s.orgUnitIDs.append("NoSuchUnit1")
            await #expect {
                _ = try await client.ensureMetadata(s)
            } throws: { error in
                String(describing: error).contains("NoSuchUnit1") && String(describing: error).contains("E5002")
            }
            #expect(standIn.metadataIDs("dataElements").isEmpty, "atomic: nothing imported")
        }
    }
}

@Suite struct DataValueImportTests {
    /// 20,000 values: 40 age/sex combos × 60 districts × 8 years + totals, numbered so that a
    /// value landing in the wrong place or twice is visible.
    func values(_ ids: MetadataIDs, units: [OrgUnit]) -> [DataValue] {
        var out: [DataValue] = []
        let districts = units.filter { $0.level == 2 && $0.geometry != nil }
        for year in 2018...2025 {
            for (d, unit) in districts.enumerated() {
                for (k, (key, coc)) in ids.ageSexCombos.sorted(by: { $0.key < $1.key }).enumerated() {
                    _ = key
                    out.append(
                        DataValue(
                            dataElement: PopulationMetadata.ageSexDataElementID, period: String(year), orgUnit: unit.id,
                            categoryOptionCombo: coc, attributeOptionCombo: ids.defaultCategoryOptionCombo,
                            value: String(year * 100_000 + d * 100 + k)))
                }
            }
        }
        for (d, unit) in districts.enumerated() {
            for year in 2016...2017 {
                for k in 0..<9 {
                    out.append(
                        DataValue(
                            dataElement: k == 0 ? PopulationMetadata.totalDataElementID : PopulationMetadata.groupDataElementID("u1"),
                            period: String(year - k * 10), orgUnit: unit.id, categoryOptionCombo: ids.defaultCategoryOptionCombo,
                            attributeOptionCombo: ids.defaultCategoryOptionCombo, value: String(d * 7 + k)))
                }
            }
        }
        return Array(out.prefix(20_000))
    }

    @Test(arguments: ["2.38.4", "2.41.1"]) func twentyThousandValuesThrough413And502AreStoredExactlyOnce(version: String) async throws {
        let units = sampleHierarchy()
        var options = DHIS2StandIn.Options(version: version)
        try await withStandIn(options, units: units) { standIn, client in
            let ids = try await client.ensureMetadata(spec(units)).ids
            let sent = values(ids, units: units)
            #expect(sent.count == 20_000)
            #expect(Set(sent.map(\.key)).count == 20_000)
            // A proxy that takes at most ~1 MB and fails every 7th request.
            options.maxBodyBytes = 1_000_000
            options.failEveryNth = 7
            standIn.options = options
            let result = try await client.importDataValues(sent, options: ImportOptions(dataSet: nil, chunkSize: 10_000))
            #expect(result.summary.imported == 20_000)
            #expect(result.summary.updated == 0)
            #expect(!result.hasProblems)
            let stored = Dictionary(uniqueKeysWithValues: standIn.storedValues.map { ($0.key, $0.value) })
            #expect(stored.count == 20_000)
            #expect(sent.allSatisfy { stored[$0.key] == $0.value })
            let statuses = Set(standIn.requests.filter { $0.path == "/dataValueSets" }.map(\.status))
            #expect(statuses.contains(413) && statuses.contains(502), "the faults really happened")

            // The same import again changes nothing: 2.38.4 counts rewritten values as updated,
            // 2.41 as ignored (`dataValueUpdateShouldBeIgnored`) — and neither is a problem.
            let again = try await client.importDataValues(sent, options: ImportOptions(dataSet: nil, chunkSize: 10_000))
            #expect(again.summary.imported == 0)
            #expect(again.summary.updated == (version == "2.41.1" ? 0 : 20_000))
            #expect(again.summary.ignored == (version == "2.41.1" ? 20_000 : 0))
            #expect(!again.hasProblems)
            #expect(standIn.storedValues.count == 20_000)
        }
    }

    @Test(arguments: ["2.38.4", "2.40.2"]) func conflictsAreReportedByOrgUnitName(version: String) async throws {
        let units = sampleHierarchy()
        var options = DHIS2StandIn.Options(version: version)
        options.strictCategoryOptionCombos = true  // else DHIS2 stores a combo of another category combo
        try await withStandIn(options, units: units) { standIn, client in
            let ids = try await client.ensureMetadata(spec(units)).ids
            let ou = units.first { $0.name == "District 7" }!
            let good = DataValue(
                dataElement: PopulationMetadata.totalDataElementID, period: "2020", orgUnit: ou.id,
                categoryOptionCombo: ids.defaultCategoryOptionCombo, attributeOptionCombo: ids.defaultCategoryOptionCombo, value: "1200")
            var wrongCombo = good
            wrongCombo.categoryOptionCombo = ids.ageSexCombo(sex: "m", age: "0")!  // not in the default combo
            var unknownUnit = good
            unknownUnit.orgUnit = "Xy123456789"
            var badPeriod = good
            badPeriod.period = "2020Q5"
            let result = try await client.importDataValues(
                [good, wrongCombo, unknownUnit, badPeriod], options: ImportOptions(dataSet: nil))
            #expect(result.summary.imported == 1)
            #expect(result.summary.ignored == 3)
            #expect(result.hasProblems)
            #expect(result.summary.status == "WARNING")
            let lines = result.describeConflicts(names: Dictionary(uniqueKeysWithValues: units.map { ($0.id, $0.name) }))
            #expect(lines.count == 3)
            #expect(lines.contains { $0.hasPrefix("unknown org unit Xy123456789, 2020:") && $0.hasSuffix("[E7612]") })
            #expect(
                lines.contains {
                    $0.hasPrefix(
                        "District 7 (\(ou.id)), 2020: Category option combo")
                        && $0.contains("[E7634] — the category option combo is not of")
                })
            #expect(lines.contains { $0.hasPrefix("District 7 (\(ou.id)), 2020Q5: Period not valid") })
            #expect(result.conflictValues.contains { $0.value?.orgUnit == ou.id && $0.conflict.errorCode == "E7634" })
            #expect(standIn.storedValues.count == 1)
        }
    }

    @Test func dryRunValidatesWithoutStoringAndAsyncJobsArePolled() async throws {
        let units = sampleHierarchy()
        try await withStandIn(units: units) { standIn, client in
            let ids = try await client.ensureMetadata(spec(units)).ids
            let vs = Array(values(ids, units: units).prefix(500))
            let dry = try await client.importDataValues(vs, options: ImportOptions(dataSet: nil, dryRun: true))
            #expect(dry.summary.imported == 500)
            #expect(standIn.storedValues.isEmpty)
            let job = try await client.importDataValues(vs, options: ImportOptions(dataSet: nil, async: true, chunkSize: 200))
            #expect(job.summary.imported == 500)
            #expect(job.chunks.count == 3)
            #expect(standIn.requests.contains { $0.path.hasPrefix("/system/tasks/DATAVALUE_IMPORT/") })
            #expect(standIn.requests.contains { $0.path.hasPrefix("/system/taskSummaries/DATAVALUE_IMPORT/") })
            let read = try await client.dataValues(dataSet: PopulationMetadata.dataSetID, periods: ["2018"], root: units[0].id)
            #expect(read.count == 500)
            let deleted = try await client.importDataValues(Array(vs.prefix(10)), options: ImportOptions(dataSet: nil, strategy: .delete))
            #expect(deleted.summary.deleted == 10)
            #expect(standIn.storedValues.count == 490)
        }
    }

    @Test func writesJSONCSVAndADX() throws {
        let v = DataValue(
            dataElement: "deAAAAAAAAA", period: "2020", orgUnit: "ouAAAAAAAAA", categoryOptionCombo: "cocAAAAAAAA",
            attributeOptionCombo: "HllvX50cXC0", value: "1234")
        let csv = try DataValueSetWriter.render([v], as: .csv)
        #expect(
            csv
                == "dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value\n"
                + "deAAAAAAAAA,2020,ouAAAAAAAAA,cocAAAAAAAA,HllvX50cXC0,1234\n"
        )
        let json = try DataValueSetWriter.render([v], as: .json)
        #expect(json.contains("\"categoryOptionCombo\" : \"cocAAAAAAAA\""))
        let codes = ADXCodes(
            dataSet: "WP_POPULATION", dataElements: ["deAAAAAAAAA": "WP_POP_AGESEX"], orgUnits: ["ouAAAAAAAAA": "D7"],
            combos: ["cocAAAAAAAA": [("WP_SEX", "WP_SEX_F"), ("WP_AGE", "WP_AGE_0")]])
        let adx = try DataValueSetWriter.render([v], as: .adx, codes: codes)
        #expect(adx.contains("xmlns=\"urn:ihe:qrph:adx:2015\""))
        #expect(adx.contains("<group dataSet=\"WP_POPULATION\" orgUnit=\"D7\" period=\"2020-01-01/P1Y\">"))
        #expect(adx.contains("<dataValue dataElement=\"WP_POP_AGESEX\" WP_SEX=\"WP_SEX_F\" WP_AGE=\"WP_AGE_0\" value=\"1234\"/>"))
        #expect(DataValue.format(1234.5) == "1235")
        #expect(DataValue.format(1234.5678, decimals: 2) == "1234.57")
        #expect(DataValue.format(10.0, decimals: 2) == "10")
    }
}
