import Foundation
import Testing

@testable import CLI
@testable import Sync

/// `sync --product urbanisation|under18|births|pregnancies`: each picks its WorldPop product, and
/// what cannot make it is refused naming the option and the way out.
@Suite struct NewProductChoiceTests {
    func plan(_ arguments: [String]) throws -> SyncPlan {
        try SyncOptions.parse(["--level", "2", "--year", "2020", "--iso3", "COD"] + arguments).plan()
    }

    @Test func eachProductPicksItsWorldPopProduct() throws {
        #expect(try plan(["--product", "urbanisation"]).worldPop?.product.id == "g2-dug-l1-100m")
        #expect(try plan(["--product", "urbanisation", "--worldpop-product", "g2-dug-l2-100m"]).worldPop?.product.id == "g2-dug-l2-100m")
        #expect(try plan(["--product", "under18"]).worldPop?.product.id == "g2-u18-100m")
        let births = try plan(["--product", "births", "--raw-2015"])
        #expect(births.worldPop?.product.id == "g2-total-100m")
        #expect(births.worldPop?.rate?.id == "births-2015-1km")
        #expect(births.rawRateSums && births.valueYears == [2015, 2020])
        #expect(try plan(["--product", "pregnancies"]).worldPop?.rate?.id == "pregnancies-2015-1km")
    }

    @Test func whatCannotMakeThemIsRefusedWithTheWayOut() throws {
        for (arguments, words) in [
            (
                ["--product", "urbanisation", "--worldpop-product", "g2-total-100m"],
                "use --product total, or --worldpop-product g2-dug-l1-100m"
            ),
            (["--product", "total", "--worldpop-product", "g2-dug-l1-100m"], "holds urbanisation classes of population"),
            (["--product", "urbanisation", "--raster", "x.tif"], "--product urbanisation reads WorldPop's degree-of-urbanisation grid"),
            (["--product", "births", "--raster", "x.tif"], "--product births reads WorldPop's 2015 grid"),
            (["--product", "total", "--raw-2015"], "--raw-2015 is for --product births or pregnancies"),
            (["--product", "births", "--worldpop-product", "g1-constrained-2020-100m"], "makes its rate from 2015"),
            (["--product", "under18", "--worldpop-product", "g2-total-100m"], "use --product total, or --worldpop-product g2-u18-100m"),
        ] {
            let error = #expect(throws: SettingsError.self) { try plan(arguments) }
            #expect(error?.description.contains(words) == true, "\(arguments): \(error?.description ?? "")")
        }
    }
}
