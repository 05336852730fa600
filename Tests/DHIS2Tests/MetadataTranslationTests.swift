import DHIS2StandIn
import DenominatorMetadata
import Denominators
import Foundation
import Localization
import Testing

@testable import DHIS2

/// The metadata carries French, Portuguese and Spanish names, DHIS2 shows them by locale, and an
/// administrator's own translations survive a re-run.
@Suite struct MetadataTranslationTests {
    /// The spec a default age/sex sync ensures: the standard groups, both-sexes element too.
    func standardSpec(_ units: [OrgUnit]) -> PopulationMetadata {
        var s = PopulationMetadata(
            ageGroups: PopulationMetadata.r2025AgeGroups,
            derivedGroups: DerivedGroup.standard.map { .init(key: $0.key, name: $0.name, shortName: $0.shortName) },
            orgUnitIDs: units.filter { $0.level == 2 }.map(\.id), credit: credit)
        s.ageOnly = true
        s.years = [2020]
        return s
    }

    /// `displayName` (or another display property) of every object of a collection, by id.
    func displayed(_ client: DHIS2Client, _ collection: String, _ query: [(String, String)]) async throws -> [String: String] {
        let (data, _) = try await client.send("GET", collection, query: query + [("paging", "false")])
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let list = try #require(root[collection] as? [[String: Any]])
        return Dictionary(
            uniqueKeysWithValues: list.compactMap { o in (o["id"] as? String).map { ($0, o["displayName"] as? String ?? "") } })
    }

    @Test func dataElementsShowTheirFrenchPortugueseAndSpanishNamesByLocale() async throws {
        let units = sampleHierarchy()
        var options = DHIS2StandIn.Options(version: "2.41.1")
        options.account = .superuser
        try await withStandIn(options, units: units) { _, client in
            _ = try await client.ensureMetadata(standardSpec(units), currentYear: 2026)
            let fields = [("fields", "id,displayName")]
            let fr = try await displayed(client, "dataElements", fields + [("locale", "fr")])
            #expect(fr[PopulationMetadata.totalDataElementID] == "Population (WorldPop)")
            #expect(fr[PopulationMetadata.ageSexDataElementID] == "Population par âge et sexe (WorldPop)")
            #expect(fr[PopulationMetadata.ageDataElementID] == "Population par âge (WorldPop)")
            #expect(fr[PopulationMetadata.groupDataElementID("u1")] == "Population de moins de 1 an (WorldPop)")
            #expect(fr[PopulationMetadata.groupDataElementID("u5")] == "Population de moins de 5 ans (WorldPop)")
            #expect(fr[PopulationMetadata.groupDataElementID("wra")] == "Femmes de 15 à 49 ans (WorldPop)")
            let pt = try await displayed(client, "dataElements", fields + [("locale", "pt")])
            #expect(pt[PopulationMetadata.groupDataElementID("u5")] == "População menor de 5 anos (WorldPop)")
            #expect(pt[PopulationMetadata.totalDataElementID] == "População (WorldPop)")
            let es = try await displayed(client, "dataElements", fields + [("locale", "es")])
            #expect(es[PopulationMetadata.groupDataElementID("u5")] == "Población menor de 5 años (WorldPop)")
            #expect(es[PopulationMetadata.groupDataElementID("60plus")] == "Población de 60 años y más (WorldPop)")
            // A locale without translations, and no locale at all: the names themselves.
            let sw = try await displayed(client, "dataElements", fields + [("locale", "sw")])
            #expect(sw[PopulationMetadata.ageSexDataElementID] == "Population by age and sex (WorldPop)")
            let plain = try await displayed(client, "dataElements", fields)
            #expect(plain[PopulationMetadata.groupDataElementID("u5")] == "Population under 5 (WorldPop)")
            let ds = try await displayed(client, "dataSets", fields + [("locale", "fr")])
            #expect(ds[PopulationMetadata.dataSetID] == "Population WorldPop")
            let cats = try await displayed(client, "categories", fields + [("locale", "es")])
            #expect(cats[PopulationMetadata.ageCategoryID] == "Grupo de edad (WorldPop)")
            let combos = try await displayed(client, "categoryCombos", fields + [("locale", "pt")])
            #expect(combos[PopulationMetadata.ageSexComboID] == "Idade e sexo (WorldPop)")
            let opts = try await displayed(client, "categoryOptions", fields + [("locale", "fr")])
            #expect(opts[PopulationMetadata.sexOptionID("f")] == "Féminin (WorldPop)")
            #expect(opts[PopulationMetadata.ageOptionID("1-4")] == "Âge 1-4 (WorldPop)")
        }
    }

