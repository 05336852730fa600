import Foundation

/// Errors talking to DHIS2, each saying what happened and what to do. None contains a secret.
public enum DHIS2Error: Error, Equatable, Sendable {
    case missingConnection(String)
    case unauthorized(server: String, message: String)
    case forbidden(server: String, path: String, message: String)
    case notFound(server: String, path: String)
    case httpError(server: String, path: String, status: Int, message: String)
    case unreachable(server: String, reason: String)
    case invalidResponse(path: String, reason: String)
    case unsupportedVersion(String)
    case unknownOrgUnits([String])
    case metadataRejected(String)
    case jobFailed(id: String, message: String)
    case jobTimedOut(id: String, type: String, seconds: Int, lastMessage: String?)
    case optionCombosNotGenerated(categoryCombo: String)
    case timedOut(server: String, request: String, seconds: Double?, attempts: Int)
    case refusedRedirect(server: String, path: String)
    case routeRefused(server: String, url: String, message: String)
    case signInPage(server: String, path: String)
}

extension DHIS2Error: CustomStringConvertible {
    public var description: String {
        switch self {
        case .missingConnection(let text):
            return text + "."
        case .unauthorized(let server, let message):
            return
                "DHIS2 at \(server) refused the credentials (401\(message.isEmpty ? "" : ": \(message)")). Check DHIS2_TOKEN (is "
                + "the token expired or revoked?) or DHIS2_USERNAME/DHIS2_PASSWORD."
        case .forbidden(let server, let path, let message):
            return
                "DHIS2 at \(server) does not allow this user to use \(path) (403\(message.isEmpty ? "" : ": \(message)")). The "
                + "user needs the authorities to import metadata and data values."
        case .notFound(let server, let path):
            return "\(server)\(path) does not exist (404). Is the URL the DHIS2 base URL, including any context path such as /dhis?"
        case .httpError(let server, let path, let status, let message):
            return "DHIS2 at \(server) answered \(status) to \(path)\(message.isEmpty ? "" : ": \(message)")."
        case .unreachable(let server, let reason):
            return "cannot reach DHIS2 at \(server): \(reason). Check the URL and the network."
        case .invalidResponse(let path, let reason):
            return "unexpected answer from DHIS2 to \(path): \(reason). Is this a DHIS2 server (2.38 or newer)?"
        case .unsupportedVersion(let version):
            return "DHIS2 version \(version) is not supported: worldpop-dhis2 works with DHIS2 2.38 and newer (DHIS2 itself supports "
                + "2.41 to 2.43). Upgrade DHIS2."
        case .unknownOrgUnits(let ids):
            return
                "unknown organisation unit(s): \(ids.prefix(10).joined(separator: ", "))\(ids.count > 10 ? " …" : ""). Check the "
                + "UIDs in DHIS2's Maintenance app."
        case .metadataRejected(let text):
            return "DHIS2 rejected the metadata: \(text)"
        case .jobFailed(let id, let message):
            return "DHIS2 import job \(id) failed: \(message)"
        case .jobTimedOut(let id, let type, let seconds, let lastMessage):
            return
                "DHIS2 job \(type) \(id) did not finish within \(seconds) s\(lastMessage.map { " (last message: \($0))" } ?? ""). "
                + "It may still complete: "
                + "follow it in Data Administration ▸ Jobs or at /api/system/tasks/\(type)/\(id); running the same command again "
                + "sends only what is still missing."
        case .timedOut(let server, let request, let seconds, let attempts):
            let after = seconds.map { "after \(DHIS2Error.seconds($0)) s" } ?? ""
            return "DHIS2 at \(server) did not answer \(request): timed out \(after)\(attempts > 1 ? " (\(attempts) attempts)" : ""). "
                + "A request that timed out may still have been applied by DHIS2: the audit log records every value sent "
                + "(`worldpop-dhis2 history`), and running again sends only what is not stored yet. Raise --timeout for a slow server."
        case .refusedRedirect(let server, let path):
            return
                "DHIS2 at \(server) redirected \(path) from https to http; the request was not followed so that credentials and "
                + "data do not travel in clear. Use the server's https URL."
        case .signInPage(let server, let path):
            return
                "DHIS2 at \(server) answered \(path) with a web page (its sign-in page) instead of data: it did not accept the "
                + "credentials. Check DHIS2_TOKEN (expired or revoked?) or DHIS2_USERNAME/DHIS2_PASSWORD, and that the URL "
                + "includes DHIS2's context path if it has one (e.g. https://example.org/dhis)."
        case .routeRefused(let server, let url, let message):
            return
                "DHIS2 at \(server) refused the route to \(url) (\(message.isEmpty ? "409" : message)). DHIS2 2.42+ allows only the "
                + "servers listed in `route.remote_servers_allowed` of dhis.conf (default https://*): add the serve URL's scheme, "
                + "host and port there (e.g. route.remote_servers_allowed = https://worldpop.example.org) and restart DHIS2; the "
                + "response timeout must be 1 to 60 s."
        case .optionCombosNotGenerated(let combo):
            return "DHIS2 did not generate the category option combos of category combo \(combo): this account may neither run maintenance "
                + "(authority F_PERFORM_MAINTENANCE) nor update category combos (F_CATEGORY_COMBO_PUBLIC_ADD). Give it one of "
                + "these authorities, "
                + "or ask an administrator to run Data Administration ▸ Maintenance ▸ 'Update category option combinations', then "
                + "run again."
        }
    }
}

extension DHIS2Error {
    /// 120 → "120", 0.5 → "0.5".
    static func seconds(_ s: Double) -> String { s == s.rounded() ? String(Int(s)) : String(s) }
}
