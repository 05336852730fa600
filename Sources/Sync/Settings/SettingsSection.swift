import Foundation

/// `SyncSettings` and each of its sections (`dhis2:`, `worldpop:`, `import:` …). A setting is
/// declared once, as a field of one of these (and as its flag): the settings file's keys are the
/// fields' names, the file is decoded straight into these types, the known keys are read off the
/// fields, and layers are stacked field by field without listing the fields again. Every field is
/// optional, so that a layer says only what its source says.
public protocol SettingsSection: Codable, Sendable {
    init()
}

extension SettingsSection {
    /// These settings with every value `top` gives put over them; sections merge field by field,
    /// lists (groups, hosts) are replaced whole.
    public func overriding(_ top: Self) -> Self {
        // A nil field encodes as nothing, so merging the two encoded trees key by key is the
        // field-by-field overriding of every section at once.
        do {
            let merged = try SettingsTree(self).merged(under: SettingsTree(top))
            return try JSONDecoder().decode(Self.self, from: JSONEncoder().encode(merged))
        } catch {
            // Both layers are values of this type, so their merge is one too.
            preconditionFailure("settings of one type did not merge: \(error)")
        }
    }

    /// The keys a settings file may use, by section ("" the top, "dhis2" the mapping under
    /// `dhis2:`): the names of the fields.
    public static var knownKeys: KnownKeys { KnownKeys(sections(at: "")) }

    static func sections(at path: String) -> [String: Set<String>] {
        var sections: [String: Set<String>] = [:]
        var keys: Set<String> = []
        for child in Mirror(reflecting: Self()).children {
            guard let name = child.label else { continue }
            keys.insert(name)
            let inner = path.isEmpty ? name : path + "." + name
            let type = Swift.type(of: child.value)
            if let section = (type as? any SettingsSection.Type) ?? (type as? any SettingsList.Type)?.elementSection {
                sections.merge(section.sections(at: inner)) { first, _ in first }
            }
        }
        sections[path] = keys
        return sections
    }
}

extension KeyedDecodingContainer {
    /// A section the file leaves out is an empty one (every field nil): the decoding Swift
    /// writes for `SyncSettings` takes this more specific overload for its sections.
    func decode<Section: SettingsSection>(_ type: Section.Type, forKey key: Key) throws -> Section {
        try decodeIfPresent(type, forKey: key) ?? Section()
    }
}

/// A list of sections in a file (`groups:`), whose items' keys are checked like a section's.
protocol SettingsList {
    static var elementSection: any SettingsSection.Type { get }
}

extension Array: SettingsList where Element: SettingsSection {
    static var elementSection: any SettingsSection.Type { Element.self }
}

extension Optional: SettingsList where Wrapped: SettingsList {
    static var elementSection: any SettingsSection.Type { Wrapped.elementSection }
}

/// An encoded settings value: what `overriding` merges.
enum SettingsTree: Codable {
    case object([String: SettingsTree])
    case list([SettingsTree])
    case text(String)
    case integer(Int)
    case number(Double)
    case flag(Bool)
    case null

    init(_ settings: some Encodable) throws {
        self = try JSONDecoder().decode(SettingsTree.self, from: JSONEncoder().encode(settings))
    }

    /// `self` with `top`'s values over it: objects merge key by key, anything else is replaced.
    func merged(under top: SettingsTree) -> SettingsTree {
        guard case .object(var merged) = self, case .object(let over) = top else { return top }
        for (key, value) in over { merged[key] = merged[key].map { $0.merged(under: value) } ?? value }
        return .object(merged)
    }

    /// Without the objects that hold nothing (a section no layer set).
    var withoutEmptySections: SettingsTree {
        guard case .object(let object) = self else { return self }
        return .object(
            object.compactMapValues { value in
                let inner = value.withoutEmptySections
                if case .object(let o) = inner, o.isEmpty { return nil }
                return inner
            })
    }

    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            self = .null
        } else if let flag = try? c.decode(Bool.self) {
            self = .flag(flag)
        } else if let integer = try? c.decode(Int.self) {
            self = .integer(integer)
        } else if let number = try? c.decode(Double.self) {
            self = .number(number)
        } else if let text = try? c.decode(String.self) {
            self = .text(text)
        } else if let list = try? c.decode([SettingsTree].self) {
            self = .list(list)
        } else {
            self = .object(try c.decode([String: SettingsTree].self))
        }
    }

    func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .object(let object): try c.encode(object)
        case .list(let list): try c.encode(list)
        case .text(let text): try c.encode(text)
        case .integer(let integer): try c.encode(integer)
        case .number(let number): try c.encode(number)
        case .flag(let flag): try c.encode(flag)
        case .null: try c.encodeNil()
        }
    }
}
