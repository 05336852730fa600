import DHIS2

extension DHIS2StandIn {
    /// Starts a stand-in holding `units` on an ephemeral port, runs `body` with it and a client
    /// signed in with its token, and stops it whether `body` returns or throws (as
    /// HummingbirdTesting's `app.test` does for an application).
    public static func running<T>(
        _ options: Options = .init(), units: [OrgUnit],
        _ body: (DHIS2StandIn, DHIS2Client) async throws -> T
    ) async throws -> T {
        let standIn = DHIS2StandIn(options: options)
        standIn.add(orgUnits: units)
        let url = try await standIn.start()
        let client = DHIS2Client(connection: DHIS2Connection(baseURL: url, credentials: .token(options.token ?? "")), retry: .fast)
        do {
            let result = try await body(standIn, client)
            await standIn.stop()
            return result
        } catch {
            await standIn.stop()
            throw error
        }
    }
}
