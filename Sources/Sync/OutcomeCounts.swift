extension SyncOutcome {
    /// The run's figures, counted once for every summary of it (the report's table, `sync`'s
    /// lines and `--json`, serve's results, the audit record): ours — values computed, new,
    /// changed, unchanged — and DHIS2's import summary.
    public struct Counts: Sendable, Equatable {
        public var computed = 0
        public var new = 0
        public var changed = 0
        /// Not sent again.
        public var unchanged = 0
        public var imported = 0
        /// What DHIS2 counted as updated (2.43: every value it stored, see `importCountNotes`).
        public var updated = 0
        public var ignored = 0
        public var deleted = 0
        public var conflicts = 0
        /// Values DHIS2 counted as ignored that were already stored as sent.
        public var ignoredUnchanged = 0
        /// Values read back differently from what was sent.
        public var mismatches = 0

        /// New and changed: what was sent.
        public var sent: Int { new + changed }
    }

    public var counts: Counts {
        let s = importResult?.summary
        return Counts(
            computed: values.count, new: created.count, changed: updated.count, unchanged: unchanged, imported: s?.imported ?? 0,
            updated: s?.updated ?? 0, ignored: s?.ignored ?? 0, deleted: s?.deleted ?? 0, conflicts: s?.conflicts.count ?? 0,
            ignoredUnchanged: importResult?.ignoredUnchanged ?? 0, mismatches: mismatches.count)
    }
}
