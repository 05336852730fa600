import Foundation

/// Overlays the fields worldpop-dhis2 owns on an object as it exists in DHIS2, so that an
/// update keeps what an administrator set: `openFuturePeriods` (only ever raised), `expiryDays`,
/// sharing, legend sets, attribute values, extra org units and data elements on the data set,
/// extra options in our categories, translations (an administrator's wording, and locales we do
/// not write, win over ours).
public struct MetadataMerge {
    let account: Account
    /// Future periods the data set must open for the latest year of the run.
    let openFuturePeriods: Int
    public private(set) var notes: [String] = []

    public init(account: Account, openFuturePeriods: Int) {
        self.account = account
        self.openFuturePeriods = openFuturePeriods
    }

    /// Collections whose objects carry data sharing: data values need data write on the data set
    /// and on the category options of their option combo.
    static let dataShared: Set = ["categoryOptions", "dataSets"]

    public mutating func merge(ours: [String: Any], existing: [String: Any]?, collection: String) -> [String: Any] {
        var object = existing ?? [:]
        // Computed by DHIS2 for the signed-in account, not a field to send back.
        object["access"] = nil
        for (key, value) in ours { object[key] = value }
        let name = ours["name"] as? String ?? ours["id"] as? String ?? "?"
        if let existing {
            // `translations` is one set property, replaced whole by an update (`MergeMode.REPLACE`):
            // what exists is sent back, ours only fills the (locale, property) slots still empty.
            object["translations"] = Self.union(existing["translations"], ours["translations"]) { t in
                (t["locale"] as? String).flatMap { locale in (t["property"] as? String).map { "\(locale)|\($0)" } }
            }
            switch collection {
            case "dataSets":
                object["organisationUnits"] = Self.union(existing["organisationUnits"], ours["organisationUnits"]) { $0["id"] as? String }
                object["dataSetElements"] = Self.union(existing["dataSetElements"], ours["dataSetElements"]) {
                    ($0["dataElement"] as? [String: Any])?["id"] as? String
                }
                let theirs = (existing["openFuturePeriods"] as? NSNumber)?.intValue ?? 0
                object["openFuturePeriods"] = max(theirs, openFuturePeriods)
                if openFuturePeriods > theirs {
                    notes.append(
                        "Data set '\(name)': open future periods raised from \(theirs) to \(openFuturePeriods) so that DHIS2 "
                            + "accepts the projected years."
                    )
                }
            case "categories":
                object["categoryOptions"] = Self.union(existing["categoryOptions"], ours["categoryOptions"]) { $0["id"] as? String }
            default:
                break
            }
            if Self.dataShared.contains(collection), let sharing = Sharing(json: existing["sharing"]),
                !Self.canWriteData(existing, account, sharing)
            {
                object["sharing"] = sharing.grantingDataWrite(to: account.id).json
                notes.append(
                    "\(collection == "dataSets" ? "Data set" : "Category option") '\(name)': data write shared with "
                        + "\(account.username), which imports the values."
                )
            }
        } else {
            if collection == "dataSets" { object["openFuturePeriods"] = openFuturePeriods }
            if Self.dataShared.contains(collection) {
                // The integration account's own entry, also for a superuser: it says who keeps the
                // object, and a later non-superuser account can be given the same entry.
                object["sharing"] =
                    Sharing(
                        publicAccess: Sharing.publicReadAccess, owner: account.id,
                        users: [account.id: .init(id: account.id, access: Sharing.integrationAccess)]
                    ).json
            }
        }
        return object
    }

    /// Whether the account may already write data: DHIS2's own `access.data.write` when the
    /// server computed it — from 2.40 `/api/me` lists only the user groups the account may read,
    /// so a grant through any other group is invisible to `account` — else the sharing as seen.
    static func canWriteData(_ existing: [String: Any], _ account: Account, _ sharing: Sharing) -> Bool {
        if let data = (existing["access"] as? [String: Any])?["data"] as? [String: Any], let write = data["write"] as? Bool {
            return write
        }
        return account.canWriteData(sharing)
    }

    /// The existing list followed by the new items it lacks (keyed by `key`).
    static func union(_ existing: Any?, _ ours: Any?, key: ([String: Any]) -> String?) -> [[String: Any]] {
        var out = (existing as? [[String: Any]]) ?? []
        var seen = Set(out.compactMap(key))
        for item in (ours as? [[String: Any]]) ?? [] where key(item).map({ seen.insert($0).inserted }) ?? true {
            out.append(item)
        }
        return out
    }
}

extension MetadataBundle {
    /// The bundle as JSON objects by collection, in the order DHIS2 imports them.
    public func jsonCollections() throws -> [(String, [[String: Any]])] {
        let data = try JSONEncoder().encode(self)
        guard let root = try JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [] }
        return ["categoryOptions", "categories", "categoryCombos", "dataElements", "dataSets"].compactMap { name in
            guard let list = root[name] as? [[String: Any]], !list.isEmpty else { return nil }
            return (name, list)
        }
    }
}
