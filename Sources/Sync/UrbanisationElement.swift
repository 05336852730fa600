import DHIS2
import DenominatorMetadata
import WorldPop

extension ClassGrid {
    /// The DHIS2 data element its classes go into: level 1 (DEGURBA's three classes) into
    /// *Population by urbanisation (WorldPop)*, level 2 into an element of its own (a category has
    /// one set of options, and the levels' classes nest rather than coincide).
    func element(credit: String) -> ClassElement {
        let level2 = product.contains("-l2-")
        let description =
            "Estimated residents by degree of urbanisation: the population raster summed exactly over the org unit's boundary, "
            + "cell by cell within each class of WorldPop's degree-of-urbanisation grid (same grid), by worldpop-dhis2. The classes "
            + "add up to the people in classified cells. Source: \(credit)"
        return ClassElement(
            key: level2 ? "urbanisation-l2" : "urbanisation",
            name: level2 ? "Population by urbanisation, level 2 (WorldPop)" : "Population by urbanisation (WorldPop)",
            shortName: level2 ? "Population urbanisation L2 WP" : "Population urbanisation WP",
            categoryName: level2 ? "Urbanisation level 2 (WorldPop)" : "Urbanisation (WorldPop)",
            options: legend.map { ClassElement.Option(key: $0.key, name: $0.name) }, description: description)
    }
}
