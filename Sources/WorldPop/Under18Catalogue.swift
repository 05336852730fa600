/// WorldPop Global 2 R2025A population under 18 (2015–2030, 100 m, constrained): one zip per
/// country and year with `{iso}_{T|F|M}_Under_18_{year}_CN_100m.tif` (both sexes, female, male).
///
/// Seen in unicef/giga-spatial `gigaspatial/handlers/worldpop.py`: hub alias
/// `age_structures/G2_Age_U18_R25A_100m` (100 m only), its files a zip (`ZIP_CATEGORIES`), the
/// members named `rwa_T_Under_18_2020_CN_100m.tif` … in its docstring. The zip's own path is what
/// the hub's record lists; no public code spells it out, so the template below (beside R2025A's
/// age/sex packs, `…/R2025A/{YEAR}/{ISO3}/v1/100m/{iso3}_agesex_structures_…zip` in
/// OCHA-DAP/hdx-scraper-worldpop's recorded answers) is a fallback that may 404 on the real server.
/// Under-18 cannot be made from the 5-year bands (15–19 straddles 18): a product of its own, into a
/// data element of its own. The T file is read (both sexes).
extension WorldPopCatalogue {
    static let under18: [WorldPopProduct] = [
        WorldPopProduct(
            id: "g2-u18-100m", title: "population under 18, both sexes, 100 m, constrained", release: "Global 2 R2025A",
            years: 2015...2030, resolution: "100 m", content: .total,
            pathTemplate:
                "GIS/AgeSex_structures/Global_2015_2030/R2025A/{YEAR}/{ISO3}/v1/100m/{iso3}_Under_18_{YEAR}_CN_100m_R2025A_v1.zip",
            notes: "zip of T/F/M; the T (both sexes) GeoTIFF is read; the zip's path as the hub lists it"
        )
        .with {
            $0.hub = HubAlias("age_structures", "G2_Age_U18_R25A_100m")
            $0.archiveMember = "_T_Under_18_{YEAR}_CN_100m.tif"
            $0.subpopulation = "under-18 population"
            $0.projectedFrom = 2025
        }
    ]
}
