import Sync

extension ServerSettings {
    /// Shorter keys can be guessed (and an empty one would let an empty header through);
    /// `openssl rand -hex 16` gives 32 characters.
    public static let minimumAccessKeyLength = 16

    public static func isLoopback(_ host: String) -> Bool { ["127.0.0.1", "::1", "localhost"].contains(host) }

    /// The key from `--access-key`, else from `WORLDPOP_DHIS2_ACCESS_KEY`; an empty variable
    /// counts as unset (as systemd's `Environment=WORLDPOP_DHIS2_ACCESS_KEY=` leaves it), an
    /// empty or short key is refused, naming where it came from.
    public static func accessKey(flag: String?, environment: [String: String]) throws -> String? {
        if let flag {
            try checkAccessKey(flag, source: "--access-key")
            return flag
        }
        guard let key = environment["WORLDPOP_DHIS2_ACCESS_KEY"], !key.isEmpty else { return nil }
        try checkAccessKey(key, source: "WORLDPOP_DHIS2_ACCESS_KEY")
        return key
    }

    static func checkAccessKey(_ key: String, source: String) throws {
        guard key.count >= minimumAccessKeyLength else {
            throw SettingsError(
                "the access key of \(source) has \(key.count) characters: give at least \(minimumAccessKeyLength) random ones, "
                    + "e.g. $(openssl rand -hex 16)")
        }
    }

    /// Beyond loopback, every page and call needs the access key or a DHIS2 sign-in.
    public static func checkReach(host: String, accessKey: String?, signIn: Bool) throws {
        guard accessKey != nil || signIn || isLoopback(host) else {
            throw SettingsError(
                "serving on \(host) opens the server to the network: set an access key (--access-key or "
                    + "WORLDPOP_DHIS2_ACCESS_KEY, e.g. $(openssl rand -hex 16)) or --sign-in")
        }
    }

    /// The checks above, of settings made in code (tests, embedding) as of those from flags.
    func checkAccess() throws {
        if let accessKey { try Self.checkAccessKey(accessKey, source: "the settings") }
        try Self.checkReach(host: host, accessKey: accessKey, signIn: signIn != nil)
    }
}
