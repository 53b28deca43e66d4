import Foundation
import Telemetry

/// `faultline import openmetrics FILE…` and `faultline import prom-text FILE…`: the text exposition formats with
/// a timestamp on every sample — what `promtool tsdb dump-openmetrics` writes.
///
/// - `openmetrics`: timestamps in Unix seconds (fractions to the ms), and the file must end with `# EOF`
///   (a file without it is truncated or not OpenMetrics); nothing but blank lines may follow it.
/// - `prom-text`: the Prometheus text format 0.0.4: timestamps in integer milliseconds, no `# EOF` needed.
///
/// `# TYPE` lines give the kinds (counter, gauge; a summary's quantiles are quantile series; histogram
/// buckets, sums and counts are counters); `# HELP` and `# UNIT` are read past; exemplars (`# {…} v t` after a
/// sample) are ignored; `_created` samples are not series (counted in the report). Samples are merged by label
/// set across files (`SampleSet`).
public enum OpenMetricsImporter {
    /// The two dialects.
    public enum Dialect: String, Sendable, CaseIterable {
        case openmetrics
        case promText = "prom-text"
    }

    /// Imports and merges `urls`.
    ///
    /// - Throws: `InteropError` naming the file, line and byte column.
    public static func importFiles(
        _ urls: [URL], dialect: Dialect, name: String, duplicates: DuplicatePolicy = .last, gaps: GapPolicy = .auto
    ) throws -> ImportResult {
        var set = SampleSet()
        for url in urls { try add(try CSVScan.read(url), path: url.path, dialect: dialect, to: &set) }
        return try set.dataset(
            path: urls.first?.path ?? "", info: DatasetInfo(name: name, generator: "faultline-interop \(dialect.rawValue)"),
            duplicates: duplicates, gaps: gaps)
    }

    /// Imports the bytes of one file (the fuzz target's entry).
    public static func parse(_ bytes: [UInt8], path: String, dialect: Dialect, name: String = "fuzz") throws -> ImportResult {
        var set = SampleSet()
        try add(bytes, path: path, dialect: dialect, to: &set)
        return try set.dataset(
            path: path, info: DatasetInfo(name: name, generator: "faultline-interop \(dialect.rawValue)"), duplicates: .last, gaps: .auto)
    }

