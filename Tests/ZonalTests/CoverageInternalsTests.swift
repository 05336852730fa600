import Geometry
import Testing

@testable import Zonal

/// The small pieces under the coverage sweep, against what they replace.
@Suite struct CoverageInternalsTests {
    @Test func floorAndCeilAreThoseOfRounding() {
        var rng = SeededRandom(state: 17)
        var values: [Double] = [0, -0.0, 1, -1, 0.5, -0.5, 2.5, -2.5, 1e-300, -1e-300, 215_999.999_999_999_97, -215_999.000_000_000_03]
        values += [Double(Int32.max), Double(Int32.min), 0.1.nextDown, 1.0.nextDown, 1.0.nextUp, (-1.0).nextUp, (-1.0).nextDown]
        values += (0..<20_000).map { _ in Double.random(in: -300_000...300_000, using: &rng) }
        values += (0..<2_000).map { _ in Double(Int.random(in: -300_000...300_000, using: &rng)) }
        for x in values {
            #expect(EdgeIntegrator.floor(x) == Int(x.rounded(.down)), "\(x)")
            #expect(EdgeIntegrator.ceil(x) == Int(x.rounded(.up)), "\(x)")
        }
    }

    /// Consecutive contributions to one cell are added into one entry; rows keep the order in
    /// which their entries came.
    @Test func rowEntriesMergeConsecutiveContributionsToACell() {
        var entries = RowEntries()
        entries.append(row: 2, column: 5, area: 0.25)
        entries.append(row: 2, column: 5, area: 0.5)  // the same cell: merged
        entries.append(row: 0, column: 1, area: 1)
        entries.append(row: 2, column: 3, area: -0.125)
        entries.append(row: 2, column: 5, area: 0.0625)  // the same cell, not consecutive: its own entry
        let rows = entries.byRow(rows: 3)
        #expect(rows.range(ofRow: 0) == 0..<1)
        #expect(rows.range(ofRow: 1).isEmpty)
        #expect(rows.range(ofRow: 2) == 1..<4)
        #expect((0..<4).map(rows.column) == [1, 5, 3, 5])
        #expect(rows.areas == [1, 0.75, -0.125, 0.0625])
    }
}
