import Foundation

/// DHIS2's answer to a metadata import (`/api/metadata`), bare or in a WebMessage.
public struct MetadataImportReport: Sendable, Equatable {
    public var status: String
    public var created: Int
    public var updated: Int
    public var deleted: Int
    public var ignored: Int
    /// Objects in the payload (`stats.total`).
    public var objectCount: Int
    /// "E5002: Invalid reference [x] (DataElement) on object …"
    public var errors: [String]

    static func parse(_ data: Data) throws -> MetadataImportReport {
        struct Stats: Decodable { var created, updated, deleted, ignored, total: Int? }
        struct ErrorReport: Decodable {
            var message: String?
            var errorCode: String?
        }
        struct ObjectReport: Decodable { var errorReports: [ErrorReport]? }
        struct TypeReport: Decodable {
            var klass: String?
            var objectReports: [ObjectReport]?
            var errorReports: [ErrorReport]?
        }
        struct Report: Decodable {
            var status: String?
            var stats: Stats?
            var typeReports: [TypeReport]?
            var errorReports: [ErrorReport]?
        }
        struct Wrapped: Decodable {
            var status: String?
            var message: String?
            var response: Report?
        }
        let wrapped = try JSONDecoder().decode(Wrapped.self, from: data)
        let report = try wrapped.response ?? JSONDecoder().decode(Report.self, from: data)
        var errors: [ErrorReport] = report.errorReports ?? []
        for t in report.typeReports ?? [] {
            errors += t.errorReports ?? []
            for o in t.objectReports ?? [] { errors += o.errorReports ?? [] }
        }
        return MetadataImportReport(
            status: report.status ?? wrapped.status ?? "?",
            created: report.stats?.created ?? 0, updated: report.stats?.updated ?? 0,
            deleted: report.stats?.deleted ?? 0, ignored: report.stats?.ignored ?? 0, objectCount: report.stats?.total ?? 0,
            errors: errors.map { [$0.errorCode, $0.message].compactMap { $0 }.joined(separator: ": ") })
    }
}

/// DHIS2's answer to a data value import: counts and conflicts.
public struct ImportSummary: Sendable, Equatable, Codable {
    public struct Conflict: Sendable, Equatable, Codable {
        /// The UID (or value) the conflict is about: often an org unit, data element or period.
        /// DHIS2 leaves it out for some conflicts (`ImportConflict` has `objects` instead).
        public var object: String?
        public var value: String
        public var errorCode: String?
        /// Positions of the offending values in the request.
        public var indexes: [Int]?
    }

    public var status: String
    public var imported: Int
    public var updated: Int
    public var ignored: Int
    public var deleted: Int
    public var conflicts: [Conflict]

    public init(
        status: String = "SUCCESS", imported: Int = 0, updated: Int = 0, ignored: Int = 0, deleted: Int = 0, conflicts: [Conflict] = []
    ) {
        self.status = status
        self.imported = imported
        self.updated = updated
        self.ignored = ignored
        self.deleted = deleted
        self.conflicts = conflicts
    }

    public mutating func add(_ other: ImportSummary) {
        imported += other.imported
        updated += other.updated
        ignored += other.ignored
        deleted += other.deleted
        conflicts += other.conflicts
        let rank = ["SUCCESS": 0, "OK": 0, "WARNING": 1, "ERROR": 2]
        if rank[other.status, default: 2] > rank[status, default: 2] { status = other.status }
    }

    /// Parses both shapes: the bare ImportSummary of older servers and the WebMessage wrapper.
    static func parse(_ data: Data) throws -> ImportSummary {
        struct Count: Decodable { var imported, updated, ignored, deleted: Int? }
        struct Summary: Decodable {
            var responseType: String?
            var status: String?
            var importCount: Count?
            var conflicts: [Conflict]?
            var description: String?
        }
        struct Wrapped: Decodable { var response: Summary? }
        let summary = try JSONDecoder().decode(Wrapped.self, from: data).response ?? JSONDecoder().decode(Summary.self, from: data)
        guard let count = summary.importCount else {
            throw DHIS2Error.invalidResponse(
                path: "/api/dataValueSets",
                reason: "no importCount in the import summary"
                    + (summary.description.map {
                        " (\($0))"
                    } ?? ""))
        }
        return ImportSummary(
            status: summary.status ?? "?", imported: count.imported ?? 0, updated: count.updated ?? 0,
            ignored: count.ignored ?? 0, deleted: count.deleted ?? 0, conflicts: summary.conflicts ?? [])
    }
}
