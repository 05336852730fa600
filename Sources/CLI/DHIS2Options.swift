import ArgumentParser
import DHIS2
import Foundation
import Sync

/// How to reach DHIS2: flags, or the environment (preferred for secrets, which then stay out of
/// shell history and process lists).
struct DHIS2Options: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "DHIS2 base URL, e.g. https://dhis2.example.org/dhis (env DHIS2_URL).", valueName: "url"))
    var url: String?

    @Option(name: .long, help: ArgumentHelp("Personal access token (env DHIS2_TOKEN, preferred).", valueName: "token"))
    var token: String?

    @Option(name: .long, help: ArgumentHelp("Username for basic auth (env DHIS2_USERNAME).", valueName: "name"))
    var username: String?

    @Option(name: .long, help: ArgumentHelp("Password for basic auth (env DHIS2_PASSWORD, preferred).", valueName: "password"))
    var password: String?

    @Option(name: .long, help: ArgumentHelp("Seconds to wait for each DHIS2 request (default 120).", valueName: "s"))
    var timeout: Double?

    func validate() throws {
        try asUsageError { if let timeout { try ConnectionSettings.checkTimeout(timeout) } }
    }

    /// What the flags say.
    var settings: ConnectionSettings {
        ConnectionSettings(url: url, token: token, username: username, password: password, timeout: timeout)
    }

    /// The client of a command without a settings file: the flags over the environment.
    func client(quiet: Bool = false) throws -> DHIS2Client {
        try ConnectionSettings.environment().overriding(settings).client(log: clientWarnings(quiet: quiet))
    }
}

/// Runs `check`, turning a `SettingsError` into ArgumentParser's usage error (exit 64, with the
/// command's usage) for checks made while the command line is parsed.
func asUsageError(_ check: () throws -> Void) throws {
    do {
        try check()
    } catch let error as SettingsError {
        throw ValidationError(error.description)
    }
}
