import DHIS2
import Foundation
import Geometry

extension StandInState {
    /// `POST /api/dataValueSets` (`DataValueSetController`, F_DATAVALUE_ADD), validated value by
    /// value in the order of dhis2-core's `DataValueSetImportValidator` (2.38–2.42): data element
    /// E7610, period E7611, org unit E7612, option combo E7613 — also when one of its options
    /// lacks data write, as `CategoryService.getCategoryOptionComboAcl` then finds none —,
    /// attribute combo E7615, capture scope E7617 (`validateDataValueOrgUnitInUserHierarchy`,
    /// superusers included), value type E7619, the element's combo E7634 only with the system
    /// setting strictCategoryOptionCombos, then open future periods E7641
    /// (`checkDataValueNotAfterLatestOpenFuturePeriod`). The strategy is applied unless
    /// dryRun; the answer is an ImportSummary — bare on 2.38, in a WebMessage (409 when not
    /// SUCCESS) later (`DataValueSetController`); or a job with `async=true`.
    mutating func importDataValues(_ r: StandInRequest) -> StandInReply {
        guard account.has("F_DATAVALUE_ADD") else { return Self.forbidden("F_DATAVALUE_ADD") }
        guard let parsed = try? JSONParser.parse(r.body), case .array(let list)? = parsed["dataValues"] else {
            return .error(400, "Bad Request", "Invalid JSON payload: no dataValues")
        }
        if version >= (2, 43, 0) { return importDataEntry(r, list: list, body: parsed) }
        let strategy = r.first("importStrategy") ?? "CREATE_AND_UPDATE"
        let dryRun = r.flag("dryRun")
        // A data set named in the body (`DataValueSet.dataSet`) must exist (E7600) and grant the
        // user data write (E7601), or nothing is imported (`DataValueSetImportValidator`
        // `validateDataSetExists`, `validateDataSetIsAccessibleByUser`, `abortDataSetImport`).
        let named = parsed["dataSet"]?.stringValue
        if let named {
            let refusal: (String, String)? =
                metadata["dataSets"]?[named] == nil
                ? ("E7600", "Data set not found or not accessible: `\(named)`")
                : canData(.dataWrite, metadata["dataSets"]?[named])
                    ? nil : ("E7601", "User does not have write access for DataSet: `\(named)`")
            if let (code, message) = refusal {
                return dataSetRefused(named, code: code, message: message, dryRun: dryRun, strategy: strategy)
            }
        }
        var imported = 0
        var updated = 0
        var ignored = 0
        var deleted = 0
        var conflicts: [[String: Any]] = []
        for (index, item) in list.enumerated() {
            let (de, pe, ou, coc, aoc, value) = Self.posted(item)
            func conflict(_ object: String, _ message: String, _ code: String) {
                conflicts.append(["object": object, "value": message, "errorCode": code, "indexes": [index]])
                ignored += 1
            }
            guard let element = metadata["dataElements"]?[de] else {
                conflict(de, "Data element not found or not accessible: `\(de)`", "E7610")
                continue
            }
            guard pe.count == 4, let year = Int(pe) else {
                conflict(pe, "Period not valid: `\(pe)`", "E7611")
                continue
            }
            guard orgUnits[ou] != nil else {
                conflict(ou, "Organisation unit not found or not accessible: `\(ou)`", "E7612")
                continue
            }
            guard let c = optionCombos[coc], c.options.allSatisfy({ canData(.dataWrite, metadata["categoryOptions"]?[$0]) }) else {
                conflict(coc, "Category option combo not found or not accessible for writing data: `\(coc)`", "E7613")
                continue
            }
            guard aoc == Self.defaultCOC else {
                conflict(aoc, "Attribute option combo not found or not accessible for writing data: `\(aoc)`", "E7615")
                continue
            }
            guard inCaptureScope(ou) else {
                conflict(ou, "Organisation unit: `\(ou)` not in hierarchy of current user: `\(account.id)`", "E7617")
                continue
            }
            if strategy != "DELETE", Double(value) == nil {
                conflict(
                    de,
                    majorMinor >= (2, 39)
                        ? "Value must match value type of data element `\(de)`: `Value must be a number`"
                        : "Value must match data element's `\(de)` type constraints: Value must be a number", "E7619")
                continue
            }
            let comboID = (element["categoryCombo"] as? [String: Any])?["id"] as? String ?? Self.defaultCombo
            if options.strictCategoryOptionCombos, c.combo != comboID {
                conflict(coc, "Category option combo: `\(coc)` must be part of category combo of data element: `\(de)`", "E7634")
                continue
            }
            if let (dataSet, latest) = closedFuturePeriod(element: de, orgUnit: ou, year: year, named: named) {
                conflict(
                    pe,
                    version >= (2, 39, 1)
                        ? "Period: `\(pe)` is after latest open future period: `\(latest)` for data element: `\(de)` and data "
                            + "set: `\(dataSet)`"
                        : "Period: `\(pe)` is after latest open future period: `\(latest)` for data element: `\(de)`", "E7641")
                continue
            }
            let key = DataValue.Key(dataElement: de, period: pe, orgUnit: ou, categoryOptionCombo: coc, attributeOptionCombo: aoc)
            let existing = values[key]
            if strategy == "DELETE" {
                if existing == nil {
                    ignored += 1
                } else {
                    deleted += 1
                    if !dryRun { setValue(key, nil) }
                }
                continue
            }
            switch (strategy, existing) {
            case ("CREATE", .some), ("UPDATE", .none):
                ignored += 1
            case (_, .none):
                imported += 1
                if !dryRun { setValue(key, value) }
            case (_, .some(let old)) where ignoresUnchangedValues && old == value:
                // `dataValueUpdateShouldBeIgnored`: the same value sent again is not an update.
                ignored += 1
            case (_, .some):
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
            let id = randomUID()
            addJob(id, type: "DATAVALUE_IMPORT", summary: summary)
            return jobStarted(id, type: "DATAVALUE_IMPORT")
        }
        guard wrapsImportSummaries else { return .json(200, summary) }
        let ok = status == "SUCCESS"
        return .json(
            ok ? 200 : 409,
            [
                "httpStatus": ok ? "OK" : "Conflict", "httpStatusCode": ok ? 200 : 409, "status": ok ? "OK" : status,
                "message": ok ? "Import was successful." : "An error occurred, please check import summary.", "response": summary,
            ])
    }

    /// The answer when a named data set refuses the whole import: ERROR with the data set's
    /// conflict, nothing counted (409 in a WebMessage from 2.39, bare on 2.38).
    func dataSetRefused(_ dataSet: String, code: String, message: String, dryRun: Bool, strategy: String) -> StandInReply {
        let summary: [String: Any] = [
            "responseType": "ImportSummary", "status": "ERROR", "importOptions": ["dryRun": dryRun, "importStrategy": strategy],
            "description": "Import process was aborted", "importCount": Self.counts(0, 0, 0, 0),
            "conflicts": [["object": dataSet, "value": message, "errorCode": code]],
        ]
        guard wrapsImportSummaries else { return .json(200, summary) }
        return .json(
            409,
            [
                "httpStatus": "Conflict", "httpStatusCode": 409, "status": "ERROR",
                "message": "An error occurred, please check import summary.", "response": summary,
            ])
    }

    /// One value of an import body, as both imports read it: option combos default to the
    /// default combo, numbers are taken as their text.
    static func posted(_ item: JSONValue) -> (de: String, pe: String, ou: String, coc: String, aoc: String, value: String) {
        func field(_ k: String) -> String { item[k]?.stringValue ?? item[k]?.text ?? "" }
        return (
            field("dataElement"), field("period"), field("orgUnit"), item["categoryOptionCombo"]?.stringValue ?? defaultCOC,
            item["attributeOptionCombo"]?.stringValue ?? defaultCOC, field("value")
        )
    }

    /// Versions whose import counts a value sent again unchanged as ignored rather than updated
    /// (`DefaultDataValueSetService.dataValueUpdateShouldBeIgnored`, DHIS2-15254: 2.38.6+,
    /// 2.39.5+, 2.40.3+, 2.41+).
    var ignoresUnchangedValues: Bool {
        let (major, minor, patch) = version
        guard major == 2 else { return major > 2 }
        switch minor {
        case ..<38: return false
        case 38: return patch >= 6
        case 39: return patch >= 5
        case 40: return patch >= 3
        default: return true
        }
    }

    /// A data set that does not accept `year`, with its latest open year. The latest open period
    /// is the current one moved back one, then forward `openFuturePeriods`
    /// (`PeriodType.getFuturePeriod`; 2.38's `DataElement.getLatestOpenFuturePeriod`): 0 closes
    /// the current year. Up to 2.39.0 the element's largest `openFuturePeriods` over its data
    /// sets decides; from 2.39.1 every data set of the element assigned to the org unit must
    /// accept the year (`checkDataValueTargetDataSets`, strict), and none assigned skips the check.
    /// A data set named in the request is the only one checked from 2.39.1 (`ImportContext.getTargetDataSets`).
    func closedFuturePeriod(element: String, orgUnit: String, year: Int, named: String?) -> (dataSet: String, latest: String)? {
        func ids(_ ds: [String: Any], _ key: String, _ inner: String?) -> [String] {
            ((ds[key] as? [[String: Any]]) ?? []).compactMap { item in
                inner.map { (item[$0] as? [String: Any])?["id"] as? String } ?? item["id"] as? String
            }
        }
        let sets = (metadata["dataSets"] ?? [:]).sorted(by: { $0.key < $1.key }).filter {
            ids($0.value, "dataSetElements", "dataElement").contains(element)
        }
        func latest(_ ds: [String: Any]) -> Int { currentYear - 1 + ((ds["openFuturePeriods"] as? NSNumber)?.intValue ?? 0) }
        if version < (2, 39, 1) {
            guard let widest = sets.max(by: { latest($0.value) < latest($1.value) }), year > latest(widest.value) else { return nil }
            return (widest.key, String(latest(widest.value)))
        }
        if let named, let ds = metadata["dataSets"]?[named] { return year > latest(ds) ? (named, String(latest(ds))) : nil }
        for (id, ds) in sets where ids(ds, "organisationUnits", nil).contains(orgUnit) && year > latest(ds) {
            return (id, String(latest(ds)))
        }
        return nil
    }

    /// `GET /api/dataValueSets`: needs a data set or data element group — and, from 2.39, a data
    /// element (`DataValueSetQueryParams`: 2.38 binds no `dataElement`, so such a request fails
    /// `DefaultDataValueSetService.validate` with 409 E2001). Periods and org units (with `children=true`, their
    /// whole subtrees).
    func readDataValues(_ r: StandInRequest) -> StandInReply {
        var elements = majorMinor >= (2, 39) ? Set(r.all("dataElement")) : []
        for ds in r.all("dataSet") {
            for e in (metadata["dataSets"]?[ds]?["dataSetElements"] as? [[String: Any]]) ?? [] {
                if let id = (e["dataElement"] as? [String: Any])?["id"] as? String { elements.insert(id) }
            }
        }
        guard !elements.isEmpty || !r.all("dataSet").isEmpty else {
            // `DefaultDataValueSetService.validate`, as an IllegalQueryException (409).
            return .json(
                409,
                [
                    "httpStatus": "Conflict", "httpStatusCode": 409, "status": "ERROR", "errorCode": "E2001",
                    "message": "At least one data element, data set or data element group must be specified",
                ])
        }
        // Reading a data set's values needs data read on it (E2010, `decideAccess`).
        if let closed = r.all("dataSet").first(where: { !canData(.dataRead, metadata["dataSets"]?[$0]) }) {
            return .json(
                409,
                [
                    "httpStatus": "Conflict", "httpStatusCode": 409, "status": "ERROR", "errorCode": "E2010",
                    "message": "User is not allowed to read data for data set: `\(closed)`",
                ])
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
        .sorted {
            ($0.key.orgUnit, $0.key.dataElement, $0.key.categoryOptionCombo, $0.key.period) < (
                $1.key.orgUnit, $1.key.dataElement, $1.key.categoryOptionCombo, $1.key.period
            )
        }
        .map { key, value in
            [
                "dataElement": key.dataElement, "period": key.period, "orgUnit": key.orgUnit,
                "categoryOptionCombo": key.categoryOptionCombo,
                "attributeOptionCombo": key.attributeOptionCombo, "value": value,
            ]
        }
        return .json(200, ["dataValues": rows])
    }
}
