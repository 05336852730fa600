import Localization

/// Something a stage wants its reader to know, with what it is about: the report shows every
/// note (in its reader's language when the note is a catalogue message), the command line only
/// the kinds a person acts on (`SyncSummary.printed`).
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

    /// A note of ours as a catalogue message: its key, the values of its placeholders, and the
    /// placeholders whose value is itself a message (a word the reader's language has its own for).
    public struct Message: Sendable, Hashable {
        public var key: String
        public var values: [String: String] = [:]
        public var messageValues: [String: String] = [:]

        func text(in catalogue: Catalogue) -> String {
            catalogue.text(key, values.merging(messageValues.mapValues { catalogue.text($0) }) { a, _ in a })
        }
    }

    public var kind: Kind
    /// In English: what the command line, serve's results and the audit show.
    public var text: String
    /// nil for a note whose words come from elsewhere (DHIS2's answers, a download's report).
    public var message: Message?

    public init(_ kind: Kind, _ text: String) {
        self.kind = kind
        self.text = text
    }

    /// A note of ours, written once in the catalogues (English first).
    init(_ kind: Kind, _ message: Message) {
        self.kind = kind
        self.message = message
        text = message.text(in: Self.english)
    }

    /// The note in `catalogue`'s language when it is a message of ours, else as it was written.
    public func text(in catalogue: Catalogue) -> String { message?.text(in: catalogue) ?? text }

    public var description: String { text }

    private static let english = (try? Catalogues.load(Catalogues.base)) ?? Catalogue(language: Catalogues.base, messages: [:])
}

extension [SyncNote] {
    /// The texts of the notes of these kinds.
    public func texts(_ kinds: Set<SyncNote.Kind>) -> [String] { filter { kinds.contains($0.kind) }.map(\.text) }
}
