/// DHIS2 object sharing (2.36+ form): `{"public": "rw------", "owner": uid, "users": {uid: {"id",
/// "access"}}, "userGroups": {…}}`. An access string has four pairs: metadata read/write, data
/// read/write, and two unused; e.g. `r-rw----` = see the metadata, read and write data.
public struct Sharing: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var id: String
        public var access: String
        public init(id: String, access: String) {
            self.id = id
            self.access = access
        }
    }

    public var publicAccess: String
    public var owner: String?
    public var users: [String: Entry]
    public var userGroups: [String: Entry]

    public init(publicAccess: String, owner: String? = nil, users: [String: Entry] = [:], userGroups: [String: Entry] = [:]) {
        self.publicAccess = publicAccess
        self.owner = owner
        self.users = users
        self.userGroups = userGroups
    }

    /// What worldpop-dhis2 gives a new object: everyone may see it and its data (the denominators
    /// are for every analyst), nobody but the integration account may change the data.
    public static let publicReadAccess = "r-r-----"
    /// The integration account's entry: metadata and data read and write.
    public static let integrationAccess = "rwrw----"

    /// What an access string grants: a character at its place (`DefaultAclService`, `AccessStringHelper`).
    public enum Permission: Sendable {
        case metadataWrite, dataRead, dataWrite

        var position: (index: Int, letter: Character) {
            switch self {
            case .metadataWrite: return (1, "w")
            case .dataRead: return (2, "r")
            case .dataWrite: return (3, "w")
            }
        }

        func granted(by access: String) -> Bool {
            let chars = Array(access)
            return chars.count > position.index && chars[position.index] == position.letter
        }
    }

    /// Whether public access, the user's entry or one of their groups' entries grants `permission`;
    /// the owner has metadata write.
    public func grants(_ permission: Permission, user: String, groups: Set<String>) -> Bool {
        if permission == .metadataWrite, owner == user { return true }
        if permission.granted(by: publicAccess) { return true }
        if let entry = users[user], permission.granted(by: entry.access) { return true }
        return userGroups.values.contains { groups.contains($0.id) && permission.granted(by: $0.access) }
    }

    /// The same sharing with `user` given data write (keeping everything else as it is).
    public func grantingDataWrite(to user: String) -> Sharing {
        var s = self
        var access = Array(users[user]?.access ?? "--------")
        while access.count < 8 { access.append("-") }
        access[2] = "r"
        access[3] = "w"
        if access[0] == "-" { access[0] = "r" }
        s.users[user] = Entry(id: user, access: String(access))
        return s
    }

    // MARK: JSON

    public init?(json: Any?) {
        guard let o = json as? [String: Any] else { return nil }
        func entries(_ key: String) -> [String: Entry] {
            var out: [String: Entry] = [:]
            for (id, e) in (o[key] as? [String: Any]) ?? [:] {
                if let e = e as? [String: Any], let access = e["access"] as? String {
                    out[id] = Entry(id: (e["id"] as? String) ?? id, access: access)
                }
            }
            return out
        }
        self.init(
            publicAccess: (o["public"] as? String) ?? "--------", owner: o["owner"] as? String, users: entries("users"),
            userGroups: entries("userGroups"))
    }

    public var json: [String: Any] {
        var o: [String: Any] = [
            "public": publicAccess, "external": false,
            "users": users.mapValues { ["id": $0.id, "access": $0.access] },
            "userGroups": userGroups.mapValues { ["id": $0.id, "access": $0.access] },
        ]
        if let owner { o["owner"] = owner }
        return o
    }
}

/// Sharing as a typed API answer (`fields=sharing`), the same as `init?(json:)` reads it.
extension Sharing: Decodable {
    public init(from decoder: Decoder) throws {
        struct Raw: Decodable {
            struct Entry: Decodable {
                var id: String?
                var access: String
            }
            var `public`: String?
            var owner: String?
            var users: [String: Entry]?
            var userGroups: [String: Entry]?
        }
        let raw = try Raw(from: decoder)
        func entries(_ list: [String: Raw.Entry]?) -> [String: Entry] {
            (list ?? [:]).reduce(into: [:]) { $0[$1.key] = Entry(id: $1.value.id ?? $1.key, access: $1.value.access) }
        }
        self.init(publicAccess: raw.public ?? "--------", owner: raw.owner, users: entries(raw.users), userGroups: entries(raw.userGroups))
    }
}
