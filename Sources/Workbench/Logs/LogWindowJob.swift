import Evaluation
import Foundation
import LinearAlgebra
import Models
import Telemetry

/// `faultline logs windows`: mines a Faultline dataset's log bodies into per-window template
/// counts (``LogWindowCounts``) and, where the records carry the simulator's template ids, scores
/// the miner's grouping accuracy against them.
public enum LogWindowJob {
    /// One mined template.
    public struct Template: Sendable, Codable, Hashable {
        /// Template id (matrix column).
        public var id: Int
        /// Template text.
        public var text: String
        /// Records assigned to it.
        public var records: Int
        /// Windows in which it occurs at least once.
        public var windows: Int
    }

    /// The report.
    public struct Report: Sendable, Codable, Hashable {
        /// Dataset folder.
        public var dataset: String
        /// Log records mined.
        public var records: Int
        /// Window length and step, milliseconds.
        public var windowMs: Int64, stepMs: Int64
        /// Number of windows (matrix rows).
        public var windows: Int
        /// Distinct `templateId`s recorded by the generator (nil when records carry none).
        public var recordedTemplates: Int?
        /// Grouping accuracy against the recorded `templateId`s (nil when records carry none).
        public var groupingAccuracy: Double?
        /// Mined templates, most frequent first.
        public var templates: [Template]

        /// A plain-text summary.
        public func text() -> String {
            var out = "Log templates of \(dataset): \(records) records, \(templates.count) templates, "
            out += "\(windows) windows of \(windowMs) ms every \(stepMs) ms\n"
            if let ga = groupingAccuracy, let n = recordedTemplates {
                out += String(format: "grouping accuracy against the %d recorded template ids: %.4f\n", n, ga)
            }
            out += "\n   id  records  windows  template\n"
            for t in templates {
                out += String(format: "%5d  %7d  %7d  ", t.id, t.records, t.windows) + t.text + "\n"
            }
            return out
        }

        /// Pretty-printed JSON with sorted keys.
        public func json() throws -> String {
            let e = JSONEncoder()
            e.outputFormatting = [.prettyPrinted, .sortedKeys]
            return String(decoding: try e.encode(self), as: UTF8.self) + "\n"
        }
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
