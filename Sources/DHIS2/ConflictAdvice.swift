import Foundation

/// What a DHIS2 import conflict means for a WorldPop import, in plain words with the fix. The
/// 2.43 import (`DefaultDataEntryService`) has new codes for the old refusals; each is mapped to
/// the same advice as its 2.38–2.42 counterpart (`DataValueImportConflict`,
/// `DataValueSetImportConflict`).
public enum ConflictAdvice: String, Sendable, CaseIterable {
    case captureScope, periodNotOpen, periodClosed, dataWrite, dataSetNotAssigned, dataSetAmbiguous, notInDataSet
    case optionCombo, notNumeric

    /// The error codes of each version that mean this.
    public var codes: [String] {
        switch self {
        case .captureScope: return ["E7617", "E8011"]
        // E8030 is both "not yet open" and "no longer open" on 2.43; the message's periods tell which.
        case .periodNotOpen: return ["E7641", "E8030"]
        case .periodClosed: return ["E7640", "E8030"]
        case .dataWrite: return ["E7601", "E7613", "E8010", "E8012"]
        case .dataSetNotAssigned: return ["E8022"]
        case .dataSetAmbiguous: return ["E8002", "E8003"]
        case .notInDataSet: return ["E8020"]
        case .optionCombo: return ["E7634", "E8024"]
        case .notNumeric: return ["E7619", "E8122"]
        }
    }

    /// The advice for a code (nil for codes without one). E8030 reads as "not open yet": a
    /// WorldPop run writes projected years far more often than it meets an expiry.
    public init?(code: String?) {
        guard let code, let match = Self.allCases.first(where: { $0.codes.contains(code) }) else { return nil }
        self = match
    }

    /// The fix, naming the data set and the account.
    public func text(dataSet: String = "WorldPop population", account: String = "the account") -> String {
        switch self {
        case .captureScope:
            return "outside \(account)'s data capture scope: assign their parent (or the country) as a data capture org unit of "
                + "\(account) in the Users app"
        case .periodNotOpen:
            return "the period is not open for entry in the data set \(dataSet): raise its 'Open future periods' (the sync does "
                + "it when the account has F_DATASET_PUBLIC_ADD); if the period is past, set the data set's expiry days to 0 "
                + "or give \(account) F_EDIT_EXPIRED"
        case .periodClosed:
            return "the period is closed for entry in the data set \(dataSet): set its expiry days to 0 or give \(account) "
                + "F_EDIT_EXPIRED"
        case .dataWrite:
            return "\(account) may not capture data in the data set \(dataSet) or its category options: share them with "
                + "\(account) as 'Can capture' (data) in the Maintenance app (the sync does it when it may edit them)"
        case .dataSetNotAssigned:
            return "the data set \(dataSet) is not assigned to these org units: run `worldpop-dhis2 metadata` for them, or "
                + "assign them in Maintenance ▸ Data set ▸ Organisation units"
        case .dataSetAmbiguous:
            return "DHIS2 could not tell which data set the values belong to: the request must name the data set \(dataSet)"
        case .notInDataSet:
            return "the data element is not in the data set \(dataSet): run `worldpop-dhis2 metadata` to add it"
        case .optionCombo:
            return "the category option combo is not of the data element's category combo: run `worldpop-dhis2 metadata` so "
                + "that DHIS2 generates the combos"
        case .notNumeric:
            return "the value is not a number of the data element's value type"
        }
    }
}
