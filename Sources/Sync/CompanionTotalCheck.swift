import GDALBinding

/// The total-population raster read beside age/sex bands is only a check (the report lists units
/// where the bands' sum differs from it); it never feeds a value. WorldPop has published totals on a
/// grid a cell off the bands' (another extent or origin), and refusing the whole run for a check
/// would stop an import that is fine: such a total is set aside with a note instead.
enum CompanionTotalCheck {
    static func settingAsideMisaligned(_ inputs: [YearInputs]) throws -> (inputs: [YearInputs], notes: [String]) {
        guard let reference = inputs.lazy.compactMap({ $0.bands.values.map(\.path).min() }).first else { return (inputs, []) }
        let grid = try GeoTIFF(path: reference).grid
        var notes: [String] = []
        var checked = inputs
        for k in checked.indices where !checked[k].bands.isEmpty {
            guard let total = checked[k].total else { continue }
            let found = try GeoTIFF(path: total.path).grid
            guard !found.isAligned(with: grid) else { continue }
            checked[k].total = nil
            notes.append(
                "\(checked[k].year): the total-population raster '\(total.path)' is on another grid (\(found)) than the age/sex "
                    + "bands (\(grid)), so the bands were not checked against it; the bands are imported as they are.")
        }
        return (checked, notes)
    }
}
