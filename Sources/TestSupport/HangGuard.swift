/// The time limit of a test that could hang (a server that never answers, a process that never
/// ends), `.timeLimit(.minutes(HangGuard.minutes))`: the test fails instead of holding CI until
/// CI's own limit. Never a measure of speed: the suite's tests all start at once and share one
/// thread per core, so a test ends about when the whole suite does (two minutes on 2 cores with
/// the benchmark data), however little it does itself. A one-minute limit failed a test that
/// starts a server and makes two requests. (A number, not a trait: this target is built with the
/// program too, where the Testing module is not there.)
public enum HangGuard {
    public static let minutes = 10
}
