import Foundation

/// What a client asks the server to do (`POST /api/jobs`). Missing fields take the config's values.
public struct JobRequest: Codable, Sendable, Hashable {
    public enum Kind: String, Codable, Sendable {
        /// Compute and report; nothing is sent to DHIS2.
        case preview
        /// The same pipeline as `worldpop-dhis2 sync`.
        case sync
        /// Revert an audit run (`run`).
        case undo
    }

    public var kind: Kind
    /// "2020", "2020-2025" or "2020,2022".
    public var years: String?
    /// "3", "2,3" or "2-4".
    public var levels: String?
    /// Only the org units under this one (a UID from the user's org unit tree).
    public var within: String?
    /// total, agesex or age.
    public var product: String?
    public var dryRun: Bool?
    /// For undo: the audit run to revert.
    public var run: Int64?
    /// The report's language (a catalogue, or a DHIS2 locale such as pt_BR): the page and the app
    /// send their user's, so that the report they open reads like them.
    public var language: String?
    /// Who asked (the signed-in DHIS2 user, or "access key"); set by the server, never by the client.
    public var requestedBy: String?

    public init(kind: Kind, years: String? = nil, levels: String? = nil, product: String? = nil, dryRun: Bool? = nil, run: Int64? = nil) {
        self.kind = kind
        self.years = years
        self.levels = levels
        self.product = product
        self.dryRun = dryRun
        self.run = run
    }
}
