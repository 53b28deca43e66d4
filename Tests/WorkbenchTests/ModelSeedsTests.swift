import Evaluation
import FaultlineTestSupport
import Foundation
import Testing

@testable import Workbench

/// A randomised model runs with every `model_seeds` seed and reports their mean (issue #11, finding 8:
/// one seed of Isolation Forest moved SMD's F1 0.436 → 0.359 when the columns were reordered).
@Suite struct ModelSeedsTests {
    static let tiny = SharedData.repositoryRoot.appendingPathComponent("Scenarios/tiny.yaml").path

    static func run(seeds: [UInt64]) throws -> [MetricRecord] {
        let yaml = """
            datasets:
              - scenario: \(tiny)
            split: {train: leading-hours, hours: 4}
            models:
              - name: isolation_forest
                params: {trees: 25}
              - name: zscore
            model_seeds: [\(seeds.map(String.init).joined(separator: ", "))]
            """
        let spec = try ExperimentSpec.parse(yaml: yaml, source: "seeds.yaml")
        return try ExperimentRunner(spec: spec).run(options: RunOptions(jobs: 2, quiet: true, recordTimings: false)).metrics
    }

    @Test func randomisedModelsReportTheMeanOverTheirSeeds() throws {
        let all = try Self.run(seeds: [1, 2, 3])
        let single = try [UInt64(1), 2, 3].map { try Self.run(seeds: [$0]) }
        func forest(_ records: [MetricRecord]) -> [MetricRecord] { records.filter { $0.model == "isolation_forest" } }
        let pooled = forest(all)
        #expect(!pooled.isEmpty && pooled.allSatisfy { $0.parameters["model_seeds"] == "1,2,3" })
        var differs = false
        for (k, r) in pooled.enumerated() {
            let values = single.map { forest($0)[k] }
            #expect(values.allSatisfy { $0.metric == r.metric && $0.group == r.group })
            let defined = values.compactMap(\.value)
            if defined.count == 3, let mean = r.value {
                #expect(abs(mean - defined.reduce(0, +) / 3) <= 1e-12 * max(1, abs(mean)), "\(r.metric)")
                if Set(defined).count > 1 {
                    differs = true
                    #expect(r.parameters["std"] != nil && r.parameters["runs"] == "3", "\(r.metric)")
                }
            }
        }
        #expect(differs, "the seeds should give different figures somewhere")
        // A deterministic model runs once and reports as it is.
        let z = all.filter { $0.model == "zscore" }
        #expect(!z.isEmpty && z.allSatisfy { $0.parameters["model_seeds"] == nil && $0.parameters["runs"] == nil })
        #expect(z.map(\.value) == single[0].filter { $0.model == "zscore" }.map(\.value))
    }

    @Test func modelSeedsMustBeDistinctAndNonEmpty() {
        for bad in ["[]", "[1, 1]"] {
            #expect(throws: SpecError.self) {
                try ExperimentSpec.parse(yaml: "datasets:\n  - scenario: default\nmodels:\n  - name: zscore\nmodel_seeds: \(bad)\n", source: "s.yaml")
            }
        }
    }
}
