import Evaluation
import FaultlineTestSupport
import Foundation
import Reports
import Testing
import Workbench

/// The shared NAB corpus with the `numenta` results, loaded once for every test that needs it.
enum SharedNAB {
    /// The corpus with Numenta's results, loaded once; a missing corpus is a `SharedData.MissingData` error.
    static let loaded: Result<NABCorpus, any Error> = Result {
        let root = try SharedData.require("nab")
        return try NABCorpus.load(corpus: root, results: root.appendingPathComponent("results/numenta"))
    }
}

@Suite struct NABCorpusTests {
    @Test(.enabled(if: SharedData.available("nab"), "needs ../shared/datasets/nab")) func corpusFactsMatchTheDatasetReadme() throws {
        let loaded = SharedNAB.loaded
        let corpus = try loaded.get()
        #expect(corpus.detector == "numenta")
        #expect(corpus.files.count == 58)
        #expect(corpus.files.reduce(0) { $0 + $1.rowCount } == 365_558)
        #expect(corpus.files.reduce(0) { $0 + $1.windows.count } == 116)
        #expect(corpus.files.filter { $0.windows.isEmpty }.count == 6)
        #expect(corpus.filesWithIrregularTimestamps.count == 8)
        #expect(corpus.filesWithIrregularTimestamps.contains("realKnownCause/machine_temperature_system_failure.csv"))
        let scorer = try NABScorer(files: corpus.files)
        #expect(scorer.scoredRowCount == 332_842)
        #expect(scorer.windowRowCount == 33_495)
    }

    /// METRICS §4 self-check: NAB's committed numbers for `numenta`, to 1e-9.
    @Test(
        .enabled(if: SharedData.available("nab"), "needs ../shared/datasets/nab"),
        arguments: [
            ("standard", 0.5421876907348634, 46.634450197137596, 70.10105611943965, 240, 153, 33_255, 299_194),
            ("reward_low_FP_rate", 0.5751955032348636, 30.431072517124093, 63.11684160219828, 223, 128, 33_272, 299_219),
            ("reward_low_FN_rate", 0.5421876907348634, 26.634450197137568, 74.3202443095115, 240, 153, 33_255, 299_194),
        ])
    func committedThresholdsReproduceNABsNumbers(
        profile: String, theta: Double, raw: Double, normalised: Double,
        tp: Int, fp: Int, fn: Int, tn: Int
    ) throws {
        let loaded = SharedNAB.loaded
        let corpus = try loaded.get()
        let report = try NABReport.make(corpus: corpus, profiles: NABProfile.all.filter { $0.name == profile }, mode: .committedOrOptimize)
        let e = try #require(report.entries.first)
        #expect(e.thresholdKind == "committed")
        #expect(e.thresholdSource == "reference_numenta_scores.json")
        #expect(e.score.threshold == theta)
        #expect(abs(e.score.rawScore - raw) < 1e-9)
        #expect(abs((e.score.normalizedScore.value ?? 0) - normalised) < 1e-9)
        #expect(e.score.tp == tp && e.score.fp == fp && e.score.fn == fn && e.score.tn == tn)
    }

    /// NAB-DETECTORS.md §0 (measured): numenta hits 96 of 116 windows with 153 FP rows, mean credit 0.861.
    @Test(.enabled(if: SharedData.available("nab"), "needs ../shared/datasets/nab")) func committedStandardScoreHits96WindowsAtMeanCredit0861() throws
    {
        let loaded = SharedNAB.loaded
        let report = try NABReport.make(corpus: loaded.get(), profiles: [.standard], mode: .committedOrOptimize)
        let sc = report.entries[0].score
        #expect(sc.windowsDetected == 96)
        #expect(sc.fp == 153)
        #expect(abs((sc.meanCreditPerDetectedWindow.value ?? 0) - 0.861) < 5e-4)
        // Raw score = credit of hits − misses − FP penalties.
        let fpPenalty = sc.files.reduce(0.0) { $0 + $1.score } - (sc.files.reduce(0.0) { $0 + $1.creditSum } - Double(116 - 96))
        #expect(fpPenalty < 0 && fpPenalty > -0.11 * 153 - 1e-9)
    }

    @Test(.enabled(if: SharedData.available("nab"), "needs ../shared/datasets/nab")) func exhaustiveSweepFindsTheInSampleOptimum() throws {
        let loaded = SharedNAB.loaded
        let report = try NABReport.make(corpus: loaded.get(), profiles: NABProfile.all, mode: .optimize)
        let expected = [70.10105611945585, 63.20918500249927, 74.3202443095223]
        for (e, norm) in zip(report.entries, expected) {
            #expect(e.thresholdKind == "optimized")
            #expect(e.score.threshold == 0.543099145074, "\(e.score.profile.name)")
            #expect(abs((e.score.normalizedScore.value ?? 0) - norm) < 1e-9, "\(e.score.profile.name)")
        }
        #expect(abs(report.entries[1].score.rawScore - 30.64530920579831) < 1e-9)
    }

    @Test(.enabled(if: SharedData.available("nab"), "needs ../shared/datasets/nab")) func givenThresholdScoresEveryProfileThere() throws {
        let loaded = SharedNAB.loaded
        let report = try NABReport.make(corpus: loaded.get(), profiles: NABProfile.all, mode: .fixed(0.5751955032348636))
        #expect(report.entries.allSatisfy { $0.thresholdKind == "given" && $0.score.tp == 223 && $0.score.fp == 128 })
        #expect(abs((report.entries[1].score.normalizedScore.value ?? 0) - 63.11684160219828) < 1e-9)
        let json = report.json()
        let obj = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        #expect(Set(obj?.keys.map { $0 } ?? []) == ["standard", "reward_low_FP_rate", "reward_low_FN_rate"])
        #expect(report.records().map(\.metric).contains("nab_reward_low_fp_rate"))
    }

    @Test(.enabled(if: SharedData.available("nab"), "needs ../shared/datasets/nab")) func profilesComeFromTheCorpusConfig() throws {
        let root = try SharedData.require("nab")
        let profiles = try NABThresholdSource.profiles(corpus: root)
        #expect(profiles == NABProfile.all)
    }
}
