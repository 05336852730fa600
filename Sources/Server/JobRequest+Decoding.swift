import Foundation
import Sync

extension JobRequest {
    /// The keys a client may send: the request's fields (read off them, as the settings file's
    /// are), but `requestedBy`, which is the server's to set.
    static let knownKeys = KnownKeys(
        ["": Set(Mirror(reflecting: JobRequest(kind: .preview)).children.compactMap(\.label)).subtracting(["requestedBy"])])

    static let bodyExample =
        "the body must be JSON like {\"kind\": \"preview\", \"years\": \"2020\", \"levels\": \"2\", \"product\": \"total\"}; "
        + "kind is preview, sync or undo"

    /// A `POST /api/jobs` body. Unknown keys are refused as the settings file refuses them (the
    /// same check): `{"kind": "sync", "dryrun": true}` would otherwise import for real.
    static func decode(body: Data) throws(JobError) -> JobRequest {
        guard let object = try? JSONSerialization.jsonObject(with: body), object is [String: Any] else {
            throw .badRequest(bodyExample)
        }
        do {
            try knownKeys.check(KnownKeys.Tree(json: object), of: "the job request")
        } catch {
            throw .badRequest("\(error)")
        }
        // JSONDecoder reads null as "not given": a client that sent it meant something else.
        if let null = (object as? [String: Any])?.first(where: { $0.value is NSNull })?.key {
            throw .badRequest("\(null) is null: leave it out for the config's value, or give one")
        }
        do {
            return try JSONDecoder().decode(JobRequest.self, from: body)
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            throw .badRequest("\(context.codingPath.map(\.stringValue).joined(separator: ".")) has the wrong type: \(bodyExample)")
        } catch {
            throw .badRequest(bodyExample)
        }
    }
}
