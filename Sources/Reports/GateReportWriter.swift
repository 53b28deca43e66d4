import Foundation

/// Writes a gate result's files into a folder, each atomically: `junit.xml`, `summary.md`, `metrics.txt` and
/// `gate.json` (the `GateResult` itself).
public enum GateReportWriter {
    /// The files written, in order.
    public static let files = ["junit.xml", "summary.md", "metrics.txt", "gate.json"]

    /// Writes every file into `folder` (created if needed).
    ///
    /// - Returns: the URLs written.
    /// - Throws: `ReportError.write` naming the file.
    @discardableResult
    public static func write(_ result: GateResult, to folder: URL) throws -> [URL] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var json = try encoder.encode(result)
        json.append(0x0A)
        let contents: [Data] = [
            Data(GateJUnitReport.render(result).utf8), Data(GateMarkdownReport.render(result).utf8),
            Data(GateMetricsReport.render(result).utf8), json,
        ]
        return try zip(files, contents).map { name, data in
            let url = folder.appendingPathComponent(name)
            try AtomicWrite.write(data, to: url)
            return url
        }
    }

    /// Writes `data` to `url` so that readers see the old content or the whole new one (temporary sibling, then
    /// rename): for the gate's and sweeps' own files.
    ///
    /// - Throws: `ReportError.write` naming the file.
    public static func writeAtomically(_ data: Data, to url: URL) throws {
        try AtomicWrite.write(data, to: url)
    }
}
