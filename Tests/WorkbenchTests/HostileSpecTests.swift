import FaultlineTestSupport
import Foundation
import Reports
import Telemetry
import Testing

@testable import Workbench

/// Issue 17, the experiment spec and the run folder: bounded numbers, names that stay inside `Results/`, run
/// folders a run may replace and no other.
@Suite struct HostileSpecTests {
    static func spec(_ body: String, top: String = "") -> String {
        "\(top)datasets:\n  - scenario: default\nmodels:\n\(body)"
    }

    /// The `SpecError` parsing (and, with `validate`, checking) `yaml` throws; records an issue when none.
    static func specError(_ yaml: String, validate: Bool = false) -> SpecError? {
        do {
            let spec = try ExperimentSpec.parse(yaml: yaml, source: "hostile.yaml")
            if validate { try ExperimentRunner(spec: spec).validate() }
            Issue.record("accepted:\n\(yaml)")
            return nil
        } catch let e as SpecError {
            #expect(e.exitStatus == .usage)
            return e
        } catch {
            Issue.record("expected a SpecError, got \(error)")
            return nil
        }
    }

    // Regression (issue 17): `name: ../escape-test`, `""` and `.` wrote reports outside Results/<run>.
    @Test(arguments: ["../escape-test", "\"\"", ".", "..", "a/b", ".hidden", "\"x\\u0000y\""])
    func unsafeRunNamesAreRefused(_ name: String) {
        let e = Self.specError(Self.spec("  - name: zscore\n", top: "name: \(name)\n"))
        #expect(e?.keyPath == "name")
        #expect(e?.line == 1)
    }

    @Test func aRunNameTakenFromAnUnsafeFileNameIsRefused() {
        do {
            _ = try ExperimentSpec.parse(yaml: Self.spec("  - name: zscore\n"), source: "/tmp/.yaml")
            Issue.record("accepted a spec whose file name gives a hidden run name")
        } catch let e as SpecError {
            #expect(e.keyPath == "name" && e.message.contains("file name"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    // Regression (issue 17): an external model `label: ../../../x` wrote its log outside the run folder.
    @Test func labelsWithPathSeparatorsAreRefused() {
        let e = Self.specError(Self.spec("  - name: zscore\n    label: ../../../x\n"))
        #expect(e?.keyPath == "models[0].label")
        #expect(e?.line == 5)
    }

    // Regression (issue 17): `label: null` or `random` collided with the baselines.
    @Test(arguments: ["label: \"null\"", "label: random"]) func baselineLabelsAreRefused(_ label: String) {
        let e = Self.specError(Self.spec("  - name: zscore\n    \(label)\n"))
        #expect(e?.keyPath == "models[0].label")
        #expect(e?.message.contains("baseline") == true)
    }

    @Test func aModelNamedLikeABaselineNeedsADistinctLabel() throws {
        let e = Self.specError(Self.spec("  - name: random\n"))
        #expect(e?.keyPath == "models[0].name")
        _ = try ExperimentSpec.parse(yaml: Self.spec("  - name: random\n    label: random-again\n"), source: "ok.yaml")
    }

    // Regression (issue 17): `days: 1e308` and `9.3e15` trapped in the simulator's conversions (exit 132).
    @Test(arguments: ["1e308", "9.3e15", "367", ".inf", "-1", "0"]) func daysAreBounded(_ days: String) {
        let e = Self.specError("datasets:\n  - scenario: default\n    days: \(days)\nmodels:\n  - name: zscore\n")
        #expect(e?.keyPath == "datasets[0].days")
        #expect(e?.line == 3)
    }

    // Regression (issue 17): allocation sizes from the spec reached malloc unchecked.
    @Test func allocationSizesInTheSpecAreBounded() {
        let cases: [(String, String)] = [
            (Self.spec("  - name: zscore\n", top: "bootstrap: {samples: 1000000000000}\n"), "bootstrap.samples"),
            (Self.spec("  - name: zscore\n    features: logs\n    log_window_minutes: 1e9\n"), "models[0].log_window_minutes"),
            (Self.spec("  - name: zscore\n", top: "warmup_rows: 100000000000\n"), "warmup_rows"),
            (Self.spec("  - name: zscore\n", top: "model_seeds: [\((1...101).map(String.init).joined(separator: ", "))]\n"), "model_seeds"),
            (Self.spec("  - name: zscore\n", top: "baselines: {random_seeds: []}\n"), "baselines.random_seeds"),
        ]
        for (yaml, key) in cases { #expect(Self.specError(yaml)?.keyPath == key, "\(key)") }
    }

    // Regression (issue 17): `zscore window: 2^62` corrupted the heap; `for: 9223372036854775807ms` trapped.
    @Test func modelAndThresholdNumbersAreCheckedBeforeAnyWork() {
        let window = Self.specError(Self.spec("  - name: zscore\n    params: {window: 4611686018427387904}\n"), validate: true)
        #expect(window?.keyPath == "models[0].params.window")
        #expect(window?.line == 4)
        let hold = Self.specError(Self.spec("  - name: zscore\n", top: "threshold: {policy: quantile, for: 9223372036854775807ms}\n"), validate: true)
        #expect(hold?.keyPath == "threshold.for")
        let hw = Self.specError(Self.spec("  - name: holt_winters\n    params: {max_period: 4611686018427387904}\n"), validate: true)
        #expect(hw?.keyPath == "models[0].params.max_period")
    }

    @Test func aSpecFileThatIsAFIFOIsRefusedAtOnce() throws {
        let path = try SharedData.temporaryDirectory("spec-fifo").appendingPathComponent("spec.yaml").path
        #expect(mkfifo(path, 0o644) == 0)
        #expect(throws: SpecError.self) { try ExperimentSpec.load(path: path) }
    }

    @Test func jobsAreBounded() throws {
        for jobs in [0, -1, 1025] { #expect(throws: UsageError.self) { try Experiments.checkJobs(jobs) } }
        try Experiments.checkJobs(1)
        try Experiments.checkJobs(1024)
    }
}
