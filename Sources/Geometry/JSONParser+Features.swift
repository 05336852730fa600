import Foundation
import Parallel
import Synchronization

extension JSONParser {
    /// `parse`, with the elements of a large top-level `"features"` array parsed on `workers`
    /// threads: a country's boundary file is tens of megabytes of coordinates, and reading it was
    /// the one step of a zonal run on a single core. The value is the same as `parse`'s, and so is
    /// any error: on the first one, the file is parsed again the plain way for its line and column.
    public static func parse(_ data: Data, workers: Int) throws -> JSONValue {
        guard workers > 1, data.count >= parallelThreshold else { return try parse(data) }
        return try data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            guard let split = FeatureArrayScan.scan(bytes), split.elements.count >= 2 * workers else { return try parse(data) }
            let parsed = parseElements(bytes, split.elements, workers: workers)
            guard let elements = parsed else { return try parse(data) }
            return try parse(bytes, injecting: Self.compact(elements), at: split.array)
        }
    }

    /// Files smaller than this are read on one thread: the threads would cost more than they save.
    static let parallelThreshold = 1 << 20

    private static func parseElements(_ bytes: UnsafeBufferPointer<UInt8>, _ ranges: [Range<Int>], workers: Int) -> [JSONValue]? {
        let next = Atomic<Int>(0)
        let results = UnsafeMutableBufferPointer<JSONValue?>.allocate(capacity: ranges.count)
        results.initialize(repeating: nil)
        defer { results.deallocate() }
        // The buffers outlive the threads, and each element is written by one of them only.
        let input = (UInt(bitPattern: bytes.baseAddress), bytes.count)
        let output = UInt(bitPattern: results.baseAddress)
        let chunk = max(1, ranges.count / (workers * 8))
        onDedicatedThreads(workers) { _ in
            let bytes = UnsafeBufferPointer(start: UnsafePointer<UInt8>(bitPattern: input.0), count: input.1)
            let out = UnsafeMutablePointer<JSONValue?>(bitPattern: output)!
            while true {
                let start = next.wrappingAdd(chunk, ordering: .relaxed).oldValue
                guard start < ranges.count else { return }
                for k in start..<min(start + chunk, ranges.count) {
                    out[k] = try? parseElement(bytes, ranges[k])
                }
            }
        }
        var values: [JSONValue] = []
        values.reserveCapacity(ranges.count)
        for value in results {
            guard let value else { return nil }
            values.append(value)
        }
        return values
    }
}

/// Finds the byte range of a JSON document's top-level `"features"` array and of each of its
/// elements, without parsing them: strings are skipped (escapes included) and brackets counted.
/// Anything unexpected gives nil, and the caller parses the plain way.
enum FeatureArrayScan {
    struct Split {
        /// From the array's `[` to just after its `]`.
        var array: Range<Int>
        var elements: [Range<Int>]
    }

    static func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> Split? {
        var k = 0
        let n = bytes.count
        func skipSpace() { while k < n, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[k]) { k += 1 } }
        /// k on an opening quote; leaves k after the closing one.
        func skipString() -> Range<Int>? {
            let start = k + 1
            k += 1
            while k < n {
                switch bytes[k] {
                case UInt8(ascii: "\\"): k += 2
                case UInt8(ascii: "\""):
                    k += 1
                    return start..<(k - 1)
                default: k += 1
                }
            }
            return nil
        }
        skipSpace()
        guard k < n, bytes[k] == UInt8(ascii: "{") else { return nil }
        k += 1
        var depth = 1
        let features = Array("features".utf8)
        while k < n {
            let b = bytes[k]
            if b == UInt8(ascii: "\"") {
                guard let text = skipString() else { return nil }
                guard depth == 1 else { continue }
                skipSpace()
                guard k < n, bytes[k] == UInt8(ascii: ":") else { continue }
                k += 1
                skipSpace()
                if text.count == features.count, elementsEqual(bytes, text, features), k < n, bytes[k] == UInt8(ascii: "[") {
                    return elements(bytes, from: k)
                }
                continue
            }
            switch b {
            case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"): depth -= 1
            default: break
            }
            if depth == 0 { return nil }
            k += 1
        }
        return nil
    }

    @inline(__always)
    private static func everyByte(_ b: UInt8) -> UInt64 { 0x0101_0101_0101_0101 &* UInt64(b) }

    /// The high bit of each byte of `word` that equals `b`, and no other bit (exact, unlike the
    /// shorter test that can flag the byte after a match).
    @inline(__always)
    private static func bytes(of word: UInt64, equalTo b: UInt8) -> UInt64 {
        let v = word ^ everyByte(b)
        let low7 = everyByte(0x7F)
        return ~(((v & low7) &+ low7) | v | low7)
    }

    private static func elementsEqual(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ word: [UInt8]) -> Bool {
        zip(range, word).allSatisfy { bytes[$0] == $1 }
    }

    /// `open` is on the array's `[`.
    private static func elements(_ bytes: UnsafeBufferPointer<UInt8>, from open: Int) -> Split? {
        var k = open + 1
        let n = bytes.count
        var depth = 0
        var start = k
        var ranges: [Range<Int>] = []
        let raw = UnsafeRawPointer(bytes.baseAddress!)
        while k < n {
            // Eight bytes at once where nothing can happen but nesting: no quote (so no string
            // starts, and none is open: strings are skipped whole below) and too few closing
            // brackets to come back to the array's own level, where a comma or `]` would count.
            // Coordinates are nearly all of a boundary file, and they are digits and brackets.
            if depth > 0, k + 8 <= n {
                let word = raw.loadUnaligned(fromByteOffset: k, as: UInt64.self)
                if Self.bytes(of: word, equalTo: 0x22) == 0 {
                    // `[` and `{` differ only in 0x20, as `]` and `}` do, and no other byte becomes either.
                    let folded = word | Self.everyByte(0x20)
                    let closes = Self.bytes(of: folded, equalTo: 0x7D).nonzeroBitCount
                    if depth > closes {
                        depth += Self.bytes(of: folded, equalTo: 0x7B).nonzeroBitCount - closes
                        k += 8
                        continue
                    }
                }
            }
            switch bytes[k] {
            case UInt8(ascii: "\""):
                k += 1
                while k < n, bytes[k] != UInt8(ascii: "\"") { k += bytes[k] == UInt8(ascii: "\\") ? 2 : 1 }
            case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "}"): depth -= 1
            case UInt8(ascii: "]"):
                if depth == 0 {
                    ranges.append(start..<k)
                    // `[]` and `[ ]` have no element; anything else with an empty one is left to the parser's error.
                    if ranges.count == 1, ranges[0].allSatisfy({ [0x20, 0x0A, 0x0D, 0x09].contains(bytes[$0]) }) { ranges = [] }
                    return Split(array: open..<(k + 1), elements: ranges)
                }
                depth -= 1
            case UInt8(ascii: ","):
                if depth == 0 {
                    ranges.append(start..<k)
                    start = k + 1
                }
            default: break
            }
            if depth < 0 { return nil }
            k += 1
        }
        return nil
    }
}
