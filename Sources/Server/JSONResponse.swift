import Foundation
import Hummingbird
import NIOCore

/// JSON bodies: ISO 8601 dates, sorted keys, errors as `{"error": "…"}`.
enum JSONResponse {
    static func make<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) -> Response {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(value) else { return error(.internalServerError, "could not encode the response") }
        return body(data, contentType: "application/json; charset=utf-8", status: status)
    }

    static func error(_ status: HTTPResponse.Status, _ message: String) -> Response {
        let data = (try? JSONEncoder().encode(["error": message])) ?? Data()
        return body(data, contentType: "application/json; charset=utf-8", status: status)
    }

    /// What went wrong on the server's side (the audit store, the disk …): 500, never a 400
    /// that would blame the request.
    static func internalError(_ error: any Error) -> Response {
        self.error(.internalServerError, "the server failed: \(error)")
    }

    static func body(_ data: Data, contentType: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: contentType, .contentLength: String(data.count), .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