    /// From 2.42 `locale` counts only with `translate=true`; otherwise the user's database locale.
    @Test func from242TheLocaleParameterNeedsTranslateTrueAndTheUsersDatabaseLocaleApplies() async throws {
        let units = sampleHierarchy()
        for version in ["2.42.0", "2.43.1"] {
            var options = DHIS2StandIn.Options(version: version)
            options.account = .superuser
            try await withStandIn(options, units: units) { standIn, client in
                _ = try await client.ensureMetadata(standardSpec(units), currentYear: 2026)
                let u5 = PopulationMetadata.groupDataElementID("u5")
                let alone = try await displayed(client, "dataElements", [("fields", "id,displayName"), ("locale", "fr")])
                #expect(alone[u5] == "Population under 5 (WorldPop)", "\(version): locale without translate=true")
                let asked = try await displayed(
                    client, "dataElements", [("fields", "id,displayName"), ("locale", "fr"), ("translate", "true")])
                #expect(asked[u5] == "Population de moins de 5 ans (WorldPop)", "\(version)")
                var portuguese = options
                portuguese.account.dbLocale = "pt"
                standIn.options = portuguese
                let theirs = try await displayed(client, "dataElements", [("fields", "id,displayName")])
                #expect(theirs[u5] == "População menor de 5 anos (WorldPop)", "\(version): the user's keyDbLocale")
            }
        }
    }

