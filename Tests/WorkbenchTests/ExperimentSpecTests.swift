import FaultlineTestSupport
import Foundation
import Simulator
import Testing

@testable import Workbench

@Suite struct ExperimentSpecTests {
    @Test func builtinDefaultSuiteParses() throws {
        let spec = try ExperimentSpec.parse(yaml: BuiltinSuites.default, source: "<builtin:default>")
        #expect(spec.name == "default")
        #expect(spec.datasets == [.scenario(name: "default", seeds: [1], days: nil)])
        #expect(
            spec.models.map(\.label) == [
                "threshold", "zscore", "mad", "ewma", "holt_winters", "change_point", "ewma-spot", "pca", "isolation_forest", "ensemble",
            ])
        #expect(spec.models[6].threshold?.policy == "spot")
        #expect(spec.models[1].parameters == ["window": "240"])
        #expect(spec.threshold.policy == "budget" && spec.threshold.parameters == ["per_day": "1"])
        #expect(spec.randomBaselineSeeds.count >= 5)
    }

    /// `intensity:` re-draws every fault's strength per seed; a wrong word or a stored dataset with it is a usage error.
    @Test func intensityOverrideParsesAndBadWordsAreNamed() throws {
        let ok = try ExperimentSpec.parse(
            yaml: "datasets:\n  - scenario: slow-burn\n    intensity: drawn\n    seeds: [3]\nmodels:\n  - name: zscore\n", source: "s.yaml")
        #expect(ok.datasets == [.scenario(name: "slow-burn", seeds: [3], days: nil, intensity: .drawn)])
        #expect {
            try ExperimentSpec.parse(yaml: "datasets:\n  - scenario: slow-burn\n    intensity: drwan\nmodels:\n  - name: zscore\n", source: "s.yaml")
        } throws: { error in
            guard let e = error as? SpecError else { return false }
            return e.keyPath == "datasets[0].intensity" && e.line == 3 && e.description.contains("unknown intensity 'drwan'")
                && (e.hint ?? "").contains("drawn, mild, severe") && e.exitStatus == .usage
        }
        #expect(throws: SpecError.self) {
            try ExperimentSpec.parse(yaml: "datasets:\n  - path: x\n    intensity: mild\nmodels:\n  - name: zscore\n", source: "s.yaml")
        }
    }

    @Test func unknownKeyNamesTheLineAndTheNearestValidKey() {
        let yaml = """
            datasets:
              - scenario: default
            modles:
              - name: zscore
            """
        #expect {
            try ExperimentSpec.parse(yaml: yaml, source: "s.yaml")
        } throws: { error in
            guard let e = error as? SpecError else { return false }
            return e.line == 3 && e.keyPath == "modles" && e.description.contains("did you mean 'models'?") && e.exitStatus == .usage
        }
    }

    @Test func yamlSyntaxErrorsCarryLineAndColumn() {
        let yaml = "datasets:\n  - scenario: [default\nmodels: []\n"
        #expect {
            try ExperimentSpec.parse(yaml: yaml, source: "bad.yaml")
        } throws: { error in
            guard let e = error as? SpecError else { return false }
            return e.line != nil && e.column != nil && e.description.contains("YAML syntax error")
        }
    }

    @Test func duplicateModelLabelsAreRejected() {
        let yaml = "datasets:\n  - scenario: default\nmodels:\n  - name: zscore\n  - name: zscore\n"
        #expect(throws: SpecError.self) { try ExperimentSpec.parse(yaml: yaml, source: "d.yaml") }
    }

    @Test func negativeDaysAreRejectedWithTheKeyPath() {
        let yaml = "datasets:\n  - scenario: default\n    days: -1\nmodels:\n  - name: zscore\n"
        #expect {
            try ExperimentSpec.parse(yaml: yaml, source: "d.yaml")
        } throws: { error in
            (error as? SpecError)?.keyPath == "datasets[0].days"
        }
    }
}

@Suite struct BuiltinSuiteFileTests {
    @Test func theDefaultSuiteFileIsTheEmbeddedOne() throws {
        let url = FaultlineTestSupport.SharedData.repositoryRoot.appendingPathComponent("Scenarios/suites/default.yaml")
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(text == BuiltinSuites.default + "\n")
    }

    @Test func everySuiteFileParses() throws {
        let dir = FaultlineTestSupport.SharedData.repositoryRoot.appendingPathComponent("Scenarios/suites")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".yaml") }
        #expect(files.count >= 3)
        for f in files {
            let path = dir.appendingPathComponent(f).path
            // Root-cause suites (`rca:`) name a dataset folder beside the repository instead of models.
            if let rca = try RootCauseSpec.parse(yaml: try String(contentsOfFile: path, encoding: .utf8), source: path) {
                #expect(rca.source.hasSuffix("shared/datasets/\(rca.suite == "nezha" ? "nezha-metrics" : "sockshop-rcd")"), "\(f): \(rca.source)")
                continue
            }
            let spec = try ExperimentSpec.load(path: path)
            #expect(!spec.models.isEmpty, "\(f)")
        }
    }
}
