import DHIS2
import Foundation
import Geometry

extension StandInState {
    static let collections = ["categoryOptions", "categories", "categoryCombos", "dataElements", "dataSets"]

    static let collectionAuthorities = [
        "categoryOptions": "F_CATEGORY_OPTION_PUBLIC_ADD", "categories": "F_CATEGORY_PUBLIC_ADD",
        "categoryCombos": "F_CATEGORY_COMBO_PUBLIC_ADD", "dataElements": "F_DATAELEMENT_PUBLIC_ADD", "dataSets": "F_DATASET_PUBLIC_ADD",
    ]

    /// `/api/metadata` with CREATE_AND_UPDATE and atomicMode=ALL, as dhis2-core's metadata import
    /// does it (`MetadataImportExportController`, `MetadataImportParams`, `DefaultMetadataImportService`):
    /// - every reference must resolve (to the payload or the store) or nothing is imported (409, E5002);
    /// - the account needs the create/update authority of each type (E3000/E3001, `DefaultAclService.canCreate`);
    /// - `importMode=VALIDATE` (`ObjectBundleMode.VALIDATE`) checks and stores nothing; there is no
    ///   `dryRun` parameter: it is not read, and the import commits;
    /// - an update replaces the whole object (`MergeMode.REPLACE`): fields not sent fall back to
    ///   their defaults (`resetToDefaults`);
    /// - category option combos are not generated (no bundle hook does it in 2.38–2.43: see
    ///   `categoryOptionComboUpdate` for the endpoints that do).
    mutating func importMetadata(_ r: StandInRequest) -> StandInReply {
        guard let parsed = try? JSONParser.parse(r.body), case .object(let payload) = parsed else {
            return .error(400, "Bad Request", "Invalid JSON payload")
        }
        if case .array(let units)? = payload["organisationUnits"] {
            return importOrgUnits(
                units.compactMap { JSONOutput.foundation($0) as? [String: Any] }, validateOnly: r.first("importMode") == "VALIDATE")
        }
        var incoming: [String: [[String: Any]]] = [:]
        for name in Self.collections {
            if case .array(let list)? = payload[name] {
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
                    errors.append([
                        "errorCode": "E5002",
                        "message":
                            "Invalid reference [\(id)] (\(klass)) on object \(o["name"] ?? "") [\(o["id"] ?? "")] for association `\(key)`",
                        "mainKlass": collection,
                    ])
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
        errors += translationErrors(incoming)
        check("categories", "categoryOptions", "categoryOptions", "CategoryOption")
        check("categoryCombos", "categories", "categories", "Category")
        check("dataElements", "categoryCombo", "categoryCombos", "CategoryCombo")
        for ds in incoming["dataSets"] ?? [] {
            for e in (ds["dataSetElements"] as? [[String: Any]]) ?? [] {
                for id in refs(e, "dataElement") where !exists("dataElements", id) {
                    errors.append([
                        "errorCode": "E5002",
                        "message":
                            "Invalid reference [\(id)] (DataElement) on object \(ds["name"] ?? "") for association `dataSetElements`",
                    ])
                }
            }
            for id in refs(ds, "organisationUnits") where orgUnits[id] == nil {
                errors.append([
                    "errorCode": "E5002",
                    "message":
                        "Invalid reference [\(id)] (OrganisationUnit) on object \(ds["name"] ?? "") for association `organisationUnits`",
                ])
            }
        }
        for (collection, objects) in incoming {
            guard let authority = Self.collectionAuthorities[collection], !account.has(authority) else { continue }
            for o in objects {
                let id = o["id"] as? String ?? ""
                errors.append(
                    metadata[collection]?[id] == nil
                        ? [
                            "errorCode": "E3000",
                            "message": "User `\(account.username)` is not allowed to create objects of type \(collection)",
                        ]
                        : ["errorCode": "E3001", "message": "User `\(account.username)` is not allowed to update object `\(id)`"])
            }
        }
        // Updating an object also needs metadata write in its sharing (`DefaultAclService.canUpdate`:
        // owner, public, user or group access "rw").
        for (collection, objects) in incoming where !account.isSuperuser {
            for o in objects {
                guard let id = o["id"] as? String, let stored = metadata[collection]?[id], let sharing = Sharing(json: stored["sharing"]),
                    !sharing.grants(.metadataWrite, user: account.id, groups: account.memberships)
                else { continue }
                errors.append([
                    "errorCode": "E3001",
                    "message": "User `\(account.username)` is not allowed to update object `\(id)`",
                ])
            }
        }
        let validateOnly = r.first("importMode") == "VALIDATE"
        var created = 0
        var updated = 0
        // Validation already counts what would be created and updated (`ValidationFactory`).
        if errors.isEmpty {
            for name in Self.collections {
                for o in incoming[name] ?? [] { if metadata[name]?[o["id"] as! String] == nil { created += 1 } else { updated += 1 } }
            }
        }
        let total = incoming.values.reduce(0) { $0 + $1.count }
        let status = errors.isEmpty ? "OK" : "ERROR"
        let report: [String: Any] = [
            "responseType": "ImportReport", "status": status,
            "stats": ["created": created, "updated": updated, "deleted": 0, "ignored": errors.isEmpty ? 0 : total, "total": total],
            "typeReports": errors.isEmpty
                ? [] : [["klass": "org.hisp.dhis.common.IdentifiableObject", "objectReports": [["errorReports": errors]]]],
        ]
        guard errors.isEmpty else {
            return .json(
                409,
                [
                    "httpStatus": "Conflict", "httpStatusCode": 409, "status": "ERROR",
                    "message": "One or more errors occurred, please see full details in import report.", "response": report,
                ])
        }
        if !validateOnly {
            for name in Self.collections { for o in incoming[name] ?? [] { replaceMetadata(name, o) } }
        }
        return .json(200, ["httpStatus": "OK", "httpStatusCode": 200, "status": "OK", "response": report])
    }

    /// Org units through `/api/metadata` (UPDATE of existing units; `OrganisationUnitSchemaDescriptor`:
    /// F_ORGANISATIONUNIT_ADD), replaced whole: a geometry not sent is removed (REPLACE).
    mutating func importOrgUnits(_ units: [[String: Any]], validateOnly: Bool) -> StandInReply {
        var errors: [[String: Any]] = []
        // Messages as `ErrorCode` E3001 and E5001 word them.
        for u in units {
            let id = u["id"] as? String ?? ""
            if orgUnits[id] == nil {
                errors.append([
                    "errorCode": "E5001",
                    "message": "No matching object for reference. Identifier was \(id), and object was OrganisationUnit.",
                ])
            } else if !account.has("F_ORGANISATIONUNIT_ADD") {
                errors.append([
                    "errorCode": "E3001",
                    "message": "User `\(account.username)` is not allowed to update object `\(id)`",
                ])
            }
        }
        let report: [String: Any] = [
            "responseType": "ImportReport", "status": errors.isEmpty ? "OK" : "ERROR",
            "stats": [
                "created": 0, "updated": errors.isEmpty ? units.count : 0, "deleted": 0, "ignored": errors.isEmpty ? 0 : units.count,
                "total": units.count,
            ],
            "typeReports": errors.isEmpty
                ? [] : [["klass": "org.hisp.dhis.organisationunit.OrganisationUnit", "objectReports": [["errorReports": errors]]]],
        ]
        guard errors.isEmpty else {
            return .json(
                409,
                [
                    "httpStatus": "Conflict", "httpStatusCode": 409, "status": "ERROR",
                    "message": "One or more errors occurred, please see full details in import report.", "response": report,
                ])
        }
        if !validateOnly {
            for u in units {
                guard let id = u["id"] as? String, var unit = orgUnits[id] else { continue }
                unit.name = u["name"] as? String ?? unit.name
                unit.geometry = u["geometry"]
                orgUnits[id] = unit
            }
        }
        return .json(200, ["httpStatus": "OK", "httpStatusCode": 200, "status": "OK", "response": report])
    }

    /// Stores an object as sent, the way a REPLACE merge leaves it (`DefaultObjectBundleService`,
    /// `MergeMode.REPLACE`, hard-coded from 2.41): what was not sent takes its default (a data
    /// set's `openFuturePeriods` and `expiryDays` 0, its org units and elements emptied); without
    /// sharing in the payload, `DefaultMetadataImportService.preCreateBundle` calls
    /// `DefaultAclService.resetSharing`: public `rw------` for a user who may make the type public,
    /// the importing user as owner, user and group entries cleared.
    mutating func replaceMetadata(_ collection: String, _ sent: [String: Any]) {
        var o = sent
        if collection == "dataSets" {
            for (key, value) in ["openFuturePeriods": 0, "expiryDays": 0] where o[key] == nil { o[key] = value }
            for key in ["organisationUnits", "dataSetElements", "legendSets"] where o[key] == nil { o[key] = [Any]() }
        }
        if o["sharing"] == nil {
            o["sharing"] = Sharing(publicAccess: "rw------", owner: account.id).json
        }
        setMetadata(collection, o)
    }

    /// `POST /api/maintenance/categoryOptionComboUpdate/categoryCombo/{uid}`
    /// (`MaintenanceController.updateCategoryOptionCombos`, F_PERFORM_MAINTENANCE): adds the
    /// missing combos and answers ImportSummaries (`WebMessageUtils.importSummaries`, 200).
    mutating func maintenanceOptionComboUpdate(_ comboID: String) -> StandInReply {
        guard account.has("F_PERFORM_MAINTENANCE") else { return Self.forbidden("F_PERFORM_MAINTENANCE") }
        guard metadata["categoryCombos"]?[comboID] != nil else {
            return .error(409, "Conflict", "CategoryCombo does not exist: \(comboID)")
        }
        let added = generateOptionCombos(for: comboID)
        let summaries: [[String: Any]] = added.map {
            [
                "responseType": "ImportSummary", "status": "SUCCESS", "description": "Added missing category option combo: \($0)",
                "importCount": ["imported": 1, "updated": 0, "ignored": 0, "deleted": 0],
            ]
        }
        return .json(
            200,
            [
                "httpStatus": "OK", "httpStatusCode": 200, "status": "OK", "message": "Import was successful.",
                "response": [
                    "responseType": "ImportSummaries", "status": "SUCCESS", "imported": added.count, "updated": 0, "deleted": 0,
                    "ignored": 0, "importSummaries": summaries,
                ],
            ])
    }

    /// `POST /api/categoryCombos` and `PUT /api/categoryCombos/{uid}`: the object is saved like
    /// any other, then `CategoryComboController.postCreateEntity` / `postUpdateEntity` call
    /// `categoryService.updateOptionCombos`, which generates the option combos.
    mutating func saveCategoryCombo(_ r: StandInRequest, id: String?) -> StandInReply {
        guard let parsed = try? JSONParser.parse(r.body), var o = JSONOutput.foundation(parsed) as? [String: Any] else {
            return .error(400, "Bad Request", "Invalid JSON payload")
        }
        let uid = id ?? (o["id"] as? String) ?? randomUID()
        o["id"] = uid
        let exists = metadata["categoryCombos"]?[uid] != nil
        // `DefaultAclService.canUpdate`: the type's create authority and metadata write in the sharing.
        let writable =
            exists
            ? Sharing(json: metadata["categoryCombos"]?[uid]?["sharing"])?.grants(
                .metadataWrite, user: account.id, groups: account.memberships) ?? false : true
        guard account.has("F_CATEGORY_COMBO_PUBLIC_ADD") || account.has("F_CATEGORY_COMBO_PRIVATE_ADD"), account.isSuperuser || writable
        else {
            return .error(
                403, "Forbidden",
                exists
                    ? "You don't have the proper permissions to update this object."
                    : "You don't have the proper permissions to create this object.")
        }
        if id != nil, !exists { return .error(404, "Not Found", "CategoryCombo with id \(uid) could not be found.") }
        replaceMetadata("categoryCombos", o)
        generateOptionCombos(for: uid)
        return .json(
            exists ? 200 : 201,
            [
                "httpStatus": exists ? "OK" : "Created", "httpStatusCode": exists ? 200 : 201, "status": "OK",
                "response": ["responseType": "ObjectReport", "uid": uid, "klass": "org.hisp.dhis.category.CategoryCombo"],
            ])
    }

    /// The cartesian product of the combo's categories' options (`DefaultCategoryService.updateOptionCombos`);
    /// existing combos are kept, new ones get random UIDs (so clients must map them by options,
    /// never by guessing).
    @discardableResult
    mutating func generateOptionCombos(for comboID: String) -> [String] {
        guard let combo = metadata["categoryCombos"]?[comboID] else { return [] }
        let categories = ((combo["categories"] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String }
        var product: [[String]] = [[]]
        for c in categories {
            let options = ((metadata["categories"]?[c]?["categoryOptions"] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String }
            product = product.flatMap { prefix in options.map { prefix + [$0] } }
        }
        let existing = Set(optionCombos.values.filter { $0.combo == comboID }.map(\.options))
        var added: [String] = []
        for options in product where !existing.contains(Set(options)) {
            let name = options.map { metadata["categoryOptions"]?[$0]?["name"] as? String ?? $0 }.joined(separator: ", ")
            setOptionCombo(randomUID(), combo: comboID, options: Set(options), name: name)
            added.append(name)
        }
        return added
    }
}
