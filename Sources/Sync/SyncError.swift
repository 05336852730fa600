public enum SyncError: Error, Equatable, Sendable {
    case noRasters
    case noZones(levels: [Int])
    case noFacilities(level: [Int], excluded: Int)
    case conflicts(count: Int, ignored: Int)
    case verificationFailed(mismatches: Int, example: String)
    case wrongServer(run: Int64, recorded: String, given: String)
    case invalidInput(String)
    case analyticsFailed(String)
    case undoNotVerified([String])
    /// The import stopped part-way; the read-back says what reached DHIS2 before it did.
    case importStopped(reason: String, stored: Int, of: Int)
}

extension SyncError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .noRasters:
            return "no population raster to read: give --raster FILE (or --agesex-raster) for the year."
        case .noZones(let levels):
            return
                "no org units with a boundary at level(s) \(levels.map(String.init).joined(separator: ", ")); check the level, "
                + "and that boundaries are loaded in DHIS2 (Maintenance ▸ Org units ▸ geometry)."
        case .noFacilities(let levels, let excluded):
            return
                "no usable facility (Point org unit) at level(s) \(levels.map(String.init).joined(separator: ", "))"
                + (excluded > 0 ? " (\(excluded) listed as unusable in the report)" : "")
                + "; check the level, and that facilities have coordinates in DHIS2."
        case .conflicts(let count, let ignored):
            return
                "DHIS2 reported \(count) conflict(s) and ignored \(ignored) value(s); see the report. Fix the cause, or pass "
                + "--allow-conflicts to accept a partial import."
        case .verificationFailed(let n, let example):
            return
                "\(n) value(s) read back from DHIS2 differ from what was sent (e.g. \(example)); DHIS2 may have rejected them "
                + "silently or another process changed them."
        case .wrongServer(let run, let recorded, let given):
            return "run \(run) was imported into \(recorded), not \(given); undo it against the same server."
        case .invalidInput(let text):
            return text
        case .analyticsFailed(let reason):
            return
                "the values were imported and verified, but the analytics tables job failed: \(reason) Run it again from Data "
                + "Administration ▸ Analytics tables, or rerun with --analytics."
        case .undoNotVerified(let mismatches):
            return
                "the undo was sent, but \(mismatches.count) value(s) read back are not as it left them (e.g. \(mismatches[0])): another "
                + "process may have written them meanwhile. The run is not marked undone; check the values and run undo again."
        case .importStopped(let reason, let stored, let total):
            return
                "the import stopped: \(reason) Read back afterwards, \(stored) of the \(total) value(s) sent are stored in DHIS2 as sent; "
                + "the audit log records them, so `undo` reverts exactly those, and running again sends only the rest."
        }
    }
}
