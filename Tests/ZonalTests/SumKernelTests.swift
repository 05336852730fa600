import Geometry
import SumKernels
import Testing

/// The C sum kernel (`SumKernels`): the sum and the missing cells of a run of Float32 cells, the
/// same bits from the AVX2 version as from the baseline one.
@Suite struct SumKernelTests {
    @Test func everyLengthSumsLikeTheScalarLoopAndBothInstructionSetsAgree() {
        var rng = SeededRandom(state: 11)
        let noData: Float = -99999
        for count in 0...100 {
            var cells = (0..<count).map { _ in Float.random(in: 0...5_000, using: &rng) }
            // Nodata and NaN, among the lanes and in the tail.
            for j in stride(from: count % 7, to: count, by: 7) { cells[j] = noData }
            for j in stride(from: count % 11, to: count, by: 11) { cells[j] = .nan }
            var sum = 0.0
            var missing = 0
            for v in cells {
                if v == noData || v.isNaN { missing += 1 } else { sum += Double(v) }
            }
            let (dispatched, baseline) = cells.withUnsafeBufferPointer { p in
                (wp_sum_float32(p.baseAddress, count, noData), wp_sum_float32_baseline(p.baseAddress, count, noData))
            }
            #expect(Int(dispatched.missing) == missing, "\(count) cells")
            #expect(abs(dispatched.sum - sum) <= 1e-12 * max(1, sum), "\(count) cells")
            #expect(dispatched.sum.bitPattern == baseline.sum.bitPattern && dispatched.missing == baseline.missing, "\(count) cells")
        }
    }

    @Test func blockSumsAreTheSumsOfEachBlock() {
        var rng = SeededRandom(state: 12)
        let cells = (0..<(64 * 5)).map { j in j % 13 == 0 ? Float.nan : Float.random(in: 0...100, using: &rng) }
        var sums = [Double](repeating: -1, count: 5)
        var missing = [Int32](repeating: -1, count: 5)
        cells.withUnsafeBufferPointer { p in wp_block_sums_float32(p.baseAddress, 5, 64, -1, &sums, &missing) }
        for b in 0..<5 {
            let one = cells.withUnsafeBufferPointer { wp_sum_float32($0.baseAddress! + b * 64, 64, -1) }
            #expect(sums[b].bitPattern == one.sum.bitPattern)
            #expect(Int(missing[b]) == Int(one.missing))
            #expect(Int(missing[b]) == (0..<64).filter { (b * 64 + $0) % 13 == 0 }.count)
        }
    }
}
