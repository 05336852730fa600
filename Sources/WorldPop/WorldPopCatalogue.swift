/// The WorldPop products worldpop-dhis2 knows, with where their files are on the data server
/// (`https://data.worldpop.org/` unless --worldpop-url says otherwise).
///
/// Layouts checked in November 2026 against public code and metadata that name real files
/// (nothing here could reach the live server): ahadi-analytics/sntutils
/// `R/download_worldpop_rasters.R` and its tests, stactools-packages/worldpop, WorldPop's dataset
/// descriptions on HDX ("0-1 and by 5-year up to 90+"), and wpgpDownloadR's file names.
public enum WorldPopCatalogue {
    public static let defaultServer = "https://data.worldpop.org/"
    /// WorldPop's FTP mirror: the same paths under its root, and `REST` resume, which the HTTPS
    /// server lacks (it ignores Range). Public downloaders use it with at most 4 connections.
    public static let defaultMirror = "ftp://ftp.worldpop.org.uk/"
    /// The hub's REST API: per product and country, the real file URLs, DOI and citation.
    public static let defaultHub = "https://hub.worldpop.org/"

    /// Global 2 age groups: 0, 1–4, 5–9, …, 85–89, 90+ (20 per sex; HDX: "90 = age 90 years and over").
    public static let global2AgeStarts = [0, 1] + Array(stride(from: 5, through: 90, by: 5))
    /// Global 1 age groups stop at 80+ (18 per sex; file names not zero-padded: `nga_f_1_2018.tif`).
    public static let global1AgeStarts = [0, 1] + Array(stride(from: 5, through: 80, by: 5))

    public static let products: [WorldPopProduct] =
        global2 + global2R2024B + (global1 + global1Constrained).map { $0.with { $0.kosovoCode = "KOS" } } + recent
        + urbanisation + under18 + births

    /// Global 2, R2025A: 2015–2030, constrained to settled areas. WorldPop's release statement
    /// (data.worldpop.org/repo/prj/Global_2015_2030/R2025A/doc/Global2_Release_Statement_R2025A_v1.pdf)
    /// calls it an alpha release; the hub's records say so and give the DOIs (WP00839 total 100 m,
    /// WP00841 age/sex 100 m). Years from 2025 are projections.
    static let global2: [WorldPopProduct] = [
        WorldPopProduct(
            id: "g2-total-100m", title: "total population, 100 m, constrained", release: "Global 2 R2025A", years: 2015...2030,
            resolution: "100 m", content: .total,
            pathTemplate:
                "GIS/Population/Global_2015_2030/R2025A/{YEAR}/{ISO3}/v1/100m/constrained/{iso3}_pop_{YEAR}_CN_100m_R2025A_v1.tif",
            notes: "default"
        )
        .with {
            $0.hub = HubAlias("pop", "G2_CN_POP_R25A_100m")
            $0.doi = "10.5258/SOTON/WP00839"
            $0.projectedFrom = 2025
        },
        WorldPopProduct(
            id: "g2-agesex-100m", title: "population by age and sex, 100 m, constrained",
            release: "Global 2 R2025A", years: 2015...2030,
            resolution: "100 m", content: .ageSex,
            pathTemplate:
                "GIS/AgeSex_structures/Global_2015_2030/R2025A/{YEAR}/{ISO3}/v1/100m/constrained/"
                + "{iso3}_{SEX}_{AGE2}_{YEAR}_CN_100m_R2025A_v1.tif",
            ageStarts: global2AgeStarts, totalCompanion: "g2-total-100m"
        )
        .with {
            $0.hub = global2AgeHub100m
            $0.doi = "10.5258/SOTON/WP00841"
            $0.projectedFrom = 2025
        },
        // Both sexes together (`t`): 20 files a year instead of 40, for age groups without sex.
        WorldPopProduct(
            id: "g2-age-100m", title: "population by age, both sexes, 100 m, constrained",
            release: "Global 2 R2025A", years: 2015...2030,
            resolution: "100 m", content: .ageSex,
            pathTemplate:
                "GIS/AgeSex_structures/Global_2015_2030/R2025A/{YEAR}/{ISO3}/v1/100m/constrained/"
                + "{iso3}_{SEX}_{AGE2}_{YEAR}_CN_100m_R2025A_v1.tif",
            ageStarts: global2AgeStarts, totalCompanion: "g2-total-100m", notes: "both sexes (t) files: 20 a year"
        )
        .with {
            $0.sexes = ["t"]
            $0.hub = global2AgeHub100m
            $0.doi = "10.5258/SOTON/WP00841"
            $0.projectedFrom = 2025
        },
        WorldPopProduct(
            id: "g2-total-1km", title: "total population, 1 km, constrained, UN-adjusted",
            release: "Global 2 R2025A", years: 2015...2030,
            resolution: "1 km", content: .total,
            pathTemplate:
                "GIS/Population/Global_2015_2030/R2025A/{YEAR}/{ISO3}/v1/1km_ua/constrained/{iso3}_pop_{YEAR}_CN_1km_R2025A_UA_v1.tif"
        )
        .with {
            $0.hub = HubAlias("pop", "G2_CN_POP_R25A_1km")
            // WP00840 (and WP00842 for age/sex): see `global2AgeHub1km`.
            $0.doi = "10.5258/SOTON/WP00840"
            $0.projectedFrom = 2025
        },
        WorldPopProduct(
            id: "g2-agesex-1km", title: "population by age and sex, 1 km, constrained, UN-adjusted", release: "Global 2 R2025A",
            years: 2015...2030,
            resolution: "1 km", content: .ageSex,
            pathTemplate:
                "GIS/AgeSex_structures/Global_2015_2030/R2025A/{YEAR}/{ISO3}/v1/1km_ua/constrained/"
                + "{iso3}_{SEX}_{AGE2}_{YEAR}_CN_1km_R2025A_UA_v1.tif",
            ageStarts: global2AgeStarts, totalCompanion: "g2-total-1km"
        )
        .with {
            $0.hub = global2AgeHub1km
            $0.doi = "10.5258/SOTON/WP00842"
            $0.projectedFrom = 2025
        },
    ]

