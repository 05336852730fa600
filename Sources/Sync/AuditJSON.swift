import Foundation

/// What the audit log keeps of a run as JSON: its parameters and its summary.
enum AuditJSON {
    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}

/// The settings of a run that decide its values.
struct RunParameters: Encodable {
    var levels: [Int]
    var years: [Int]
    var product: String
    var within: String?
    var dryRun: Bool
    var groups: [String]
    var decimals: Int
    var analytics: Bool

    init(_ plan: SyncPlan) {
        levels = plan.levels
        years = plan.years
        product = plan.product.rawValue
        within = plan.within
        dryRun = plan.dryRun
        groups = plan.groups.map(\.key)
        decimals = plan.decimals
        analytics = plan.analytics
    }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(levels, forKey: .levels)
        try c.encode(years, forKey: .years)
        try c.encode(product, forKey: .product)
        try c.encode(within, forKey: .within)  // null when the run is not limited: the key is always there
        try c.encode(dryRun, forKey: .dryRun)
        try c.encode(groups, forKey: .groups)
        try c.encode(decimals, forKey: .decimals)
        try c.encode(analytics, forKey: .analytics)
    }

    enum CodingKeys: String, CodingKey { case levels, years, product, within, dryRun, groups, decimals, analytics }
}

/// What a finished run did, in figures.
struct RunSummary: Encodable {
    var values: Int
    var created: Int
    var updated: Int
    var unchanged: Int
    var imported: Int
    var dhis2Updated: Int
    var ignored: Int
    var conflicts: Int
    var mismatches: Int
    var reports: [String]
    var ignoredUnchanged: Int
    /// How DHIS2's counts are to be read and what the read-back confirmed (`importCountNotes`).
    var countNotes: [String]

    init(_ o: SyncOutcome) {
        let c = o.counts
        values = c.computed
        created = c.new
        updated = c.changed
        unchanged = c.unchanged
        imported = c.imported
        dhis2Updated = c.updated
        ignored = c.ignored
        conflicts = c.conflicts
        mismatches = c.mismatches
        reports = o.reportFiles
        ignoredUnchanged = c.ignoredUnchanged
        countNotes = o.importCountNotes + [o.readBackNote].compactMap { $0 }
    }
}
