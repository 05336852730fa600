import Foundation

/// The files of a product for a country and year, with where that answer came from.
public struct Resolution: Sendable, Hashable {
    public enum Source: Sendable, Hashable {
        /// The hub's REST API listed them (or its answer kept from an earlier run).
        case hub
        /// The URL templates of the catalogue: the hub was not asked, not reachable, or had no record.
        case templates(reason: String)
    }

    public var files: [WorldPopFile]
    public var source: Source
    public var doi: String?
    public var citation: String?
}

/// Product + country + year → files: through the hub's REST API when the product has a hub
/// listing (the hub knows country quirks such as Kosovo under `XKX`, and the real folder of every
/// Global 1 constrained country), with the catalogue's templates as the offline fallback.
public struct WorldPopResolver: Sendable {
    public var hub: HubCatalogue?

    public init(hub: HubCatalogue?) { self.hub = hub }

    public func resolve(_ product: WorldPopProduct, iso3: String, year: Int) async throws -> Resolution {
        try await resolve(product, iso3: iso3, years: [year])[0]
    }

    /// Several years with one question to the hub (it answers every year of a country at once).
    public func resolve(_ product: WorldPopProduct, iso3: String, years: [Int]) async throws -> [Resolution] {
        guard let hub, let alias = product.hub else {
            return try years.map {
                Resolution(
                    files: try product.files(iso3: iso3, year: $0), source: .templates(reason: "no hub listing for \(product.id)"),
                    doi: product.doi)
            }
        }
        let records: [HubRecord]
        do {
            records = try await hub.records(alias, iso3: iso3)
        } catch {
            return try years.map {
                Resolution(files: try product.files(iso3: iso3, year: $0), source: .templates(reason: "\(error)"), doi: product.doi)
            }
        }
        return try years.map { try resolve(product, iso3: iso3, year: $0, alias: alias, records: records) }
    }

    private func resolve(_ product: WorldPopProduct, iso3: String, year: Int, alias: HubAlias, records: [HubRecord]) throws -> Resolution {
        let templated = try product.files(iso3: iso3, year: year)
        guard let record = HubCatalogue.record(for: year, in: records) else {
            return Resolution(
                files: templated,
                source: .templates(
                    reason: "the hub lists no \(year) for \(iso3.uppercased()) under \(alias.alias)"),
                doi: product.doi)
        }
        guard let files = Self.match(record.paths, to: templated, product: product) else {
            return Resolution(
                files: templated, source: .templates(reason: "the hub's files for \(year) do not match \(product.id)'s layers"),
                doi: record.doi ?? product.doi, citation: record.citation)
        }
        return Resolution(files: files, source: .hub, doi: record.doi ?? product.doi, citation: record.citation)
    }

    /// The hub's paths given the layers the templates expect: a total product takes the one
    /// GeoTIFF; an age/sex product takes each layer's file by its `_{sex}_{age}_` part. Nil when a
    /// layer has no file in the hub's list.
    static func match(_ paths: [String], to templated: [WorldPopFile], product: WorldPopProduct) -> [WorldPopFile]? {
        let tifs = paths.filter { $0.lowercased().hasSuffix(".tif") }
        switch product.content {
        case .total, .classes:
            // A packed product's hub record lists its zip or 7z, not the GeoTIFF inside.
            let member = templated.first?.archiveMember
            let candidates = member == nil ? tifs : paths.filter(PackedFile.isArchive)
            guard let path = candidates.first, let layer = templated.first?.layer else { return nil }
            var file = WorldPopFile(path: path, layer: layer)
            file.archiveMember = member
            return [file]
        case .ageSex:
            var byKey: [String: String] = [:]
            for path in tifs {
                let name = path.split(separator: "/").last.map(String.init) ?? path
                let parts = name.split(separator: "_")
                guard parts.count > 2, let age = Int(parts[2]) else { continue }
                byKey["\(parts[1].lowercased())-\(age)"] = path
            }
            var files: [WorldPopFile] = []
            for file in templated {
                guard case .ageSex(let sex, let start, _) = file.layer, let path = byKey["\(sex)-\(start)"] else { return nil }
                files.append(WorldPopFile(path: path, layer: file.layer))
            }
            return files
        }
    }
}
