import Evaluation
import Foundation
import LinearAlgebra
import Models
import Reports
import Telemetry

/// `faultline logs windows`: mines a Faultline dataset's log bodies into per-window template
/// counts (``LogWindowCounts``) and, where the records carry the simulator's template ids, scores
/// the miner's grouping accuracy against them.
public enum LogWindowJob {
    /// The report (Evaluation's data type; Reports renders it).
    public typealias Report = LogWindowReport
    /// One mined template.
    public typealias Template = LogWindowReport.Template

    /// The report as printed: the text table, or JSON with sorted keys.
    public static func output(_ report: Report, json: Bool) throws -> String {
        json ? try report.json() : report.text()
    }

    /// Reads the dataset at `dataset` and mines its logs.
    ///
    /// - Throws: `TelemetryError` for an unreadable dataset, `ModelError` for a bad window or step,
    ///   `DataError` when the dataset holds no log records.
    public static func run(dataset: URL, windowMs: Int64, stepMs: Int64) throws -> Report {
        let data = try DatasetStore.read(from: dataset)
        guard !data.logs.isEmpty else { throw DataError("\(dataset.path): the dataset holds no log records (logs.jsonl)") }
        let mined = try LogWindowCounts(dataset: data, windowMs: windowMs, stepMs: stepMs)
        let k = mined.templates.count, w = mined.windowStartsMs.count
        let sizes = mined.miner.templateSizes
        var present = [Int](repeating: 0, count: k)
        mined.counts.withUnsafeBufferPointer { p in
            for j in 0..<k { for i in 0..<w where p[j * w + i] > 0 { present[j] += 1 } }
        }
        let templates = (0..<k).map { Template(id: $0, text: mined.templates[$0], records: sizes[$0], windows: present[$0]) }
            .sorted { ($0.records, -$0.id) > ($1.records, -$1.id) }
        var ga: Double?, recorded: Int?
        let truth = data.logs.compactMap(\.templateId)
        if truth.count == data.logs.count {
            ga = try GroupingAccuracy.score(truth: truth, predicted: mined.recordTemplates)
            recorded = Set(truth).count
        }
        return Report(
            dataset: dataset.path, records: data.logs.count, windowMs: windowMs, stepMs: stepMs,
            windows: w, recordedTemplates: recorded, groupingAccuracy: ga, templates: templates)
    }
}
