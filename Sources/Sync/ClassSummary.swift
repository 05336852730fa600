import Denominators

/// One sentence for the report on a class split: the people of each class over the synced units,
/// and those in cells of no class, which are in no class value (never silently in one).
enum ClassSummary {
    static func note(_ table: PopulationTable, inputs: [YearInputs], units: Set<String>) -> [String] {
        inputs.compactMap { y -> String? in
            guard let classes = y.classes else { return nil }
            let estimates = table.estimates.filter { units.contains($0.key) }.compactMap { $0.value[y.year] }
            let parts = classes.legend.map { c in "\(c.name.lowercased()) \(format(estimates.reduce(0) { $0 + ($1.byClass[c.key] ?? 0) }))"
            }
            let total = estimates.reduce(0) { $0 + ($1.total ?? 0) }
            let none = estimates.reduce(0) { $0 + ($1.unclassified ?? 0) }
            let share = total > 0 ? String(format: " (%.2f %%)", 100 * none / total) : ""
            return "\(y.year) by degree of urbanisation: " + parts.joined(separator: ", ")
                + "; \(format(none)) people\(share) live in cells the urbanisation grid gives no class "
                + "(nodata or a value outside its legend): they are in no class value, and populations.csv lists them per unit "
                + "(unclassified)."
        }
    }

    static func format(_ x: Double) -> String { String(Int(x.rounded())) }
}
