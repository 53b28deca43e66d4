import Foundation
import Reports
import Telemetry

/// `faultline inspect DIR`: verify a dataset's files and hashes and summarise it.
public enum InspectJob {
    /// The summary as printed: text, or one canonical JSON object.
    ///
    /// - Throws: `TelemetryError` naming the file for a missing, truncated or corrupt dataset.
    public static func output(dataset: URL, json: Bool) throws -> String {
        let summary = try DatasetInspection.load(from: dataset)
        return json ? try summary.json() : summary.text()
    }
}
