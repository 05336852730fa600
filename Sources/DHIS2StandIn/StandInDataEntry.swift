import DHIS2
import Foundation
import Geometry

/// `POST /api/dataValueSets` as DHIS2 2.43 and master (2.44-SNAPSHOT) answer it: the same
/// endpoint (`DataValueSetController`, `@RequiresAuthority F_DATAVALUE_ADD`), a new import behind
/// it (`DataEntryPipeline`, `DefaultDataEntryService`, `DataEntrySummary`, all `@since 2.43`).
extension StandInState {
    /// A check that refuses every value of the request (`ConflictException` in
    /// `DefaultDataEntryService.validate`, or `BadRequestException` while decoding).
    struct GroupRefusal: Error {
        var code: String
        var message: String
        var args: [String]
    }

    mutating func importDataEntry(_ r: StandInRequest, list: [JSONValue], body: JSONValue) -> StandInReply {
        let delete = (r.first("importStrategy") ?? "CREATE_AND_UPDATE") == "DELETE"
        // `DataEntryInput.fromJson`: a "dryRun" in the body overrides the parameter.
        var dryRun = r.flag("dryRun")
        if case .bool(let given)? = body["dryRun"] { dryRun = given }
        let named = body["dataSet"]?.stringValue ?? r.first("dataSet")
        var summary: [String: Any]
        do {
            let values = try decodeGroup(list)
            let dataSet = try named.map(knownDataSet) ?? autoTargetDataSet(values)
            try validateUserAccess(dataSet, values)
            try validateKeyConsistency(dataSet, values)
            try validateEntryTimeliness(dataSet, values)
            let (valid, errors) = try validateValues(values, delete: delete)
            if !dryRun {
                for v in valid { setValue(v.key, delete ? nil : v.value) }
            }
            summary = Self.dataEntrySummary(attempted: valid.count, succeeded: valid.count, errors: errors, delete: delete)
        } catch let refusal as GroupRefusal {
            // `DataEntryPipeline.importGroups`: one conflict for the group, every index rejected,
            // nothing counted (`importInputGroups` answers decoding errors alike, with index -1).
            let indexes = refusal.code.hasPrefix("E81") ? [-1] : Array(list.indices)
            summary = [
                "responseType": "ImportSummary", "status": "ERROR", "importCount": Self.counts(0, 0, 0, 0),
                "conflicts": [
                    [
                        "objects": ["args": refusal.args.joined(separator: "-")], "value": refusal.message,
                        "errorCode": refusal.code, "indexes": indexes,
                    ]
                ],
                "rejectedIndexes": indexes,
            ]
        } catch {
            return .error(500, "Internal Server Error", "\(error)")
        }
        summary["importOptions"] = ["dryRun": dryRun, "importStrategy": delete ? "DELETE" : "CREATE_AND_UPDATE"]
        if r.flag("async") {
            let id = randomUID()
            addJob(id, type: "DATAVALUE_IMPORT", summary: summary)
            return jobStarted(id, type: "DATAVALUE_IMPORT")
        }
        // `WebMessageUtils.importSummary` (2.43): ERROR is 409, WARNING now 200.
        let status = summary["status"] as? String ?? "ERROR"
        let http = status == "ERROR" ? 409 : 200
        let message =
            status == "SUCCESS"
            ? "Import was successful."
            : status == "WARNING"
                ? "Import completed with warnings, please check import summary." : "An error occurred, please check import summary."
        return .json(
            http,
            [
                "httpStatus": http == 200 ? "OK" : "Conflict", "httpStatusCode": http, "status": status == "SUCCESS" ? "OK" : status,
                "message": message, "response": summary,
            ])
    }

    /// `DataEntrySummary.toImportSummary`: every value stored counts as updated (or, for DELETE,
    /// deleted — stored before or not: `DataEntryPipeline.toImportSummary`); ignored is
    /// attempted − succeeded + errors; WARNING when some values failed and others were stored.
    static func dataEntrySummary(attempted: Int, succeeded: Int, errors: [[String: Any]], delete: Bool) -> [String: Any] {
        let ignored = attempted - succeeded + errors.count
        var summary: [String: Any] = [
            "responseType": "ImportSummary",
            "status": errors.isEmpty ? "SUCCESS" : succeeded > 0 ? "WARNING" : "ERROR",
            "importCount": delete ? counts(0, 0, ignored, succeeded) : counts(0, succeeded, ignored, 0),
        ]
        if !errors.isEmpty {
            summary["conflicts"] = errors
            summary["rejectedIndexes"] = errors.compactMap { ($0["indexes"] as? [Int])?.first }
        }
        return summary
    }

    static func counts(_ imported: Int, _ updated: Int, _ ignored: Int, _ deleted: Int) -> [String: Int] {
        ["imported": imported, "updated": updated, "ignored": ignored, "deleted": deleted]
    }

    /// A value of the request, decoded (`DefaultDataEntryService.decodeGroup`).
    struct EntryValue {
        var index: Int
        var key: DataValue.Key
        var value: String
        var year: Int
    }

