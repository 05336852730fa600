import DHIS2
import Foundation
import Localization

/// The ids of what `ensureMetadata` created, with the server-generated category option combos
/// mapped from their category options (never from names or order).
public struct MetadataIDs: Sendable, Equatable {
    public var defaultCategoryOptionCombo: String
    /// Sex key and age label ("f|0", "m|90+") → category option combo of the age/sex combo;
    /// "t|0" … for the age combo of both-sexes runs (`PopulationMetadata.ageOnly`).
    public var ageSexCombos: [String: String]
    /// "element|option" → category option combo of a class element (`ClassElement`).
    public var classCombos: [String: String] = [:]

    public init(defaultCategoryOptionCombo: String, ageSexCombos: [String: String]) {
        self.defaultCategoryOptionCombo = defaultCategoryOptionCombo
        self.ageSexCombos = ageSexCombos
    }

    public func ageSexCombo(sex: String, age: String) -> String? { ageSexCombos["\(sex)|\(age)"] }
}

/// What `ensureMetadata` did.
public struct MetadataResult: Sendable {
    public var report: MetadataImportReport
    public var ids: MetadataIDs
    /// Objects of the bundle that did not exist on the server before (in a dry run: still do not).
    public var missingObjects: Int
    /// How the age/sex category option combos came to exist, when this run generated them.
    public var optionCombosGenerated: OptionComboGeneration?
    /// Sentences for the report: sharing granted, future periods opened.
    public var notes: [String]
}

extension DHIS2Client {
    /// Creates or updates the population metadata, all or nothing, without undoing an
    /// administrator's edits, then makes DHIS2 generate the age/sex category option combos and
    /// maps them.
    ///
    /// `/api/metadata` replaces a whole object on update (merge mode REPLACE): a field not sent is
    /// reset. So objects that exist are read first (`fields=:owner`) and only the fields this tool
    /// owns are overlaid (`MetadataMerge`). `dryRun` validates with `importMode=VALIDATE`:
    /// `/api/metadata` does not read `dryRun` and would commit.
    ///
    /// - Parameters:
    ///   - requireAgeSex: fail unless every option combo the bands need exists afterwards (age/sex
    ///     runs; the age combo's for `ageOnly` specs).
    ///   - currentYear: the server's year, which decides how many future years the data set opens.
    public func ensureMetadata(
        _ spec: PopulationMetadata, dryRun: Bool = false, requireAgeSex: Bool = false,
        currentYear: Int? = nil
    ) async throws -> MetadataResult {
        let defaults = try await defaultCategoryCombo()
        let account = try await me()
        let bundle = spec.bundle(defaultComboID: defaults.combo, translations: try Catalogues.translations())
        var merge = MetadataMerge(
            account: account, openFuturePeriods: spec.openFuturePeriods(currentYear: currentYear ?? SystemInfo.localYear))
        var payload: [String: Any] = [:]
        var missing = 0
        for (collection, objects) in try bundle.jsonCollections() {
            let existing = try await ownerFields(collection, ids: objects.compactMap { $0["id"] as? String })
            missing += objects.count - existing.count
            payload[collection] = objects.map {
                merge.merge(ours: $0, existing: existing[$0["id"] as? String ?? ""], collection: collection)
            }
        }
        let report = try await importMetadata(payload, strategy: "CREATE_AND_UPDATE", dryRun: dryRun)
        var ids = try await mapAgeSexCombos(spec, defaultCOC: defaults.optionCombo)
        var generated: OptionComboGeneration?
        for combo in spec.mappedCombos where !dryRun && combo.keys(spec).contains(where: { ids.ageSexCombos[$0] == nil }) {
            generated = try await generateOptionCombos(categoryCombo: combo.id)
            ids = try await mapAgeSexCombos(spec, defaultCOC: defaults.optionCombo)
        }
        // A dry run writes nothing, so it cannot have combos generated: it validates what exists.
        if requireAgeSex, !dryRun {
            try spec.requireEveryAgeSexCombo(ids)
        }
        let classes = try await mapClassCombos(spec, dryRun: dryRun)
        ids.classCombos = classes.combos
        generated = generated ?? classes.generated
        return MetadataResult(report: report, ids: ids, missingObjects: missing, optionCombosGenerated: generated, notes: merge.notes)
    }

    /// Reads the option combos of the age/sex combo (and of the age combo, for `ageOnly`) and
    /// keys them by their options' ids; combos not (yet) generated are left out.
    public func mapAgeSexCombos(_ spec: PopulationMetadata, defaultCOC: String) async throws -> MetadataIDs {
        var map: [String: String] = [:]
        for combo in spec.mappedCombos {
            let byOptions = try await optionCombosByOptions(ofCategoryCombo: combo.id)
            for sex in combo.sexes {
                for age in spec.ageGroups {
                    var options: Set = [PopulationMetadata.ageOptionID(age)]
                    if sex != "t" { options.insert(PopulationMetadata.sexOptionID(sex)) }
                    if let coc = byOptions[options] { map["\(sex)|\(age)"] = coc }
                }
            }
        }
        return MetadataIDs(defaultCategoryOptionCombo: defaultCOC, ageSexCombos: map)
    }
}

extension PopulationMetadata {
    /// A category combo whose option combos DHIS2 generates and this tool maps by options.
    struct MappedCombo {
        var id: String
        /// Sex keys of its option combos: "f" and "m", or "t" for the age combo (no sex option).
        var sexes: [String]
        func keys(_ spec: PopulationMetadata) -> [String] { sexes.flatMap { sex in spec.ageGroups.map { "\(sex)|\($0)" } } }
    }

    var mappedCombos: [MappedCombo] {
        [MappedCombo(id: Self.ageSexComboID, sexes: Self.sexes.map(\.0))]
            + (ageOnly ? [MappedCombo(id: Self.ageComboID, sexes: ["t"])] : [])
    }

    func requireEveryAgeSexCombo(_ ids: MetadataIDs) throws {
        let needed = ageOnly ? ["t": "Both sexes"] : Dictionary(uniqueKeysWithValues: Self.sexes)
        let missing = needed.sorted { $0.key < $1.key }.flatMap { sex, name in
            ageGroups.filter { ids.ageSexCombo(sex: sex, age: $0) == nil }.map { "\(name) \($0)" }
        }
        guard missing.isEmpty else {
            throw DHIS2Error.invalidResponse(
                path: "/api/categoryOptionCombos",
                reason: "no category option combo for \(missing.prefix(5).joined(separator: ", ")); "
                    + "run Data Administration ▸ Maintenance ▸ 'Update category option combinations' in DHIS2, then run again")
        }
    }
}
