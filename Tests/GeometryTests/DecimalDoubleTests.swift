import Foundation
import Testing

@testable import Geometry

/// The parser's own decimal conversion (Eisel–Lemire) must give strtod's Double, bit for bit, for
/// every number it reads: coordinates are summed over, and a last bit changes a boundary.
@Suite struct DecimalDoubleTests {
    /// The number as our parser reads it (`[x]` in a document), and as strtod reads it.
    func both(_ text: String) throws -> (ours: Double, strtod: Double) {
        guard case .array(let items) = try JSONParser.parse(Data("[\(text)]".utf8)), case .number(let ours) = items.first else {
            Issue.record("'\(text)' did not parse as one number")
            return (.nan, 0)
        }
        return (ours, strtod(text, nil))
    }

    func expectSame(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let (ours, reference) = try both(text)
        #expect(ours.bitPattern == reference.bitPattern, "\(text): \(ours) vs strtod \(reference)", sourceLocation: sourceLocation)
    }

    @Test func edgeCasesAreStrtods() throws {
        let cases = [
            "0", "-0", "0.0", "-0.0", "0e5", "-0.0e-7", "1", "-1", "0.1", "0.2", "0.3", "1e22", "1e23", "9007199254740992",
            "9007199254740993", "9007199254740995", "18014398509481987", "18014398509481990", "123456789012345678",
            "1234567890123456789", "9999999999999999999", "18446744073709551615", "18446744073709551616", "12345678901234567890",
            "0.000833333331933", "-70.063749705", "12.624583484", "5e-64", "1e-64", "9.99e-65", "1e-65", "1e64", "1e65",
            "1.7976931348623157e308", "2.2250738585072014e-308", "2.2250738585072011e-308", "4.9e-324", "1e-400", "1e400",
            "0.0000000000000000000000000000000000000000000000000000000000000012345", "7.2057594037927933e16",
            "2.98023223876953125e-8", "1.00000000000000011102230246251565404236316680908203125", "4.35679568e-05",
            "27.182818284590452353602874713527", "1E3", "1e+3", "1.5E-3", "-123.456e-2", "179.99999999999997",
            "-89.99999999999999", "5e-324", "0.1e1", "100000000000000000000000e-24",
        ]
        for text in cases { try expectSame(text) }
    }

    /// Every Double near coordinates, written shortest (as Python's json and Swift write them).
    @Test func shortestTextsOfRandomDoublesReadBackExactly() throws {
        var rng = SeededRandom(state: 11)
        for _ in 0..<100_000 {
            let x = Double.random(in: -180...180, using: &rng)
            let (ours, reference) = try both("\(x)")
            #expect(ours == x && ours.bitPattern == reference.bitPattern, "\(x)")
        }
        for _ in 0..<20_000 {
            // Any finite Double at all (random bits), in Swift's shortest text.
            let x = Double(bitPattern: rng.next() & ~(0x7FF << 52) | (UInt64.random(in: 0x300...0x4FF, using: &rng) << 52))
            try expectSame("\(x)")
        }
    }

    /// Random digit strings: 1 to 19 significant digits (some with more, for strtod), a decimal
    /// point anywhere, leading zeros, exponents inside and outside the method's ±64.
    @Test func randomDecimalTextsAreStrtods() throws {
        var rng = SeededRandom(state: 12)
        for _ in 0..<60_000 {
            let count = Int.random(in: 1...21, using: &rng)
            var digits = (0..<count).map { _ in Character(String(Int.random(in: 0...9, using: &rng))) }
            if digits.count > 1, Bool.random(using: &rng) { digits[0] = "0" }
            var text = Bool.random(using: &rng) ? "-" : ""
            let point = Int.random(in: 0...count, using: &rng)
            let integer = String(digits[..<point])
            let fraction = String(digits[point...])
            // JSON: one digit before the point at least, and no leading zero before another digit.
            let whole = integer.drop { $0 == "0" }
            text += whole.isEmpty ? "0" : String(whole)
            if !fraction.isEmpty { text += "." + fraction }
            if Int.random(in: 0..<3, using: &rng) == 0 { text += "e\(Int.random(in: -90...90, using: &rng))" }
            try expectSame(text)
        }
    }

    /// Exactly halfway between two Doubles (t × 10^q with t × 5^q odd in [2^53, 2^54)): ties go to
    /// the even significand, which the method handles apart; and one unit either side.
    @Test func halfwayCasesRoundToEven() throws {
        var rng = SeededRandom(state: 13)
        var power: UInt64 = 1
        for q in 0...22 {
            defer { power *= 5 }
            let low = ((1 << 53) + power - 1) / power
            let high = ((1 << 54) - 1) / power
            guard low <= high else { continue }
            for _ in 0..<400 {
                let t = UInt64.random(in: low...high, using: &rng) | 1
                for text in ["\(t)e\(q)", "\(t - 1)e\(q)", "\(t + 1)e\(q)", "\(t)" + String(repeating: "0", count: q)] {
                    try expectSame(text)
                }
            }
        }
        // The classic: 2^53 + 1 is halfway between 2^53 and 2^53 + 2, and goes down to the even one.
        #expect(try both("9007199254740993").ours == 9_007_199_254_740_992)
    }

    @Test func theMethodItselfAgreesOrDeclines() {
        // Direct calls: nil outside its powers of ten, so that the parser asks strtod.
        #expect(DecimalDouble.value(significand: 1, exponent: 65, negative: false) == nil)
        #expect(DecimalDouble.value(significand: 1, exponent: -65, negative: false) == nil)
        #expect(DecimalDouble.value(significand: 0, exponent: 400, negative: true)?.bitPattern == (-0.0).bitPattern)
        #expect(DecimalDouble.value(significand: 15, exponent: -1, negative: true) == -1.5)
        #expect(DecimalDouble.value(significand: .max, exponent: 64, negative: false) == strtod("18446744073709551615e64", nil))
    }
}
