import Foundation
import TestSupport
import Testing

@Suite struct PollTests {
    @Test func aPollReturnsTheFirstAnswer() async throws {
        var asked = 0
        let answer = try await poll("the third question", every: .milliseconds(1)) { () -> Int? in
            asked += 1
            return asked == 3 ? 42 : nil
        }
        #expect(answer == 42 && asked == 3)
    }

    @Test func aTimeoutSaysWhatWasAwaitedAndWhatWasSeen() async throws {
        let error = await #expect(throws: PollTimeout.self) {
            try await poll(
                "job 3 to finish", timeout: .milliseconds(50), every: .milliseconds(5), lastSeen: { "running" },
                until: { () -> Int? in nil })
        }
        #expect(error?.description == "timed out after 0.05 s waiting for job 3 to finish (last seen: running)")
    }

    @Test func temporaryFoldersAreNewAndTheRootHoldsTheSamples() throws {
        let a = temporaryDirectory()
        let b = temporaryDirectory()
        #expect(a != b && FileManager.default.fileExists(atPath: a.path))
        #expect(FileManager.default.fileExists(atPath: samplePath("aruba-districts.geojson")))
        let file = try temporaryFile("x.txt", contents: "hello")
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "hello")
    }
}
