/// Settings that cannot make a plan: a missing or out-of-range value, a bad settings file, a
/// bad job request. A usage error (exit 64 on the command line, 400 from `serve`), named as the
/// user wrote it (`--chunk-size` on the command line, `chunkSize` in a file).
public struct SettingsError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
