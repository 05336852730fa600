import Foundation

extension DHIS2Client {
    /// The default category combo and its single option combo (HllvX50cXC0 on most servers).
    public func defaultCategoryCombo() async throws -> (combo: String, optionCombo: String) {
        struct Item: Decodable { var id: String }
        struct Combos: Decodable { var categoryCombos: [Item] }
        struct OptionCombos: Decodable { var categoryOptionCombos: [Item] }
        let combos = try await get(
            Combos.self, "categoryCombos", query: [("filter", "name:eq:default"), ("fields", "id"), ("paging", "false")])
        let cocs = try await get(
            OptionCombos.self, "categoryOptionCombos", query: [("filter", "name:eq:default"), ("fields", "id"), ("paging", "false")])
        guard let combo = combos.categoryCombos.first?.id, let coc = cocs.categoryOptionCombos.first?.id else {
            throw DHIS2Error.invalidResponse(path: "/api/categoryCombos", reason: "the server has no default category combo")
        }
        return (combo, coc)
    }

    /// The option combos DHIS2 has generated for a category combo, keyed by the ids of their
    /// options (the combos' own ids are DHIS2's, not predictable); those not generated yet are absent.
    public func optionCombosByOptions(ofCategoryCombo combo: String) async throws -> [Set<String>: String] {
        struct COC: Decodable {
            var id: String
            var categoryOptions: [Ref]
        }
        struct COCs: Decodable { var categoryOptionCombos: [COC] }
        let cocs = try await get(
            COCs.self, "categoryOptionCombos",
            query: [("fields", "id,categoryOptions[id]"), ("filter", "categoryCombo.id:eq:\(combo)"), ("paging", "false")])
        return Dictionary(cocs.categoryOptionCombos.map { (Set($0.categoryOptions.map(\.id)), $0.id) }, uniquingKeysWith: { a, _ in a })
    }

    /// `POST /api/metadata`, all or nothing (atomicMode=ALL). A dry run is `importMode=VALIDATE`:
    /// `/api/metadata` does not read `dryRun` and would commit. A refusal throws DHIS2's errors.
    public func importMetadata(_ payload: [String: Any], strategy: String, dryRun: Bool) async throws -> MetadataImportReport {
        var query = [("importStrategy", strategy), ("atomicMode", "ALL")]
        if dryRun { query.append(("importMode", "VALIDATE")) }
        // No .sortedKeys: Foundation on Linux sorts keys with ICU collation, which took seconds for a
        // translated metadata bundle (and DHIS2 does not care about the order).
        let body = try JSONSerialization.data(withJSONObject: payload)
        let (data, status) = try await send("POST", "metadata", query: query, body: body, accept: [409])
        let report: MetadataImportReport
        do { report = try MetadataImportReport.parse(data) } catch {
            throw DHIS2Error.invalidResponse(path: "/api/metadata", reason: "\(error)")
        }
        if status == 409 || report.status == "ERROR" {
            throw DHIS2Error.metadataRejected(
                report.errors.isEmpty ? "status \(report.status)" : report.errors.prefix(5).joined(separator: "; "))
        }
        return report
    }

    /// The ids of the org units a data set is assigned to.
    public func dataSetOrgUnits(_ dataSet: String) async throws -> Set<String> {
        struct DataSet: Decodable { var organisationUnits: [Ref]? }
        let ds = try await get(DataSet.self, "dataSets/\(dataSet)", query: [("fields", "organisationUnits[id]")])
        return Set((ds.organisationUnits ?? []).map(\.id))
    }

    /// Existing objects of a collection with their owner fields (what an update must send back);
    /// sharing named too, since an update without it resets it; and `access`, what DHIS2 itself
    /// computes the account may do with the object (not sent back).
    public func ownerFields(_ collection: String, ids: [String]) async throws -> [String: [String: Any]] {
        guard !ids.isEmpty else { return [:] }
        let (data, _) = try await send(
            "GET", collection,
            query: [("filter", "id:in:[\(ids.joined(separator: ","))]"), ("fields", ":owner,sharing,access"), ("paging", "false")])
        guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any], let list = root[collection] as? [[String: Any]]
        else {
            throw DHIS2Error.invalidResponse(path: "/api/\(collection)", reason: "no \(collection) list")
        }
        return Dictionary(list.compactMap { o in (o["id"] as? String).map { ($0, o) } }, uniquingKeysWith: { a, _ in a })
    }
}
