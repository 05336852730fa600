import Foundation

/// Messages for people (progress, warnings) go to stderr so stdout stays clean for data.
struct StandardError: TextOutputStream, Sendable {
    mutating func write(_ string: String) {
        FileHandle.standardError.write(Data(string.utf8))
    }
}

func warn(_ message: String) {
    var err = StandardError()
    print("warning: \(message)", to: &err)
}

/// What a command's DHIS2 client says of retries and the like: warnings on stderr, none with `--quiet`.
func clientWarnings(quiet: Bool) -> (@Sendable (String) -> Void)? {
    quiet ? nil : { @Sendable (message: String) in warn(message) }
}
