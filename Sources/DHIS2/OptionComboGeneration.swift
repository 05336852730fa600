import Foundation

/// How DHIS2 was made to generate a category combo's option combos. `/api/metadata` does not
/// generate them (2.38–2.43); two endpoints do.
public enum OptionComboGeneration: String, Sendable {
    /// `POST /api/maintenance/categoryOptionComboUpdate/categoryCombo/{uid}` (F_PERFORM_MAINTENANCE).
    case maintenance
    /// `PUT /api/categoryCombos/{uid}`: the controller regenerates the combos after an update
    /// (needs the authority to change category combos).
    case categoryComboUpdate
}

extension DHIS2Client {
    /// Makes DHIS2 generate the option combos of `categoryCombo`: maintenance first, the category
    /// combo update where the account may not run maintenance, and a clear request to a person
    /// when it may do neither.
    public func generateOptionCombos(categoryCombo uid: String) async throws -> OptionComboGeneration {
        do {
            _ = try await send("POST", "maintenance/categoryOptionComboUpdate/categoryCombo/\(uid)")
            return .maintenance
        } catch DHIS2Error.forbidden {
            log?(
                "this account may not run maintenance (F_PERFORM_MAINTENANCE); generating the option combos by updating the category combo")
        }
        let combo = try await ownerFields("categoryCombos", ids: [uid])
        guard let body = combo[uid] else { throw DHIS2Error.notFound(server: server, path: "/api/categoryCombos/\(uid)") }
        do {
            _ = try await send("PUT", "categoryCombos/\(uid)", body: try JSONSerialization.data(withJSONObject: body))
            return .categoryComboUpdate
        } catch DHIS2Error.forbidden {
            throw DHIS2Error.optionCombosNotGenerated(categoryCombo: uid)
        }
    }
}
