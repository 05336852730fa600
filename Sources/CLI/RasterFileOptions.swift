import ArgumentParser
import Sync

/// The flags of `LocalRasterSettings` (`rasters:` in the config file): one year's files on disk.
struct RasterFileOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Total-population GeoTIFF for a single year (instead of WorldPop downloads).", valueName: "file"))
    var raster: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Age/sex GeoTIFF with one band per sex and age group, for a single year (see --band-order).", valueName: "file"))
    var agesexRaster: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "First years of the age groups in the age/sex raster (default 0,1,5,10,…,90).", valueName: "list"))
    var ages: String?

    @Option(
        name: .long,
        help: ArgumentHelp("Order of sexes in the age/sex raster's bands: mf (males first, default) or fm.", valueName: "order"))
    var bandOrder: BandOrder?

    var settings: LocalRasterSettings {
        get throws {
            var s = LocalRasterSettings()
            s.total = raster
            s.ageSex = agesexRaster
            s.ageStarts = try ages.map(parseAgeStarts)
            s.bandOrder = bandOrder
            return s
        }
    }
}

extension BandOrder: ExpressibleByArgument {}
