import Testing

@testable import WorldPop

@Suite struct CatalogueTests {
    @Test func global2AgeSexFilesFollowTheServerLayout() throws {
        let files = try WorldPopCatalogue.product("g2-agesex-100m").files(iso3: "cod", year: 2020)
        #expect(files.count == 40)
        #expect(
            files.first
                == WorldPopFile(
                    path: "GIS/AgeSex_structures/Global_2015_2030/R2025A/2020/COD/v1/100m/constrained/cod_f_00_2020_CN_100m_R2025A_v1.tif",
                    layer: .ageSex(sex: "f", ageStart: 0, ageEnd: 1)))
        #expect(files[1].fileName == "cod_f_01_2020_CN_100m_R2025A_v1.tif")
        #expect(files[1].layer == .ageSex(sex: "f", ageStart: 1, ageEnd: 5))
        #expect(
            files.last
                == WorldPopFile(
                    path: "GIS/AgeSex_structures/Global_2015_2030/R2025A/2020/COD/v1/100m/constrained/cod_m_90_2020_CN_100m_R2025A_v1.tif",
                    layer: .ageSex(sex: "m", ageStart: 90, ageEnd: nil)))
    }

    @Test func global1AgesAreNotZeroPaddedAndStopAt80() throws {
        let files = try WorldPopCatalogue.product("g1-agesex-100m").files(iso3: "NGA", year: 2018)
        #expect(files.count == 36)
        #expect(files[1].path == "GIS/AgeSex_structures/Global_2000_2020/2018/NGA/nga_f_1_2018.tif")
        #expect(files.last?.layer == .ageSex(sex: "m", ageStart: 80, ageEnd: nil))
    }

    @Test func totalProductHasOneFilePerYear() throws {
        let files = try WorldPopCatalogue.product("g2-total-100m").files(iso3: "SLE", year: 2025)
        #expect(
            files == [
                WorldPopFile(
                    path: "GIS/Population/Global_2015_2030/R2025A/2025/SLE/v1/100m/constrained/sle_pop_2025_CN_100m_R2025A_v1.tif",
                    layer: .total)
            ])
    }

    @Test func everyAgeSexProductHasATotalCompanionOnTheSameResolution() throws {
        for p in WorldPopCatalogue.products where p.content == .ageSex {
            let companion = try WorldPopCatalogue.product(try #require(p.totalCompanion))
            #expect(companion.content == .total)
            #expect(companion.resolution == p.resolution, "\(p.id)")
            #expect(companion.years == p.years, "\(p.id)")
        }
        #expect(Set(WorldPopCatalogue.products.map(\.id)).count == WorldPopCatalogue.products.count)
    }

    @Test func badInputIsNamed() throws {
        #expect(throws: WorldPopError.self) { try WorldPopCatalogue.product("g2-total-100m").files(iso3: "CD", year: 2020) }
        let year = #expect(throws: WorldPopError.self) { try WorldPopCatalogue.product("g1-total-100m").files(iso3: "COD", year: 2025) }
        #expect(year?.description.contains("2000–2020, not 2025") == true)
        let unknown = #expect(throws: WorldPopError.self) { try WorldPopCatalogue.product("g3-total") }
        #expect(unknown?.description.contains("g2-total-100m") == true)
    }

    @Test func creditNamesReleaseCountryAndYears() throws {
        let credit = try WorldPopCatalogue.product("g2-total-100m").credit(iso3: "cod", years: [2020, 2021, 2022])
        #expect(
            credit
                == "WorldPop (www.worldpop.org), Global 2 R2025A, total population, 100 m, constrained, COD 2020–2022, CC BY 4.0, "
                + "doi:10.5258/SOTON/WP00839"
        )
    }
}
