/// The program's name and version, defined here only: `--version`, the User-Agent of downloads,
/// and `info.version` of `openapi.yaml` (a test holds the file to this).
public enum Program {
    public static let name = "worldpop-dhis2"
    public static let version = "0.2.0"

    /// `worldpop-dhis2/0.2.0`: how servers' logs name us.
    public static var userAgent: String { "\(name)/\(version)" }
}