    static func add(_ bytes: [UInt8], path: String, dialect: Dialect, to set: inout SampleSet) throws {
        try bytes.withUnsafeBufferPointer { p in
            let raw = UnsafeRawBufferPointer(p)
            let n = p.count
            var pos = 0
            if n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF { pos = 3 }
            var line = 0
            var sawEOF = false
            var lastKey: Range<Int>?
            var lastEntry = -1
            var created = 0
            while pos < n {
                line += 1
                let start = pos
                var end = pos
                while end < n && p[end] != 0x0A { end += 1 }
                pos = end + 1
                var e = end
                if e > start && p[e - 1] == 0x0D { e -= 1 }
                func fail(_ at: Int, _ what: String) -> InteropError { InteropError(path: path, line: line, column: at - start + 1, message: what) }
                if e == start { continue }
                if sawEOF { throw fail(start, "content after '# EOF'") }
                if p[start] == 0x23 {
                    // `# EOF`, `# TYPE name type`, `# HELP …`, `# UNIT …`, or another comment (Prometheus text).
                    let text = String(decoding: UnsafeRawBufferPointer(rebasing: raw[start..<e]), as: UTF8.self)
                    if text == "# EOF" {
                        sawEOF = true
                        continue
                    }
                    let words = text.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: true)
                    if words.count >= 2 && words[1] == "TYPE" {
                        guard words.count == 4 else { throw fail(start, "'# TYPE' needs a metric name and a type") }
                        let type = String(words[3]).trimmingCharacters(in: .whitespaces)
                        guard ["counter", "gauge", "summary", "histogram", "gaugehistogram", "untyped", "unknown", "info", "stateset"].contains(type)
                        else {
                            throw fail(start, "unknown metric type '\(type.prefix(40))'")
                        }
                        set.types[String(words[2])] = type
                    }
                    continue
                }
                // name{labels} value [timestamp] [# exemplar]
                var i = start
                guard isNameStart(p[i]) else { throw fail(i, "expected a metric name") }
                while i < e && isNameChar(p[i]) { i += 1 }
                let nameEnd = i
                var labelsEnd = i
                var labels: [(String, String)]?
                if i < e && p[i] == 0x7B {
                    var j = i + 1
                    var found: [(String, String)] = []
                    while true {
                        while j < e && (p[j] == 0x20 || p[j] == 0x2C) { j += 1 }
                        guard j < e else { throw fail(j, "label set not closed with '}'") }
                        if p[j] == 0x7D { break }
                        let ks = j
                        guard isNameStart(p[j]) else { throw fail(j, "expected a label name") }
                        while j < e && isNameChar(p[j]) { j += 1 }
                        let key = String(decoding: UnsafeRawBufferPointer(rebasing: raw[ks..<j]), as: UTF8.self)
                        guard j < e && p[j] == 0x3D else { throw fail(j, "expected '=' after label '\(key.prefix(40))'") }
                        j += 1
                        guard j < e && p[j] == 0x22 else { throw fail(j, "expected '\"' to open the value of label '\(key.prefix(40))'") }
                        j += 1
                        var value: [UInt8] = []
                        while true {
                            guard j < e else { throw fail(j, "label value not closed with '\"'") }
                            let c = p[j]
                            if c == 0x22 { break }
                            if c == 0x5C {
                                guard j + 1 < e else { throw fail(j, "escape at the end of the line") }
                                let d = p[j + 1]
                                switch d {
                                case 0x6E: value.append(0x0A)
                                case 0x5C, 0x22: value.append(d)
                                default: throw fail(j, "unknown escape '\\\(Character(Unicode.Scalar(d)))' (only \\\\, \\\" and \\n)")
                                }
                                j += 2
                                continue
                            }
                            value.append(c)
                            j += 1
                        }
                        j += 1
                        found.append((key, String(decoding: value, as: UTF8.self)))
                        guard j < e, p[j] == 0x2C || p[j] == 0x7D || p[j] == 0x20 else { throw fail(j, "expected ',' or '}' after a label value") }
                    }
                    labels = found
                    i = j + 1
                    labelsEnd = i
                }
                guard i < e && p[i] == 0x20 else { throw fail(i, "expected a space and a value after the series") }
                while i < e && p[i] == 0x20 { i += 1 }
                let vs = i
                while i < e && p[i] != 0x20 { i += 1 }
                guard let value = NABText.number(raw, vs, i) else { throw fail(vs, "value '\(NABText.snippet(raw, vs, i))' is not a number") }
                while i < e && p[i] == 0x20 { i += 1 }
                let ts = i
                while i < e && p[i] != 0x20 { i += 1 }
                guard ts < i && p[ts] != 0x23 else {
                    throw fail(
                        ts,
                        "sample has no timestamp (Faultline imports recorded series; \(dialect == .openmetrics ? "Unix seconds" : "epoch ms") after the value)"
                    )
                }
                guard let stamp = NABText.number(raw, ts, i), stamp.isFinite else {
                    throw fail(ts, "timestamp '\(NABText.snippet(raw, ts, i))' is not a number")
                }
                let msDouble = dialect == .openmetrics ? (stamp * 1_000).rounded() : stamp
                guard msDouble == msDouble.rounded(), msDouble >= Double(GroundTruth.earliestTimeMs), msDouble <= Double(GroundTruth.latestTimeMs)
                else {
                    throw fail(
                        ts,
                        dialect == .openmetrics
                            ? "timestamp is not Unix seconds in years 1–9999" : "timestamp is not integer epoch ms in years 1–9999 (prom-text)")
                }
                while i < e && p[i] == 0x20 { i += 1 }
                if i < e && p[i] != 0x23 { throw fail(i, "unexpected text after the timestamp") }
                let name = String(decoding: UnsafeRawBufferPointer(rebasing: raw[start..<nameEnd]), as: UTF8.self)
                if name.hasSuffix("_created") && SampleSet.family(of: name, types: set.types) != nil {
                    created += 1
                    continue
                }
                // The same series as the previous line (dumps write a series' samples together): no new key.
                let keyRange = start..<labelsEnd
                let same: Bool = {
                    guard let lastKey, lastKey.count == keyRange.count, lastEntry >= 0 else { return false }
                    var a = lastKey.lowerBound, b = keyRange.lowerBound
                    while b < keyRange.upperBound {
                        if p[a] != p[b] { return false }
                        a += 1
                        b += 1
                    }
                    return true
                }()
                if !same {
                    lastEntry = set.entry(name: name, labels: labels ?? [], source: path)
                    lastKey = keyRange
                }
                set.entries[lastEntry].times.append(Int64(msDouble))
                set.entries[lastEntry].values.append(value)
            }
            if dialect == .openmetrics && !sawEOF {
                throw InteropError(
                    path: path, line: max(line, 1),
                    message: "no '# EOF' line: the file is truncated or not OpenMetrics (Prometheus text with ms timestamps is format prom-text)")
            }
            if created > 0 { set.notSeries["OpenMetrics _created samples (creation times, not values)", default: 0] += created }
        }
    }

    @inline(__always) static func isNameStart(_ c: UInt8) -> Bool { (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 95 || c == 58 }
    @inline(__always) static func isNameChar(_ c: UInt8) -> Bool { isNameStart(c) || (c >= 48 && c <= 57) }
}
