import Evaluation
import Foundation

/// The leaderboard view of a run: for each dataset, one row per model and one column per headline
/// metric. It only selects and orders records; every value comes from `RunResult.metrics`.
struct Leaderboard {
    /// Headline metrics, in column order, with the direction that is better.
    static let headline: [(id: MetricID, title: String, higherIsBetter: Bool)] = [
        (.f1, "F1", true),
        (.paF1, "PA-F1", true),
        (.compositeF, "Fc", true),
        (.aucPR, "AUC-PR", true),
        (.hitRate(150), "HitRate@150", true),
        (.eventRecall, "event recall", true),
        (.mttd, "MTTD s", false),
        (.falseAlarmsPerDay, "false alarms/day", false),
        (.nab(profile: "standard"), "NAB std", true),
    ]

    struct Row {
        var model: String
        var isBaseline: Bool
        var cells: [MetricRecord?]
        /// The model's figures are upper bounds (best-on-test thresholds), not achievable ones.
        var isUpperBound: Bool = false
    }

    struct Table {
        var dataset: String
        var columns: [(id: MetricID, title: String, higherIsBetter: Bool)]
        var rows: [Row]
    }

    /// One table per dataset, in the order datasets appear in the run. Record-only datasets with no headline column
    /// (the pooled failure-prediction records, shown in the lead-time section) get no table.
    static func tables(for result: RunResult) -> [Table] {
        var datasets: [String] = []
        for name in result.datasets.map(\.name) + result.metrics.map(\.dataset) where !datasets.contains(name) {
            datasets.append(name)
        }
        let baselines = Set(result.models.filter(\.isBaseline).map(\.name))
        return datasets.map { ds in
            let records = result.metrics.filter { $0.dataset == ds && $0.group.isEmpty }
            // HitRate needs per-series contributions and labelled dimensions: its column appears only
            // where some model has a defined value (the records keep the reason otherwise).
            let columns = headline.filter { col in
                records.contains { $0.metric == col.id && (!col.id.rawValue.hasPrefix("hit_rate") || $0.value != nil) }
            }
            var models: [String] = []
            for r in records where !models.contains(r.model) { models.append(r.model) }
            let rows = models.map { m in
                let upper = records.contains { $0.model == m && $0.parameters["upper_bound"] != nil }
                return Row(
                    model: m, isBaseline: baselines.contains(m),
                    cells: columns.map { col in
                        // Prefer the aggregate over seeds (seed nil), else the single seeded record.
                        let matching = records.filter { $0.model == m && $0.metric == col.id }
                        return matching.first { $0.seed == nil } ?? matching.first
                    }, isUpperBound: upper)
            }
            return Table(dataset: ds, columns: columns, rows: rows)
        }.filter { t in !t.columns.isEmpty || result.datasets.contains { $0.name == t.dataset } }
    }

    /// A cell as printed: three decimals, or `undefined`.
    static func format(_ record: MetricRecord?) -> String {
        guard let record else { return "–" }
        guard let v = record.value else { return "undefined" }
        if record.metric == .missedEvents { return String(format: "%.0f", v) }
        return String(format: abs(v) >= 100 ? "%.1f" : "%.3f", v)
    }
}
