/// WorldPop's births and pregnancies, version 2, circa 2015, 1 km, for low- and middle-income
/// countries: one 7z per country holding `{ISO3}_births_pp_v2_2015.tif` (or `_pregs_pp_v2_2015.tif`)
/// and WorldPop's README (its "Dataset details": live births per grid square, national totals
/// matched to the UN's, 0.00833333°, a DOI per country such as WP00335 for Zambia).
///
/// Seen in public code: the pack's URL `GIS/Births/Individual_countries/{ISO3}/{Name}_1km_births.7z`
/// with the names of 49 sub-Saharan countries (an R script downloading them for a study of
/// non-facility births, found through the code search), the members in scripts reading them
/// (`Kenya_1km_births/KEN_births_pp_v2_2015.tif`, `…/KEN_pregs_pp_v2_2015.tif`, NGA, PAK, GTM, MDG), and
/// WorldPop's README shipped in the pack (rodekruis/CommunityRisk `public/modules/dashboards/data/README.txt`).
/// The pregnancies pack's folder (`GIS/Pregnancies/…`) follows the births' by analogy: no public code
/// downloads it. A country without a known pack name is looked for as `{ISO3}_1km_births.7z` (a
/// `--worldpop-dir` copy may be renamed so; the server's own name is on hub.worldpop.org).
extension WorldPopCatalogue {
    static let births: [WorldPopProduct] = [
        ("births", "live births", "births", "births"), ("pregnancies", "pregnancies", "Pregnancies", "pregs"),
    ]
    .map { id, what, folder, member in
        WorldPopProduct(
            id: "\(id)-2015-1km", title: "\(what) 2015, 1 km (v2)", release: "WorldPop \(what) v2 (circa 2015)",
            years: 2015...2015, resolution: "1 km", content: .total,
            pathTemplate: "GIS/\(folder == "births" ? "Births" : folder)/Individual_countries/{ISO3}/{NAME}_1km_\(id).7z",
            notes: "7z per country; a 2015 rate applied to the synced year's population (sync --product \(id))"
        )
        .with {
            $0.archiveMember = "{ISO3}_\(member)_pp_v2_2015.tif"
            $0.rateOf = what
        }
    }

    /// The names in the packs' file names (`Kenya_1km_births.7z`), as the R script above spells them.
    static let packNames: [String: String] = [
        "AGO": "Angola", "BDI": "Burundi", "BEN": "Benin", "BFA": "Burkina_Faso", "BWA": "Botswana",
        "CAF": "Central_African_Republic", "CIV": "Cote_D_ivoire", "CMR": "Cameroon", "COD": "Democratic_Republic_of_the_Congo",
        "COG": "Congo", "COM": "Comoros", "CPV": "Cabo_Verde", "DJI": "Djibouti", "ERI": "Eritrea", "ETH": "Ethiopia", "GAB": "Gabon",
        "GHA": "Ghana", "GIN": "Guinea", "GMB": "Gambia", "GNB": "GuineaBissau", "GNQ": "Equatorial_Guinea", "KEN": "Kenya",
        "LSO": "Lesotho", "LBR": "Liberia", "MDG": "Madagascar", "MWI": "Malawi", "MLI": "Mali", "MOZ": "Mozambique",
        "MRT": "Mauritania", "MUS": "Mauritius", "MYT": "Mayotte", "NAM": "Namibia", "NER": "Niger", "NGA": "Nigeria", "REU": "Reunion",
        "RWA": "Rwanda", "SEN": "Senegal", "SYC": "Seychelles", "SLE": "Sierra_Leone", "SOM": "Somalia", "SSD": "South_Sudan",
        "SWZ": "Swaziland", "TCD": "Chad", "TGO": "Togo", "TZA": "United_Republic_Of_Tanzania", "UGA": "Uganda", "ZAF": "South_Africa",
        "ZMB": "Zambia", "ZWE": "Zimbabwe",
    ]
}
