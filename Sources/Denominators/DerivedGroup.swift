/// A population group built from age/sex bands, with the DHIS2 data element it fills:
/// under-1, under-5, women of reproductive age (15–49), 60+ …
public struct DerivedGroup: Sendable, Hashable, Codable {
    /// A short stable key (used to derive the data element's UID): "u1", "u5", "wra".
    public var key: String
    public var name: String
    public var shortName: String
    public var sexes: Set<Sex>
    public var ages: AgeRange

    public init(key: String, name: String, shortName: String, sexes: Set<Sex> = Set(Sex.separate), ages: AgeRange) {
        self.key = key
        self.name = name
        self.shortName = shortName
        self.sexes = sexes
        self.ages = ages
    }

    /// The groups most programmes ask for (EPI, MNCH, NCD).
    /// True for a group of females and males together (it can be summed from both-sexes bands).
    public var coversBothSexes: Bool { sexes == Set(Sex.separate) }

    public static let standard: [DerivedGroup] = [
        DerivedGroup(key: "u1", name: "Population under 1 (WorldPop)", shortName: "Pop <1 WP", ages: AgeRange(0, 1)),
        DerivedGroup(key: "u5", name: "Population under 5 (WorldPop)", shortName: "Pop <5 WP", ages: AgeRange(0, 5)),
        DerivedGroup(key: "0to14", name: "Population 0-14 (WorldPop)", shortName: "Pop 0-14 WP", ages: AgeRange(0, 15)),
        DerivedGroup(
            key: "wra", name: "Women 15-49 (WorldPop)",
            shortName: "WRA 15-49 WP", sexes: [.female], ages: AgeRange(15, 50)),
        DerivedGroup(key: "60plus", name: "Population 60+ (WorldPop)", shortName: "Pop 60+ WP", ages: AgeRange(60, nil)),
    ]

    /// The bands whose sum is this group. A group edge must fall on a band edge: splitting a
    /// five-year band would need an assumption about ages within it, which we do not make.
    /// Bands of both sexes together (WorldPop's `t` files) serve a group of both sexes; a group
    /// of one sex cannot be had from them.
    public func bands(from available: [AgeSexBand]) throws -> [AgeSexBand] {
        var sexes = sexes
        if !available.isEmpty, available.allSatisfy({ $0.sex == .both }) {
            guard coversBothSexes else { throw DenominatorError.groupNeedsSex(group: name, sexes: sexes.sorted().map(\.label)) }
            sexes = [.both]
        }
        let chosen = available.filter { sexes.contains($0.sex) && ages.contains($0.age) }
        let straddling = available.filter { sexes.contains($0.sex) && ages.overlaps($0.age) && !ages.contains($0.age) }
        if let cut = straddling.first {
            throw DenominatorError.groupCutsBand(
                group: name, band: cut.label,
                edges: Set(available.map(\.age.lower)).sorted())
        }
        // Every age in the group must be present for every sex it asks for.
        for sex in sexes {
            let covered = chosen.filter { $0.sex == sex }.map(\.age).sorted()
            var next = ages.lower
            for range in covered where range.lower == next { next = range.upper ?? Int.max }
            let end = ages.upper ?? Int.max
            if next < end {
                throw DenominatorError.groupNotCovered(group: name, sex: sex.label, missingFrom: next)
            }
        }
        return chosen.sorted()
    }
}
