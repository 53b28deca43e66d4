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

    /// The README says every command accepts `--blas-threads` and `--quiet`; the catalogue commands once refused them.
    @Test(arguments: [["models", "list"], ["models", "list", "--json"], ["scenarios", "list"], ["scenarios", "validate", "default"]])
    func catalogueCommandsAcceptTheGlobalOptions(_ command: [String]) throws {
        let r = try FaultlineBinary.run(command + ["--quiet", "--blas-threads", "1"])
        #expect(r.status == 0, "\(command): \(r.stderr)")
    }

    /// `models list` shows the log-session models beside the detectors, in text and JSON.
    @Test func modelsListShowsTheLogSessionModels() throws {
        let text = try FaultlineBinary.run(["models", "list"])
        #expect(text.stdout.contains("Log-session models") && text.stdout.contains("logreg  [log-session, supervised]"))
        let json = try JSONSerialization.jsonObject(with: Data(try FaultlineBinary.run(["models", "list", "--json"]).stdout.utf8))
        let sessions = try #require((json as? [String: Any])?["log_session_models"] as? [[String: Any]])
        #expect(sessions.compactMap { $0["name"] as? String } == ["pca", "invariants", "logreg"])
    }
}
