import Testing
import Workbench

@Suite struct LogFeaturesSpecTests {
    @Test func specAcceptsLogFeaturesAndRejectsAWindowWithoutThem() throws {
        let ok = try ExperimentSpec.parse(
            yaml: "datasets:\n  - scenario: default\nmodels:\n  - name: zscore\n    features: logs\n    log_window_minutes: 3\n", source: "l.yaml")
        #expect(ok.models[0].features == .logs(windowMinutes: 3))
        #expect(throws: SpecError.self) {
            try ExperimentSpec.parse(
                yaml: "datasets:\n  - scenario: default\nmodels:\n  - name: zscore\n    log_window_minutes: 3\n", source: "l.yaml")
        }
        #expect {
            try ExperimentSpec.parse(yaml: "datasets:\n  - scenario: default\nmodels:\n  - name: zscore\n    features: log\n", source: "l.yaml")
        } throws: { ($0 as? SpecError)?.description.contains("did you mean 'logs'") == true }
    }
}
