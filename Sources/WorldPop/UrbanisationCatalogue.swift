/// WorldPop's degree-of-urbanisation grid (DUG), R2025A v1, yearly 2015–2030, per country.
///
/// Layout as public code downloads it: ahadi-analytics/sntutils `R/download_worldpop_rasters.R`
/// (`.build_worldpop_urbanicity_url`: `GIS/DUG/Global_2015_2030/{release}/{version}/{year}/{ISO3}/`
/// `{ISO3}_DUG_{year}_GRID_{L1|L2}_{release}_{version}.tif`, ISO3 upper case in the file name too) and
/// its tests (`tests/testthat/test-download_worldpop_rasters.R`: `DZA_DUG_2015_GRID_L1_R2025A_v1.tif`).
/// No hub alias for it appears in public code, so the templates are the only source.
///
/// Classes: level 1 is the UN-endorsed DEGURBA scheme, sntutils documents its values (3 urban centre,
/// 2 urban cluster, 1 rural). Level 2's values are GHSL's SMOD level 2 codes (30 … 11, 10 water), which
/// the DUG follows by name; no public code we found reads them, so a value outside the legend is
/// reported as unclassified, never dropped silently.
extension WorldPopCatalogue {
    static let urbanisationLevel1 = [
        CellClass(3, "urban-centre", "Urban centre"), CellClass(2, "urban-cluster", "Urban cluster"), CellClass(1, "rural", "Rural"),
    ]
    static let urbanisationLevel2 = [
        CellClass(30, "urban-centre", "Urban centre"), CellClass(23, "dense-urban-cluster", "Dense urban cluster"),
        CellClass(22, "semi-dense-urban-cluster", "Semi-dense urban cluster"), CellClass(21, "suburban", "Suburban or peri-urban"),
        CellClass(13, "rural-cluster", "Rural cluster"), CellClass(12, "low-density-rural", "Low density rural"),
        CellClass(11, "very-low-density-rural", "Very low density rural"),
    ]

    static let urbanisation: [WorldPopProduct] = [1, 2].map { level in
        WorldPopProduct(
            id: "g2-dug-l\(level)-100m", title: "population by degree of urbanisation, level \(level), 100 m",
            release: "Global 2 R2025A", years: 2015...2030, resolution: "100 m", content: .classes,
            pathTemplate: "GIS/DUG/Global_2015_2030/R2025A/v1/{YEAR}/{ISO3}/{ISO3}_DUG_{YEAR}_GRID_L\(level)_R2025A_v1.tif",
            notes: level == 1
                ? "urban centre, urban cluster, rural; summed over g2-total-100m" : "7 classes (GHSL level 2); summed over g2-total-100m"
        )
        .with {
            $0.populationProduct = "g2-total-100m"
            $0.classLegend = level == 1 ? urbanisationLevel1 : urbanisationLevel2
            // The DUG's own DOI is in no public code we found; the credit names the population's (WP00839).
            $0.projectedFrom = 2025
        }
    }
}
