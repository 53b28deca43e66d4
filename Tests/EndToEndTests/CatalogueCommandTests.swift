import FaultlineTestSupport
import Foundation
import Testing

/// The listing and validating commands, as a user runs them.
@Suite struct CatalogueCommandTests {
    @Test func scenariosListNamesTheBuiltInScenarios() throws {
        let r = try FaultlineBinary.run(["scenarios", "list"])
        #expect(r.status == 0)
        for name in ["default", "large-graph", "slow-burn", "cascade", "benign-only"] { #expect(r.stdout.contains(name)) }
    }

    @Test func validatingAGoodScenarioExits0AndABadOneExits2WithLineAndNearestKind() throws {
        let good = SharedData.repositoryRoot.appendingPathComponent("Scenarios/tiny.yaml").path
        #expect(try FaultlineBinary.run(["scenarios", "validate", good]).status == 0)
        let dir = try SharedData.temporaryDirectory("validate")
        let bad = dir.appendingPathComponent("bad.yaml")
        let text = try String(contentsOfFile: good, encoding: .utf8).replacingOccurrences(of: "kind: cpu-hog", with: "kind: cpu-hogg")
        try text.write(to: bad, atomically: true, encoding: .utf8)
        let r = try FaultlineBinary.run(["scenarios", "validate", bad.path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("bad.yaml:"))
        #expect(r.stderr.contains("cpu-hog"))
    }

    @Test func modelsListShowsEveryDetectorAndPolicyAsJSON() throws {
        let r = try FaultlineBinary.run(["models", "list", "--json"])
        #expect(r.status == 0)
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8))
        let text = String(describing: json)
        for name in ["zscore", "ewma", "cusum", "holt_winters", "spot"] { #expect(text.contains(name)) }
    }
}
