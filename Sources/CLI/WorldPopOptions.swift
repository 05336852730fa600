import ArgumentParser
import Sync

/// The flags of `WorldPopSettings` (`worldpop:` in the config file).
struct WorldPopOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "WorldPop product (`datasets` lists them); default g2-total-100m, g2-agesex-100m or g2-age-100m.", valueName: "id"))
    var worldpopProduct: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Country of the WorldPop files; found from the org units and local files when omitted.", valueName: "ISO3"))
    var iso3: String?

    @Option(name: .long, help: ArgumentHelp("Folder laid out like data.worldpop.org, read before the cache.", valueName: "dir"))
    var worldpopDir: String?

    @OptionGroup var source: WorldPopSourceOptions

    var settings: WorldPopSettings {
        var s = source.settings
        s.product = worldpopProduct
        s.iso3 = iso3
        s.folder = worldpopDir
        return s
    }
}

/// The flags of `WorldPopSettings` that say where WorldPop is reached and what is kept: shared
/// by `sync` and `datasets`.
struct WorldPopSourceOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Download cache and kept hub answers (default ~/.cache/worldpop-dhis2).", valueName: "dir"))
    var cacheDir: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "WorldPop data server, ftp:// or https:// (default: the FTP mirror, then data.worldpop.org).", valueName: "url"))
    var worldpopURL: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "WorldPop hub REST API that lists each product's files (default https://hub.worldpop.org/).", valueName: "url"))
    var worldpopHub: String?

    @Flag(name: .long, help: "Never download or ask the hub: local files, the cache and kept hub answers only.")
    var offline = false

    var settings: WorldPopSettings {
        var s = WorldPopSettings()
        s.cache = cacheDir
        s.server = worldpopURL
        s.hub = worldpopHub
        s.offline = offline ? true : nil
        return s
    }
}
