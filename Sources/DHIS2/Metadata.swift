import Foundation

/// The ids of what `ensureMetadata` created, with the server-generated category option combos
/// mapped from their category options (never from names or order).
public struct MetadataIDs: Sendable, Equatable {
    public var defaultCategoryOptionCombo: String
    /// Sex key ("f"/"m") and age label → category option combo of the age/sex combo.
    public var ageSexCombos: [String: String]

    public func ageSexCombo(sex: String, age: String) -> String? { ageSexCombos["\(sex)|\(age)"] }
}

extension DHIS2Client {
    /// The default category combo and its single option combo (HllvX50cXC0 on most servers).
    public func defaultCategoryCombo() async throws -> (combo: String, optionCombo: String) {
        struct Item: Decodable { var id: String }
        struct Combos: Decodable { var categoryCombos: [Item] }
        struct OptionCombos: Decodable { var categoryOptionCombos: [Item] }
        let combos = try await get(Combos.self, "categoryCombos", query: [("filter", "name:eq:default"), ("fields", "id"), ("paging", "false")])
        let cocs = try await get(OptionCombos.self, "categoryOptionCombos", query: [("filter", "name:eq:default"), ("fields", "id"), ("paging", "false")])
        guard let combo = combos.categoryCombos.first?.id, let coc = cocs.categoryOptionCombos.first?.id else {
            throw DHIS2Error.invalidResponse(path: "/api/categoryCombos", reason: "the server has no default category combo")
        }
        return (combo, coc)
    }

    /// Creates or updates the population metadata (idempotent: fixed UIDs, CREATE_AND_UPDATE,
    /// all or nothing), keeping org units already assigned to the data set, then maps the
    /// category option combos DHIS2 generated.
    public func ensureMetadata(_ spec: PopulationMetadata, dryRun: Bool = false) async throws -> (report: MetadataImportReport, ids: MetadataIDs) {
        let defaults = try await defaultCategoryCombo()
        var bundle = spec.bundle(defaultComboID: defaults.combo)
        // CREATE_AND_UPDATE replaces the data set's org units: keep those assigned before.
        let existing = try await dataSetOrgUnits(PopulationMetadata.dataSetID)
        if !existing.isEmpty {
            let merged = Set(existing).union(spec.orgUnitIDs)
            bundle.dataSets[0].organisationUnits = merged.sorted().map(Ref.init)
        }
        let body = try JSONEncoder().encode(bundle)
        let (data, status) = try await send("POST", "metadata", query: [("importStrategy", "CREATE_AND_UPDATE"), ("atomicMode", "ALL"), ("dryRun", dryRun ? "true" : "false")],
                                            body: body, accept: [409])
        let report: MetadataImportReport
        do { report = try MetadataImportReport.parse(data) } catch {
            throw DHIS2Error.invalidResponse(path: "/api/metadata", reason: "\(error)")
        }
        if status == 409 || report.status == "ERROR" {
            throw DHIS2Error.metadataRejected(report.errors.isEmpty ? "status \(report.status)" : report.errors.prefix(5).joined(separator: "; "))
        }
        if dryRun {
            // Nothing was created, so there are no generated combos to map yet.
            return (report, MetadataIDs(defaultCategoryOptionCombo: defaults.optionCombo, ageSexCombos: [:]))
        }
        return (report, try await mapAgeSexCombos(spec, defaultCOC: defaults.optionCombo))
    }

    func dataSetOrgUnits(_ id: String) async throws -> [String] {
        struct DS: Decodable { var organisationUnits: [Ref]? }
        do {
            return try await get(DS.self, "dataSets/\(id)", query: [("fields", "organisationUnits[id]")]).organisationUnits?.map(\.id) ?? []
        } catch DHIS2Error.notFound {
            return []
        }
    }

    /// Reads the option combos of the age/sex combo and keys them by their options' ids.
    public func mapAgeSexCombos(_ spec: PopulationMetadata, defaultCOC: String) async throws -> MetadataIDs {
        struct COC: Decodable { var id: String; var name: String?; var categoryOptions: [Ref] }
        struct COCs: Decodable { var categoryOptionCombos: [COC] }
        let cocs = try await get(COCs.self, "categoryOptionCombos", query: [
            ("fields", "id,name,categoryOptions[id]"), ("filter", "categoryCombo.id:eq:\(PopulationMetadata.ageSexComboID)"), ("paging", "false"),
        ])
        let byOptions = Dictionary(cocs.categoryOptionCombos.map { (Set($0.categoryOptions.map(\.id)), $0.id) }, uniquingKeysWith: { a, _ in a })
        var map: [String: String] = [:]
        var missing: [String] = []
        for (sex, sexName) in PopulationMetadata.sexes {
            for age in spec.ageGroups {
                let key: Set = [PopulationMetadata.sexOptionID(sex), PopulationMetadata.ageOptionID(age)]
                if let coc = byOptions[key] { map["\(sex)|\(age)"] = coc } else { missing.append("\(sexName) \(age)") }
            }
        }
        guard missing.isEmpty else {
            throw DHIS2Error.invalidResponse(path: "/api/categoryOptionCombos", reason: "no category option combo for \(missing.prefix(5).joined(separator: ", ")); run maintenance ▸ 'Update category option combinations' in DHIS2's Data Administration app, then run again")
        }
        return MetadataIDs(defaultCategoryOptionCombo: defaultCOC, ageSexCombos: map)
    }
}
