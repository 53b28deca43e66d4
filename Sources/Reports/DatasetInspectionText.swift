import Foundation
import Telemetry

/// What `faultline inspect` prints.
extension DatasetInspection {
    /// Canonical JSON (pretty-printed, keys sorted), one object.
    public func json() throws -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try e.encode(self), as: UTF8.self)
    }

    /// The human-readable report `faultline inspect` prints.
    public func text() -> String {
        var out: [String] = []
        out.append("dataset   \(name)  (\(generator); written by \(generatorVersion), format \(formatVersion))")
        if scenario != nil || seed != nil || scenarioHash != nil {
            var parts: [String] = []
            if let scenario { parts.append("scenario \(scenario)") }
            if let scenarioHash { parts.append("sha256 \(scenarioHash.prefix(12))…") }
            if let seed { parts.append("seed \(seed)") }
            out.append("source    " + parts.joined(separator: "  "))
        }
        if let start, let end {
            out.append("time      \(start) → \(end)  step \(Self.duration(stepMs))  rows \(rows)")
        } else {
            out.append("time      (no rows)  step \(Self.duration(stepMs))")
        }
        out.append("series    \(seriesCount)")
        out.append("  by entity  " + Self.counts(seriesByEntity))
        out.append("  by metric  " + Self.counts(seriesByMetric))
        out.append("faults    \(faults.count)")
        for f in faults {
            var line = "  \(f.id)  \(f.kind)  target \(f.target)  injected \(f.injectionStart) → \(f.injectionEnd)"
            line += "  first symptom \(f.firstSymptom ?? "none")  user impact \(f.userImpact ?? "none")"
            line += "  affected series \(f.affectedSeries)" + (f.compound ? "  compound" : "")
            out.append(line)
        }
        out.append("benign    \(benignChanges.count)")
        for c in benignChanges { out.append("  \(c.id)  \(c.kind)  target \(c.target)  \(c.start) → \(c.end)") }
        out.append("records   logs \(logs)  spans \(spans)  events \(events)")
        out.append(
            "files     \(files.count), \(Self.bytes(totalBytes))"
                + (verified ? " (lengths, SHA-256, npy headers, timestamps and every record verified)" : " (not verified)"))
        let width = files.map(\.name.count).max() ?? 0
        for f in files {
            out.append("  " + f.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + Self.bytes(f.bytes))
        }
        return out.joined(separator: "\n")
    }

    // MARK: - Formatting

    /// `15 s`, `1 min`, `250 ms`, `1 h 30 min`.
    static func duration(_ ms: Int64) -> String {
        if ms % 1_000 != 0 { return "\(ms) ms" }
        let s = ms / 1_000
        if s % 3_600 == 0 { return "\(s / 3_600) h" }
        if s % 60 == 0 { return "\(s / 60) min" }
        return "\(s) s"
    }

    /// `812 B`, `3.4 KB`, `800.0 MB` (powers of 1000).
    static func bytes(_ n: Int) -> String {
        if n < 1_000 { return "\(n) B" }
        let units = ["KB", "MB", "GB", "TB"]
        var value = Double(n) / 1_000
        var unit = 0
        while value >= 1_000, unit < units.count - 1 {
            value /= 1_000
            unit += 1
        }
        return String(format: "%.1f %@", value, units[unit])
    }

    private static func counts(_ d: [String: Int]) -> String {
        d.isEmpty ? "(none)" : d.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
    }
}
