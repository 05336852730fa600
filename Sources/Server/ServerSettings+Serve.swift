import Foundation
import Sync

extension ServerSettings {
    /// Takes the `serve:` settings (the config file's section under the flags), checked: each
    /// refusal names the setting both ways it can be written.
    public mutating func take(_ serve: ServeSettings) throws {
        if let text = serve.publicURL {
            guard let url = URL(string: text), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), let host = url.host,
                !host.isEmpty
            else {
                throw SettingsError(
                    "--public-url (serve.publicURL) '\(text)' is not an http or https URL like https://pop.example.org")
            }
            publicURL = url
        }
        for name in serve.allowedHosts ?? [] {
            // A name, or an IPv6 address in brackets; ports are not part of it.
            let bracketed = name.hasPrefix("[") && name.hasSuffix("]")
            let bare = bracketed ? String(name.dropFirst().dropLast()) : name
            let valid = bracketed ? AllowedHosts.isIPAddress(bare) : !bare.isEmpty && !bare.contains(":") && !bare.contains("/")
            guard valid else {
                throw SettingsError(
                    "--allowed-host (serve.allowedHosts) '\(name)' is not a host name: give the name alone, like pop.example.org "
                        + "(any port is accepted for it)")
            }
            allowedHosts.append(bare)
        }
        for address in serve.trustedProxies ?? [] {
            guard AllowedHosts.isIPAddress(address) else {
                throw SettingsError(
                    "--trusted-proxy (serve.trustedProxies) '\(address)' is not an IP address: give the proxy's address as the "
                        + "server sees it, like 127.0.0.1")
            }
            trustedProxies.append(address)
        }
    }

    /// `--queue-limit` (serve.queueLimit): at least one job must be able to wait.
    public static func queueLimit(_ serve: ServeSettings) throws -> Int {
        guard let limit = serve.queueLimit else { return JobQueue.defaultLimit }
        guard limit >= 1 else {
            throw SettingsError(
                "--queue-limit (serve.queueLimit) \(limit) is out of range: give at least 1 (default \(JobQueue.defaultLimit))")
        }
        return limit
    }
}
