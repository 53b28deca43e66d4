import FaultlineTestSupport
import Foundation
import Testing
import Workbench

@testable import Evaluation

/// `faultline evaluate` on a NAB corpus (`datasets: [{nab: …}]`) against `nab run` + `score nab`.
@Suite struct NABSuiteTests {
    /// Four files with windows, from three categories.
    static let subset = [
        "artificialWithAnomaly/art_daily_jumpsup.csv",
        "artificialWithAnomaly/art_daily_flatmiddle.csv",
        "realKnownCause/ec2_request_latency_system_failure.csv",
        "realAWSCloudwatch/ec2_cpu_utilization_5f5533.csv",
    ]

    /// A corpus holding only `subset` (data linked, labels filtered, profiles copied), so that
    /// `score nab` — which scores every labelled file — sees the same files as the suite.
    static func subsetCorpus(_ nab: URL) throws -> URL {
        let root = try SharedData.temporaryDirectory("nab-subset")
        let fm = FileManager.default
        try fm.createDirectory(at: root.appendingPathComponent("labels"), withIntermediateDirectories: true)
        try fm.createDirectory(at: root.appendingPathComponent("config"), withIntermediateDirectories: true)
        try fm.createSymbolicLink(at: root.appendingPathComponent("data"), withDestinationURL: nab.appendingPathComponent("data"))
        try fm.copyItem(at: nab.appendingPathComponent("config/profiles.json"), to: root.appendingPathComponent("config/profiles.json"))
        let all =
            try JSONSerialization.jsonObject(with: Data(contentsOf: nab.appendingPathComponent("labels/combined_windows.json"))) as? [String: Any]
            ?? [:]
        let kept = all.filter { subset.contains($0.key) }
        #expect(kept.count == subset.count)
        try JSONSerialization.data(withJSONObject: kept).write(to: root.appendingPathComponent("labels/combined_windows.json"))
        return root
    }

    static func spec(corpus: URL, models: [String]) throws -> ExperimentSpec {
        let yaml = "name: nab-test\ndatasets:\n  - nab: {path: \(corpus.path)}\nmodels:\n" + models.map { "  - name: \($0)\n" }.joined()
        return try ExperimentSpec.parse(yaml: yaml, source: "nab-test.yaml")
    }

    @Test(.enabled(if: SharedData.available("nab"), "needs ../shared/datasets/nab")) func suiteScoresEqualNabRunPlusScoreNab() throws {
        let nab = try SharedData.require("nab")
        let corpus = try Self.subsetCorpus(nab)
        let detectors = ["zscore", "novelty_ensemble"]
        let result = try ExperimentRunner(spec: Self.spec(corpus: corpus, models: detectors))
            .run(options: RunOptions(jobs: 2, quiet: true, recordTimings: false))
        for detector in detectors {
            let out = try SharedData.temporaryDirectory("nab-suite-\(detector)")
            _ = try NABRun(corpus: corpus, out: out, detector: detector, jobs: 2).run()
            let loaded = try NABCorpus.load(corpus: corpus, results: out, detector: detector)
            let report = try NABReport.make(corpus: loaded, profiles: NABThresholdSource.profiles(corpus: corpus), mode: .optimize)
            #expect(report.entries.count == 3)
            for e in report.entries {
                let id = e.score.profile.metricIdentifier
                let suite = try #require(result.value(id, dataset: "nab", model: detector), "\(detector) \(id)")
                #expect(suite == e.score.normalizedScore.value, "\(detector) \(id)")
                #expect(result.value(e.score.profile.rawMetricIdentifier, dataset: "nab", model: detector) == e.score.rawScore)
                let record = try #require(result.metrics.first { $0.model == detector && $0.metric == id })
                #expect(record.parameters["threshold"] == "\(e.score.threshold)")
                let heldOutID = try #require(MetricID(rawValue: "nab_heldout_" + e.score.profile.name.lowercased()))
                try Self.checkHeldOut(
                    result.value(heldOutID, dataset: "nab", model: detector), files: loaded.files, profile: e.score.profile,
                    inSample: suite, detector: detector)
            }
        }
        // The baselines: null never alarms (0 on every profile), random is reported as its seed mean.
        #expect(result.value("nab_standard", dataset: "nab", model: "null") == 0)
        let random = try #require(result.metrics.first { $0.model == "random" && $0.metric == "nab_standard" })
        #expect(random.parameters["random_seeds"] == "1,2,3,4,5")
        #expect(random.seed == nil && random.parameters["runs"] == "5")
        // The panel is there, macro-averaged over the files at the standard θ*.
        let f1 = try #require(result.metrics.first { $0.model == "novelty_ensemble" && $0.metric == "f1" })
        #expect(f1.parameters["aggregate"] == "macro mean over files")
        #expect(f1.parameters["files"].flatMap(Int.init).map { $0 + Int(f1.parameters["undefined_files"] ?? "0")! } == 4)
        let eventRecall = try #require(result.value("event_recall", dataset: "nab", model: "novelty_ensemble"))
        #expect(eventRecall > 0 && eventRecall <= 1)
        #expect(result.datasets.first?.series == 4)
    }

