import Foundation
import Interop
import Telemetry

/// `faultline import FORMAT PATH… --out DATASET`: read foreign telemetry, repair what the format documents,
/// validate as the store does, and write a dataset folder (atomically, `DatasetStore.write`).
public enum ImportJob {
    /// The flags that apply to `csv` only.
    public struct CSVFlags: Sendable {
        public var timeColumn: String?
        public var labelColumn: String?
        public var delimiter: UInt8?
        public var entity: String?

        /// Creates the flags (all absent by default).
        public init(timeColumn: String? = nil, labelColumn: String? = nil, delimiter: UInt8? = nil, entity: String? = nil) {
            self.timeColumn = timeColumn
            self.labelColumn = labelColumn
            self.delimiter = delimiter
            self.entity = entity
        }
    }

    /// What was imported and how.
    public struct Outcome: Sendable {
        /// The text the command prints.
        public var output: String
        /// The dataset as written.
        public var dataset: Dataset
        /// The repairs made.
        public var repairs: [ImportRepair]
    }

    /// Imports `paths` in `format` into the dataset folder `out`.
    ///
    /// - Parameters:
    ///   - format: the format's name (`ImportFormat`).
    ///   - paths: input files or folders.
    ///   - out: the dataset folder to write (an existing dataset there is replaced once the new one is complete;
    ///     a folder that is not a dataset is never replaced).
    ///   - name: the dataset's name; nil for the folder's name.
    ///   - csv: the CSV flags (`timeColumn`, `labelColumn`, `delimiter`, `entity`); csv only.
    ///   - labels: a label-windows JSON file whose windows become faults (csv).
    ///   - duplicates: a `DuplicatePolicy` name; every format.
    ///   - gaps: a `GapPolicy` name; every format.
    /// - Throws: `UsageError` for an unknown format or flag value; `InteropError` naming the file, line and
    ///   column; `TelemetryError` when writing fails.
    public static func run(
        format: String, paths: [String], out: URL, name: String?, csv: CSVFlags = CSVFlags(), labels: String?, duplicates: String = "last",
        gaps: String = "auto"
    ) throws -> Outcome {
        guard let dup = DuplicatePolicy(rawValue: duplicates) else {
            throw UsageError("--duplicates must be one of \(DuplicatePolicy.allCases.map(\.rawValue).joined(separator: ", ")), got '\(duplicates)'")
        }
        guard let gap = GapPolicy(rawValue: gaps) else {
            throw UsageError("--gaps must be one of \(GapPolicy.allCases.map(\.rawValue).joined(separator: ", ")), got '\(gaps)'")
        }
        let options = CSVImportOptions(
            timeColumn: csv.timeColumn, labelColumn: csv.labelColumn, delimiter: csv.delimiter, duplicates: dup, gaps: gap, entity: csv.entity)
        guard let f = ImportFormat(rawValue: format) else {
            let names = ImportFormat.allCases.map(\.rawValue)
            throw UsageError(
                "unknown import format '\(format)'\(NearestName.hint(format, among: names))", hint: "formats: \(names.joined(separator: ", "))")
        }
        var opts = options
        if let labels {
            guard f == .csv else { throw UsageError("--labels applies to csv only (\(f.rawValue) files carry their own labels)") }
            opts.labelWindows = try LabelWindow.read(URL(fileURLWithPath: labels))
        }
        if f != .csv && (opts.timeColumn != nil || opts.labelColumn != nil || opts.delimiter != nil || opts.entity != nil) {
            throw UsageError("--time-column, --label-column, --delimiter and --entity apply to csv only")
        }
        let result = try f.importPaths(paths.map { URL(fileURLWithPath: $0) }, name: name ?? out.lastPathComponent, csv: opts)
        try DatasetStore.write(result.dataset, to: out)
        return Outcome(output: summary(result, format: f, paths: paths, out: out), dataset: result.dataset, repairs: result.repairs)
    }

    static func summary(_ r: ImportResult, format: ImportFormat, paths: [String], out: URL) -> String {
        let d = r.dataset
        let first = d.timestamps.first ?? 0, last = d.timestamps.last ?? 0
        var text = "imported  \(format.rawValue): \(paths.count == 1 ? paths[0] : "\(paths.count) files") → \(out.path)\n"
        text += "rows      \(d.frame.rows) (\(isoMinute(first)) … \(isoMinute(last)), step \(DurationText.render(Double(d.axis.stepMs))))\n"
        text += "series    \(d.series.count) of \(Set(d.series.map(\.entity)).count) entities\n"
        text += "faults    \(d.groundTruth.faults.count)\n"
        if r.repairs.isEmpty { text += "repairs   none\n" }
        for rep in r.repairs { text += "repair    \(rep)\n" }
        return text
    }

    static func isoMinute(_ ms: Int64) -> String {
        let date = Date(timeIntervalSince1970: Double(ms) / 1_000)
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: date)
    }
}
