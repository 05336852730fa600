import Denominators
import Foundation
import Geometry

/// Stage 2: the rasters of every year, found once the org units say which country they are in,
/// and the credit line they carry.
struct RastersFound: Sendable {
    /// The rasters of each year (a companion total on another grid set aside).
    var inputs: [YearInputs]
    /// Births or pregnancies: the 2015 grids the rate is made from.
    var rate: RateInputs?
    /// The plan's credit, else the rasters' own (CC BY 4.0).
    var credit: String
    var notes: [SyncNote]

    /// The age/sex bands the rasters hold, sorted.
    var bands: [AgeSexBand] { Array(Set(inputs.flatMap { $0.bands.keys })).sorted() }
}

extension SyncRunner {
    func findRasters(_ plan: SyncPlan, for orgUnits: OrgUnitsRead) async throws -> RastersFound {
        switch plan.rasters {
        case .files(let files):
            let (inputs, notes) = try CompanionTotalCheck.settingAsideMisaligned(files)
            return RastersFound(
                inputs: inputs, credit: plan.credit ?? Self.fileCredit(files), notes: notes.map { SyncNote(.rasters, $0) })
        case .worldPop(let request):
            return try await worldPopRasters(request, credit: plan.credit, for: orgUnits)
        }
    }

    /// WorldPop's files of the country the org units lie in: from the folder, the cache or the server.
    private func worldPopRasters(_ request: WorldPopRequest, credit: String?, for orgUnits: OrgUnitsRead) async throws -> RastersFound {
        let boxes = orgUnits.zoning.zones.compactMap(\.geometry.boundingBox)
        let box = BoundingBox(
            minX: boxes.map(\.minX).min()!, minY: boxes.map(\.minY).min()!,
            maxX: boxes.map(\.maxX).max()!, maxY: boxes.map(\.maxY).max()!)
        let country = try request.country(covering: box)
        logger.info(
            "WorldPop rasters", metadata: ["product": "\(request.product.id)", "country": "\(country)", "years": "\(request.years)"])
        let (found, notes) = try await request.inputs(country: country, progress: progress)
        let (inputs, checkNotes) = try CompanionTotalCheck.settingAsideMisaligned(found)
        return RastersFound(
            inputs: inputs, rate: try await request.rateInputs(country: country),
            credit: credit ?? request.product.credit(iso3: country, years: request.years),
            notes: (notes + checkNotes).map { SyncNote(.rasters, $0) })
    }

    /// The credit of local files: WorldPop's licence, the file and its year.
    static func fileCredit(_ inputs: [YearInputs]) -> String {
        guard let first = inputs.first, let file = first.total?.path ?? first.bands.values.map(\.path).min() else { return "" }
        return "WorldPop (www.worldpop.org), \(URL(fileURLWithPath: file).lastPathComponent), \(first.year), CC BY 4.0"
    }
}
