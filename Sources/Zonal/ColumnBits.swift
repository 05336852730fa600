/// One bit per column of a coverage window, so that the next marked column is found 64 columns
/// at a time.
struct ColumnBits {
    private var words: [UInt64]

    init(count: Int) { words = Array(repeating: 0, count: (count + 63) / 64) }

    @inline(__always) func contains(_ j: Int) -> Bool { words[j >> 6] & (1 << UInt64(j & 63)) != 0 }

    @inline(__always) mutating func set(_ j: Int, _ on: Bool) {
        let bit: UInt64 = 1 << UInt64(j & 63)
        if on { words[j >> 6] |= bit } else { words[j >> 6] &= ~bit }
    }

    /// The first column after `j` marked in `a` or `b` (of the same size), nil when there is none.
    static func firstSet(in a: ColumnBits, or b: ColumnBits, after j: Int) -> Int? {
        let start = j + 1
        var w = start >> 6
        guard w < a.words.count else { return nil }
        var bits = (a.words[w] | b.words[w]) & (~0 << UInt64(start & 63))
        while bits == 0 {
            w += 1
            guard w < a.words.count else { return nil }
            bits = a.words[w] | b.words[w]
        }
        return (w << 6) + bits.trailingZeroBitCount
    }
}
