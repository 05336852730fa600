import ArgumentParser
import DHIS2
import Foundation

/// How to reach DHIS2: flags, or the environment (preferred for secrets, which then stay out of
/// shell history and process lists).
struct DHIS2Options: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("DHIS2 base URL, e.g. https://dhis2.example.org/dhis (env DHIS2_URL).", valueName: "url"))
    var url: String?

    @Option(name: .long, help: ArgumentHelp("Personal access token (env DHIS2_TOKEN, preferred).", valueName: "token"))
    var token: String?

    @Option(name: .long, help: ArgumentHelp("Username for basic auth (env DHIS2_USERNAME).", valueName: "name"))
    var username: String?

    @Option(name: .long, help: ArgumentHelp("Password for basic auth (env DHIS2_PASSWORD, preferred).", valueName: "password"))
    var password: String?

    @Option(name: .long, help: ArgumentHelp("Seconds to wait for each DHIS2 request.", valueName: "s"))
    var timeout: Double = 120

    func validate() throws {
        // 0 would make every request time out at once (or, for URLSession, never).
        guard timeout > 0, timeout.isFinite else { throw ValidationError("--timeout \(timeout) is out of range: give the seconds to wait for each DHIS2 request, more than 0 (default 120)") }
    }

    /// The client; `config` fills in what neither the flags nor the environment give.
    func client(quiet: Bool = false, config: SyncConfig.Connection? = nil) throws -> DHIS2Client {
        var environment = ProcessInfo.processInfo.environment
        for (key, value) in [("DHIS2_URL", config?.url), ("DHIS2_TOKEN", config?.token), ("DHIS2_USERNAME", config?.username),
                             ("DHIS2_PASSWORD", config?.password)] where environment[key, default: ""].isEmpty {
            environment[key] = value
        }
        let connection = try DHIS2Connection.resolve(url: url, token: token, username: username, password: password, environment: environment)
        let log: (@Sendable (String) -> Void)? = quiet ? nil : { @Sendable (message: String) in warn(message) }
        return DHIS2Client(connection: connection, transport: URLSessionTransport(timeout: timeout), log: log)
    }
}

/// Parses "3", "2,3" or "2-4" into levels.
func parseLevels(_ text: String) throws -> [Int] {
    let levels = try parseNumberList(text, kind: "level", example: "3, 2,3 or 2-4")
    guard !levels.isEmpty, levels.allSatisfy({ $0 >= 1 }) else { throw ValidationError("levels start at 1 (national)") }
    return levels
}

/// Parses "2020", "2020-2025" or "2020,2022" into years.
func parseYears(_ text: String) throws -> [Int] {
    let years = try parseNumberList(text, kind: "year", example: "2020, 2020-2025 or 2020,2022")
    guard !years.isEmpty, years.allSatisfy({ (1990...2100).contains($0) }) else { throw ValidationError("years must be between 1990 and 2100: '\(text)'") }
    return Array(Set(years)).sorted()
}

/// Comma-separated numbers and inclusive ranges, in the order written: "2,4-6" → [2, 4, 5, 6].
private func parseNumberList(_ text: String, kind: String, example: String) throws -> [Int] {
    var numbers: [Int] = []
    for part in text.split(separator: ",") {
        let bounds = part.split(separator: "-").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        switch bounds.count {
        case 1 where bounds[0] != nil: numbers.append(bounds[0]!)
        case 2 where bounds[0] != nil && bounds[1] != nil && bounds[0]! <= bounds[1]!: numbers += Array(bounds[0]!...bounds[1]!)
        default: throw ValidationError("'\(text)' is not a \(kind) list like \(example)")
        }
    }
    return numbers
}
