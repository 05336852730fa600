/// Something a stage wants its reader to know, with what it is about: the report shows every
/// note, the command line only the kinds a person acts on (`SyncNote.Kind.printed`).
public struct SyncNote: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, CaseIterable {
        /// The DHIS2 release is newer than the newest modelled one, or no longer supported (stage 1).
        case dhis2Release
        /// How the boundary file matched the org units (stage 1).
        case boundaryFile
        /// Which WorldPop files were used, downloaded, resumed or set aside (stage 2).
        case rasters
        /// The population by class (degree of urbanisation), and what no class covered (stage 3).
        case classes
        /// How births or pregnancies were estimated from the 2015 rate (stage 3).
        case method
        /// Metadata already in DHIS2 that was completed: future periods opened, data write shared (stage 4).
        case metadataChanged
        /// DHIS2 generated the category option combos of the age or age/sex data element (stage 4).
        case optionCombosGenerated
        /// A dry run could not have the values validated: the metadata does not exist yet (stage 4).
        case notValidated
        /// The analytics tables job ran (stage 8).
        case analytics
        /// A preview sent nothing.
        case preview
    }

    public var kind: Kind
    public var text: String

    public init(_ kind: Kind, _ text: String) {
        self.kind = kind
        self.text = text
    }

    public var description: String { text }
}

extension [SyncNote] {
    /// The texts of the notes of these kinds.
    public func texts(_ kinds: Set<SyncNote.Kind>) -> [String] { filter { kinds.contains($0.kind) }.map(\.text) }
}
