/// DHIS2 identifiers: 11 characters, a letter then letters or digits.
public enum UID {
    static let letters = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
    static let alphanumerics = Array("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")

    /// A UID derived from `key` alone, so that every run, on every machine, creates or updates the
    /// same objects instead of duplicating them. FNV-1a 64 twice (with different seeds) gives the
    /// 128 bits the 11 characters need; collisions with UIDs DHIS2 makes at random are as unlikely
    /// as between two random UIDs.
    public static func deterministic(_ key: String) -> String {
        var a = fnv1a(key, seed: 0xcbf2_9ce4_8422_2325)
        var b = fnv1a(key, seed: 0x8422_2325_cbf2_9ce4 ^ 0x5bd1_e995)
        var out = String(letters[Int(a % 52)])
        a /= 52
        for i in 0..<10 {
            if i == 5 {
                a = b
                b = 0
            }
            out.append(alphanumerics[Int(a % 62)])
            a /= 62
        }
        return out
    }

    public static func isValid(_ s: String) -> Bool {
        let chars = Array(s)
        return chars.count == 11 && letters.contains(chars[0]) && chars.allSatisfy { alphanumerics.contains($0) }
    }

    /// A random UID, as DHIS2 makes them (the stand-in uses it for generated objects, with its
    /// own seeded generator so that a test's UIDs are the same in every run).
    public static func random(using generator: inout some RandomNumberGenerator) -> String {
        String(letters.randomElement(using: &generator)!) + String((0..<10).map { _ in alphanumerics.randomElement(using: &generator)! })
    }

    private static func fnv1a(_ key: String, seed: UInt64) -> UInt64 {
        var h = seed
        for byte in key.utf8 {
            h ^= UInt64(byte)
            h &*= 0x100_0000_01b3
        }
        // Final avalanche (splitmix64) so that similar keys differ in every character.
        h = (h ^ (h >> 30)) &* 0xbf58_476d_1ce4_e5b9
        h = (h ^ (h >> 27)) &* 0x94d0_49bb_1331_11eb
        return h ^ (h >> 31)
    }
}
