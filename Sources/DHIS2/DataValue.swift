import Foundation

/// One value as `/api/dataValueSets` takes and returns it.
public struct DataValue: Codable, Sendable, Hashable {
    public var dataElement: String
    public var period: String
    public var orgUnit: String
    public var categoryOptionCombo: String
    public var attributeOptionCombo: String
    public var value: String

    public init(
        dataElement: String, period: String, orgUnit: String, categoryOptionCombo: String, attributeOptionCombo: String, value: String
    ) {
        self.dataElement = dataElement
        self.period = period
        self.orgUnit = orgUnit
        self.categoryOptionCombo = categoryOptionCombo
        self.attributeOptionCombo = attributeOptionCombo
        self.value = value
    }

    /// Identifies the cell in DHIS2 a value goes to (everything but the value).
    public var key: Key {
        Key(
            dataElement: dataElement, period: period, orgUnit: orgUnit, categoryOptionCombo: categoryOptionCombo,
            attributeOptionCombo: attributeOptionCombo)
    }

    public struct Key: Sendable, Hashable {
        public var dataElement, period, orgUnit, categoryOptionCombo, attributeOptionCombo: String

        public init(dataElement: String, period: String, orgUnit: String, categoryOptionCombo: String, attributeOptionCombo: String) {
            self.dataElement = dataElement
            self.period = period
            self.orgUnit = orgUnit
            self.categoryOptionCombo = categoryOptionCombo
            self.attributeOptionCombo = attributeOptionCombo
        }
    }

    /// A population as DHIS2 text: rounded to `decimals` places, no exponent, no trailing ".0".
    public static func format(_ x: Double, decimals: Int = 0) -> String {
        let factor = pow10(decimals)
        let r = (x * factor).rounded() / factor
        if decimals == 0 { return String(Int64(r)) }
        var s = String(format: "%.\(decimals)f", r)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }

    private static func pow10(_ n: Int) -> Double { (0..<n).reduce(1.0) { acc, _ in acc * 10 } }
}
