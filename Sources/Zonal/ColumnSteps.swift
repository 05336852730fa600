/// The columns of a coverage window where a cell's running value (its column's full-row
/// contributions so far) differs from the column to its left, kept sorted as the sweep goes down.
///
/// Between two steps, cells that no edge crosses in the current row are equal, so the sweep can
/// emit them as one run. Running values of cells inside or outside are integers up to rounding;
/// they are snapped to them, so that "equal" is exact and noise never makes a step.
struct ColumnSteps {
    /// Window columns `j ≥ 1` with `running[j] != running[j − 1]`, ascending.
    private(set) var columns: [Int] = []
    private var changed: [Int] = []
    private var candidates: [Int] = []
    private var merged: [Int] = []

    mutating func beginChanges() { changed.removeAll(keepingCapacity: true) }

    /// Column `j`'s running value changed: it may start or stop being a step, and so may `j + 1`.
    mutating func noteChange(at j: Int) { changed.append(j) }

    /// Snaps the changed columns' running values and brings the steps up to date with them.
    mutating func applyChanges(snapping running: inout [Double]) {
        let width = running.count
        candidates.removeAll(keepingCapacity: true)
        for j in changed {
            let whole = running[j].rounded()
            if abs(running[j] - whole) <= 1e-12 { running[j] = whole }
            if j >= 1 { candidates.append(j) }
            if j + 1 < width { candidates.append(j + 1) }
        }
        candidates.sort()
        merged.removeAll(keepingCapacity: true)
        var old = 0
        var k = 0
        while k < candidates.count {
            let c = candidates[k]
            while old < columns.count, columns[old] < c {
                merged.append(columns[old])
                old += 1
            }
            if old < columns.count, columns[old] == c { old += 1 }
            if running[c] != running[c - 1] { merged.append(c) }
            while k < candidates.count, candidates[k] == c { k += 1 }
        }
        merged.append(contentsOf: columns[old...])
        swap(&columns, &merged)
    }
}
