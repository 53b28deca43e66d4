import Evaluation
import Foundation
import Telemetry

/// How `faultline score nab` picks each profile's threshold.
public enum NABThresholdMode: Sendable, Hashable {
    /// The detector's committed thresholds where the corpus or results provide them, else the sweep.
    case committedOrOptimize
    /// The exhaustive corpus sweep (in-sample optimum).
    case optimize
    /// One given threshold for every profile.
    case fixed(Double)
}

/// The NAB scores of one detector on one corpus, per profile, with how each threshold was chosen.
public struct NABReport: Sendable {
    /// One profile's result.
    public struct Entry: Sendable {
        /// The score at the chosen threshold.
        public var score: NABScore
        /// How the threshold was chosen: `committed`, `given`, or `optimized`.
        public var thresholdKind: String
        /// Where it came from (a file, `--threshold`, or the optimiser's name).
        public var thresholdSource: String
    }

    /// Detector name.
    public var detector: String
    /// Corpus folder.
    public var corpus: String
    /// Number of files.
    public var fileCount: Int
    /// Rows, probation included.
    public var rowCount: Int
    /// Rows after probation.
    public var scoredRowCount: Int
    /// Scored rows inside windows.
    public var windowRowCount: Int
    /// Windows in the corpus.
    public var windowCount: Int
    /// Files whose timestamps repeat or step back (kept in file order).
    public var irregularFiles: [String]
    /// Scores clipped into [0, 1] while reading (0 unless clipping was asked for).
    public var clippedScores: Int
    /// One entry per profile, in NAB's order.
    public var entries: [Entry]

    /// Name of the sweep, printed wherever its threshold is used (METRICS §10.2: in-sample optimum).
    public static let optimiserName = "exhaustive sweep, in-sample optimum"

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

    /// Human-readable table.
    public func text() -> String {
        var s = "NAB score of \(detector) on \(corpus)\n"
        s +=
            "\(fileCount) files, \(rowCount) rows, \(scoredRowCount) scored after probation, \(windowRowCount) in \(windowCount) windows; counts are rows\n"
        if !irregularFiles.isEmpty {
            s += "\(irregularFiles.count) files have repeated or decreasing timestamps (kept in file order)\n"
        }
        if clippedScores > 0 {
            s += "\(clippedScores) scores outside [0, 1] were clipped into it (--clip-scores)\n"
        }
        s += "\n"
        let header = ["profile", "threshold", "chosen by", "raw score", "windows hit", "TP", "FP", "FN", "TN", "normalised"]
        var rows: [[String]] = [header]
        for e in entries {
            let sc = e.score
            rows.append([
                sc.profile.name, "\(sc.threshold)", "\(e.thresholdKind): \(e.thresholdSource)", "\(sc.rawScore)",
                "\(sc.windowsDetected)/\(windowCount)", "\(sc.tp)", "\(sc.fp)", "\(sc.fn)", "\(sc.tn)",
                sc.normalizedScore.value.map { "\($0)" } ?? "undefined (\(sc.normalizedScore.undefinedReason ?? ""))",
            ])
        }
        let widths = header.indices.map { c in rows.map { $0[c].count }.max() ?? 0 }
        for r in rows {
            s +=
                r.indices.map { c in
                    let pad = String(repeating: " ", count: widths[c] - r[c].count)
                    return c >= 3 ? pad + r[c] : r[c] + pad
                }.joined(separator: "  ").trimmingCharacters(in: .whitespaces) + "\n"
        }
        return s
    }

    /// One JSON object keyed by profile name.
    public func json() -> String {
        func str(_ s: String) -> String {
            var out = "\""
            for ch in s.unicodeScalars {
                switch ch {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                default:
                    if ch.value < 0x20 { out += String(format: "\\u%04x", ch.value) } else { out.unicodeScalars.append(ch) }
                }
            }
            return out + "\""
        }
        var parts: [String] = []
        for e in entries {
            let sc = e.score
            let norm = sc.normalizedScore.value.map { "\($0)" } ?? "null"
            let fields = [
                "\"detector\": \(str(detector))",
                "\"threshold\": \(sc.threshold)",
                "\"threshold_kind\": \(str(e.thresholdKind))",
                "\"threshold_source\": \(str(e.thresholdSource))",
                "\"raw_score\": \(sc.rawScore)",
                "\"normalized_score\": \(norm)",
                "\"null_score\": \(sc.nullScore)",
                "\"perfect_score\": \(sc.perfectScore)",
                "\"tp\": \(sc.tp)", "\"fp\": \(sc.fp)", "\"fn\": \(sc.fn)", "\"tn\": \(sc.tn)",
                "\"windows_detected\": \(sc.windowsDetected)",
                "\"mean_credit_per_detected_window\": \(sc.meanCreditPerDetectedWindow.value.map { "\($0)" } ?? "null")",
                "\"weights\": {\"tp\": \(sc.profile.tpWeight), \"fp\": \(sc.profile.fpWeight), \"fn\": \(sc.profile.fnWeight)}",
                "\"files\": \(fileCount)", "\"windows\": \(windowCount)", "\"scored_rows\": \(scoredRowCount)",
                "\"clipped_scores\": \(clippedScores)",
            ]
            parts.append("  \(str(sc.profile.name)): {\n    " + fields.joined(separator: ",\n    ") + "\n  }")
        }
        return "{\n" + parts.joined(separator: ",\n") + "\n}\n"
    }

    /// The results as `MetricRecord`s (`nab_<profile>` normalised, `nab_raw_<profile>` raw).
    public func records(dataset: String = "nab") -> [MetricRecord] {
        entries.flatMap { e -> [MetricRecord] in
            let params = [
                "threshold": "\(e.score.threshold)", "threshold_policy": "\(e.thresholdKind): \(e.thresholdSource)",
                "tp_weight": "\(e.score.profile.tpWeight)", "fp_weight": "\(e.score.profile.fpWeight)",
                "fn_weight": "\(e.score.profile.fnWeight)",
            ]
            return [
                MetricRecord(
                    dataset: dataset, model: detector, metric: e.score.profile.metricIdentifier,
                    value: e.score.normalizedScore, parameters: params),
                MetricRecord(
                    dataset: dataset, model: detector, metric: e.score.profile.rawMetricIdentifier,
                    value: .defined(e.score.rawScore), parameters: params),
            ]
        }
    }
}
