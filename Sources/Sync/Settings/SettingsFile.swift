import Foundation
import Yams

/// `--config sync.yaml`: every sync setting in a file that can be reviewed and versioned — the
/// bottom layer of `SyncSettings`, under the environment and the flags. The file is `SyncSettings`
/// itself, written out: its keys are the fields' names, its sections the fields' types.
///
/// YAML rather than TOML: the TOML package available to this project (TOMLKit) depends on a
/// package outside the mirror, and YAML is what DHIS2 implementers meet in Ansible and Docker
/// Compose anyway.
public enum SettingsFile {
    /// The settings in the file at `path`. Unknown keys are refused: a misspelt one would
    /// otherwise be ignored silently.
    public static func load(_ path: String) throws -> SyncSettings {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw SettingsError("cannot read the config file '\(path)': check the path")
        }
        let node: Node
        do {
            guard let parsed = try Yams.compose(yaml: text) else { throw SettingsError("the config file '\(path)' is empty") }
            node = parsed
        } catch let error as SettingsError {
            throw error
        } catch {
            throw SettingsError("'\(path)' is not valid YAML: \(error)")
        }
        try SyncSettings.knownKeys.check(KnownKeys.Tree(yaml: node), of: "'\(path)'")
        let settings: SyncSettings
        do {
            settings = try YAMLDecoder().decode(SyncSettings.self, from: node)
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            throw SettingsError("'\(path)': \(key(context)) has the wrong type (\(context.debugDescription))")
        } catch let DecodingError.dataCorrupted(context) {
            throw SettingsError("'\(path)': \(key(context)): \(context.debugDescription)")
        } catch {
            throw SettingsError("'\(path)': \(error)")
        }
        try settings.checkRanges()
        return settings
    }

    private static func key(_ context: DecodingError.Context) -> String {
        context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }
}

extension SyncSettings {
    /// The numbers with a range, checked where the file is read so that the message names the
    /// file's key (the flags check theirs as they are parsed, the plan checks every layer again).
    func checkRanges() throws {
        if let decimals = self.import.decimals { try checkDecimals(decimals, source: "import.decimals") }
        if let chunkSize = self.import.chunkSize { try checkChunkSize(chunkSize, source: "import.chunkSize") }
        if let compareThreshold { try checkCompareThreshold(compareThreshold, source: "compareThreshold") }
        if let timeout = dhis2.timeout { try ConnectionSettings.checkTimeout(timeout) }
        _ = try groups?.map { try $0.group() }
    }
}
