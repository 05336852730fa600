import Foundation

/// What is wrong with a boundary file (`--boundaries`), each naming the file and the fix.
public enum VectorFileError: Error, Equatable, Sendable {
    case cannotOpen(path: String, reason: String)
    /// Zip entries that would land outside the folder they are unpacked in (`../`, `/…`).
    case unsafeZipEntries(path: String, entries: [String])
    /// A Shapefile without the `.dbf` that holds its attributes.
    case missingDBF(path: String, dbf: String)
    /// Coordinates outside ±180°/±90° with no CRS saying they are projected.
    case looksProjected(path: String, axis: String, extreme: Double)
}

extension VectorFileError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason):
            return
                "cannot open the boundary file '\(path)': \(reason). Give a GeoJSON, a GeoPackage, or a Shapefile with its .shx, .dbf "
                + "and .prj (or a zip of them)."
        case .unsafeZipEntries(let path, let entries):
            return
                "the zip '\(path)' holds entries that climb out of their folder (\(entries.prefix(3).joined(separator: ", "))): "
                + "it was not opened. Zip the Shapefile's files at the top level of the archive."
        case .missingDBF(let path, let dbf):
            return
                "'\(path)' is a Shapefile without its \(dbf), which holds the boundaries' names and codes: put \(dbf) beside the "
                + ".shp (inside the zip, for a zip)."
        case .looksProjected(let path, let axis, let extreme):
            return
                "'\(path)': the file looks projected (\(axis) up to \(Self.short(extreme))) but says no CRS: give it a CRS "
                + "(a Shapefile's .prj; ogr2ogr -a_srs EPSG:…) or reproject it to longitude/latitude (ogr2ogr -t_srs EPSG:4326)."
        }
    }

    /// 1500000 → "1.5e6": the size of the number, which is what tells metres from degrees.
    static func short(_ x: Double) -> String {
        guard abs(x) >= 1000, x.isFinite else { return String(format: "%g", x) }
        let parts = String(format: "%.1e", x).split(separator: "e")
        let mantissa = parts[0].hasSuffix(".0") ? String(parts[0].dropLast(2)) : String(parts[0])
        return "\(mantissa)e\(Int(parts[1]) ?? 0)"
    }
}
