/// What only `serve` reads (the config file's `serve:` section, under its flags): how the server
/// is reached and how much it takes on. Checked and used by the `Server` module; here so that the
/// file has one reader and one list of known keys.
public struct ServeSettings: SettingsSection, Equatable {
    /// The address people use (`https://pop.example.org`), e.g. through a reverse proxy: its host
    /// is accepted in the Host header, and https makes the cookies `Secure`.
    public var publicURL: String?
    /// More names the server is reached by (Host header), without port.
    public var allowedHosts: [String]?
    /// Addresses of reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed.
    public var trustedProxies: [String]?
    /// Jobs that may wait in the queue (the running one not counted).
    public var queueLimit: Int?

    public init() {}
}
