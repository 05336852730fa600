import Foundation

/// A request as the stand-in's handlers see it: API path without `/api` or a version prefix.
struct StandInRequest {
    var method: String
    /// e.g. ["organisationUnits"], ["system", "tasks", "DATAVALUE_IMPORT", "abc"]
    var path: [String]
    var query: [(String, String)]
    var authorization: String?
    var body: Data
    var contentType: String? = nil
    var cookie: String? = nil

    func first(_ name: String) -> String? { query.first { $0.0 == name }?.1 }
    func all(_ name: String) -> [String] { query.filter { $0.0 == name }.map(\.1) }
    func flag(_ name: String) -> Bool { first(name)?.lowercased() == "true" }
}

/// An answer; an `Error` too, so that a refusal can travel in a `Result`.
struct StandInReply: Error {
    var status: Int
    var body: Data
    var contentType = "application/json"

    static func json(_ status: Int, _ object: Any) -> StandInReply {
        StandInReply(status: status, body: JSONOutput.data(object))
    }

    /// DHIS2's WebMessage error shape.
    static func error(_ status: Int, _ httpStatus: String, _ message: String) -> StandInReply {
        json(status, ["httpStatus": httpStatus, "httpStatusCode": status, "status": "ERROR", "message": message])
    }
}
