import ArgumentParser
import Sync

/// The flags of `BoundarySettings` (`boundaries:` in the config file).
struct BoundaryOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Boundaries from this file (GeoJSON, GeoPackage, Shapefile, zipped Shapefile) instead of DHIS2's.", valueName: "file"))
    var boundaries: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "With --boundaries: match features to org units by uid, code, name, or a PROPERTY holding the name (default name).",
            valueName: "key"))
    var matchBy: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "With --boundaries: the file's property holding the key (default uid/id, code or name).", valueName: "property"))
    var boundaryField: String?

    @Flag(name: .long, help: "Refuse invalid boundaries instead of repairing them (GEOS MakeValid) and reporting them.")
    var strictGeometry = false

    var settings: BoundarySettings {
        var s = BoundarySettings()
        s.file = boundaries
        s.matchBy = matchBy
        s.field = boundaryField
        s.strict = strictGeometry ? true : nil
        return s
    }
}
