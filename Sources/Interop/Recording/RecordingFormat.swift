import Foundation
import Telemetry

/// The readers `faultline fidelity --reference` accepts, and the rule that picks one when `--format` is not given.
public enum RecordingFormat: String, CaseIterable, Sendable {
    /// The Nezha metric release: its root or one day folder (`NezhaReader`).
    case nezha
    /// One SMD machine (`SMDRecording`).
    case smd
    /// A NAB corpus folder or one NAB data file (`NABRecording`).
    case nab
    /// A wide `timestamp,<series>,…` CSV (`WideCSVReader`).
    case csv
    /// Another Faultline dataset folder.
    case dataset

    /// The format of `url` when only one fits:
    ///
    /// - a folder with `manifest.json` → `dataset`; with `metric/` or `<system>/<day>/metric/` → `nezha`;
    ///   with `data/` → `nab`; with `train/` → `smd`;
    /// - `…/train/<m>.txt` or `…/test/<m>.txt` → `smd`;
    /// - a `.csv` whose header is exactly `timestamp,value` → `nab`, any other `.csv` → `csv`.
    ///
    /// - Throws: `InteropError` (usage) when `url` does not exist; `UsageError` when no rule fits.
    public static func infer(_ url: URL) throws -> RecordingFormat {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw InteropError(path: url.path, message: "no such file or folder", isUsageError: true)
        }
        let hint = "pass --format \(allCases.map(\.rawValue).joined(separator: "|"))"
        if isDirectory.boolValue {
            if fm.fileExists(atPath: url.appendingPathComponent(DatasetStore.manifestFile).path) { return .dataset }
            if NezhaReader.days(at: url) != nil { return .nezha }
            if fm.fileExists(atPath: url.appendingPathComponent("data").path) { return .nab }
            if fm.fileExists(atPath: url.appendingPathComponent("train").path) { return .smd }
            throw UsageError("cannot tell the format of the folder \(url.path) (no manifest.json, metric/, data/ or train/)", hint: hint)
        }
        if url.pathExtension == "txt", ["train", "test"].contains(url.deletingLastPathComponent().lastPathComponent) { return .smd }
        if url.pathExtension.lowercased() == "csv" {
            let bytes = try CSVScan.read(url)
            var header: [String] = []
            try bytes.withUnsafeBufferPointer { p in
                var end = 0
                while end < p.count && p[end] != 0x0A { end += 1 }
                if end > 0 && p[end - 1] == 0x0D { end -= 1 }
                header = try CSVScan.header(p, 0..<end, path: url.path, line: 1)
            }
            return header == ["timestamp", "value"] ? .nab : .csv
        }
        throw UsageError("cannot tell the format of \(url.path) (not a folder, a .csv or an SMD train/test .txt)", hint: hint)
    }

    /// Reads `url` with this format's reader.
    ///
    /// - Throws: the reader's errors (`InteropError`, `DataError`, `UsageError`, `TelemetryError` for a damaged dataset).
    public func read(_ url: URL) throws -> Recording {
        switch self {
        case .nezha: return try NezhaReader.read(url)
        case .smd: return try SMDRecording.read(url)
        case .nab: return try NABRecording.read(url)
        case .csv: return try WideCSVReader.read(url)
        case .dataset:
            guard FileManager.default.fileExists(atPath: url.path) else {
                throw InteropError(path: url.path, message: "no such dataset folder", isUsageError: true)
            }
            return try Recording(dataset: DatasetStore.read(from: url))
        }
    }
}
