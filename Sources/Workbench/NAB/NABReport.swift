import Evaluation
import Foundation
import Reports
import Telemetry

extension NABReport {
    /// Scores a loaded corpus.
    ///
    /// - Parameters:
    ///   - corpus: the loaded corpus and results.
    ///   - profiles: the profiles to score.
    ///   - mode: how to pick thresholds.
    /// - Throws: `EvaluationError` when the files fail NAB's checks (bad window, score out of range);
    ///   `DataError` for a malformed thresholds file.
    public static func make(corpus: NABCorpus, profiles: [NABProfile], mode: NABThresholdMode) throws -> NABReport {
        let scorer = try NABScorer(files: corpus.files)
        var order: [Int32]?
        var entries: [Entry] = []
        for profile in profiles {
            switch mode {
            case let .fixed(theta):
                entries.append(Entry(score: scorer.score(profile: profile, threshold: theta), thresholdKind: "given", thresholdSource: "--threshold"))
            case .committedOrOptimize, .optimize:
                if mode == .committedOrOptimize,
                    let c = try NABThresholdSource.committed(
                        corpus: corpus.corpusURL, results: corpus.resultsURL,
                        detector: corpus.detector, profile: profile.name)
                {
                    entries.append(
                        Entry(score: scorer.score(profile: profile, threshold: c.threshold), thresholdKind: "committed", thresholdSource: c.source))
                } else {
                    let o = order ?? scorer.descendingOrder()
                    order = o
                    entries.append(
                        Entry(score: scorer.optimize(profile: profile, order: o), thresholdKind: "optimized", thresholdSource: optimiserName))
                }
            }
        }
        return NABReport(
            detector: corpus.detector, corpus: corpus.corpusURL.path, fileCount: corpus.files.count,
            rowCount: scorer.rowCount, scoredRowCount: scorer.scoredRowCount, windowRowCount: scorer.windowRowCount,
            windowCount: scorer.windowCount, irregularFiles: corpus.filesWithIrregularTimestamps,
            clippedScores: corpus.clippedScores, entries: entries)
    }
}

/// `faultline score nab`: load a corpus and one detector's results, score the chosen profiles, render.
public enum NABScoreJob {
    /// The rendered report (text, or JSON keyed by profile name).
    ///
    /// - Parameters:
    ///   - profile: a profile name of the corpus, or `all`.
    ///   - threshold: one threshold for every profile; nil → committed thresholds (or the sweep with `optimize`).
    /// - Throws: `UsageError` for exclusive or unknown options, `DataError`/`EvaluationError` for bad files.
    public static func run(
        corpus: URL, results: URL, detector: String?, profile: String, threshold: Double?, optimize: Bool,
        clipScores: Bool, json: Bool
    ) throws -> String {
        if threshold != nil && optimize {
            throw UsageError("--threshold and --optimize exclude each other", hint: "pass one of them, or neither for committed thresholds")
        }
        if let t = threshold, !t.isFinite {
            throw UsageError("--threshold must be a finite number")
        }
        let chosen = try NABThresholdSource.profiles(named: profile, corpus: corpus)
        let loaded = try NABCorpus.load(corpus: corpus, results: results, detector: detector, clipScores: clipScores)
        let mode: NABThresholdMode = threshold.map { .fixed($0) } ?? (optimize ? .optimize : .committedOrOptimize)
        let report = try NABReport.make(corpus: loaded, profiles: chosen, mode: mode)
        return json ? report.json() : report.text()
    }
}