    /// `nab_heldout_<profile>` (θ* on one half of the files, the other half scored at it; 5 splits × 2
    /// folds) against bounds that hold by definition: a fold cannot beat its held-out half's own optimum,
    /// and per split the two folds weighted by their halves' window counts cannot beat the whole corpus's
    /// in-sample optimum — `S_A(θ_B) + S_B(θ_A) ≤ S_A(θ_B) + S_B(θ_B) = S(θ_B) ≤ S(θ*)` because θ_B maximises
    /// S_B, and normalisation is affine in S over the same windows. Scoring the half θ was chosen on (a leak)
    /// or normalising by the corpus's window count breaks them. The folds are recomputed here from the
    /// `nab run` files, so the suite's record must also equal their mean.
    static func checkHeldOut(_ recorded: Double?, files: [NABFile], profile: NABProfile, inSample: Double, detector: String) throws {
        let heldOut = try NABHeldOut.evaluate(files: files, profiles: [profile])[0]
        #expect(heldOut.undefinedFolds == 0 && heldOut.folds.count == 10)
        #expect(recorded == heldOut.mean.value, "\(detector) \(profile.name)")
        for split in 0..<5 {
            let (a, b) = NABHeldOut.halves(count: files.count, seed: UInt64(split))
            let first = a.map { files[$0] }, second = b.map { files[$0] }
            let wa = Double(first.reduce(0) { $0 + $1.windows.count }), wb = Double(second.reduce(0) { $0 + $1.windows.count })
            let onSecond = heldOut.folds[2 * split], onFirst = heldOut.folds[2 * split + 1]
            let ownFirst = try #require(try NABScorer(files: first).optimize(profile: profile).normalizedScore.value)
            let ownSecond = try #require(try NABScorer(files: second).optimize(profile: profile).normalizedScore.value)
            #expect(onSecond <= ownSecond + 1e-9 && onFirst <= ownFirst + 1e-9, "\(detector) \(profile.name) split \(split)")
            let pooled = (wb * onSecond + wa * onFirst) / (wa + wb)
            #expect(pooled <= inSample + 1e-9, "\(detector) \(profile.name) split \(split): \(pooled) > \(inSample)")
        }
    }

    @Test(.enabled(if: SharedData.available("nab"), "needs ../shared/datasets/nab")) func resultsDoNotDependOnJobs() throws {
        let nab = try SharedData.require("nab")
        let corpus = try Self.subsetCorpus(nab)
        let spec = try Self.spec(corpus: corpus, models: ["mad"])
        let one = try ExperimentRunner(spec: spec).run(options: RunOptions(jobs: 1, quiet: true, recordTimings: false))
        let two = try ExperimentRunner(spec: spec).run(options: RunOptions(jobs: 2, quiet: true, recordTimings: false))
        #expect(one.metrics == two.metrics)
        #expect(!one.metrics.isEmpty)
    }

    /// The `SpecError` that validating `yaml` raises, or nil.
    static func failure(_ yaml: String) -> SpecError? {
        do {
            let spec = try ExperimentSpec.parse(yaml: yaml, source: "bad.yaml")
            try ExperimentRunner(spec: spec).validate()
            return nil
        } catch let e as SpecError {
            return e
        } catch {
            return nil
        }
    }

    @Test func aNABSpecIsValidatedLikeAnyOther() throws {
        let failure = Self.failure
        let typo = failure("datasets:\n  - nab: {path: /tmp, filez: [a]}\nmodels:\n  - name: zscore\n")
        #expect(typo?.line == 2)
        #expect(typo?.description.contains("files") == true)  // the nearest valid name
        let withThreshold = failure("datasets:\n  - nab: {path: /tmp}\nthreshold: {policy: quantile}\nmodels:\n  - name: zscore\n")
        #expect(withThreshold?.keyPath == "threshold")
        let mixed = failure("datasets:\n  - nab: {path: /tmp}\n  - scenario: default\nmodels:\n  - name: zscore\n")
        #expect(mixed?.keyPath == "datasets")
        let calibration = failure("datasets:\n  - nab: {path: /tmp}\nmodels:\n  - name: zscore\n    calibration: likelihod\n")
        #expect(calibration?.description.contains("likelihood") == true)
        let outside = failure("datasets:\n  - scenario: default\nmodels:\n  - name: zscore\n    calibration: squash\n")
        #expect(outside?.keyPath == "models[0].calibration")
        let missing = failure("datasets:\n  - nab: {path: /nonexistent/nab}\nmodels:\n  - name: zscore\n")
        #expect(missing?.keyPath == "datasets[0].nab.path")
    }

    /// Model errors in a NAB spec name the line and the nearest model; the corpus path must exist for the
    /// validation to reach the model list.
    @Test(.enabled(if: SharedData.available("nab"), "needs ../shared/datasets/nab")) func aModelTypoInANABSpecNamesItsLine() throws {
        let nab = try SharedData.require("nab")
        let unknownModel = Self.failure("datasets:\n  - nab: {path: \(nab.path)}\nmodels:\n  - name: zscor\n")
        #expect(unknownModel?.line == 4)
        #expect(unknownModel?.description.contains("zscore") == true)
    }

    @Test(.enabled(if: SharedData.available("nab"), "needs ../shared/datasets/nab")) func theNABSuiteFileValidatesAgainstTheSharedCorpus() throws {
        _ = try SharedData.require("nab")
        let url = SharedData.repositoryRoot.appendingPathComponent("Scenarios/suites/nab.yaml")
        let spec = try ExperimentSpec.load(path: url.path)
        try ExperimentRunner(spec: spec).validate()
        guard case let .nab(path, files) = spec.datasets.first else {
            Issue.record("nab.yaml's dataset is not a NAB corpus")
            return
        }
        #expect(files == nil)
        #expect(FileManager.default.fileExists(atPath: URL(fileURLWithPath: path).appendingPathComponent("labels/combined_windows.json").path))
        let names = Set(spec.models.map(\.name))
        for d in ["novelty_ensemble", "holt_winters", "zscore", "mad", "spectral_residual"] { #expect(names.contains(d), "\(d)") }
    }
}
