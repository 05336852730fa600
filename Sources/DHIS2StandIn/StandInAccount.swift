import DHIS2
import Foundation

extension DHIS2StandIn {
    /// The account the stand-in's credentials sign in as.
    public struct Account: Sendable {
        public var id: String
        public var username: String
        public var authorities: Set<String>
        /// Roots of the data capture scope; nil: every root of the hierarchy.
        public var captureScope: [String]?
        public var userGroups: [String]
        /// Groups the account is a member of but may not read: their sharing applies, yet from
        /// 2.40 `/api/me` leaves them out (`MeController`: "Filter userGroups … based on ACL read access").
        public var unreadableGroups: [String]
        /// The user settings `keyUiLocale` (the apps' language) and `keyDbLocale` (the language
        /// metadata is shown in); nil: never set (`UserSettingKey`, 2.38–2.41; `UserSettings`, 2.42+).
        public var uiLocale: String?
        public var dbLocale: String?

        public init(
            id: String, username: String, authorities: Set<String>, captureScope: [String]? = nil, userGroups: [String] = [],
            unreadableGroups: [String] = []
        ) {
            self.id = id
            self.username = username
            self.authorities = authorities
            self.captureScope = captureScope
            self.userGroups = userGroups
            self.unreadableGroups = unreadableGroups
        }

        /// The `admin` of DHIS2's demo databases: authority ALL.
        public static let superuser = Account(id: "M5zQapPyTZI", username: "admin", authorities: ["ALL"])

        /// A non-superuser integration account with exactly the authorities the README documents.
        public static func integration(captureScope: [String]? = nil, authorities: Set<String> = Account.integrationAuthorities) -> Account
        {
            Account(id: "IntgrAcct01", username: "worldpop-integration", authorities: authorities, captureScope: captureScope)
        }

        /// What the README's "DHIS2 account" section lists.
        public static let integrationAuthorities: Set<String> = [
            "F_CATEGORY_OPTION_PUBLIC_ADD", "F_CATEGORY_PUBLIC_ADD", "F_CATEGORY_COMBO_PUBLIC_ADD",
            "F_DATAELEMENT_PUBLIC_ADD", "F_DATASET_PUBLIC_ADD", "F_DATAVALUE_ADD", "F_PERFORM_MAINTENANCE",
        ]

        public var isSuperuser: Bool { authorities.contains("ALL") }
        /// Every group the account is a member of: sharing applies through all of them.
        var memberships: Set<String> { Set(userGroups + unreadableGroups) }
        func has(_ authority: String) -> Bool { isSuperuser || authorities.contains(authority) }
    }
}

extension StandInState {
    /// The account of the request being handled.
    var account: DHIS2StandIn.Account { requestAccount ?? options.account }

    /// `GET /api/me` (`MeDto`): `username` at the top from 2.38; `userCredentials` filled up to
    /// 2.40, null in 2.41, gone from 2.42.
    func me() -> StandInReply {
        var o: [String: Any] = [
            "id": account.id, "username": account.username, "authorities": account.authorities.sorted(),
            "organisationUnits": captureRoots.map { id -> [String: Any] in
                ["id": id, "name": orgUnits[id]?.name ?? id, "level": orgUnits[id]?.level ?? 1]
            },
            "displayName": account.username,
            "userGroups": (majorMinor >= (2, 40) ? account.userGroups : account.userGroups + account.unreadableGroups).map { ["id": $0] },
        ]
        o["settings"] = settings
        if majorMinor <= (2, 40) {
            o["userCredentials"] = ["username": account.username]
        } else if majorMinor == (2, 41) {
            o["userCredentials"] = NSNull()
        }
        return .json(200, o)
    }

    /// `MeDto.settings`: up to 2.41 `UserSettingService.getUserSettingsWithFallbackByUserAsMap`
    /// (unset keys fall back to the system's: `keyUiLocale` "en", no database locale); from 2.42
    /// `UserSettings.toJson`, which includes the defaults (`getUserUiLocale`/`getUserDbLocale`: "en").
    var settings: [String: Any] {
        var s: [String: Any] = ["keyUiLocale": uiLocale ?? "en"]
        if let db = dbLocale ?? (majorMinor >= (2, 42) ? "en" : nil) { s["keyDbLocale"] = db }
        return s
    }

    /// The signed-in user's `keyUiLocale` and `keyDbLocale`: saved through the API, else the account's.
    var uiLocale: String? { userSettings[account.id]?["keyUiLocale"] ?? account.uiLocale }
    var dbLocale: String? { userSettings[account.id]?["keyDbLocale"] ?? account.dbLocale }

    /// `POST /api/userSettings/{key}?value=…` for the signed-in user (`UserSettingController` 2.38–2.41,
    /// `UserSettingsController` 2.42+): an empty value is a 409.
    mutating func saveUserSetting(_ key: String, _ r: StandInRequest) -> StandInReply {
        let value = r.first("value") ?? String(decoding: r.body, as: UTF8.self)
        guard !value.isEmpty else { return .error(409, "Conflict", "You need to specify a new value") }
        userSettings[account.id, default: [:]][key] = value
        return .json(200, ["httpStatus": "OK", "httpStatusCode": 200, "status": "OK", "message": "User setting saved"])
    }

    var captureRoots: [String] {
        account.captureScope ?? orgUnits.values.filter { $0.parent == nil }.map(\.id).sorted()
    }

    /// `OrganisationUnit.isDescendant(Set)`: the unit or one of its ancestors is a capture root.
    func inCaptureScope(_ unit: String) -> Bool {
        guard let path = orgUnits[unit]?.path else { return false }
        let ancestors = Set(path.split(separator: "/").map(String.init))
        return captureRoots.contains { ancestors.contains($0) }
    }

    /// DHIS2's data sharing checks (`DefaultAclService.canDataWrite` / `canDataRead`): superusers
    /// pass; otherwise public access, a user entry or a group entry must grant it.
    func canData(_ permission: Sharing.Permission, _ object: [String: Any]?) -> Bool {
        if account.isSuperuser { return true }
        guard let sharing = Sharing(json: object?["sharing"]) else { return false }
        return sharing.grants(permission, user: account.id, groups: account.memberships)
    }

    /// The `access` field DHIS2 computes for the signed-in user (`AclService.getAccess`), data
    /// access included for objects with data sharing (`Access.data`).
    func access(_ object: [String: Any]) -> [String: Any] {
        let write =
            account.isSuperuser
            || (Sharing(json: object["sharing"])?.grants(
                .metadataWrite, user: account.id, groups: account.memberships) ?? false)
        return [
            "read": true, "update": write, "write": write, "delete": write, "manage": write, "externalize": false,
            "data": ["read": canData(.dataRead, object), "write": canData(.dataWrite, object)],
        ]
    }

    /// A 403 as Spring Security answers a call whose `@PreAuthorize` authority is missing.
    static func forbidden(_ what: String) -> StandInReply {
        .error(403, "Forbidden", "Access is denied, requires one Authority from [\(what)]")
    }
}

extension DHIS2StandIn.Options {
    /// The versions whose behaviour differs in what worldpop-dhis2 relies on: 2.38 answers bare
    /// summaries and has no `dataElement` read parameter; 2.39 counts a value sent again as
    /// updated, 2.38.6, 2.40.3 and 2.41–2.42 as ignored.
    /// 2.43 imports by data set (`DataEntryPipeline`); master (2.44-SNAPSHOT) has the same code.
    public static let versionMatrix = ["2.38.6", "2.39.1", "2.40.3", "2.41.1", "2.42.0", "2.43.1", "2.44-SNAPSHOT"]
}
