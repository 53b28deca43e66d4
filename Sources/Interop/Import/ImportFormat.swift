import Foundation
import Telemetry

/// The formats `faultline import FORMAT PATH…` reads (docs/INTEROP.md).
public enum ImportFormat: String, CaseIterable, Sendable {
    /// A time column and value columns (`GenericCSVImporter`).
    case csv
    /// Prometheus `/api/v1/query_range` JSON, several files merged (`QueryRangeImporter`).
    case queryRange = "query-range"
    /// OpenMetrics text with timestamps in seconds and `# EOF` (`OpenMetricsImporter`).
    case openmetrics
    /// Prometheus text exposition with timestamps in ms (`OpenMetricsImporter`).
    case promText = "prom-text"
    /// OpenTelemetry Collector file-exporter JSON lines: traces, logs, metrics (`OTLPImporter`).
    case otlpJSON = "otlp-json"
    /// One NAB data file (`RecordingImporter.nab`).
    case nab
    /// One SMD machine (`RecordingImporter.smd`).
    case smd
    /// An RCAEval / RCD Sock Shop case folder or CSV (`RecordingImporter.rcaeval`).
    case rcaeval
    /// A Nezha day folder (`RecordingImporter.nezha`).
    case nezha
    /// Labelled HDFS block sessions as event-count vectors (`HDFSSessionImporter`).
    case hdfsSessions = "hdfs-sessions"

    /// Whether the format takes several files (merged) rather than exactly one path.
    public var mergesFiles: Bool { self == .queryRange || self == .openmetrics || self == .promText || self == .otlpJSON }

    /// Imports `paths` in this format.
    ///
    /// - Parameters:
    ///   - paths: the files (or folder); several only where `mergesFiles`.
    ///   - name: the dataset's name.
    ///   - csv: the CSV options (its `duplicates` and `gaps` apply to every format).
    /// - Throws: `InteropError` naming the file, line and column; usage errors for a wrong number of paths.
    public func importPaths(_ paths: [URL], name: String, csv: CSVImportOptions) throws -> ImportResult {
        guard !paths.isEmpty else { throw InteropError(path: "", message: "no input path", isUsageError: true) }
        if paths.count > 1 && !mergesFiles {
            throw InteropError(
                path: paths[1].path, message: "\(rawValue) imports one path (only query-range, openmetrics, prom-text and otlp-json merge files)",
                isUsageError: true)
        }
        let url = paths[0]
        switch self {
        case .csv: return try GenericCSVImporter.importFile(url, options: csv, name: name)
        case .queryRange: return try QueryRangeImporter.importFiles(paths, name: name, duplicates: csv.duplicates, gaps: csv.gaps)
        case .openmetrics:
            return try OpenMetricsImporter.importFiles(paths, dialect: .openmetrics, name: name, duplicates: csv.duplicates, gaps: csv.gaps)
        case .promText: return try OpenMetricsImporter.importFiles(paths, dialect: .promText, name: name, duplicates: csv.duplicates, gaps: csv.gaps)
        case .otlpJSON: return try OTLPImporter.importFiles(paths, name: name, duplicates: csv.duplicates, gaps: csv.gaps)
        case .nab: return try RecordingImporter.nab(url, name: name, duplicates: csv.duplicates, gaps: csv.gaps)
        case .smd: return try RecordingImporter.smd(url, name: name)
        case .rcaeval: return try RecordingImporter.rcaeval(url, name: name, duplicates: csv.duplicates, gaps: csv.gaps)
        case .nezha: return try RecordingImporter.nezha(url, name: name, gaps: csv.gaps)
        case .hdfsSessions: return try HDFSSessionImporter.importPath(url, name: name)
        }
    }
}
