import Testing

@testable import Denominators

@Suite struct DerivedGroupTests {
    let r2025 = AgeSexBand.standard(ageStarts: [0, 1] + Array(stride(from: 5, through: 90, by: 5)))
    let global1 = AgeSexBand.standard(ageStarts: [0, 1] + Array(stride(from: 5, through: 80, by: 5)))

    @Test func standardBandsAreLabelledAsDHIS2UsersWriteThem() {
        #expect(r2025.count == 40)
        #expect(global1.count == 36)
        #expect(r2025.prefix(3).map(\.label) == ["Female 0", "Female 1-4", "Female 5-9"])
        #expect(r2025[19].label == "Female 90+")
        #expect(r2025[20].label == "Male 0")
    }

    @Test func standardGroupsPickTheRightBands() throws {
        let groups = Dictionary(uniqueKeysWithValues: try DerivedGroup.standard.map { ($0.key, try $0.bands(from: r2025)) })
        #expect(groups["u1"]?.map(\.label) == ["Female 0", "Male 0"])
        #expect(groups["u5"]?.count == 4)
        #expect(groups["0to14"]?.count == 8)
        #expect(
            groups["wra"]?.map(\.label) == [
                "Female 15-19", "Female 20-24", "Female 25-29", "Female 30-34", "Female 35-39", "Female 40-44", "Female 45-49",
            ])
        #expect(groups["60plus"]?.count == 14)  // 60-64 … 90+ for both sexes
    }

    @Test func aGroupCuttingABandIsRefusedWithTheEdges() {
        let adolescents = DerivedGroup(key: "10to17", name: "Adolescents 10-17", shortName: "10-17", ages: AgeRange(10, 18))
        #expect(
            throws: DenominatorError.groupCutsBand(
                group: "Adolescents 10-17", band: "Female 15-19", edges: [0, 1] + Array(stride(from: 5, through: 90, by: 5)))
        ) {
            try adolescents.bands(from: r2025)
        }
    }

    @Test func aGroupBeyondTheBandsIsRefused() {
        let over85 = DerivedGroup(key: "85", name: "85-89", shortName: "85-89", ages: AgeRange(85, 90))
        // Global 1 stops at an open 80+ band: 85-89 cuts it.
        #expect(throws: DenominatorError.self) { try over85.bands(from: global1) }
        let missingMale = DerivedGroup(key: "m", name: "Men 15-49", shortName: "M", sexes: [.male], ages: AgeRange(15, 50))
        #expect(throws: DenominatorError.groupNotCovered(group: "Men 15-49", sex: "Male", missingFrom: 15)) {
            try missingMale.bands(from: r2025.filter { $0.sex == .female })
        }
    }

    @Test func estimatesSumBandsAndCompareWithTheTotal() throws {
        var e = PopulationEstimate(total: 1000)
        for (i, band) in r2025.enumerated() { e.byBand[band] = Double(i + 1) }  // 1 … 40, Σ = 820
        #expect(e.bandTotal == 820)
        #expect(e.bandTotalDifference == -0.18)
        let u5 = DerivedGroup.standard[1]
        #expect(e.value(of: u5, bands: try u5.bands(from: r2025)) == 1 + 2 + 21 + 22)
    }
}

@Suite struct ControlledRoundingTests {
    @Test func partsAddUpToTheRoundedTotal() {
        let parts = Array(repeating: 0.45, count: 40)  // 18 people in 40 bands of 0.45
        let naive = parts.map { $0.rounded() }.reduce(0, +)
        #expect(naive == 0)
        let rounded = ControlledRounding.round(parts)
        #expect(rounded.reduce(0, +) == 18)
        #expect(rounded.allSatisfy { $0 == 0 || $0 == 1 })
    }

    @Test func largestRemaindersGetTheUnits() {
        #expect(ControlledRounding.round([1.2, 2.7, 3.6, 0.5]) == [1, 3, 4, 0])  // Σ 8.0
        #expect(ControlledRounding.round([10.04, 20.03, 5.02], decimals: 1) == [10.1, 20.0, 5.0])  // Σ 35.09 → 35.1
        #expect(ControlledRounding.round([]) == [])
        #expect(ControlledRounding.round([0, 0]) == [0, 0])
    }
}
