import Foundation
import Telemetry

/// `faultline export DATASET --format nab --out DIR`: a NAB-layout corpus, so NAB-style tools run on the data:
/// `data/<name>/<series>.csv` (`timestamp,value`, `YYYY-MM-DD HH:MM:SS`; one file per series, NAB being
/// univariate; rows where the series is NaN are not written, and counted) and `labels/combined_windows.json`
/// (`{"<name>/<series>.csv": [[start, end], …]}`). A fault's windows go to the files of its affected series,
/// or, when it lists none, to every series of its target entity (every file when the target has none).
public enum NABExporter {
    /// Renders `dataset`.
    ///
    /// - Throws: `InteropError` when a timestamp has a millisecond fraction (NAB's timestamps are whole seconds).
    public static func render(_ dataset: Dataset) throws -> ExportResult {
        if let bad = dataset.timestamps.first(where: { $0 % 1_000 != 0 }) {
            throw InteropError(path: dataset.info.name, message: "timestamp \(bad) ms has a millisecond fraction; NAB timestamps are whole seconds")
        }
        let category = fileName(dataset.info.name.isEmpty ? "faultline" : dataset.info.name)
        var used = Set<String>()
        let files = dataset.series.map { s -> String in
            var base = fileName(s.id)
            var k = 2
            while used.contains(base) {
                base = fileName(s.id) + "_\(k)"
                k += 1
            }
            used.insert(base)
            return "\(category)/\(base).csv"
        }
        var out: [(path: String, bytes: [UInt8])] = []
        var dropped = 0
        let stamps = dataset.timestamps.map { TimeText.iso($0, nab: true) + "," }
        for (c, f) in files.enumerated() {
            var b = Array("timestamp,value\n".utf8)
            dataset.frame.withColumn(c) { col in
                for r in 0..<col.count {
                    guard !col[r].isNaN else {
                        dropped += 1
                        continue
                    }
                    b += Array(stamps[r].utf8)
                    b += Array(TimeText.value(col[r]).utf8)
                    b.append(0x0A)
                }
            }
            out.append(("data/\(f)", b))
        }
        var windows: [String: [String]] = [:]
        for f in files { windows[f] = [] }
        for fault in dataset.groundTruth.faults {
            var targets = Set(fault.affectedSeries.compactMap { a in dataset.series.firstIndex { $0.id == a.seriesId } })
            if targets.isEmpty { targets = Set(dataset.series.indices.filter { dataset.series[$0].entity == fault.target }) }
            if targets.isEmpty { targets = Set(dataset.series.indices) }
            let w = "[\"\(TimeText.iso(fault.injectionStartMs, nab: true)).000000\", \"\(TimeText.iso(fault.injectionEndMs, nab: true)).000000\"]"
            for c in targets.sorted() { windows[files[c], default: []].append(w) }
        }
        let json =
            "{\n"
            + files.sorted().map { "  \(QueryRangeExporter.json($0)): [" + (windows[$0] ?? []).joined(separator: ", ") + "]" }.joined(
                separator: ",\n")
            + "\n}\n"
        out.append(("labels/combined_windows.json", Array(json.utf8)))
        var notes: [String] = []
        if dropped > 0 { notes.append("\(dropped) NaN values (missing samples) are not written: NAB files have no missing values") }
        if dataset.groundTruth.faults.contains(where: { $0.injectionStartMs % 1_000 != 0 || $0.injectionEndMs % 1_000 != 0 }) {
            notes.append("fault bounds are cut to the second")
        }
        return ExportResult(files: out, notes: notes)
    }

    /// Letters, digits, `.`, `-`, `_`; anything else (a `/` too) becomes `_`.
    static func fileName(_ s: String) -> String {
        let mapped = String(
            decoding: s.utf8.map { c -> UInt8 in
                (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c == 95 || c == 45 || c == 46 ? c : 95
            }, as: UTF8.self)
        return mapped.isEmpty || mapped.hasPrefix(".") ? "_" + mapped : mapped
    }
}
