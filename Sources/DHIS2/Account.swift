import Foundation

/// The account the tool signs in with, from `GET /api/me`: what it may do (authorities) and
/// where it may enter data (its data capture org units and their subtrees).
public struct Account: Sendable, Equatable {
    public var id: String
    public var username: String
    public var authorities: Set<String>
    /// Roots of the data capture scope.
    public var captureOrgUnits: [String]
    public var userGroups: Set<String>
    /// The user's interface language (`settings.keyUiLocale`: "fr", "pt_BR" …), when DHIS2 says.
    public var uiLocale: String?

    public init(
        id: String, username: String, authorities: Set<String>, captureOrgUnits: [String], userGroups: Set<String> = [],
        uiLocale: String? = nil
    ) {
        self.id = id
        self.username = username
        self.authorities = authorities
        self.captureOrgUnits = captureOrgUnits
        self.userGroups = userGroups
        self.uiLocale = uiLocale
    }

    /// `ALL` is DHIS2's superuser authority: every other authority and all sharing checks pass.
    public var isSuperuser: Bool { authorities.contains("ALL") }

    public func has(_ authority: String) -> Bool { isSuperuser || authorities.contains(authority) }

    /// Whether a unit (given its `path`) lies in the data capture scope.
    public func canCapture(path: String) -> Bool {
        let ancestors = Set(path.split(separator: "/").map(String.init))
        return captureOrgUnits.contains { ancestors.contains($0) }
    }

    /// Whether sharing lets this account update the object.
    public func canWriteMetadata(_ sharing: Sharing) -> Bool {
        isSuperuser || sharing.grants(.metadataWrite, user: id, groups: userGroups)
    }

    /// Whether sharing grants this account data write (superusers always have it).
    public func canWriteData(_ sharing: Sharing) -> Bool {
        isSuperuser || sharing.grants(.dataWrite, user: id, groups: userGroups)
    }
}

extension DHIS2Client {
    /// `GET /api/me`. 2.38 keeps the username under `userCredentials`; 2.39+ on the user itself.
    /// `settings` is the whole map (a map cannot be field-filtered before 2.42).
    public func me() async throws -> Account {
        struct Ref: Decodable { var id: String }
        struct Credentials: Decodable { var username: String? }
        struct Me: Decodable {
            var id: String
            var username: String?
            var userCredentials: Credentials?
            var authorities: [String]?
            var organisationUnits: [Ref]?
            var userGroups: [Ref]?
            var settings: Settings?
        }
        struct Settings: Decodable { var keyUiLocale: String? }
        let me = try await get(
            Me.self, "me",
            query: [("fields", "id,username,userCredentials[username],authorities,organisationUnits[id],userGroups[id],settings")])
        return Account(
            id: me.id, username: me.username ?? me.userCredentials?.username ?? me.id, authorities: Set(me.authorities ?? []),
            captureOrgUnits: (me.organisationUnits ?? []).map(\.id), userGroups: Set((me.userGroups ?? []).map(\.id)),
            uiLocale: me.settings?.keyUiLocale)
    }
}
