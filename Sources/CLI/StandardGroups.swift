import DHIS2
import Denominators

/// The derived groups created by default, as metadata groups.
enum StandardGroups {
    static var metadata: [PopulationMetadata.Group] {
        DerivedGroup.standard.map { PopulationMetadata.Group(key: $0.key, name: $0.name, shortName: $0.shortName) }
    }
}
