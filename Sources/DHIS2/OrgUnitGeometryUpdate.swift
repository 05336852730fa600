import Foundation

extension DHIS2Client {
    /// Writes org units' geometry (nil removes it) through `/api/metadata`, all or nothing. An
    /// update replaces the whole org unit, so each is read first (`fields=:owner`) and only its
    /// geometry changed. `dryRun` validates (`importMode=VALIDATE`). Needs F_ORGANISATIONUNIT_ADD.
    /// Returns the geometries they had before, by unit id (absent: none).
    public func updateGeometries(_ changes: [String: String?], dryRun: Bool) async throws -> [String: String] {
        guard !changes.isEmpty else { return [:] }
        var previous: [String: String] = [:]
        var units: [[String: Any]] = []
        let ids = changes.keys.sorted()
        for start in stride(from: 0, to: ids.count, by: 50) {
            let chunk = Array(ids[start..<min(start + 50, ids.count)])
            let existing = try await ownerFields("organisationUnits", ids: chunk)
            for id in chunk {
                guard var unit = existing[id] else { throw DHIS2Error.unknownOrgUnits([id]) }
                if let old = unit["geometry"], !(old is NSNull),
                    let data = try? JSONSerialization.data(withJSONObject: old, options: [.sortedKeys])
                {
                    previous[id] = String(decoding: data, as: UTF8.self)
                }
                if let new = changes[id] ?? nil, let object = try? JSONSerialization.jsonObject(with: Data(new.utf8)) {
                    unit["geometry"] = object
                } else {
                    unit["geometry"] = nil
                }
                units.append(unit)
            }
        }
        _ = try await importMetadata(["organisationUnits": units], strategy: "UPDATE", dryRun: dryRun)
        return previous
    }
}
