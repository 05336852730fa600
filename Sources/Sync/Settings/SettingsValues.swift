// Values as people write them — on the command line, in a settings file, in a job request — and
// the ranges they must fall in, checked once for every source. Messages name the setting as
// written (`--chunk-size` on the command line, `chunkSize` in a file).

/// Parses "3", "2,3" or "2-4" into levels.
public func parseLevels(_ text: String) throws -> [Int] {
    try checkLevels(try parseNumberList(text, kind: "level", example: "3, 2,3 or 2-4"))
}

/// Levels however they were written (a file may give a list).
public func checkLevels(_ levels: [Int]) throws -> [Int] {
    guard !levels.isEmpty, levels.allSatisfy({ $0 >= 1 }) else { throw SettingsError("levels start at 1 (national)") }
    return levels
}

/// Parses "2020", "2020-2025" or "2020,2022" into years, sorted and without repeats.
public func parseYears(_ text: String) throws -> [Int] {
    try checkYears(try parseNumberList(text, kind: "year", example: "2020, 2020-2025 or 2020,2022"))
}

/// Years however they were written, sorted and without repeats.
public func checkYears(_ years: [Int]) throws -> [Int] {
    guard !years.isEmpty, years.allSatisfy({ (1990...2100).contains($0) }) else {
        throw SettingsError("years must be between 1990 and 2100: \(years.map(String.init).joined(separator: ","))")
    }
    return Array(Set(years)).sorted()
}

/// Parses "0,1,5,10" into the first years of age groups.
public func parseAgeStarts(_ text: String) throws -> [Int] {
    try text.split(separator: ",").map { s in
        guard let v = Int(s.trimmingCharacters(in: .whitespaces)) else { throw SettingsError("--ages: '\(s)' is not a number") }
        return v
    }
}

/// Comma-separated numbers and inclusive ranges, in the order written: "2,4-6" → [2, 4, 5, 6].
func parseNumberList(_ text: String, kind: String = "number", example: String = "3, 2-4 or 2020,2022") throws -> [Int] {
    var numbers: [Int] = []
    for part in text.split(separator: ",") {
        let bounds = part.split(separator: "-").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        switch (bounds.count, bounds.first ?? nil, bounds.last ?? nil) {
        case (1, let first?, _): numbers.append(first)
        case (2, let first?, let last?) where first <= last: numbers += Array(first...last)
        default: throw SettingsError("'\(text)' is not a \(kind) list like \(example)")
        }
    }
    return numbers
}

public func checkDecimals(_ value: Int, source: String) throws {
    guard (0...6).contains(value) else { throw SettingsError("\(source) \(value) is out of range: give 0 to 6 decimals") }
}

public func checkChunkSize(_ value: Int, source: String) throws {
    // 0 would never send anything; a negative size cannot be halved on HTTP 413.
    guard value >= 1 else {
        throw SettingsError(
            "\(source) \(value) is out of range: give at least 1 value per request (default 5000)")
    }
}

public func checkCompareThreshold(_ value: Double, source: String) throws {
    guard value > 0, value.isFinite else {
        throw SettingsError("\(source) \(value) is out of range: give a share above 0, e.g. 0.1 for ±10 %")
    }
}

/// Distances and radii in km: 0 or less is no circle at all; 1,000 km is the limit the facility
/// commands always had (a catchment or walking distance is local, and far larger circles soon
/// contain a pole, which the geodesic circles refuse).
public func checkDistance(_ km: Double, option: String) throws {
    guard km > 0, km <= 1000 else { throw SettingsError("\(option) \(km) is out of range: give more than 0 and at most 1000 km") }
}