    /// The hub lists f, m and t files of a Global 2 R2025A country and year under one alias. Seen in
    /// unicef/giga-spatial `gigaspatial/handlers/worldpop.py` (`G2_CN_Age_R25A_100m` if resolution == 100
    /// else `G2_CN_Age_R25A_1km`, project `age_structures`) and in scripts asking
    /// `rest/data/age_structures/G2_CN_Age_R25A_1km`; the 1 km DOIs WP00840 (total) and WP00842 (age/sex) in
    /// several public projects citing the 1 km R2025A files (none names a DOI for them in the hub's own words).
    static let global2AgeHub100m = HubAlias("age_structures", "G2_CN_Age_R25A_100m")
    static let global2AgeHub1km = HubAlias("age_structures", "G2_CN_Age_R25A_1km")

    /// Global 2, R2024B (beta), unconstrained: people spread over all land, 2015–2030. Layout and
    /// DOIs from the hub's records (WP00802 total, WP00804 age/sex: f, m and t × 00, 01, 05 … 90).
    static let global2R2024B: [WorldPopProduct] = [
        WorldPopProduct(
            id: "g2-r24b-total-100m-unconstrained", title: "total population, 100 m, unconstrained", release: "Global 2 R2024B",
            years: 2015...2030, resolution: "100 m", content: .total,
            pathTemplate:
                "GIS/Population/Global_2015_2030/R2024B/{YEAR}/{ISO3}/v1/100m/unconstrained/{iso3}_pop_{YEAR}_UC_100m_R2024B_v1.tif"
        )
        .with {
            $0.hub = HubAlias("pop", "G2_UC_POP_R24B_100m")
            $0.doi = "10.5258/SOTON/WP00802"
        },
        WorldPopProduct(
            id: "g2-r24b-agesex-100m-unconstrained", title: "population by age and sex, 100 m, unconstrained",
            release: "Global 2 R2024B",
            years: 2015...2030, resolution: "100 m", content: .ageSex,
            pathTemplate:
                "GIS/AgeSex_structures/Global_2015_2030/R2024B/{YEAR}/{ISO3}/v1/100m/unconstrained/"
                + "{iso3}_{SEX}_{AGE2}_{YEAR}_UC_100m_R2024B_v1.tif",
            ageStarts: global2AgeStarts, totalCompanion: "g2-r24b-total-100m-unconstrained"
        )
        .with {
            // Recorded by OCHA-DAP/hdx-scraper-worldpop: tests/fixtures/input/age-structures-g2-uc-age-r24b-100m-iso3-afg.json
            // (commit d5ce248; the file name is the URL folded to lower case), whose records name these files.
            $0.hub = HubAlias("age_structures", "G2_UC_Age_R24B_100m")
            $0.doi = "10.5258/SOTON/WP00804"
        },
    ]

