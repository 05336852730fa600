import ArgumentParser
import Foundation
import Logging

/// `--log-level`: how much of what the tool does is written to stderr (swift-log levels).
struct LogOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "trace, debug, info, notice, warning or error (env WORLDPOP_DHIS2_LOG_LEVEL; default warning).", valueName: "level"))
    var logLevel: String?

    func validate() throws { _ = try level(quiet: false) }

    func level(quiet: Bool) throws -> Logger.Level {
        let text = logLevel ?? ProcessInfo.processInfo.environment["WORLDPOP_DHIS2_LOG_LEVEL"] ?? (quiet ? "error" : "warning")
        guard let level = Logger.Level(rawValue: text.lowercased()) else {
            throw ValidationError("log level '\(text)': use trace, debug, info, notice, warning or error")
        }
        return level
    }

    /// A logger writing to stderr, made without bootstrapping swift-log's global system (the
    /// commands also run in-process in tests).
    func logger(_ label: String, quiet: Bool) -> Logger {
        var logger = Logger(label: label, factory: { StreamLogHandler.standardError(label: $0) })
        logger.logLevel = (try? level(quiet: quiet)) ?? .warning
        return logger
    }
}
