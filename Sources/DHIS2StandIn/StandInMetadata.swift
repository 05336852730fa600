import DHIS2
import Foundation
import Zonal

extension StandInState {
    static let collections = ["categoryOptions", "categories", "categoryCombos", "dataElements", "dataSets"]

    /// `/api/metadata` with CREATE_AND_UPDATE and atomicMode=ALL: every reference must resolve
    /// (to the payload or the store) or nothing is imported (409, E5002). New or changed category
    /// combos get their option combos generated with random UIDs, as DHIS2 does.
    mutating func importMetadata(_ r: StandInRequest) -> StandInReply {
        guard let parsed = try? JSONParser.parse(r.body), case let .object(payload) = parsed else {
            return .error(400, "Bad Request", "Invalid JSON payload")
        }
        var incoming: [String: [[String: Any]]] = [:]
        for name in Self.collections {
            if case let .array(list)? = payload[name] {
                incoming[name] = list.compactMap { JSONOutput.foundation($0) as? [String: Any] }
            }
        }
        func exists(_ collection: String, _ id: String) -> Bool {
            metadata[collection]?[id] != nil || (incoming[collection] ?? []).contains { $0["id"] as? String == id }
        }
        func refs(_ o: [String: Any], _ key: String) -> [String] {
            if let list = o[key] as? [[String: Any]] { return list.compactMap { $0["id"] as? String } }
            if let one = o[key] as? [String: Any], let id = one["id"] as? String { return [id] }
            return []
        }
        var errors: [[String: Any]] = []
        func check(_ collection: String, _ key: String, _ target: String, _ klass: String) {
            for o in incoming[collection] ?? [] {
                for id in refs(o, key) where !exists(target, id) {
                    errors.append(["errorCode": "E5002", "message": "Invalid reference [\(id)] (\(klass)) on object \(o["name"] ?? "") [\(o["id"] ?? "")] for association `\(key)`",
                                   "mainKlass": collection])
                }
            }
        }
        for (collection, objects) in incoming {
            for o in objects {
                guard let id = o["id"] as? String, UID.isValid(id), o["name"] is String else {
                    errors.append(["errorCode": "E4000", "message": "Missing or invalid id/name on an object of \(collection)"])
                    continue
                }
            }
        }
        check("categories", "categoryOptions", "categoryOptions", "CategoryOption")
        check("categoryCombos", "categories", "categories", "Category")
        check("dataElements", "categoryCombo", "categoryCombos", "CategoryCombo")
        for ds in incoming["dataSets"] ?? [] {
            for e in (ds["dataSetElements"] as? [[String: Any]]) ?? [] {
                for id in refs(e, "dataElement") where !exists("dataElements", id) {
                    errors.append(["errorCode": "E5002", "message": "Invalid reference [\(id)] (DataElement) on object \(ds["name"] ?? "") for association `dataSetElements`"])
                }
            }
            for id in refs(ds, "organisationUnits") where orgUnits[id] == nil {
                errors.append(["errorCode": "E5002", "message": "Invalid reference [\(id)] (OrganisationUnit) on object \(ds["name"] ?? "") for association `organisationUnits`"])
            }
        }
        var created = 0, updated = 0
        if errors.isEmpty {
            for name in Self.collections { for o in incoming[name] ?? [] { if metadata[name]?[o["id"] as! String] == nil { created += 1 } else { updated += 1 } } }
        }
        let status = errors.isEmpty ? "OK" : "ERROR"
        let report: [String: Any] = [
            "responseType": "ImportReport", "status": status,
            "stats": ["created": created, "updated": updated, "deleted": 0, "ignored": errors.isEmpty ? 0 : incoming.values.reduce(0) { $0 + $1.count }, "total": incoming.values.reduce(0) { $0 + $1.count }],
            "typeReports": errors.isEmpty ? [] : [["klass": "org.hisp.dhis.common.IdentifiableObject", "objectReports": [["errorReports": errors]]]],
        ]
        guard errors.isEmpty else {
            return .json(409, ["httpStatus": "Conflict", "httpStatusCode": 409, "status": "ERROR", "message": "One or more errors occurred, please see full details in import report.", "response": report])
        }
        if !r.flag("dryRun") {
            for name in Self.collections { for o in incoming[name] ?? [] { setMetadata(name, o) } }
            for combo in incoming["categoryCombos"] ?? [] { generateOptionCombos(for: combo["id"] as! String) }
        }
        return .json(200, ["httpStatus": "OK", "httpStatusCode": 200, "status": "OK", "response": report])
    }

    /// The cartesian product of the combo's categories' options; existing combos are kept, new
    /// ones get random UIDs (so clients must map them by options, never by guessing).
    mutating func generateOptionCombos(for comboID: String) {
        guard let combo = metadata["categoryCombos"]?[comboID] else { return }
        let categories = ((combo["categories"] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String }
        var product: [[String]] = [[]]
        for c in categories {
            let options = ((metadata["categories"]?[c]?["categoryOptions"] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String }
            product = product.flatMap { prefix in options.map { prefix + [$0] } }
        }
        let existing = Set(optionCombos.values.filter { $0.combo == comboID }.map(\.options))
        for options in product where !existing.contains(Set(options)) {
            let name = options.map { metadata["categoryOptions"]?[$0]?["name"] as? String ?? $0 }.joined(separator: ", ")
            setOptionCombo(UID.random(), combo: comboID, options: Set(options), name: name)
        }
    }
}
