/// Rounds parts so that they still add up: the rounded parts sum exactly to the rounded total
/// (largest-remainder method). Forty age/sex bands rounded one by one can drift from their total
/// by up to twenty people; in DHIS2 the bands of a unit must add up to the unit's population.
public enum ControlledRounding {
    /// - Parameter decimals: places kept (0 = whole people).
    public static func round(_ parts: [Double], decimals: Int = 0) -> [Double] {
        guard !parts.isEmpty else { return [] }
        let scale = (0..<decimals).reduce(1.0) { acc, _ in acc * 10 }
        let scaled = parts.map { max(0, $0) * scale }
        let target = Int64((scaled.reduce(0, +)).rounded())
        var floors = scaled.map { Int64($0.rounded(.down)) }
        var missing = target - floors.reduce(0, +)
        // Hand the missing units to the parts with the largest remainders (ties: first part).
        let order = scaled.indices.sorted { a, b in
            let ra = scaled[a] - Double(floors[a])
            let rb = scaled[b] - Double(floors[b])
            return ra != rb ? ra > rb : a < b
        }
        var k = 0
        while missing > 0, !order.isEmpty {
            floors[order[k % order.count]] += 1
            missing -= 1
            k += 1
        }
        return floors.map { Double($0) / scale }
    }
}
