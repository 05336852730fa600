import Foundation
import Yams

/// The keys a document may use, by section, and the one check that refuses any other: a
/// misspelt key (`yeers`, `dryrun`) would otherwise be dropped by decoding and its default used
/// in silence. The settings file (YAML) and `serve`'s job requests (JSON) both go through it.
public struct KnownKeys: Sendable {
    /// Keys by section: "" is the top level, "worldpop" the mapping under `worldpop:`,
    /// "serve.x" one below that. A section missing from the table is not checked (free-form).
    public let sections: [String: Set<String>]

    public init(_ sections: [String: Set<String>]) { self.sections = sections }

    /// A parsed document reduced to what the check needs: mappings with their keys, lists, and leaves.
    public indirect enum Tree: Sendable {
        case mapping([(key: String?, value: Tree)])
        case sequence([Tree])
        case leaf

        public init(yaml node: Node) {
            switch node {
            case .mapping(let mapping): self = .mapping(mapping.map { (key: $0.key.string, value: Tree(yaml: $0.value)) })
            case .sequence(let items): self = .sequence(items.map { Tree(yaml: $0) })
            default: self = .leaf
            }
        }

        /// From `JSONSerialization`'s objects.
        public init(json object: Any) {
            if let mapping = object as? [String: Any] {
                self = .mapping(mapping.sorted { $0.key < $1.key }.map { (key: $0.key, value: Tree(json: $0.value)) })
            } else if let items = object as? [Any] {
                self = .sequence(items.map { Tree(json: $0) })
            } else {
                self = .leaf
            }
        }
    }

    /// Throws for the first key of `tree` its section does not know, naming where (`of` says
    /// what the document is: "'sync.yaml'", "the job request") and the keys that are known.
    public func check(_ tree: Tree, of document: String) throws {
        try check(tree, section: "", of: document)
    }

    private func check(_ tree: Tree, section: String, of document: String) throws {
        switch tree {
        case .mapping(let entries):
            guard let known = sections[section] else { return }
            for (key, value) in entries {
                guard let name = key, known.contains(name) else {
                    let place = section.isEmpty ? "" : " in '\(section)'"
                    throw SettingsError(
                        "unknown key '\(key ?? "?")'\(place) of \(document): use one of \(known.sorted().joined(separator: ", "))")
                }
                try check(value, section: section.isEmpty ? name : section + "." + name, of: document)
            }
        case .sequence(let items):
            for item in items { try check(item, section: section, of: document) }
        case .leaf:
            return
        }
    }
}
