import DHIS2
import Localization

/// The catalogue keys of the objects worldpop-dhis2 creates, and their translations into every
/// catalogue language (fr, pt, es …), so that DHIS2 shows each user the names in their language.
///
/// An object is translated only where its English text is the English catalogue's message: a
/// custom group named by an administrator in the config file, or a name the code changed without
/// the catalogue, gets no translation rather than a wrong one.
extension PopulationMetadata {
    /// Catalogue key prefix ("metadata.group.u5") and placeholder values of one object's texts.
    public struct TextKeys: Sendable, Hashable {
        public var prefix: String
        public var values: [String: String] = [:]
        /// The description's whole-sentence key, when the object has one.
        public var description: String?

        public init(prefix: String, values: [String: String] = [:], description: String? = nil) {
            self.prefix = prefix
            self.values = values
            self.description = description
        }
    }

    func textKeys(categoryOption id: String) -> TextKeys? {
        if let sex = Self.sexes.first(where: { Self.sexOptionID($0.0) == id }) { return TextKeys(prefix: "metadata.option.sex.\(sex.0)") }
        if let age = ageGroups.first(where: { Self.ageOptionID($0) == id }) {
            return TextKeys(prefix: "metadata.option.age", values: ["age": age])
        }
        return nil
    }

    func textKeys(dataElement id: String) -> TextKeys? {
        let credit = ["credit": credit]
        switch id {
        case Self.totalDataElementID:
            return TextKeys(prefix: "metadata.dataElement.population", values: credit, description: "metadata.description.population")
        case Self.ageSexDataElementID:
            return TextKeys(prefix: "metadata.dataElement.ageSex", values: credit, description: "metadata.description.population")
        case Self.ageDataElementID:
            return TextKeys(prefix: "metadata.dataElement.age", values: credit, description: "metadata.description.bothSexes")
        default:
            if let extra = extraElements.first(where: { $0.id == id }) { return extra.texts }
            guard let group = derivedGroups.first(where: { Self.groupDataElementID($0.key) == id }) else { return nil }
            return TextKeys(prefix: "metadata.group.\(group.key)", values: credit, description: "metadata.description.population")
        }
    }

    /// Adds the translations of every catalogue to the bundle's objects.
    func translate(_ b: inout MetadataBundle, into catalogues: [Catalogue]) {
        guard !catalogues.isEmpty else { return }
        for i in b.categoryOptions.indices {
            let o = b.categoryOptions[i]
            guard let keys = textKeys(categoryOption: o.id) else { continue }
            var t = Self.translations(catalogues, keys, [Translation.name: o.name, Translation.shortName: o.shortName])
            // 2.43+ reads a category option's short name under "SHORTNAME" (`CategoryOption.getDisplayShortName`).
            t += t.filter { $0.property == Translation.shortName }.map {
                Translation(locale: $0.locale, property: Translation.categoryOptionShortName, value: $0.value)
            }
            b.categoryOptions[i].translations = t + Self.formNames(t)
        }
        for i in b.categories.indices {
            let o = b.categories[i]
            let prefix = o.id == Self.sexCategoryID ? "metadata.category.sex" : o.id == Self.ageCategoryID ? "metadata.category.age" : nil
            guard let prefix else { continue }
            let t = Self.translations(catalogues, TextKeys(prefix: prefix), [Translation.name: o.name, Translation.shortName: o.shortName])
            b.categories[i].translations = t + Self.formNames(t)
        }
        for i in b.categoryCombos.indices {
            let o = b.categoryCombos[i]
            let prefix = o.id == Self.ageSexComboID ? "metadata.combo.ageSex" : o.id == Self.ageComboID ? "metadata.combo.age" : nil
            guard let prefix else { continue }
            // A category combo has a name only (`CategoryCombo`: `@Translatable` NAME).
            b.categoryCombos[i].translations = Self.translations(catalogues, TextKeys(prefix: prefix), [Translation.name: o.name])
        }
        for i in b.dataElements.indices {
            let o = b.dataElements[i]
            guard let keys = textKeys(dataElement: o.id) else { continue }
            let t = Self.translations(
                catalogues, keys, [Translation.name: o.name, Translation.shortName: o.shortName, Translation.description: o.description])
            b.dataElements[i].translations = t + Self.formNames(t)
        }
        for i in b.dataSets.indices where b.dataSets[i].id == Self.dataSetID {
            let o = b.dataSets[i]
            let keys = TextKeys(prefix: "metadata.dataSet", values: ["credit": credit], description: "metadata.dataSet.description")
            let t = Self.translations(
                catalogues, keys, [Translation.name: o.name, Translation.shortName: o.shortName, Translation.description: o.description])
            b.dataSets[i].translations = t + Self.formNames(t)
        }
    }

    /// One translation per catalogue and property whose English message is the object's text.
    static func translations(_ catalogues: [Catalogue], _ keys: TextKeys, _ english: [String: String?]) -> [Translation] {
        let suffixes = [Translation.name: "name", Translation.shortName: "shortName"]
        var out: [Translation] = []
        for catalogue in catalogues {
            for property in [Translation.name, Translation.shortName, Translation.description] {
                guard let text = english[property] ?? nil else { continue }
                let key = property == Translation.description ? keys.description : suffixes[property].map { "\(keys.prefix).\($0)" }
                guard let key, let template = catalogue.fallback[key], Catalogue.fill(template, keys.values) == text,
                    let value = catalogue.translated(key, keys.values), !value.isEmpty
                else { continue }
                out.append(Translation(locale: catalogue.language, property: property, value: value))
            }
        }
        return out
    }

    /// The form name (data entry's label, `getDisplayFormName`: the name when no form name is set)
    /// in each language, the translated name.
    static func formNames(_ t: [Translation]) -> [Translation] {
        t.filter { $0.property == Translation.name }.map { Translation(locale: $0.locale, property: Translation.formName, value: $0.value) }
    }
}
