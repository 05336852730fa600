/// Sex as WorldPop splits it (file names use `f` and `m`, and `t` for both sexes together).
public enum Sex: String, Sendable, Hashable, Codable, Comparable {
    case female = "f"
    case male = "m"
    /// WorldPop's `t` files: both sexes in one band, for age groups without sex (half the download).
    case both = "t"

    /// The sexes a population splits into.
    public static let separate: [Sex] = [.female, .male]

    public var label: String {
        switch self {
        case .female: "Female"
        case .male: "Male"
        case .both: "Both sexes"
        }
    }

    public static func < (a: Sex, b: Sex) -> Bool { a.rawValue < b.rawValue }
}

/// Whole years of age `lower ..< upper` (upper nil = open-ended, e.g. 80+).
public struct AgeRange: Sendable, Hashable, Codable, Comparable {
    public var lower: Int
    public var upper: Int?

    public init(_ lower: Int, _ upper: Int?) {
        precondition(upper.map { $0 > lower } ?? true, "empty age range")
        self.lower = lower
        self.upper = upper
    }

    /// "0", "1-4", "5-9", "80+" — the usual way age groups are written in DHIS2.
    public var label: String {
        guard let upper else { return "\(lower)+" }
        return upper == lower + 1 ? "\(lower)" : "\(lower)-\(upper - 1)"
    }

    public func contains(_ other: AgeRange) -> Bool {
        guard other.lower >= lower else { return false }
        guard let upper else { return true }
        guard let otherUpper = other.upper else { return false }
        return otherUpper <= upper
    }

    public func overlaps(_ other: AgeRange) -> Bool {
        let aEnd = upper ?? Int.max
        let bEnd = other.upper ?? Int.max
        return lower < bEnd && other.lower < aEnd
    }

    public static func < (a: AgeRange, b: AgeRange) -> Bool { a.lower < b.lower }
}

/// One age/sex layer: a WorldPop age/sex raster, and a category option combo in DHIS2.
public struct AgeSexBand: Sendable, Hashable, Codable, Comparable {
    public var sex: Sex
    public var age: AgeRange

    public init(sex: Sex, age: AgeRange) {
        self.sex = sex
        self.age = age
    }

    public var label: String { "\(sex.label) \(age.label)" }

    public static func < (a: AgeSexBand, b: AgeSexBand) -> Bool { (a.sex, a.age) < (b.sex, b.age) }

    /// Females and males over consecutive age groups starting at the given ages, the last
    /// open-ended: `[0, 1, 5, 10, …, 80]` gives 0, 1-4, 5-9, …, 80+.
    public static func standard(ageStarts: [Int]) -> [AgeSexBand] {
        let ranges = ageStarts.enumerated().map { i, start in
            AgeRange(start, i + 1 < ageStarts.count ? ageStarts[i + 1] : nil)
        }
        return Sex.separate.flatMap { sex in ranges.map { AgeSexBand(sex: sex, age: $0) } }
    }
}