    /// `decodeGroup`: unknown data elements, org units and option combos refuse the request. The
    /// codes are dhis2-core's as thrown, whose messages are swapped there (an unknown data element
    /// throws E8104, "UID not valid").
    func decodeGroup(_ list: [JSONValue]) throws -> [EntryValue] {
        try list.enumerated().map { index, item in
            let (de, pe, ou, coc, aoc, value) = Self.posted(item)
            guard pe.count == 4, let year = Int(pe) else {
                throw GroupRefusal(
                    code: "E8100", message: "Value #\(index) period not defined in group or value: `\(pe)`", args: ["\(index)"])
            }
            guard metadata["dataElements"]?[de] != nil else {
                throw GroupRefusal(code: "E8104", message: "Value #\(index) data element UID not valid: `\(de)`", args: ["\(index)", de])
            }
            guard orgUnits[ou] != nil else {
                throw GroupRefusal(code: "E8106", message: "Value #\(index) org unit UID is not valid: `\(ou)`", args: ["\(index)", ou])
            }
            guard optionCombos[coc] != nil else {
                throw GroupRefusal(
                    code: "E8109", message: "Value #\(index) category option combo UID is not valid: `\(coc)`", args: ["\(index)", coc])
            }
            guard aoc == Self.defaultCOC else {
                throw GroupRefusal(
                    code: "E8111", message: "Value #\(index) attribute option combo UID is not valid: `\(aoc)`", args: ["\(index)", aoc])
            }
            let key = DataValue.Key(dataElement: de, period: pe, orgUnit: ou, categoryOptionCombo: coc, attributeOptionCombo: aoc)
            return EntryValue(index: index, key: key, value: value, year: year)
        }
    }

    /// The data set named in the body or the `dataSet` parameter (E8005 when there is none such).
    func knownDataSet(_ id: String) throws -> String {
        guard metadata["dataSets"]?[id] != nil else {
            throw GroupRefusal(code: "E8005", message: "Data set not found: `\(id)`", args: [id])
        }
        return id
    }

    /// `autoTargetDataSet` (the system setting `dataEntryAutoGroup` is off by default): the one
    /// data set all the values' data elements belong to, else E8003 (none) or E8002 (several).
    func autoTargetDataSet(_ values: [EntryValue]) throws -> String {
        let elements = Array(Set(values.map(\.key.dataElement))).sorted()
        let sets = dataSetIDs.filter { !Set(dataSetElements($0)).isDisjoint(with: elements) }
        if sets.isEmpty {
            throw GroupRefusal(
                code: "E8003", message: "Data set detection failed, found no set for data element(s): `\(Self.list(elements))`",
                args: [Self.list(elements)])
        }
        guard sets.count == 1 else {
            throw GroupRefusal(
                code: "E8002", message: "Data set detection failed, found multiple sets: `\(Self.list(sets))`", args: [Self.list(sets)])
        }
        return sets[0]
    }

    /// `validateUserAccess`: superusers return early; others need data write on the data set
    /// (E8010), org units in their capture hierarchy (E8011) and data write on every category
    /// option of the option combos (E8012).
    func validateUserAccess(_ ds: String, _ values: [EntryValue]) throws {
        if account.isSuperuser { return }
        guard canData(.dataWrite, metadata["dataSets"]?[ds]) else {
            throw GroupRefusal(code: "E8010", message: "Current user cannot enter data for data set: `\(ds)`", args: [ds])
        }
        let outside = Self.distinct(values.map(\.key.orgUnit)).filter { !inCaptureScope($0) }
        if !outside.isEmpty {
            throw GroupRefusal(
                code: "E8011", message: "Current user cannot enter data for org unit(s): `\(Self.list(outside))`",
                args: [Self.list(outside)])
        }
        let options = Self.distinct(values.flatMap { optionCombos[$0.key.categoryOptionCombo]?.options.sorted() ?? [] })
        let closed = options.filter { !canData(.dataWrite, metadata["categoryOptions"]?[$0]) }
        if !closed.isEmpty {
            throw GroupRefusal(
                code: "E8012", message: "Current user cannot enter data for category option(s): `\(Self.list(closed))`",
                args: [Self.list(closed)])
        }
    }

