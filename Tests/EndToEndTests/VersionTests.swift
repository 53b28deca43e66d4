import FaultlineTestSupport
import Foundation
import Testing

@Suite struct VersionTests {
    @Test func versionFlagPrintsTheVersion() throws {
        let result = try FaultlineBinary.run(["--version"])
        #expect(result.status == 0)
        #expect(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ".").count == 3)
    }
}
