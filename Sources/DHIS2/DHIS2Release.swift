import Foundation

/// Which DHIS2 versions worldpop-dhis2 runs against, and which import rules apply to each.
///
/// DHIS2's own release list (dhis2/dhis2-releases, `downloads/v1/versions/stable.json`) supports
/// the three newest releases — 2.41, 2.42 and 2.43 in 2026 — and marks 2.40 and older as no
/// longer supported. worldpop-dhis2 models every rule it relies on from 2.38 to 2.43 (read in
/// dhis2-core's release branches), and runs a newer version with 2.43's rules rather than
/// refusing it: dhis2-core's master (2.44-SNAPSHOT) has 2.43's data entry code
/// (`DefaultDataEntryService`, `DataEntryPipeline`), and every import is read back anyway.
public struct DHIS2Release: Sendable, Equatable, Comparable {
    public var major: Int
    public var minor: Int
    public var patch: Int

    public init(major: Int, minor: Int, patch: Int = 0) {
        self.major = major
        self.minor = minor
        self.patch = patch
    }

    /// "2.43.1" → 2.43.1; "2.44-SNAPSHOT", "2.43.0-rc1", "v2.42.2.1" parse too (nil without a minor).
    public init?(_ text: String) {
        let digits = text.drop { !$0.isNumber }
        let core = digits.prefix { $0.isNumber || $0 == "." }
        let parts = core.split(separator: ".").compactMap { Int($0) }
        guard parts.count >= 2 else { return nil }
        self.init(major: parts[0], minor: parts[1], patch: parts.count > 2 ? parts[2] : 0)
    }

    public static func < (a: DHIS2Release, b: DHIS2Release) -> Bool {
        (a.major, a.minor, a.patch) < (b.major, b.minor, b.patch)
    }

    public var name: String { "\(major).\(minor)" }

    /// The oldest version whose API worldpop-dhis2 speaks.
    public static let oldestModelled = DHIS2Release(major: 2, minor: 38)
    /// The newest release whose rules were read in dhis2-core and are modelled.
    public static let newestModelled = DHIS2Release(major: 2, minor: 43)
    /// The oldest release DHIS2 itself still supports (stable.json, 2026).
    public static let oldestSupportedByDHIS2 = DHIS2Release(major: 2, minor: 41)

    public var isModelled: Bool { self >= Self.oldestModelled }
    /// Newer than the newest modelled release (a snapshot or a release after this tool's).
    public var isNewerThanModelled: Bool { (major, minor) > (Self.newestModelled.major, Self.newestModelled.minor) }

    /// Which of the two data value imports of DHIS2 answers `/api/dataValueSets`.
    public var importRules: ImportRules {
        (major, minor) >= (2, 43) ? .dataEntry : .valueByValue
    }

    /// A sentence for the summary, report and `doctor` when this version needs one: newer than
    /// modelled, or no longer supported by DHIS2.
    public func compatibilityNote(version text: String) -> String? {
        if isNewerThanModelled {
            return "DHIS2 \(text) is newer than \(Self.newestModelled.name), the newest version worldpop-dhis2 models: it runs "
                + "with \(Self.newestModelled.name)'s import rules and checks every import by reading it back."
        }
        if self < Self.oldestSupportedByDHIS2 {
            return "DHIS2 \(name) is no longer supported by DHIS2 (supported: \(Self.oldestSupportedByDHIS2.name)–"
                + "\(Self.newestModelled.name)); worldpop-dhis2 still works with it, but plan an upgrade."
        }
        return nil
    }
}

/// The two imports behind `/api/dataValueSets`.
public enum ImportRules: Sendable, Equatable {
    /// 2.38–2.42 (`DefaultDataValueSetService`, `DataValueSetImportValidator`): each value is
    /// checked on its own; a refused value is a conflict, the rest is stored; counts say
    /// imported / updated / ignored.
    case valueByValue
    /// 2.43+ (`DataEntryPipeline`, `DefaultDataEntryService`): values are checked as a group
    /// per data set and one failed group check refuses the whole request; every stored value is
    /// counted as updated, new or not (`DataEntrySummary.toImportSummary`); WARNING answers 200.
    case dataEntry

    /// Whether DHIS2's counts tell new values from changed ones.
    public var countsNewValues: Bool { self == .valueByValue }
}
