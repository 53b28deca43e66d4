import Evaluation
import Foundation

/// Renders a `RunResult` into `Results/<run>/`: `results.json`, `summary.md`, `report.html`,
/// `junit.xml` and `metrics.txt`, each written atomically.
public enum ReportWriter {
    /// Writes every report format into `folder` (created if needed).
    ///
    /// - Returns: the URLs written, in `ReportFormat.allCases` order.
    /// - Throws: `ReportError.write` naming the file that could not be written.
    @discardableResult
    public static func write(_ result: RunResult, to folder: URL) throws -> [URL] {
        try ReportFormat.allCases.map { format in
            let url = folder.appendingPathComponent(format.rawValue)
            try AtomicWrite.write(render(result, as: format), to: url)
            return url
        }
    }

    /// The bytes of one report format.
    public static func render(_ result: RunResult, as format: ReportFormat) throws -> Data {
        switch format {
        case .json: return try JSONReport.encode(result)
        case .markdown: return Data(MarkdownReport.render(result).utf8)
        case .html: return Data(try HTMLReport.render(result).utf8)
        case .junit: return Data(JUnitReport.render(result).utf8)
        case .openMetrics: return Data(OpenMetricsReport.render(result).utf8)
        }
    }
}
