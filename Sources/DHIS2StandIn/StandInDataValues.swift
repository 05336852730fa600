import DHIS2
import Foundation
import Zonal

extension StandInState {
    /// `/api/dataValueSets` import: validates every value like DHIS2 (E7610 data element,
    /// E7611 period, E7612 org unit, E7633 option combo, E7619 value type), applies the strategy
    /// unless dryRun, and answers with an ImportSummary — bare on 2.38, in a WebMessage (409 when
    /// not SUCCESS) on later versions; or starts a job with `async=true`.
    mutating func importDataValues(_ r: StandInRequest) -> StandInReply {
        guard let parsed = try? JSONParser.parse(r.body), case let .array(list)? = parsed["dataValues"] else {
            return .error(400, "Bad Request", "Invalid JSON payload: no dataValues")
        }
        let strategy = r.first("importStrategy") ?? "CREATE_AND_UPDATE"
        let dryRun = r.flag("dryRun")
        var imported = 0, updated = 0, ignored = 0, deleted = 0
        var conflicts: [[String: Any]] = []
        for (index, item) in list.enumerated() {
            func field(_ k: String) -> String { item[k]?.stringValue ?? item[k]?.text ?? "" }
            let de = field("dataElement"), pe = field("period"), ou = field("orgUnit")
            let coc = item["categoryOptionCombo"]?.stringValue ?? Self.defaultCOC
            let aoc = item["attributeOptionCombo"]?.stringValue ?? Self.defaultCOC
            let value = field("value")
            func conflict(_ object: String, _ message: String, _ code: String) {
                conflicts.append(["object": object, "value": message, "errorCode": code, "indexes": [index]])
                ignored += 1
            }
            guard let element = metadata["dataElements"]?[de] else { conflict(de, "Data element not found or not accessible: `\(de)`", "E7610"); continue }
            guard pe.count == 4, Int(pe) != nil else { conflict(pe, "Period not valid: `\(pe)`", "E7611"); continue }
            guard orgUnits[ou] != nil else { conflict(ou, "Organisation unit not found or not accessible: `\(ou)`", "E7612"); continue }
            let comboID = (element["categoryCombo"] as? [String: Any])?["id"] as? String ?? Self.defaultCombo
            guard let c = optionCombos[coc], c.combo == comboID else {
                conflict(coc, "Category option combo: `\(coc)` must be part of category combo of data element: `\(de)`", "E7633"); continue
            }
            guard aoc == Self.defaultCOC else { conflict(aoc, "Attribute option combo not found: `\(aoc)`", "E7615"); continue }
            let key = DataValue.Key(dataElement: de, period: pe, orgUnit: ou, categoryOptionCombo: coc, attributeOptionCombo: aoc)
            let existing = values[key]
            if strategy == "DELETE" {
                if existing == nil { ignored += 1 } else { deleted += 1; if !dryRun { setValue(key, nil) } }
                continue
            }
            guard Double(value) != nil else { conflict(value, "Value must match data element's `\(de)` type constraints: Value must be a number", "E7619"); continue }
            switch (strategy, existing) {
            case ("CREATE", .some), ("UPDATE", .none):
                ignored += 1
            case (_, .none):
                imported += 1
                if !dryRun { setValue(key, value) }
            case (_, .some):
                // DHIS2 counts a value it overwrites as updated, even when the value is the same.
                updated += 1
                if !dryRun { setValue(key, value) }
            }
        }
        let status = conflicts.isEmpty ? "SUCCESS" : (imported + updated + deleted > 0 ? "WARNING" : "ERROR")
        var summary: [String: Any] = [
            "responseType": "ImportSummary", "status": status,
            "importOptions": ["dryRun": dryRun, "importStrategy": strategy],
            "description": "Import process completed successfully",
            "importCount": ["imported": imported, "updated": updated, "ignored": ignored, "deleted": deleted],
        ]
        if !conflicts.isEmpty { summary["conflicts"] = conflicts }
        if r.flag("async") {
            let id = UID.random()
            addJob(id, summary: summary)
            return .json(200, ["httpStatus": "OK", "httpStatusCode": 200, "status": "OK", "message": "Initiated DATAVALUE_IMPORT",
                               "response": ["id": id, "name": "DATAVALUE_IMPORT", "jobType": "DATAVALUE_IMPORT", "created": "2026-11-24T00:00:00.000",
                                            "relativeNotifierEndpoint": "/api/system/tasks/DATAVALUE_IMPORT/\(id)"]])
        }
        guard wrapsImportSummaries else { return .json(200, summary) }
        let ok = status == "SUCCESS"
        return .json(ok ? 200 : 409, ["httpStatus": ok ? "OK" : "Conflict", "httpStatusCode": ok ? 200 : 409, "status": ok ? "OK" : status,
                                      "message": ok ? "Import was successful." : "An error occurred, please check import summary.", "response": summary])
    }

    /// `GET /api/dataValueSets`: needs a data set, data element or group, periods, and org units
    /// (with `children=true`, their whole subtrees).
    func readDataValues(_ r: StandInRequest) -> StandInReply {
        var elements = Set(r.all("dataElement"))
        for ds in r.all("dataSet") {
            for e in (metadata["dataSets"]?[ds]?["dataSetElements"] as? [[String: Any]]) ?? [] {
                if let id = (e["dataElement"] as? [String: Any])?["id"] as? String { elements.insert(id) }
            }
        }
        guard !elements.isEmpty || !r.all("dataSet").isEmpty else {
            return .error(409, "Conflict", "At least one data set, data element or data element group must be specified")
        }
        let periods = Set(r.all("period"))
        let roots = r.all("orgUnit")
        guard !roots.isEmpty else { return .error(409, "Conflict", "At least one organisation unit must be specified") }
        let children = r.flag("children")
        let rows: [[String: Any]] = values.filter { key, _ in
            guard elements.contains(key.dataElement), periods.isEmpty || periods.contains(key.period) else { return false }
            return roots.contains { root in
                key.orgUnit == root || (children && (orgUnits[key.orgUnit]?.path.contains("/\(root)/") ?? false))
            }
        }
        .sorted { ($0.key.orgUnit, $0.key.dataElement, $0.key.categoryOptionCombo, $0.key.period) < ($1.key.orgUnit, $1.key.dataElement, $1.key.categoryOptionCombo, $1.key.period) }
        .map { key, value in
            ["dataElement": key.dataElement, "period": key.period, "orgUnit": key.orgUnit, "categoryOptionCombo": key.categoryOptionCombo,
             "attributeOptionCombo": key.attributeOptionCombo, "value": value]
        }
        return .json(200, ["dataValues": rows])
    }
}
