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

@Suite struct UsageErrorTests {
    @Test func anUnknownOptionExitsWithStatus2() throws {
        let r = try FaultlineBinary.run(["evaluate", "x.yaml", "--no-such-flag"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("error:"))
        #expect(r.stderr.contains("--no-such-flag"))
    }

    @Test func anUnknownSubcommandExitsWithStatus2() throws {
        let r = try FaultlineBinary.run(["evalute"])
        #expect(r.status == 2)
    }

    @Test func helpExitsWithStatus0() throws {
        let r = try FaultlineBinary.run(["--help"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("Exit codes"))
    }
}
