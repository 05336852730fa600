/// What a rate of WorldPop's 2015 births or pregnancies is made from: the 2015 grid of the
/// events and the 2015 population of the product the run imports, each summed exactly on its own grid.
public struct RateInputs: Sendable, Hashable {
    /// "live births" or "pregnancies".
    public var what: String
    /// The 2015 grid of the events (1 km, its own grid).
    public var events: String
    /// The 2015 population of the run's population product.
    public var population: String
    /// Credit for the events' grid (CC BY 4.0).
    public var credit: String

    public init(what: String, events: String, population: String, credit: String) {
        self.what = what
        self.events = events
        self.population = population
        self.credit = credit
    }

    /// "the 2015 rate (live births ÷ population, each summed exactly on its grid) applied to …".
    public var method: String {
        "Method: per org unit, WorldPop's 2015 \(what) and its 2015 population, each summed exactly over the unit's boundary "
            + "on its own grid, give the 2015 rate (\(what) ÷ population); the value is that rate × the unit's population of "
            + "the year. Limits: the \(what) grids are of circa 2015 (version 2, 1 km) and are not updated; a unit's rate is held "
            + "at its 2015 level, so changes in fertility since 2015 are not shown, and a unit with no 2015 population gets 0."
    }
}