    /// `validateKeyConsistency`: data elements of the data set (E8020), org units the data set is
    /// assigned to — always checked, superusers too (E8022) — and option combos of each data
    /// element's category combo (E8024). Yearly periods only are sent, so E8021 cannot occur.
    func validateKeyConsistency(_ ds: String, _ values: [EntryValue]) throws {
        let members = Set(dataSetElements(ds))
        let foreign = Self.distinct(values.map(\.key.dataElement)).filter { !members.contains($0) }
        if !foreign.isEmpty {
            throw GroupRefusal(
                code: "E8020", message: "Data set \(ds) not usable with data element(s): `\(Self.list(foreign))`",
                args: [ds, Self.list(foreign)])
        }
        let assigned = Set(idList(metadata["dataSets"]?[ds]?["organisationUnits"]))
        let unassigned = Self.distinct(values.map(\.key.orgUnit)).filter { !assigned.contains($0) }
        if !unassigned.isEmpty {
            throw GroupRefusal(
                code: "E8022", message: "Data set \(ds) not usable with org unit(s): `\(Self.list(unassigned))`",
                args: [ds, Self.list(unassigned)])
        }
        for de in Self.distinct(values.map(\.key.dataElement)) {
            let element = metadata["dataElements"]?[de]
            let combo = (element?["categoryCombo"] as? [String: Any])?["id"] as? String ?? Self.defaultCombo
            let wrong = Self.distinct(values.filter { $0.key.dataElement == de }.map(\.key.categoryOptionCombo)).filter {
                optionCombos[$0]?.combo != combo
            }
            if !wrong.isEmpty {
                throw GroupRefusal(
                    code: "E8024",
                    message: "Data set \(ds) + data element \(de) not usable with category option combo(s): `\(Self.list(wrong))`",
                    args: [ds, de, Self.list(wrong)])
            }
        }
    }

    /// `validateEntryTimeliness`, for accounts without F_EDIT_EXPIRED (ALL has it): a period
    /// whose entry ended `expiryDays` after it (E8030) or after the latest open future period,
    /// the current one moved back one and then forward `openFuturePeriods` (E8030).
    func validateEntryTimeliness(_ ds: String, _ values: [EntryValue]) throws {
        guard !account.has("F_EDIT_EXPIRED") else { return }
        let set = metadata["dataSets"]?[ds]
        let expiryDays = (set?["expiryDays"] as? NSNumber)?.intValue ?? 0
        let years = Self.distinct(values.map(\.year))
        if expiryDays > 0 {
            let calendar = Calendar(identifier: .gregorian)
            let expired = years.filter { year in
                let end = calendar.date(from: DateComponents(timeZone: TimeZone(identifier: "UTC"), year: year, month: 12, day: 31))!
                return options.today > end.addingTimeInterval(Double(expiryDays + 1) * 86_400)
            }
            if !expired.isEmpty {
                let periods = Self.list(expired.map(String.init))
                throw GroupRefusal(
                    code: "E8030", message: "Untimely data entry for data set \(ds) and period(s): `\(periods)`", args: [ds, periods])
            }
        }
        if expiryDays >= 0 {
            let latest = currentYear - 1 + ((set?["openFuturePeriods"] as? NSNumber)?.intValue ?? 0)
            let notYetOpen = years.filter { $0 > latest }
            if !notYetOpen.isEmpty {
                let periods = Self.list(notYetOpen.map(String.init))
                throw GroupRefusal(
                    code: "E8030", message: "Untimely data entry for data set \(ds) and period(s): `\(periods)`", args: [ds, periods])
            }
        }
    }

    /// `validateValues`: two values of one key refuse the request (E8128); otherwise a value that
    /// is empty (E8120) or not a number (E8122) is dropped with a conflict of its own, the rest
    /// goes on. Deletions are not checked for their values.
    func validateValues(_ values: [EntryValue], delete: Bool) throws -> (valid: [EntryValue], errors: [[String: Any]]) {
        var firstIndex: [DataValue.Key: Int] = [:]
        for v in values {
            if let first = firstIndex[v.key] {
                throw GroupRefusal(
                    code: "E8128", message: "Value #[\(first), \(v.index)] all affect the same data value: `\(v.key)`",
                    args: ["[\(first), \(v.index)]"])
            }
            firstIndex[v.key] = v.index
        }
        if delete { return (values, []) }
        var valid: [EntryValue] = []
        var errors: [[String: Any]] = []
        for v in values {
            if v.value.isEmpty {
                errors.append(
                    [
                        "objects": ["args": "\(v.index)"], "value": "Value #\(v.index) value is required", "errorCode": "E8120",
                        "indexes": [v.index],
                    ])
            } else if Double(v.value) == nil {
                errors.append([
                    "objects": ["args": "\(v.index)-\(v.value)-NUMBER-Value must be a number"],
                    "value": "Value #\(v.index) value `\(v.value)` is no valid NUMBER: Value must be a number", "errorCode": "E8122",
                    "indexes": [v.index],
                ])
            } else {
                valid.append(v)
            }
        }
        return (valid, errors)
    }

    var dataSetIDs: [String] { (metadata["dataSets"] ?? [:]).keys.sorted() }

    func dataSetElements(_ ds: String) -> [String] {
        ((metadata["dataSets"]?[ds]?["dataSetElements"] as? [[String: Any]]) ?? []).compactMap {
            ($0["dataElement"] as? [String: Any])?["id"] as? String
        }
    }

    func idList(_ any: Any?) -> [String] { ((any as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String } }

    /// As Java prints a list in a message (`MessageFormat` of a `List`): "[a, b]".
    static func list(_ items: [String]) -> String { "[" + items.joined(separator: ", ") + "]" }

    static func distinct<T: Hashable>(_ items: [T]) -> [T] {
        var seen = Set<T>()
        return items.filter { seen.insert($0).inserted }
    }
}
