import Catchments
import DHIS2
import DenominatorMetadata
import Denominators
import Foundation

/// What a sync should do: which org units, which years and rasters, which groups, how to send.
public struct SyncPlan: Sendable {
    public enum Product: String, Sendable, CaseIterable, Codable {
        /// Total population into "Population (WorldPop)" (default category combo).
        case total
        /// Age/sex bands into "Population by age and sex (WorldPop)", plus totals and groups.
        case agesex
        /// Age bands of both sexes together (WorldPop's `t` files, half the download) into
        /// "Population by age (WorldPop)", plus totals and the groups of both sexes.
        case age
        /// The population by degree of urbanisation (WorldPop's DUG classes over the total) into
        /// "Population by urbanisation (WorldPop)".
        case urbanisation
        /// WorldPop's under-18 population (its own product: 15–19 straddles 18) into
        /// "Under-18 population (WorldPop)".
        case under18
        /// Expected live births and pregnancies: WorldPop's 2015 counts per person of 2015, applied
        /// to the population of the synced year ("Expected live births (WorldPop 2015 rate)").
        case births
        case pregnancies

        /// Products whose values are bands (and groups summed from them).
        public var hasBands: Bool { self == .agesex || self == .age }

        public init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            let text = try c.decode(String.self)
            guard let product = Product(rawValue: text) else {
                throw DecodingError.dataCorruptedError(
                    in: c, debugDescription: "'\(text)' is one of \(Product.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            self = product
        }
    }

    /// What the values are about.
    public enum ZoneSource: Sendable {
        /// The org units' own boundaries (`sync`).
        case boundaries
        /// Facilities (Points) of the level, with catchments drawn around them (`catchments`).
        case catchments(CatchmentMethod)
        /// The org units of the level, and the people in them farther than `km` from every
        /// facility (Points) of `facilitiesLevel` (`access`).
        case access(km: Double, facilitiesLevel: Int)

        public var isBoundaries: Bool {
            if case .boundaries = self { return true }
            return false
        }
    }

    public var levels: [Int]
    public var zoneSource = ZoneSource.boundaries
    /// Only org units under this one.
    public var within: String?
    public var product: Product
    /// Where the rasters come from; stage 2 finds them (`RastersFound`).
    public var rasters: Rasters
    public var groups: [DerivedGroup]
    /// Decimals of the values sent (population counts: 0).
    public var decimals = 0
    public var dryRun = false
    public var allowConflicts = false
    public var importOptions = ImportOptions(dataSet: PopulationMetadata.dataSetID)
    /// Boundaries from a file (matched to the org units) instead of DHIS2's.
    public var boundaries: BoundarySource?
    /// Refuse invalid boundaries instead of repairing them.
    public var strictGeometry = false
    /// Also import the raw 2015 sums of the births or pregnancies grid, for 2015.
    public var rawRateSums = false
    /// After a successful import, run DHIS2's analytics tables job for the synced years.
    public var analytics = false
    /// Also write the data value set here (format from the extension: .json, .csv, .xml/.adx).
    public var valuesFile: String?
    /// Where the HTML, CSV and GeoJSON results go.
    public var reportDirectory: String
    /// Compare with the denominator already in DHIS2 under this data element.
    public var compareWith: String?
    /// Flag units whose ratio to the existing denominator is off by more than this (0.1 = ±10 %).
    public var compareThreshold = 0.1
    /// The credit line (CC BY 4.0) as given; nil: the rasters' own (dataset, release, country, years).
    public var credit: String?
    /// How the run is recorded in the audit log (secrets removed).
    public var command: String
    /// The report's language (a catalogue file's name); nil: the DHIS2 account's interface
    /// language (`/api/me` settings.keyUiLocale) when there is a catalogue for it, else English.
    public var language: String?

    /// Where a run's rasters come from.
    public enum Rasters: Sendable {
        /// Files on disk, year by year (`--raster`, `--agesex-raster`).
        case files([YearInputs])
        /// WorldPop's files (folder, cache or download), found once the org units say which country.
        case worldPop(WorldPopRequest)
    }

    public init(
        levels: [Int], within: String? = nil, product: Product, rasters: Rasters, groups: [DerivedGroup] = DerivedGroup.standard,
        reportDirectory: String, credit: String? = nil, command: String
    ) {
        self.levels = levels
        self.within = within
        self.product = product
        self.rasters = rasters
        self.groups = groups
        self.reportDirectory = reportDirectory
        self.credit = credit
        self.command = command
    }

    public var years: [Int] {
        switch rasters {
        case .files(let inputs): inputs.map(\.year)
        case .worldPop(let request): request.years
        }
    }

    /// The WorldPop files asked for, if the rasters are WorldPop's.
    public var worldPop: WorldPopRequest? {
        guard case .worldPop(let request) = rasters else { return nil }
        return request
    }

    /// The periods values are sent for: the years, and 2015 for the raw 2015 sums of births or pregnancies.
    public var valueYears: [Int] { Array(Set(years + (rawRateSums ? [2015] : []))).sorted() }

    /// The command recorded in the audit log's kind column.
    public var kind: String {
        switch zoneSource {
        case .boundaries: return "sync"
        case .catchments: return "catchments"
        case .access: return "access"
        }
    }
}

/// The rasters for one year: the total population, and/or the age/sex bands.
public struct YearInputs: Sendable {
    public var year: Int
    public var total: BandFile?
    public var bands: [AgeSexBand: BandFile]
    /// The class grid the total is split by (degree of urbanisation), on the total's grid.
    public var classes: ClassGrid?

    public init(year: Int, total: BandFile? = nil, bands: [AgeSexBand: BandFile] = [:], classes: ClassGrid? = nil) {
        self.year = year
        self.total = total
        self.bands = bands
        self.classes = classes
    }

    /// Every file this year reads (for checksums in the audit log).
    public var files: [String] {
        Array(Set(([total].compactMap { $0 } + bands.values).map(\.path) + [classes?.path].compactMap { $0 })).sorted()
    }
}

/// A band of a raster file on disk.
public struct BandFile: Sendable, Hashable {
    public var path: String
    public var band: Int
    public init(path: String, band: Int = 1) {
        self.path = path
        self.band = band
    }
}
