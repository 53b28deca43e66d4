import Foundation
import Telemetry

/// The formats `faultline export DATASET --format FORMAT` writes (docs/INTEROP.md).
public enum ExportFormat: String, CaseIterable, Sendable {
    /// OpenMetrics text with timestamps and `faultline_fault_active` (`OpenMetricsExporter`): one file.
    case openmetrics
    /// A Prometheus `query_range` JSON response (`QueryRangeExporter`): one file.
    case queryRange = "query-range"
    /// OpenTelemetry Collector file-exporter JSON lines: spans, logs, metrics (`OTLPExporter`): one file.
    case otlpJSON = "otlp-json"
    /// A NAB-layout corpus folder (`NABExporter`).
    case nab
    /// `timestamp,<series>,…` and a label-windows JSON beside it (`CSVExporter`).
    case csv

    /// Whether `--out` names a folder (else a file).
    public var writesFolder: Bool { self == .nab }

    /// Renders `dataset`; `outName` is the file name `--out` gives (the CSV's labels file is named after it).
    ///
    /// - Throws: `InteropError` when the data cannot be written in this format.
    public func render(_ dataset: Dataset, outName: String) throws -> ExportResult {
        switch self {
        case .openmetrics: return OpenMetricsExporter.render(dataset)
        case .queryRange: return QueryRangeExporter.render(dataset)
        case .otlpJSON: return OTLPExporter.render(dataset)
        case .nab: return try NABExporter.render(dataset)
        case .csv:
            let stem = outName.hasSuffix(".csv") ? String(outName.dropLast(4)) : outName
            return CSVExporter.render(dataset, labelsName: stem + ".labels.json")
        }
    }
}
