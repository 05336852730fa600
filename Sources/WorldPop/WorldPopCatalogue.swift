/// The WorldPop products worldpop-dhis2 knows, with where their files are on the data server
/// (`https://data.worldpop.org/` unless --worldpop-url says otherwise).
///
/// Layouts checked in November 2026 against public code and metadata that name real files
/// (nothing here could reach the live server): ahadi-analytics/sntutils
/// `R/download_worldpop_rasters.R` and its tests, stactools-packages/worldpop, WorldPop's dataset
/// descriptions on HDX ("0-1 and by 5-year up to 90+"), and wpgpDownloadR's file names.
public enum WorldPopCatalogue {
    public static let defaultServer = "https://data.worldpop.org/"

    /// Global 2 age groups: 0, 1–4, 5–9, …, 85–89, 90+ (20 per sex; HDX: "90 = age 90 years and over").
    public static let global2AgeStarts = [0, 1] + Array(stride(from: 5, through: 90, by: 5))
    /// Global 1 age groups stop at 80+ (18 per sex; file names not zero-padded: `nga_f_1_2018.tif`).
    public static let global1AgeStarts = [0, 1] + Array(stride(from: 5, through: 80, by: 5))

    public static let products: [WorldPopProduct] = [
        // Global 2, R2025A: 2015–2030, constrained to settled areas. WorldPop's release statement
        // (data.worldpop.org/repo/prj/Global_2015_2030/R2025A/doc/Global2_Release_Statement_R2025A_v1.pdf)
        // calls it an alpha release; the release goes into every credit line.
        WorldPopProduct(
            id: "g2-total-100m", title: "total population, 100 m, constrained", release: "Global 2 R2025A", years: 2015...2030,
            resolution: "100 m", content: .total,
            pathTemplate: "GIS/Population/Global_2015_2030/R2025A/{YEAR}/{ISO3}/v1/100m/constrained/{iso3}_pop_{YEAR}_CN_100m_R2025A_v1.tif",
            notes: "default"),
        WorldPopProduct(
            id: "g2-agesex-100m", title: "population by age and sex, 100 m, constrained", release: "Global 2 R2025A", years: 2015...2030,
            resolution: "100 m", content: .ageSex,
            pathTemplate: "GIS/AgeSex_structures/Global_2015_2030/R2025A/{YEAR}/{ISO3}/v1/100m/constrained/{iso3}_{SEX}_{AGE2}_{YEAR}_CN_100m_R2025A_v1.tif",
            ageStarts: global2AgeStarts, totalCompanion: "g2-total-100m"),
        WorldPopProduct(
            id: "g2-total-1km", title: "total population, 1 km, constrained, UN-adjusted", release: "Global 2 R2025A", years: 2015...2030,
            resolution: "1 km", content: .total,
            pathTemplate: "GIS/Population/Global_2015_2030/R2025A/{YEAR}/{ISO3}/v1/1km_ua/constrained/{iso3}_pop_{YEAR}_CN_1km_R2025A_UA_v1.tif"),
        WorldPopProduct(
            id: "g2-agesex-1km", title: "population by age and sex, 1 km, constrained, UN-adjusted", release: "Global 2 R2025A", years: 2015...2030,
            resolution: "1 km", content: .ageSex,
            pathTemplate: "GIS/AgeSex_structures/Global_2015_2030/R2025A/{YEAR}/{ISO3}/v1/1km_ua/constrained/{iso3}_{SEX}_{AGE2}_{YEAR}_CN_1km_R2025A_UA_v1.tif",
            ageStarts: global2AgeStarts, totalCompanion: "g2-total-1km"),

        // Global 1: 2000–2020, top-down, unconstrained (people spread over all land), and the
        // 2020 constrained mosaics. Layouts as used by wpgpDownloadR and the WorldPop hub.
        WorldPopProduct(
            id: "g1-total-100m", title: "total population, 100 m, unconstrained", release: "Global 1", years: 2000...2020,
            resolution: "100 m", content: .total,
            pathTemplate: "GIS/Population/Global_2000_2020/{YEAR}/{ISO3}/{iso3}_ppp_{YEAR}.tif"),
        WorldPopProduct(
            id: "g1-total-100m-unadj", title: "total population, 100 m, unconstrained, UN-adjusted", release: "Global 1", years: 2000...2020,
            resolution: "100 m", content: .total,
            pathTemplate: "GIS/Population/Global_2000_2020/{YEAR}/{ISO3}/{iso3}_ppp_{YEAR}_UNadj.tif"),
        WorldPopProduct(
            id: "g1-agesex-100m", title: "population by age and sex, 100 m, unconstrained", release: "Global 1", years: 2000...2020,
            resolution: "100 m", content: .ageSex,
            pathTemplate: "GIS/AgeSex_structures/Global_2000_2020/{YEAR}/{ISO3}/{iso3}_{SEX}_{AGE}_{YEAR}.tif",
            ageStarts: global1AgeStarts, totalCompanion: "g1-total-100m"),
        WorldPopProduct(
            id: "g1-agesex-1km", title: "population by age and sex, 1 km, unconstrained", release: "Global 1", years: 2000...2020,
            resolution: "1 km", content: .ageSex,
            pathTemplate: "GIS/AgeSex_structures/Global_2000_2020_1km/unconstrained/{YEAR}/{ISO3}/{iso3}_{SEX}_{AGE}_{YEAR}_1km.tif",
            ageStarts: global1AgeStarts, totalCompanion: "g1-total-1km"),
        WorldPopProduct(
            id: "g1-total-1km", title: "total population, 1 km, unconstrained", release: "Global 1", years: 2000...2020,
            resolution: "1 km", content: .total,
            pathTemplate: "GIS/Population/Global_2000_2020_1km/{YEAR}/{ISO3}/{iso3}_ppp_{YEAR}_1km_Aggregated.tif"),
        WorldPopProduct(
            id: "g1-total-1km-unadj", title: "total population, 1 km, unconstrained, UN-adjusted", release: "Global 1", years: 2000...2020,
            resolution: "1 km", content: .total,
            pathTemplate: "GIS/Population/Global_2000_2020_1km_UNadj/{YEAR}/{ISO3}/{iso3}_ppp_{YEAR}_1km_Aggregated_UNadj.tif"),
        WorldPopProduct(
            id: "g1-constrained-2020-100m", title: "total population 2020, 100 m, constrained, UN-adjusted", release: "Global 1", years: 2020...2020,
            resolution: "100 m", content: .total,
            pathTemplate: "GIS/Population/Global_2000_2020_Constrained/2020/BSGM/{ISO3}/{iso3}_ppp_{YEAR}_UNadj_constrained.tif",
            notes: "some countries are under maxar_v1/ instead of BSGM/: then use --worldpop-dir or --raster"),
        WorldPopProduct(
            id: "g1-agesex-constrained-2020-100m", title: "population 2020 by age and sex, 100 m, constrained, UN-adjusted", release: "Global 1",
            years: 2020...2020, resolution: "100 m", content: .ageSex,
            pathTemplate: "GIS/AgeSex_structures/Global_2000_2020_Constrained_UNadj/2020/{ISO3}/{iso3}_{SEX}_{AGE}_{YEAR}_constrained_UNadj.tif",
            ageStarts: global1AgeStarts, totalCompanion: "g1-constrained-2020-100m"),
    ]

    public static func product(_ id: String) throws -> WorldPopProduct {
        guard let p = products.first(where: { $0.id == id.lowercased() }) else {
            throw WorldPopError.unknownProduct(id, known: products.map(\.id))
        }
        return p
    }
}
