public enum DenominatorError: Error, Equatable, Sendable {
    case groupCutsBand(group: String, band: String, edges: [Int])
    case groupNotCovered(group: String, sex: String, missingFrom: Int)
    case invalidGroup(String)
    case groupNeedsSex(group: String, sexes: [String])
}

extension DenominatorError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .groupCutsBand(let group, let band, let edges):
            return
                "group '\(group)' cuts the WorldPop band \(band) in two; group ages must start and end on band edges "
                + "(\(edges.map(String.init).joined(separator: ", "))). Adjust the group's ages in the config."
        case .groupNotCovered(let group, let sex, let from):
            return
                "group '\(group)' needs \(sex) ages from \(from), which the product's bands do not cover. Choose a product with "
                + "those ages or narrow the group."
        case .groupNeedsSex(let group, let sexes):
            return
                "group '\(group)' is for \(sexes.joined(separator: " and ").lowercased()) only, and the product's bands hold both "
                + "sexes together (t): use an age/sex product (--product agesex, e.g. g2-agesex-100m) or leave the group out of the config."
        case .invalidGroup(let reason):
            return "invalid group definition: \(reason)"
        }
    }
}
