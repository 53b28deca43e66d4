import Foundation
import Telemetry

/// Reads a wide CSV recording (`faultline fidelity --format csv`): a header `timestamp,<series>,…`, then one
/// row per time. The first column is the time (any header name; epoch seconds or ms, or ISO-8601:
/// `TimestampText`); every other column is one series whose name gives its family (METRICS.md §12.1). A name
/// `entity/metric` gives the series' entity; plain names all belong to one entity named after the file.
/// Empty fields and `nan`, `na`, `null`, `none` are missing values. The recording has no fault labels.
public enum WideCSVReader {
    /// Reads `url` as a one-block recording.
    ///
    /// - Throws: `InteropError` naming the file and line: a missing file (usage), no header or no series
    ///   column, a row with a different number of fields, a timestamp that does not parse or is not after the
    ///   previous row's, a value that is not a number, a column with no finite value.
    public static func read(_ url: URL) throws -> Recording {
        let bytes = try CSVScan.read(url)
        let path = url.path
        let fileEntity = url.deletingPathExtension().lastPathComponent
        var names: [String] = []
        var times: [Int64] = []
        var rowsMajor: [Double] = []
        var lastLine = 0
        try bytes.withUnsafeBufferPointer { p in
            var f: [Int] = []
            try CSVScan.forEachLine(p, path: path) { line, range in
                lastLine = line
                if names.isEmpty {
                    names = try CSVScan.header(p, range, path: path, line: line)
                    guard names.count >= 2 else {
                        throw InteropError(path: path, line: line, message: "the header names no series column (expected timestamp,<series>,…)")
                    }
                    return
                }
                CSVScan.fields(p, range, into: &f)
                guard f.count / 2 == names.count else {
                    throw InteropError(path: path, line: line, message: "\(f.count / 2) fields, the header has \(names.count)")
                }
                guard let t = TimestampText.epochMs(UnsafeRawBufferPointer(p), f[0], f[1]) else {
                    throw InteropError(
                        path: path, line: line,
                        message: "timestamp '\(CSVScan.text(p, f[0], f[1]).prefix(40))' is not epoch seconds, epoch ms or ISO-8601")
                }
                if let previous = times.last, t <= previous {
                    throw InteropError(
                        path: path, line: line,
                        message:
                            "timestamp '\(CSVScan.text(p, f[0], f[1]))' is not after the previous row's (rows must be sorted by time, no repeats)")
                }
                times.append(t)
                for c in 1..<names.count {
                    rowsMajor.append(try CSVScan.value(p, f[2 * c], f[2 * c + 1], path: path, line: line, column: names[c]))
                }
            }
        }
        guard !names.isEmpty else { throw InteropError(path: path, message: "empty file, no header") }
        guard !times.isEmpty else { throw InteropError(path: path, line: lastLine, message: "no data rows after the header") }
        let columns = names.count - 1, rows = times.count
        var values = [Double](repeating: .nan, count: rows * columns)
        rowsMajor.withUnsafeBufferPointer { src in
            values.withUnsafeMutableBufferPointer { dst in
                for r in 0..<rows { for c in 0..<columns { dst[c * rows + r] = src[r * columns + c] } }
            }
        }
        let frame = try MetricFrame(rows: rows, columns: columns, columnMajor: values)
        for c in 0..<columns where !frame.withColumn(c, { $0.contains(where: \.isFinite) }) {
            throw InteropError(path: path, message: "column '\(names[c + 1])' has no finite value (only empty fields or NaN)")
        }
        let series = names.dropFirst().map { name -> SeriesDescriptor in
            if let slash = name.lastIndex(of: "/"), slash != name.startIndex, name.index(after: slash) != name.endIndex {
                return SeriesDescriptor(
                    id: name, entity: String(name[..<slash]), metric: String(name[name.index(after: slash)...]), unit: "", kind: .gauge)
            }
            return SeriesDescriptor(id: name, entity: fileEntity, metric: name, unit: "", kind: .gauge)
        }
        return Recording(
            name: url.lastPathComponent, format: "csv", blocks: [try Recording.Block(timestamps: times, series: series, frame: frame)],
            hasGroundTruth: false)
    }
}
