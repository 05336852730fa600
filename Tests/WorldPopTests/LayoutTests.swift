import Foundation
import TestSupport
import Testing

@testable import WorldPop

/// The file every product names for the countries that use DHIS2 most, as the real server lays
/// them out (layouts verified in public code and the hub's records; see REPORT of issue #14).
@Suite struct LayoutTests {
    func path(_ product: String, _ iso3: String, _ year: Int, _ index: Int = 0) throws -> String {
        try WorldPopCatalogue.product(product).files(iso3: iso3, year: year)[index].path
    }

    @Test func global1ConstrainedIsUnderMaxarForSubSaharanAfricaAndBSGMElsewhere() throws {
        #expect(
            try path("g1-constrained-2020-100m", "COD", 2020)
                == "GIS/Population/Global_2000_2020_Constrained/2020/maxar_v1/COD/cod_ppp_2020_UNadj_constrained.tif")
        #expect(
            try path("g1-constrained-2020-100m", "nga", 2020)
                == "GIS/Population/Global_2000_2020_Constrained/2020/maxar_v1/NGA/nga_ppp_2020_UNadj_constrained.tif")
        #expect(
            try path("g1-constrained-2020-100m", "SLE", 2020)
                == "GIS/Population/Global_2000_2020_Constrained/2020/maxar_v1/SLE/sle_ppp_2020_UNadj_constrained.tif")
        #expect(
            try path("g1-constrained-2020-100m", "PHL", 2020)
                == "GIS/Population/Global_2000_2020_Constrained/2020/BSGM/PHL/phl_ppp_2020_UNadj_constrained.tif")
        #expect(
            try path("g1-constrained-2020-100m-unadj", "KEN", 2020)
                == "GIS/Population/Global_2000_2020_Constrained/2020/maxar_v1/KEN/ken_ppp_2020_constrained.tif")
        #expect(
            try path("g1-constrained-2020-100m-unadj", "CHN", 2020)
                == "GIS/Population/Global_2000_2020_Constrained/2020/BSGM/CHN/chn_ppp_2020_constrained.tif")
        // The other folder is the fallback for a country the list misplaces.
        let cod = try WorldPopCatalogue.product("g1-constrained-2020-100m").files(iso3: "COD", year: 2020)[0]
        #expect(cod.alternatePaths == ["GIS/Population/Global_2000_2020_Constrained/2020/BSGM/COD/cod_ppp_2020_UNadj_constrained.tif"])
        #expect(Global1ConstrainedFolder.maxarCountries.count == 50)
        #expect(
            Global1ConstrainedFolder.maxarCountries.isSuperset(of: [
                "COD", "NGA", "SLE", "KEN", "UGA", "TZA", "CMR", "DJI", "GNQ", "ZAF", "MDG",
            ]))
    }

    @Test func everyProductResolvesForCODNGAAndSLE() throws {
        let expected: [String: String] = [
            "g2-total-100m": "GIS/Population/Global_2015_2030/R2025A/2020/{C}/v1/100m/constrained/{c}_pop_2020_CN_100m_R2025A_v1.tif",
            "g2-agesex-100m":
                "GIS/AgeSex_structures/Global_2015_2030/R2025A/2020/{C}/v1/100m/constrained/{c}_f_00_2020_CN_100m_R2025A_v1.tif",
            "g2-age-100m": "GIS/AgeSex_structures/Global_2015_2030/R2025A/2020/{C}/v1/100m/constrained/{c}_t_00_2020_CN_100m_R2025A_v1.tif",
            "g2-total-1km": "GIS/Population/Global_2015_2030/R2025A/2020/{C}/v1/1km_ua/constrained/{c}_pop_2020_CN_1km_R2025A_UA_v1.tif",
            "g2-agesex-1km":
                "GIS/AgeSex_structures/Global_2015_2030/R2025A/2020/{C}/v1/1km_ua/constrained/{c}_f_00_2020_CN_1km_R2025A_UA_v1.tif",
            "g2-r24b-total-100m-unconstrained":
                "GIS/Population/Global_2015_2030/R2024B/2020/{C}/v1/100m/unconstrained/{c}_pop_2020_UC_100m_R2024B_v1.tif",
            "g2-r24b-agesex-100m-unconstrained":
                "GIS/AgeSex_structures/Global_2015_2030/R2024B/2020/{C}/v1/100m/unconstrained/{c}_f_00_2020_UC_100m_R2024B_v1.tif",
            "g1-total-100m": "GIS/Population/Global_2000_2020/2020/{C}/{c}_ppp_2020.tif",
            "g1-total-100m-unadj": "GIS/Population/Global_2000_2020/2020/{C}/{c}_ppp_2020_UNadj.tif",
            "g1-agesex-100m": "GIS/AgeSex_structures/Global_2000_2020/2020/{C}/{c}_f_0_2020.tif",
            "g1-agesex-1km": "GIS/AgeSex_structures/Global_2000_2020_1km/unconstrained/2020/{C}/{c}_f_0_2020_1km.tif",
            "g1-total-1km": "GIS/Population/Global_2000_2020_1km/2020/{C}/{c}_ppp_2020_1km_Aggregated.tif",
            "g1-total-1km-unadj": "GIS/Population/Global_2000_2020_1km_UNadj/2020/{C}/{c}_ppp_2020_1km_Aggregated_UNadj.tif",
            "g1-constrained-2020-100m": "GIS/Population/Global_2000_2020_Constrained/2020/maxar_v1/{C}/{c}_ppp_2020_UNadj_constrained.tif",
            "g1-constrained-2020-100m-unadj": "GIS/Population/Global_2000_2020_Constrained/2020/maxar_v1/{C}/{c}_ppp_2020_constrained.tif",
            "g1-agesex-constrained-2020-100m":
                "GIS/AgeSex_structures/Global_2000_2020_Constrained_UNadj/2020/{C}/{c}_f_0_2020_constrained_UNadj.tif",
            "school-age-primary-2020-1km":
                "GIS/AgeSex_structures/school_age_population/v1/2020/{C}/{C}_SAP_1km_2020/{C}_F_M_PRIMARY_2020_1km.tif",
            "school-age-secondary-2020-1km":
                "GIS/AgeSex_structures/school_age_population/v1/2020/{C}/{C}_SAP_1km_2020/{C}_F_M_SECONDARY_2020_1km.tif",
            // As ahadi-analytics/sntutils builds them (`.build_worldpop_urbanicity_url` and its tests).
            "g2-dug-l1-100m": "GIS/DUG/Global_2015_2030/R2025A/v1/2020/{C}/{C}_DUG_2020_GRID_L1_R2025A_v1.tif",
            "g2-dug-l2-100m": "GIS/DUG/Global_2015_2030/R2025A/v1/2020/{C}/{C}_DUG_2020_GRID_L2_R2025A_v1.tif",
            // The zip's path is the hub's; this template is the fallback (see Under18Catalogue.swift).
            "g2-u18-100m": "GIS/AgeSex_structures/Global_2015_2030/R2025A/2020/{C}/v1/100m/{c}_Under_18_2020_CN_100m_R2025A_v1.zip",
        ]
        let recent: [String: String] = [
            "g1-total-2021-2022-1km": "GIS/Population/Global_2021_2022_1km_UNadj/unconstrained/2022/{C}/{c}_ppp_2022_1km_UNadj.tif",
            "g1-constrained-2021-2022-1km":
                "GIS/Population/Global_2021_2022_1km_UNadj/constrained/2022/{C}/{c}_ppp_2022_1km_UNadj_constrained.tif",
        ]
        // 2015 packs named after the country, as public code downloads and reads them (see BirthsCatalogue.swift).
        let packs2015: [String: (String, String)] = [
            "births-2015-1km": ("GIS/Births/Individual_countries/{C}/{N}_1km_births.7z", "{C}_births_pp_v2_2015.tif"),
            "pregnancies-2015-1km": ("GIS/Pregnancies/Individual_countries/{C}/{N}_1km_pregnancies.7z", "{C}_pregs_pp_v2_2015.tif"),
        ]
        #expect(
            Set(expected.keys).union(recent.keys).union(packs2015.keys) == Set(WorldPopCatalogue.products.map(\.id)),
            "a product without a layout test")
        let names = ["COD": "Democratic_Republic_of_the_Congo", "NGA": "Nigeria", "SLE": "Sierra_Leone"]
        for iso3 in ["COD", "NGA", "SLE"] {
            for (id, (template, member)) in packs2015 {
                let file = try WorldPopCatalogue.product(id).files(iso3: iso3, year: 2015)[0]
                #expect(
                    file.path == template.replacingOccurrences(of: "{C}", with: iso3).replacingOccurrences(of: "{N}", with: names[iso3]!))
                #expect(file.archiveMember == member.replacingOccurrences(of: "{C}", with: iso3))
            }
        }
        for iso3 in ["COD", "NGA", "SLE"] {
            for (id, template) in expected.merging(recent, uniquingKeysWith: { a, _ in a }) {
                let year = recent[id] != nil ? 2022 : 2020
                let want = template.replacingOccurrences(of: "{C}", with: iso3).replacingOccurrences(of: "{c}", with: iso3.lowercased())
                #expect(try path(id, iso3, year) == want, "\(id) \(iso3)")
            }
        }
    }

    @Test func ageGroupsAndSexesPerLayout() throws {
        let r24b = try WorldPopCatalogue.product("g2-r24b-agesex-100m-unconstrained").files(iso3: "SLE", year: 2030)
        #expect(r24b.count == 40)
        #expect(r24b.last?.fileName == "sle_m_90_2030_UC_100m_R2024B_v1.tif")
        let t = try WorldPopCatalogue.product("g2-age-100m").files(iso3: "COD", year: 2025)
        #expect(t.count == 20)
        #expect(t.map(\.layer).first == .ageSex(sex: "t", ageStart: 0, ageEnd: 1))
        #expect(t.last?.layer == .ageSex(sex: "t", ageStart: 90, ageEnd: nil))
        #expect(try WorldPopCatalogue.product("g1-agesex-constrained-2020-100m").files(iso3: "NGA", year: 2020).count == 36)
        #expect(throws: WorldPopError.self) { try WorldPopCatalogue.product("g1-total-2021-2022-1km").files(iso3: "COD", year: 2020) }
        #expect(throws: WorldPopError.self) { try WorldPopCatalogue.product("school-age-primary-2020-1km").files(iso3: "COD", year: 2021) }
    }

    @Test func r2025AYearsFrom2025AreProjectionsWithTheReleaseDOI() throws {
        let p = try WorldPopCatalogue.product("g2-total-100m")
        #expect(
            p.credit(iso3: "cod", years: [2023, 2024, 2025, 2026])
                == "WorldPop (www.worldpop.org), Global 2 R2025A, total population, 100 m, constrained, COD 2023–2026, CC BY 4.0, "
                + "doi:10.5258/SOTON/WP00839. "
                + "2025–2026 are projections from the Global 2 R2025A release, not estimates (doi:10.5258/SOTON/WP00839)")
        #expect(p.projectionNote(years: [2020, 2024]) == nil)
        #expect(
            p.projectionNote(years: [2030])
                == "2030 is a projection from the Global 2 R2025A release, not estimates (doi:10.5258/SOTON/WP00839)")
        #expect(try WorldPopCatalogue.product("g1-total-100m").projectionNote(years: [2020]) == nil)
    }

    @Test func localFolderScanFindsMaxarCountries() async throws {
        let root = temporaryDirectory()
        let product = try WorldPopCatalogue.product("g1-constrained-2020-100m")
        for iso3 in ["SLE", "ABW"] {
            let file = try product.files(iso3: iso3, year: 2020)[0]
            let target = root.appendingPathComponent(file.path)
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: sample, to: target)
        }
        // A copy that put COD under BSGM/ (older wget mirror): found through the alternate path.
        let misplaced = root.appendingPathComponent(
            "GIS/Population/Global_2000_2020_Constrained/2020/BSGM/COD/cod_ppp_2020_UNadj_constrained.tif")
        try FileManager.default.createDirectory(at: misplaced.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: sample, to: misplaced)
        let cache = DownloadCache(directory: temporaryDirectory(), server: URL(string: "http://127.0.0.1:9/")!) { _ in }
        let store = RasterStore(folder: root, cache: cache, offline: true)
        #expect(store.localCountries(product: product, year: 2020) == ["ABW", "COD", "SLE"])
        let cod = try product.files(iso3: "COD", year: 2020)[0]
        #expect(try await store.locate(cod).path == misplaced.path)
    }

    /// Kosovo: Global 1 folders are `KOS/kos_…` (the `XKX/` ones answer 404), Global 2 `XKX/xkx_…`; either code
    /// given names the same files, for every product.
    @Test func kosovoIsKOSUnderGlobal1AndXKXUnderGlobal2ForEveryProduct() throws {
        #expect(try path("g1-total-100m", "XKX", 2020) == "GIS/Population/Global_2000_2020/2020/KOS/kos_ppp_2020.tif")
        #expect(try path("g1-agesex-100m", "KOS", 2020) == "GIS/AgeSex_structures/Global_2000_2020/2020/KOS/kos_f_0_2020.tif")
        #expect(
            try path("g2-total-100m", "KOS", 2020)
                == "GIS/Population/Global_2015_2030/R2025A/2020/XKX/v1/100m/constrained/xkx_pop_2020_CN_100m_R2025A_v1.tif")
        for product in WorldPopCatalogue.products {
            let year = product.years.upperBound
            for code in ["XKX", "KOS", "xkx"] {
                let paths = try product.files(iso3: code, year: year).flatMap(\.candidatePaths)
                let wanted = product.release == "Global 1" ? "KOS" : "XKX"
                let other = wanted == "KOS" ? "XKX" : "KOS"
                #expect(paths.allSatisfy { !$0.uppercased().contains(other) }, "\(product.id) \(code)")
                #expect(paths.allSatisfy { $0.contains(wanted) || $0.contains(wanted.lowercased()) }, "\(product.id) \(code)")
            }
        }
    }
}
