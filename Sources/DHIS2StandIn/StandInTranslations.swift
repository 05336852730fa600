import Foundation

/// Metadata translations as dhis2-core stores and shows them: `translations` is stored as sent
/// (one JSONB set, replaced whole by an update), and the `display…` properties are the value for
/// the request's locale and the property's key, else the property itself.
extension StandInState {
    /// The `display…` properties and the translation key and stored property they show.
    /// dhis2-core: `BaseIdentifiableObject.getDisplayName` (NAME), `BaseNameableObject.getDisplayShortName`
    /// (SHORT_NAME), `getDisplayDescription` (DESCRIPTION), `getDisplayFormName` (FORM_NAME, the name
    /// when no form name is set).
    static let displayProperties: [(display: String, key: String, property: String)] = [
        ("displayName", "NAME", "name"), ("displayShortName", "SHORT_NAME", "shortName"),
        ("displayDescription", "DESCRIPTION", "description"), ("displayFormName", "FORM_NAME", "formName"),
    ]

    /// The locale translations are shown in. dhis2-core: `UserContextInterceptor` — up to 2.41 the
    /// `locale` parameter unless `translate=false`, else the user's `keyDbLocale`
    /// (`UserSettingKey.DB_LOCALE`); from 2.42 `locale` counts only with `translate=true`
    /// (`ThreadUserSettings.put(keyDbLocale)`), else `UserSettings.getUserDbLocale` (default "en").
    func translationLocale(_ r: StandInRequest) -> String? {
        let given = r.first("locale").flatMap { $0.isEmpty ? nil : $0 }
        if majorMinor <= (2, 41) {
            if r.first("translate") == "false" { return nil }
            return given ?? dbLocale
        }
        if r.first("translate") == "true", let given { return given }
        return dbLocale ?? "en"
    }

    /// The object with the requested `display…` properties for `locale`.
    /// dhis2-core: `BaseIdentifiableObject.getTranslationValue` (2.38–2.43) matches locale and key
    /// exactly and skips empty values; the embedded `TranslationProperty` of 2.43's `CategoryOption`
    /// and `CategoryCombo` (`BaseMetadataObject`) matches the key ignoring case, and
    /// `CategoryOption.getDisplayShortName` asks for "SHORTNAME".
    func displayed(_ object: [String: Any], _ collection: String, fields: Set<String>, locale: String?) -> [String: Any] {
        var o = object
        let embedded = majorMinor >= (2, 43) && (collection == "categoryOptions" || collection == "categoryCombos")
        let translations = (object["translations"] as? [[String: Any]]) ?? []
        for (display, key, property) in Self.displayProperties where fields.contains(display) || fields.contains("*") {
            var fallback = object[property] as? String
            if property == "formName", fallback == nil { fallback = object["name"] as? String }
            let wanted = embedded && collection == "categoryOptions" && key == "SHORT_NAME" ? "SHORTNAME" : key
            let hit = translations.first { t in
                guard let locale, t["locale"] as? String == locale, let p = t["property"] as? String,
                    let v = t["value"] as? String, !v.isEmpty
                else { return false }
                return embedded ? p.caseInsensitiveCompare(wanted) == .orderedSame : p == wanted
            }
            o[display] = (hit?["value"] as? String) ?? fallback
        }
        return o
    }

    /// dhis2-core: `TranslationsCheck` (dxf2 metadata import validation, 2.38–2.43): two
    /// translations of one property and locale are E1106, a missing locale, property or value E4000.
    func translationErrors(_ incoming: [String: [[String: Any]]]) -> [[String: Any]] {
        var errors: [[String: Any]] = []
        for (collection, objects) in incoming.sorted(by: { $0.key < $1.key }) {
            for o in objects {
                var seen = Set<String>()
                for t in (o["translations"] as? [[String: Any]]) ?? [] {
                    for field in ["locale", "property", "value"] where !(t[field] is String) {
                        errors.append([
                            "errorCode": "E4000", "message": "Missing required property `\(field)`", "mainKlass": collection,
                        ])
                    }
                    let property = t["property"] as? String ?? ""
                    let locale = t["locale"] as? String ?? ""
                    if !seen.insert("\(property)_\(locale)").inserted {
                        errors.append([
                            "errorCode": "E1106",
                            "message": "There are duplicate translation records for property `\(property)` and locale `\(locale)`",
                            "mainKlass": collection,
                        ])
                    }
                }
            }
        }
        return errors
    }
}
