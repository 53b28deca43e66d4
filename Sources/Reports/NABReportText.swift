import Evaluation
import Foundation

/// What `faultline score nab` prints: the table and the JSON of a `NABReport`.
extension NABReport {
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
}
