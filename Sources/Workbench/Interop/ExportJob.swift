import Foundation
import Interop
import Telemetry

/// `faultline export DATASET --format FORMAT --out PATH`: read a dataset (validated by the store), render it in
/// a format other tools read, and write it atomically: a file through a temporary sibling and a rename, a
/// folder (NAB) through a temporary sibling folder swapped into place.
public enum ExportJob {
    /// The marker file that makes a folder a Faultline export (so a re-export may replace it).
    public static let markerFile = ".faultline-export"

    /// Exports `dataset` to `out`; returns the text the command prints.
    ///
    /// - Throws: `UsageError` for an unknown format or an `--out` that may not be written (a folder for a file
    ///   format, a foreign folder for NAB); the store's errors for a damaged dataset; `InteropError` when the
    ///   format cannot hold the data.
    public static func run(dataset: URL, format: String, out: URL) throws -> String {
        guard let f = ExportFormat(rawValue: format) else {
            let names = ExportFormat.allCases.map(\.rawValue)
            throw UsageError(
                "unknown export format '\(format)'\(NearestName.hint(format, among: names))", hint: "formats: \(names.joined(separator: ", "))")
        }
        guard FileManager.default.fileExists(atPath: dataset.appendingPathComponent(DatasetStore.manifestFile).path) else {
            throw UsageError(
                "no dataset folder \(dataset.path) (no manifest.json)", hint: "write one with `faultline simulate` or `faultline import`")
        }
        let ds = try DatasetStore.read(from: dataset)
        let dest = out.standardizedFileURL
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: dest.path, isDirectory: &isDirectory)
        let result = try f.render(ds, outName: dest.lastPathComponent)
        var written: [String] = []
        if f.writesFolder {
            if exists {
                let entries = (try? FileManager.default.contentsOfDirectory(atPath: dest.path)) ?? []
                guard isDirectory.boolValue, entries.isEmpty || entries.contains(markerFile) else {
                    throw UsageError("--out \(dest.path) exists and is not an earlier Faultline export; name a new folder")
                }
            }
            try FileManager.default.createDirectory(at: dest.deletingLastPathComponent(), withIntermediateDirectories: true)
            let tmp = try FolderSwap.makeTemporarySibling(of: dest, tag: "export")
            do {
                for file in result.files {
                    let url = tmp.appendingPathComponent(file.path)
                    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                    try Data(file.bytes).write(to: url)
                }
                try Data("Faultline export\n".utf8).write(to: tmp.appendingPathComponent(markerFile))
                try FolderSwap.install(tmp, at: dest, what: "export folder")
            } catch {
                try? FileManager.default.removeItem(at: tmp)
                throw error
            }
            written = ["\(result.files.count) files in \(dest.path)"]
        } else {
            guard !(exists && isDirectory.boolValue) else { throw UsageError("--out \(dest.path) is a folder; \(f.rawValue) writes one file") }
            try FileManager.default.createDirectory(at: dest.deletingLastPathComponent(), withIntermediateDirectories: true)
            for file in result.files {
                let url = file.path.isEmpty ? dest : dest.deletingLastPathComponent().appendingPathComponent(file.path)
                try writeAtomically(file.bytes, to: url)
                written.append(url.path)
            }
        }
        var text =
            "exported  \(dataset.path) as \(f.rawValue): \(ds.frame.rows) rows, \(ds.series.count) series, \(ds.groundTruth.faults.count) faults\n"
        for w in written { text += "wrote     \(w)\n" }
        for n in result.notes { text += "note      \(n)\n" }
        return text
    }

    /// Writes `bytes` to a temporary sibling of `url`, then renames it over `url`.
    static func writeAtomically(_ bytes: [UInt8], to url: URL) throws {
        let tmp = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
        do {
            try Data(bytes).write(to: tmp)
        } catch {
            throw TelemetryError.io(path: url.path, reason: "cannot write: \(error.localizedDescription)")
        }
        guard rename(tmp.path, url.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: tmp)
            throw TelemetryError.io(path: url.path, reason: "cannot move into place: \(reason)")
        }
    }
}
