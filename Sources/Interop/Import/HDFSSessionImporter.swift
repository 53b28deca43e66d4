import Foundation
import Telemetry

/// `faultline import hdfs-sessions PATH`: labelled HDFS block sessions (`sessions.csv`,
/// `BlockId,Label,Split,EventSequence`, as in `hdfs-100k-sessions`) as a dataset of event-count vectors, the
/// standard input of PCA, invariant-mining and regression log detectors, so every metric model can score them.
///
/// - One row per session; one series per event type (`hdfs/E5`, the count of that event in the session;
///   gauge, unit `count`), in the event types' numeric order.
/// - Sessions carry no times in this file: row i is at i seconds after 1970-01-01 (a 1 s grid), which the
///   import reports (`times-assigned`).
/// - Rows: the `train` split's Normal sessions first (declared as the training rows: a detector's training
///   span is fault-free), then the `test` split in file order. The train split's anomalous sessions are left
///   out, and the import reports how many (`left-out`); nothing else is dropped.
/// - Each anomalous test session is a fault `blk_…` of kind `hdfs-anomaly`, one row long, on every series.
public enum HDFSSessionImporter {
    /// The generator written to the manifest.
    public static let generator = "faultline-interop hdfs-sessions"
    /// The fault kind of an anomalous session.
    public static let faultKind = "hdfs-anomaly"

    /// Imports a `hdfs-100k-sessions`-style folder, or its `sessions.csv`.
    ///
    /// - Throws: `DataError` naming the file and line (`HDFSSessions`), `InteropError` for a missing path or a
    ///   file with no train or no test sessions.
    public static func importPath(_ url: URL, name: String) throws -> ImportResult {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw InteropError(path: url.path, message: "no such file or folder", isUsageError: true)
        }
        let folder = isDirectory.boolValue ? url : url.deletingLastPathComponent()
        if !isDirectory.boolValue && url.lastPathComponent != "sessions.csv" {
            throw InteropError(
                path: url.path, message: "hdfs-sessions reads a folder holding sessions.csv, or sessions.csv itself", isUsageError: true)
        }
        let data = try HDFSSessions(dataset: folder)
        let file = data.file.path
        let training = data.sessions.filter { !$0.isTest && !$0.anomalous }
        let leftOut = data.sessions.filter { !$0.isTest && $0.anomalous }.count
        let test = data.sessions.filter(\.isTest)
        guard !training.isEmpty else { throw InteropError(path: file, message: "no Normal sessions in the train split to train on") }
        guard !test.isEmpty else { throw InteropError(path: file, message: "no sessions in the test split") }
        let rows = training + test
        let n = rows.count, k = data.eventTypes.count
        var values = [Double](repeating: 0, count: n * k)
        for (r, s) in rows.enumerated() {
            for e in s.events { values[e * n + r] += 1 }
        }
        let step: Int64 = 1000
        let series = data.eventTypes.map { SeriesDescriptor(id: "hdfs/\($0)", entity: "hdfs", metric: $0, unit: "count", kind: .gauge) }
        var faults: [FaultRecord] = []
        for (i, s) in test.enumerated() where s.anomalous {
            let t = Int64(training.count + i) * step
            faults.append(
                FaultRecord(
                    id: s.blockId, kind: faultKind, target: "hdfs", injectionStartMs: t, injectionEndMs: t + step - 1,
                    affectedSeries: series.map { AffectedSeries(seriesId: $0.id, startMs: t, endMs: t + step - 1) }))
        }
        let ds = try Dataset(
            info: DatasetInfo(name: name, generator: generator, trainRows: training.count),
            axis: TimeAxis(startMs: 0, stepMs: step, count: n), series: series,
            frame: try MetricFrame(rows: n, columns: k, columnMajor: values), topology: Topology(entities: [Entity(id: "hdfs", kind: .service)]),
            groundTruth: GroundTruth(faults: faults))
        try ImportValidation.validate(ds, source: file)
        var repairs = [
            ImportRepair(
                .timesAssigned,
                "sessions have no times in \(file): row i is session i, i seconds after 1970-01-01; the first \(training.count) rows (the train split's Normal sessions) are the training rows"
            )
        ]
        if leftOut > 0 {
            repairs.append(
                ImportRepair(
                    .leftOut, "\(leftOut) anomalous sessions of the train split are not in the dataset (a detector's training rows are fault-free)"))
        }
        return ImportResult(dataset: ds, repairs: repairs)
    }
}
