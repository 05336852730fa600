import Localization
import Sync

extension JobRequest {
    /// What the request says, as a settings layer over the server's settings file: years,
    /// levels, product, dry run. Anything else comes from the file, never from the browser.
    public var settings: SyncSettings {
        get throws {
            var s = SyncSettings()
            do {
                if let years, !years.isEmpty {
                    guard years.wholeMatch(of: Self.listPattern) != nil else {
                        throw SettingsError("years '\(years)' is not like 2020, 2020-2025 or 2020,2022")
                    }
                    s.years = NumberList(try parseYears(years))
                }
                if let levels, !levels.isEmpty {
                    guard levels.wholeMatch(of: Self.listPattern) != nil else {
                        throw SettingsError("levels '\(levels)' is not like 3, 2,3 or 2-4")
                    }
                    s.levels = NumberList(try parseLevels(levels))
                }
            } catch let error as SettingsError {
                throw JobError.badRequest(error.description)
            }
            if let product {
                // serve's page, API and openapi.yaml offer these three; the newer products are `sync`'s for now.
                guard let typed = SyncPlan.Product(rawValue: product), [.total, .agesex, .age].contains(typed) else {
                    throw JobError.badRequest("product '\(product)' is total, agesex or age")
                }
                s.product = typed
            }
            if let within, !within.isEmpty {
                // A DHIS2 UID: 11 letters and digits, the first a letter (`CodeGenerator.isValidUid`).
                guard within.wholeMatch(of: Self.uidPattern) != nil else {
                    throw JobError.badRequest("within '\(within)' is not a DHIS2 UID (11 letters and digits, the first a letter)")
                }
                s.within = within
            }
            if dryRun == true { s.import.dryRun = true }
            if let language {
                guard let known = Catalogues.language(forLocale: language) else {
                    let available = (try? Catalogues.available().joined(separator: ", ")) ?? Catalogues.base
                    throw JobError.badRequest("language '\(language)' has no catalogue: give one of \(available)")
                }
                s.language = known
            }
            return s
        }
    }

    // Digits, commas, dashes and spaces only: anything else is not a list, whatever it says.
    private nonisolated(unsafe) static let listPattern = /^[0-9][0-9 ,\-]*$/
    private nonisolated(unsafe) static let uidPattern = /^[A-Za-z][A-Za-z0-9]{10}$/

    /// The plan of this request over the server's `settings`, its results in `reportDirectory`.
    public func plan(over settings: SyncSettings, reportDirectory: String, command: String) throws -> SyncPlan {
        var place = SyncSettings()
        place.report = reportDirectory
        do {
            return try settings.overriding(try self.settings).overriding(place).plan(command: command)
        } catch let error as SettingsError {
            throw JobError.badRequest(error.description)
        }
    }
}