    /// 2.43's `CategoryOption.getDisplayShortName` reads "SHORTNAME": the option carries both keys.
    @Test func categoryOptionShortNamesShowOn243AsOn241() async throws {
        let units = sampleHierarchy()
        for version in ["2.41.1", "2.43.1"] {
            var options = DHIS2StandIn.Options(version: version)
            options.account = .superuser
            try await withStandIn(options, units: units) { _, client in
                _ = try await client.ensureMetadata(standardSpec(units), currentYear: 2026)
                let (data, _) = try await client.send(
                    "GET", "categoryOptions",
                    query: [("fields", "id,displayShortName"), ("locale", "es"), ("translate", "true"), ("paging", "false")])
                let list = try #require(
                    (try JSONSerialization.jsonObject(with: data) as? [String: Any])?["categoryOptions"] as? [[String: Any]])
                let male = list.first { $0["id"] as? String == PopulationMetadata.sexOptionID("m") }
                #expect(male?["displayShortName"] as? String == "Masculino WP", "\(version)")
                #expect(male?.keys.sorted() == ["displayShortName", "id"], "only the fields asked for")
            }
        }
    }

    @Test func anAdministratorsTranslationsSurviveARerun() async throws {
        let units = sampleHierarchy()
        try await withStandIn(units: units) { standIn, client in
            let spec = standardSpec(units)
            _ = try await client.ensureMetadata(spec, currentYear: 2026)
            let id = PopulationMetadata.groupDataElementID("u5")
            standIn.editMetadata("dataElements", id) { de in
                var t = ((de["translations"] as? [[String: Any]]) ?? []).filter {
                    !($0["locale"] as? String == "fr" && $0["property"] as? String == "NAME")
                }
                t.append(["locale": "fr", "property": "NAME", "value": "Enfants de moins de 5 ans (WorldPop)"])
                t.append(["locale": "sw", "property": "NAME", "value": "Watoto chini ya miaka 5 (WorldPop)"])
                de["translations"] = t
            }
            // DHIS2 refuses two translations of one property and locale (E1106): the re-run must not send them.
            _ = try await client.ensureMetadata(spec, currentYear: 2026)
            let de = try #require(standIn.metadataObject("dataElements", id))
            let t = (de["translations"] as? [[String: Any]]) ?? []
            func value(_ locale: String, _ property: String) -> [String] {
                t.filter { $0["locale"] as? String == locale && $0["property"] as? String == property }.compactMap {
                    $0["value"] as? String
                }
            }
            #expect(value("fr", "NAME") == ["Enfants de moins de 5 ans (WorldPop)"])
            #expect(value("sw", "NAME") == ["Watoto chini ya miaka 5 (WorldPop)"])
            #expect(value("pt", "NAME") == ["População menor de 5 anos (WorldPop)"])
            #expect(value("fr", "SHORT_NAME") == ["Pop <5 ans WP"])
            let fr = try await displayed(client, "dataElements", [("fields", "id,displayName"), ("locale", "fr")])
            #expect(fr[id] == "Enfants de moins de 5 ans (WorldPop)")
        }
    }

    @Test func theStandInRefusesDuplicateTranslations() async throws {
        let units = sampleHierarchy()
        try await withStandIn(units: units) { _, client in
            var bundle = MetadataBundle()
            var element = DataElement(id: "AdminDE0001", name: "Admin element", shortName: "Admin", categoryCombo: Ref("bjDvmb4bfuf"))
            element.translations = [
                Translation(locale: "fr", property: "NAME", value: "Un"), Translation(locale: "fr", property: "NAME", value: "Deux"),
            ]
            bundle.dataElements = [element]
            let (data, status) = try await client.send("POST", "metadata", body: try JSONEncoder().encode(bundle), accept: [409])
            #expect(status == 409)
            #expect(String(decoding: data, as: UTF8.self).contains("E1106"))
        }
    }

    /// Every object of a standard sync has a name in every catalogue language, and the English
    /// catalogue says what the code names them (a drift between the two would drop translations).
    @Test func everyObjectIsTranslatedIntoEveryCatalogueLanguage() throws {
        let languages = try Catalogues.translationLanguages()
        #expect(languages == ["es", "fr", "pt"])
        let b = standardSpec(sampleHierarchy()).bundle(defaultComboID: "bjDvmb4bfuf", translations: try Catalogues.translations())
        let all: [(String, [Translation])] =
            b.categoryOptions.map { ($0.name, $0.translations) } + b.categories.map { ($0.name, $0.translations) }
            + b.categoryCombos.map { ($0.name, $0.translations) } + b.dataElements.map { ($0.name, $0.translations) }
            + b.dataSets.map { ($0.name, $0.translations) }
        #expect(all.count == 2 + 20 + 2 + 2 + 3 + 5 + 1)
        for (name, t) in all {
            #expect(Set(t.filter { $0.property == "NAME" }.map(\.locale)) == Set(languages), "\(name)")
            #expect(Set(t.map(\.slot)).count == t.count, "\(name): no duplicate slot")
        }
        let population = try #require(b.dataElements.first { $0.id == PopulationMetadata.totalDataElementID })
        let description = population.translations.first { $0.locale == "fr" && $0.property == "DESCRIPTION" }?.value
        #expect(description?.hasPrefix("Résidents estimés") == true && description?.hasSuffix(credit) == true)
        // A group an administrator named differently in the config file gets no translated name;
        // its description is still the standard sentence, translated.
        var custom = standardSpec(sampleHierarchy())
        custom.derivedGroups = [.init(key: "u5", name: "Children under five (WorldPop)", shortName: "Children <5 WP")]
        let other = custom.bundle(defaultComboID: "bjDvmb4bfuf", translations: try Catalogues.translations())
        let renamed = other.dataElements.first { $0.id == PopulationMetadata.groupDataElementID("u5") }?.translations ?? []
        #expect(Set(renamed.map(\.property)) == ["DESCRIPTION"])
        #expect(renamed.count == languages.count)
    }

    /// The catchment, access and school-age elements are translated too, with their distances.
    @Test func catchmentAccessAndSchoolAgeElementsAreTranslated() throws {
        var spec = standardSpec(sampleHierarchy())
        spec.extraElements =
            PopulationMetadata.catchmentElements(method: "within 5 km (geodesic)", credit: credit, radiusKm: 5)
            + PopulationMetadata.accessElements(km: 10, credit: credit)
            + [PopulationMetadata.subpopulationElement("primary school-age population", credit: credit)]
        let b = spec.bundle(defaultComboID: "bjDvmb4bfuf", translations: try Catalogues.translations())
        func value(_ id: String, _ locale: String, _ property: String) -> String? {
            b.dataElements.first { $0.id == id }?.translations.first { $0.locale == locale && $0.property == property }?.value
        }
        #expect(value(PopulationMetadata.catchmentDataElementID, "fr", "NAME") == "Population de l'aire de desserte (WorldPop)")
        #expect(
            value(PopulationMetadata.catchmentAgeSexDataElementID, "es", "DESCRIPTION")?.hasPrefix(
                "Personas que viven en el área de influencia del establecimiento (a menos de 5 km geodésicos)") == true)
        #expect(
            value(PopulationMetadata.beyondDataElementID(km: 10), "pt", "NAME")
                == "População a mais de 10 km de uma unidade de saúde (WorldPop)")
        #expect(value(PopulationMetadata.beyondShareDataElementID(km: 10), "fr", "SHORT_NAME") == "% à plus de 10km WP")
        #expect(
            value(PopulationMetadata.subpopulationDataElementID("primary school-age population"), "fr", "NAME")
                == "Population d'âge scolaire primaire (WorldPop)")
        // Nearest-facility catchments say so in every language.
        var nearest = standardSpec(sampleHierarchy())
        nearest.extraElements = PopulationMetadata.catchmentElements(method: "nearest facility within the parent org unit", credit: credit)
        let n = nearest.bundle(defaultComboID: "bjDvmb4bfuf", translations: try Catalogues.translations())
        let description = n.dataElements.first { $0.id == PopulationMetadata.catchmentDataElementID }?.translations
            .first { $0.locale == "pt" && $0.property == "DESCRIPTION" }?.value
        #expect(description?.contains("unidade mais próxima") == true)
    }
}
