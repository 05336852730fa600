/// Where a country's Global 1 constrained 2020 files are on the data server:
/// `GIS/Population/Global_2000_2020_Constrained/2020/{maxar_v1|BSGM}/{ISO3}/`.
///
/// The sub-Saharan African countries were built on Maxar/Ecopia building footprints and live
/// under `maxar_v1/`; every other country under `BSGM/`. The list is the one public code
/// downloads from `maxar_v1/` (mansueto-institute/kblock README, 50 codes), consistent with every
/// other public `maxar_v1/` URL seen (COD, NGA, SLE, KEN, UGA, TZA, CMR, DJI, GNQ, ZAF, MDG) and
/// every public `BSGM/` one (PHL, ITA, FRA, ESP, CHE, CHN, SRB). When a file is not where the list
/// says, the other folder is tried (`WorldPopFile.alternatePaths`), so a 51st country is still found.
public enum Global1ConstrainedFolder {
    public static let maxarCountries: Set<String> = [
        "AGO", "BDI", "BEN", "BFA", "BWA", "CAF", "CIV", "CMR", "COD", "COG",
        "COM", "CPV", "DJI", "ERI", "ESH", "ETH", "GAB", "GHA", "GIN", "GMB",
        "GNB", "GNQ", "KEN", "LBR", "LSO", "MDG", "MLI", "MOZ", "MRT", "MUS",
        "MWI", "NAM", "NER", "NGA", "RWA", "SDN", "SEN", "SLE", "SOM", "SSD",
        "STP", "SWZ", "SYC", "TCD", "TGO", "TZA", "UGA", "ZAF", "ZMB", "ZWE",
    ]
    public static let folders = ["maxar_v1", "BSGM"]

    /// The folder the country's files are expected in, then the other one.
    public static func folders(for iso3: String) -> [String] {
        maxarCountries.contains(iso3.uppercased()) ? ["maxar_v1", "BSGM"] : ["BSGM", "maxar_v1"]
    }
}
