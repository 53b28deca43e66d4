import Foundation
import Telemetry

/// A NAB corpus, or one of its data files, as a recording (`faultline fidelity --format nab`): each file
/// `data/<category>/<name>.csv` is one block (its own clock) holding one series named `<name>`, which gives its
/// family (`ec2_cpu_utilization_…` is cpu); each labelled window of `labels/combined_windows.json` is a fault
/// whose root-cause series is the file's. A file whose timestamps repeat or step back is skipped, with the
/// line, rather than re-sorted.
public enum NABRecording {
    /// Reads a corpus folder (holding `data/`) or one `timestamp,value` CSV.
    ///
    /// - Throws: `InteropError` or `DataError` naming the file and line (a missing path is a usage error).
    public static func read(_ url: URL) throws -> Recording {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw InteropError(path: url.path, message: "no such file or folder", isUsageError: true)
        }
        let root: URL?
        var files: [(key: String, url: URL)] = []
        if isDirectory.boolValue {
            let data = url.appendingPathComponent("data")
            guard let categories = try? FileManager.default.contentsOfDirectory(atPath: data.path) else {
                throw InteropError(path: data.path, message: "not a NAB corpus (no data/ folder)", isUsageError: true)
            }
            for c in categories.sorted() {
                for f in ((try? FileManager.default.contentsOfDirectory(atPath: data.appendingPathComponent(c).path)) ?? []).sorted()
                where f.hasSuffix(".csv") {
                    files.append(("\(c)/\(f)", data.appendingPathComponent(c).appendingPathComponent(f)))
                }
            }
            guard !files.isEmpty else { throw InteropError(path: data.path, message: "no data/<category>/<name>.csv files") }
            root = url
        } else {
            let category = url.deletingLastPathComponent()
            let corpus = category.deletingLastPathComponent().deletingLastPathComponent()
            let inCorpus = category.deletingLastPathComponent().lastPathComponent == "data"
            files = [("\(category.lastPathComponent)/\(url.lastPathComponent)", url)]
            root = inCorpus ? corpus : nil
        }
        let labelsURL = root?.appendingPathComponent("labels/combined_windows.json")
        let windows = try labelsURL.flatMap { FileManager.default.fileExists(atPath: $0.path) ? try NABCorpusLayout.readWindows($0) : nil }
        var blocks: [Recording.Block] = []
        var faults: [Recording.Fault] = []
        var skipped: [Recording.Skipped] = []
        for (key, file) in files {
            let name = file.deletingPathExtension().lastPathComponent
            let id = String(key.dropLast(4))
            let data = try NABDataFile.read(file)
            var times: [Int64] = []
            times.reserveCapacity(data.timestamps.count)
            for (i, text) in data.timestamps.enumerated() {
                guard let t = NABText.timestamp(text) else {
                    throw InteropError(path: file.path, line: i + 2, message: "timestamp '\(text)' is not YYYY-MM-DD HH:MM:SS")
                }
                times.append(t)
            }
            if let bad = times.indices.dropFirst().first(where: { times[$0] <= times[$0 - 1] }) {
                skipped.append(Recording.Skipped(seriesId: id, reason: "timestamps repeat or step back (\(file.lastPathComponent) line \(bad + 2))"))
                continue
            }
            guard data.values.contains(where: \.isFinite) else {
                throw InteropError(path: file.path, message: "the value column has no finite value")
            }
            let frame = try MetricFrame(rows: times.count, columns: 1, columnMajor: data.values)
            blocks.append(
                try Recording.Block(
                    timestamps: times, series: [SeriesDescriptor(id: id, entity: name, metric: name, unit: "", kind: .gauge)], frame: frame))
            for (k, w) in (windows?[key] ?? []).enumerated() {
                guard let a = NABText.timestamp(w.0), let b = NABText.timestamp(w.1) else {
                    throw InteropError(path: labelsURL?.path ?? key, message: "window \(k) of \(key): bad timestamp in [\(w.0), \(w.1)]")
                }
                faults.append(Recording.Fault(id: "\(id)#\(k + 1)", kind: "nab-window", targets: [], seriesIds: [id], startMs: a, endMs: b))
            }
        }
        guard !blocks.isEmpty else {
            throw InteropError(path: url.path, message: "no NAB file with increasing timestamps (\(skipped.count) skipped)")
        }
        return Recording(
            name: url.lastPathComponent, format: "nab", blocks: blocks, faults: faults, hasGroundTruth: windows != nil, skipped: skipped)
    }
}
