import Foundation
import Reports

/// Atomic writes of the sweep's own files (`units.jsonl`).
public enum SweepFiles {
    /// Writes `data` to `url` through a temporary sibling and a rename.
    ///
    /// - Throws: `ReportError.write` naming the file.
    public static func write(_ data: Data, to url: URL) throws {
        try GateReportWriter.writeAtomically(data, to: url)
    }
}
