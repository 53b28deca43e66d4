import Foundation
import Reports
import Telemetry

/// `faultline inspect DIR`: verify a dataset's files, hashes and contents and summarise it.
public enum InspectJob {
    /// The summary as printed: text, or one canonical JSON object.
    ///
    /// It validates what `score` and `evaluate` validate before they use a dataset (`DatasetInspection.load`, and
    /// the fault kinds the generator can have written), so a dataset it reports as verified is one they accept.
    ///
    /// - Throws: `TelemetryError` naming the file (and line or key) for a missing, truncated, corrupt or
    ///   inconsistent dataset.
    public static func output(dataset: URL, json: Bool) throws -> String {
        let summary = try DatasetInspection.load(from: dataset)
        try StoredDataset.checkKinds(
            faults: summary.faults.map(\.kind), benign: summary.benignChanges.map(\.kind), generator: summary.generator,
            path: dataset.appendingPathComponent(DatasetStore.manifestFile).path)
        return json ? try summary.json() : summary.text()
    }
}
