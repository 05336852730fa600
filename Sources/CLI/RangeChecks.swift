import ArgumentParser

// Numeric settings out of range are usage errors (exit 64), refused before anything runs, with
// the setting's name as written (`--chunk-size` on the command line, `chunkSize` in a config).

func checkDecimals(_ value: Int, source: String) throws {
    guard (0...6).contains(value) else { throw ValidationError("\(source) \(value) is out of range: give 0 to 6 decimals") }
}

func checkChunkSize(_ value: Int, source: String) throws {
    // 0 would never send anything; a negative size cannot be halved on HTTP 413.
    guard value >= 1 else { throw ValidationError("\(source) \(value) is out of range: give at least 1 value per request (default 5000)") }
}

func checkCompareThreshold(_ value: Double, source: String) throws {
    guard value > 0, value.isFinite else { throw ValidationError("\(source) \(value) is out of range: give a share above 0, e.g. 0.1 for ±10 %") }
}

/// Distances and radii in km: 0 or less is no circle at all; 1,000 km is the limit the facility
/// commands always had (a catchment or walking distance is local, and far larger circles soon
/// contain a pole, which the geodesic circles refuse).
func checkDistance(_ km: Double, option: String) throws {
    guard km > 0, km <= 1000 else { throw ValidationError("\(option) \(km) is out of range: give more than 0 and at most 1000 km") }
}
