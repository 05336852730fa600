import DHIS2
import DenominatorMetadata

/// Stage 5: the computed values against what DHIS2 already holds (read once): new ones, changed
/// ones with the value they replace (for undo), and how many are unchanged and not sent again.
struct ValueChanges: Sendable {
    var created: [DataValue] = []
    var updated: [(value: DataValue, previous: String)] = []
    var unchanged = 0
    /// What is sent: nothing when DHIS2 cannot validate the values (a dry run without metadata).
    var toSend: [DataValue] = []
}

extension SyncRunner {
    func compareWithDHIS2(_ run: SyncContext, _ metadata: MetadataReady) async throws -> ValueChanges {
        let existing = metadata.cannotValidateValues ? [:] : try await storedValues(run.orgUnits, years: run.plan.valueYears)
        var changes = ValueChanges()
        for v in metadata.values {
            switch existing[v.key] {
            case nil: changes.created.append(v)
            case let old? where old == v.value || Double(old) == Double(v.value): changes.unchanged += 1
            case let old?: changes.updated.append((v, old))
            }
        }
        if !metadata.cannotValidateValues { changes.toSend = changes.created + changes.updated.map(\.value) }
        return changes
    }

    /// The values of the population data set DHIS2 holds under the run's roots for `years`.
    func storedValues(_ orgUnits: OrgUnitsRead, years: [Int]) async throws -> [DataValue.Key: String] {
        var stored: [DataValue.Key: String] = [:]
        for root in orgUnits.roots {
            for v in try await client.dataValues(dataSet: PopulationMetadata.dataSetID, periods: years.map(String.init), root: root) {
                stored[v.key] = v.value
            }
        }
        return stored
    }
}
