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

    /// The pinned θ* above is a regression value of this code; this checks it is a maximum. On the real
    /// corpus, scoring at θ* gives the sweep's S, and no candidate — 60 distinct scored values spread over
    /// the range plus the 30 on either side of θ* — scores higher. An optimiser that skipped tie blocks,
    /// stopped early or kept the lowest θ among ties would fail.
    @Test(.enabled(if: SharedData.available("nab"), "needs ../shared/datasets/nab")) func sweepOptimumIsNotBeatenByAnyCandidate() throws {
        let corpus = try SharedNAB.loaded.get()
        let scorer = try NABScorer(files: corpus.files)
        let order = scorer.descendingOrder()
        let distinct = Set(corpus.files.flatMap { f in f.scores[NABFile.probationRows(rowCount: f.rowCount)...] }).sorted(by: >)
        for profile in NABProfile.all {
            let best = scorer.optimize(profile: profile, order: order)
            #expect(abs(scorer.score(profile: profile, threshold: best.threshold).rawScore - best.rawScore) < 1e-9)
            let at = try #require(distinct.firstIndex(of: best.threshold))
            var candidates = Set((0..<60).map { distinct[$0 * (distinct.count - 1) / 59] })
            for i in max(0, at - 30)..<min(distinct.count, at + 31) { candidates.insert(distinct[i]) }
            for theta in candidates {
                let v = scorer.score(profile: profile, threshold: theta).rawScore
                #expect(v <= best.rawScore + 1e-9, "\(profile.name): θ = \(theta) scores \(v) > \(best.rawScore)")
                if theta > best.threshold { #expect(v < best.rawScore - 1e-12, "tie above θ*: \(theta)") }
            }
        }
    }

    /// NAB's normalisation by definition (METRICS §4): on the real corpus's 116 windows, a detector that
    /// fires exactly on each window's first row scores 100 on every profile, one that never fires 0, and
    /// the same detector one row late less than 100. Catches a wrong first-row value, a probation or window
    /// boundary off by one, or normalising by the wrong window count.
    @Test(.enabled(if: SharedData.available("nab"), "needs ../shared/datasets/nab")) func perfectAndNullDetectorsNormaliseTo100And0() throws {
        let corpus = try SharedNAB.loaded.get()
        func detector(_ offset: Int) -> [NABFile] {
            corpus.files.map { f in
                var s = [Double](repeating: 0, count: f.rowCount)
                for w in f.windows { s[w.start + offset] = 1 }
                return NABFile(name: f.name, windows: f.windows, scores: s)
            }
        }
        let perfect = try NABScorer(files: detector(0)), late = try NABScorer(files: detector(1))
        let null = try NABScorer(
            files: corpus.files.map { NABFile(name: $0.name, windows: $0.windows, scores: [Double](repeating: 0, count: $0.rowCount)) })
        for profile in NABProfile.all {
            let p = perfect.optimize(profile: profile)
            #expect(p.threshold == 1 && p.fp == 0 && p.windowsDetected == 116)
            #expect(abs((p.normalizedScore.value ?? 0) - 100) < 1e-9, "\(profile.name)")
            #expect(abs(p.rawScore - 116 * profile.tpWeight) < 1e-9)
            #expect(null.optimize(profile: profile).normalizedScore == .defined(0), "\(profile.name)")
            #expect((late.optimize(profile: profile).normalizedScore.value ?? 100) < 100 - 1e-6, "\(profile.name)")
        }
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
