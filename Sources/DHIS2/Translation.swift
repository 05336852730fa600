/// One translated property of a metadata object, as DHIS2 stores it in the object's
/// `translations` (a JSONB set): `{"locale": "fr", "property": "NAME", "value": "…"}`.
///
/// dhis2-core: `Translation` (dhis-api, org.hisp.dhis.translation, 2.38–2.43: locale, property,
/// value). The property keys are those of `TranslationProperty` (the enum of 2.38–2.40,
/// org.hisp.dhis.translation; from 2.41 plain strings named by `@Translatable(key = …)`).
public struct Translation: Codable, Sendable, Hashable {
    public var locale: String
    public var property: String
    public var value: String

    public init(locale: String, property: String, value: String) {
        self.locale = locale
        self.property = property
        self.value = value
    }

    /// `BaseIdentifiableObject.getDisplayName`: `@Translatable(key = "NAME")`.
    public static let name = "NAME"
    /// `BaseNameableObject.getDisplayShortName`: `@Translatable(key = "SHORT_NAME")`.
    public static let shortName = "SHORT_NAME"
    /// `CategoryOption.getDisplayShortName` from 2.43 (a `BaseMetadataObject` with an embedded
    /// `TranslationProperty`) looks up "SHORTNAME", not "SHORT_NAME": a category option carries both.
    public static let categoryOptionShortName = "SHORTNAME"
    /// `BaseNameableObject.getDisplayDescription`: `@Translatable(key = "DESCRIPTION")`.
    public static let description = "DESCRIPTION"
    /// `BaseNameableObject.getDisplayFormName`: `@Translatable(key = "FORM_NAME")`, the name on data entry forms.
    public static let formName = "FORM_NAME"

    /// What makes a translation unique in an object: DHIS2 refuses two of the same property and
    /// locale (`TranslationsCheck`, E1106).
    public var slot: String { "\(locale)|\(property)" }
}
