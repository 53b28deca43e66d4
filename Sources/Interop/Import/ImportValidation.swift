import Foundation
import Telemetry

/// The checks `DatasetStore.read` and `faultline inspect` apply to a stored dataset, applied to an imported one
/// before it is written, so an import that succeeds is a dataset `score` and `evaluate` accept: unique series
/// ids, timestamps in years 1–9999 and in time order, ground truth consistent with the series and inside the
/// rows' span, fault kinds written as identifiers.
public enum ImportValidation {
    /// Validates `dataset`; `source` is the file named in errors.
    ///
    /// - Throws: `InteropError` naming `source` and what is wrong.
    public static func validate(_ dataset: Dataset, source: String) throws {
        var ids = Set<String>()
        for s in dataset.series where !ids.insert(s.id).inserted {
            throw InteropError(path: source, message: "two series have the id '\(s.id)'")
        }
        for (i, t) in dataset.timestamps.enumerated() {
            guard t >= GroundTruth.earliestTimeMs, t <= GroundTruth.latestTimeMs else {
                throw InteropError(path: source, message: "row \(i + 1): timestamp \(t) ms is outside years 1–9999")
            }
            if i > 0, t < dataset.timestamps[i - 1] {
                throw InteropError(path: source, message: "row \(i + 1): timestamp \(t) steps back")
            }
        }
        guard !dataset.timestamps.isEmpty else { throw InteropError(path: source, message: "no rows") }
        guard !dataset.series.isEmpty else { throw InteropError(path: source, message: "no series") }
        do {
            try dataset.groundTruth.validate(seriesIDs: ids, path: source)
            if let first = dataset.timestamps.first, let last = dataset.timestamps.last {
                try dataset.groundTruth.validate(firstRowMs: first, lastRowMs: last, stepMs: dataset.axis.stepMs, path: source)
            }
        } catch let e as TelemetryError {
            throw InteropError(path: source, message: "\(e)".replacingOccurrences(of: " (\(source))", with: ""))
        }
        for (i, f) in dataset.groundTruth.faults.enumerated() where !isIdentifier(f.kind) {
            throw InteropError(
                path: source,
                message: "fault \(i + 1) ('\(f.id)'): kind '\(f.kind.prefix(64))' is not an identifier (letters, digits, -_.:/, at most 64)")
        }
    }

    /// Letters, digits, `-_.:/`, 1 to 64 characters (the kinds `inspect` accepts from importers).
    public static func isIdentifier(_ s: String) -> Bool {
        guard !s.isEmpty, s.utf8.count <= 64 else { return false }
        return s.utf8.allSatisfy { c in
            (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 45 || c == 95 || c == 46 || c == 58 || c == 47
        }
    }

    /// `s` made an identifier: other characters become `_`, cut to 64, `labelled` when empty.
    public static func identifier(_ s: String) -> String {
        let mapped = String(
            decoding: s.utf8.prefix(64).map { c -> UInt8 in
                (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 45 || c == 95 || c == 46 || c == 58 || c == 47 ? c : 95
            }, as: UTF8.self)
        return mapped.isEmpty ? "labelled" : mapped
    }
}
