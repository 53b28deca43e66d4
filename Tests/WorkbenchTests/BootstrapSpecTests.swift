import Testing
import Workbench

@Suite struct BootstrapSpecTests {
    @Test func specAsksForABootstrapWithSamplesAndSeed() throws {
        let spec = try ExperimentSpec.parse(
            yaml: "datasets:\n  - scenario: default\nmodels:\n  - name: zscore\nbootstrap: {samples: 500, seed: 3}\n", source: "b.yaml")
        #expect(spec.bootstrap?.samples == 500 && spec.bootstrap?.seed == 3)
        #expect(throws: SpecError.self) {
            try ExperimentSpec.parse(yaml: "datasets:\n  - scenario: default\nmodels:\n  - name: zscore\nbootstrap: {samples: 5}\n", source: "b.yaml")
        }
    }
}
