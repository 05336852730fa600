import Geometry
import Zonal

/// Births or pregnancies: each unit's 2015 count and 2015 population, each summed exactly on its
/// own grid (the 1 km events grid is not the population's), set on every year's estimate.
enum RateSums {
    static func apply(_ rate: RateInputs, to table: inout PopulationTable, zones: [Zone], engine: ZonalEngine) throws {
        let events = try PopulationTable.compute(
            zones: zones, inputs: [YearInputs(year: 2015, total: BandFile(path: rate.events))], engine: engine)
        let people = try PopulationTable.compute(
            zones: zones, inputs: [YearInputs(year: 2015, total: BandFile(path: rate.population))], engine: engine)
        for (unit, years) in table.estimates {
            for year in years.keys {
                table.estimates[unit]![year]!.events2015 = events.estimates[unit]?[2015]?.total ?? 0
                table.estimates[unit]![year]!.population2015 = people.estimates[unit]?[2015]?.total ?? 0
            }
        }
    }
}