    /// Global 1: 2000–2020, top-down, unconstrained (people spread over all land). Layouts as used
    /// by wpgpDownloadR, sntutils and the WorldPop hub.
    static let global1: [WorldPopProduct] = [
        WorldPopProduct(
            id: "g1-total-100m", title: "total population, 100 m, unconstrained", release: "Global 1", years: 2000...2020,
            resolution: "100 m", content: .total,
            pathTemplate: "GIS/Population/Global_2000_2020/{YEAR}/{ISO3}/{iso3}_ppp_{YEAR}.tif"
        )
        .with { $0.hub = HubAlias("pop", "wpgp") },
        WorldPopProduct(
            id: "g1-total-100m-unadj", title: "total population, 100 m, unconstrained, UN-adjusted", release: "Global 1",
            years: 2000...2020,
            resolution: "100 m", content: .total,
            pathTemplate: "GIS/Population/Global_2000_2020/{YEAR}/{ISO3}/{iso3}_ppp_{YEAR}_UNadj.tif"
        )
        .with {
            $0.hub = HubAlias("pop", "wpgpunadj")
            $0.doi = "10.5258/SOTON/WP00660"
        },
        WorldPopProduct(
            id: "g1-agesex-100m", title: "population by age and sex, 100 m, unconstrained", release: "Global 1", years: 2000...2020,
            resolution: "100 m", content: .ageSex,
            pathTemplate: "GIS/AgeSex_structures/Global_2000_2020/{YEAR}/{ISO3}/{iso3}_{SEX}_{AGE}_{YEAR}.tif",
            ageStarts: global1AgeStarts, totalCompanion: "g1-total-100m"
        )
        .with { $0.doi = "10.5258/SOTON/WP00646" },
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
            id: "g1-total-1km-unadj", title: "total population, 1 km, unconstrained, UN-adjusted",
            release: "Global 1", years: 2000...2020,
            resolution: "1 km", content: .total,
            pathTemplate: "GIS/Population/Global_2000_2020_1km_UNadj/{YEAR}/{ISO3}/{iso3}_ppp_{YEAR}_1km_Aggregated_UNadj.tif"),
    ]

    /// Global 1 constrained 2020: under `maxar_v1/` for sub-Saharan Africa, `BSGM/` elsewhere
    /// (`{G1C}`, see `Global1ConstrainedFolder`). Hub aliases and DOI from stactools-packages/worldpop
    /// and WorldPopPy (cic2020_UNadj_100m: WP00685; cic2020_100m).
    static let global1Constrained: [WorldPopProduct] = [
        WorldPopProduct(
            id: "g1-constrained-2020-100m", title: "total population 2020, 100 m, constrained, UN-adjusted", release: "Global 1",
            years: 2020...2020,
            resolution: "100 m", content: .total,
            pathTemplate: "GIS/Population/Global_2000_2020_Constrained/2020/{G1C}/{ISO3}/{iso3}_ppp_{YEAR}_UNadj_constrained.tif",
            notes: "maxar_v1/ for sub-Saharan Africa, BSGM/ elsewhere"
        )
        .with {
            $0.hub = HubAlias("pop", "cic2020_UNadj_100m")
            $0.doi = "10.5258/SOTON/WP00685"
        },
        WorldPopProduct(
            id: "g1-constrained-2020-100m-unadj",
            title: "total population 2020, 100 m, constrained (not UN-adjusted)", release: "Global 1",
            years: 2020...2020, resolution: "100 m", content: .total,
            pathTemplate: "GIS/Population/Global_2000_2020_Constrained/2020/{G1C}/{ISO3}/{iso3}_ppp_{YEAR}_constrained.tif",
            notes: "maxar_v1/ for sub-Saharan Africa, BSGM/ elsewhere"
        )
        .with { $0.hub = HubAlias("pop", "cic2020_100m") },
        WorldPopProduct(
            id: "g1-agesex-constrained-2020-100m", title: "population 2020 by age and sex, 100 m, constrained, UN-adjusted",
            release: "Global 1",
            years: 2020...2020, resolution: "100 m", content: .ageSex,
            pathTemplate:
                "GIS/AgeSex_structures/Global_2000_2020_Constrained_UNadj/2020/{ISO3}/{iso3}_{SEX}_{AGE}_{YEAR}_constrained_UNadj.tif",
            ageStarts: global1AgeStarts, totalCompanion: "g1-constrained-2020-100m"
        )
        .with { $0.doi = "10.5258/SOTON/WP00698" },
    ]

    /// After Global 1: 2021 and 2022 at 1 km, UN-adjusted (unconstrained and constrained folders),
    /// and WorldPop's 2020 school-age populations (primary and secondary, both sexes, 1 km).
    /// Layouts from public code that downloads them (gigaspatial's WorldPop config; several scripts
    /// fetching `…/Global_2021_2022_1km_UNadj/{unconstrained|constrained}/2022/{ISO3}/…`).
    static let recent: [WorldPopProduct] = [
        WorldPopProduct(
            id: "g1-total-2021-2022-1km", title: "total population, 1 km, unconstrained, UN-adjusted",
            release: "Global 2021-2022 1km UNadj",
            years: 2021...2022, resolution: "1 km", content: .total,
            pathTemplate: "GIS/Population/Global_2021_2022_1km_UNadj/unconstrained/{YEAR}/{ISO3}/{iso3}_ppp_{YEAR}_1km_UNadj.tif"),
        WorldPopProduct(
            id: "g1-constrained-2021-2022-1km", title: "total population, 1 km, constrained, UN-adjusted",
            release: "Global 2021-2022 1km UNadj",
            years: 2021...2022, resolution: "1 km", content: .total,
            pathTemplate: "GIS/Population/Global_2021_2022_1km_UNadj/constrained/{YEAR}/{ISO3}/"
                + "{iso3}_ppp_{YEAR}_1km_UNadj_constrained.tif"),
        WorldPopProduct(
            id: "school-age-primary-2020-1km", title: "primary school-age population 2020, both sexes, 1 km",
            release: "School-age population v1",
            years: 2020...2020, resolution: "1 km", content: .total,
            pathTemplate:
                "GIS/AgeSex_structures/school_age_population/v1/{YEAR}/{ISO3}/{ISO3}_SAP_1km_{YEAR}/{ISO3}_F_M_PRIMARY_{YEAR}_1km.tif",
            notes: "one value per unit: the primary school-age population"
        )
        .with { $0.subpopulation = "primary school-age population" },
        WorldPopProduct(
            id: "school-age-secondary-2020-1km", title: "secondary school-age population 2020, both sexes, 1 km",
            release: "School-age population v1",
            years: 2020...2020, resolution: "1 km", content: .total,
            pathTemplate:
                "GIS/AgeSex_structures/school_age_population/v1/{YEAR}/{ISO3}/{ISO3}_SAP_1km_{YEAR}/{ISO3}_F_M_SECONDARY_{YEAR}_1km.tif",
            notes: "one value per unit: the secondary school-age population"
        )
        .with { $0.subpopulation = "secondary school-age population" },
    ]

    public static func product(_ id: String) throws -> WorldPopProduct {
        guard let p = products.first(where: { $0.id == id.lowercased() }) else {
            throw WorldPopError.unknownProduct(id, known: products.map(\.id))
        }
        return p
    }
}
