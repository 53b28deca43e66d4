import Foundation

/// Multi-seed summaries (METRICS.md §10.3): mean ± std (sample, n − 1) and min over seeds, as
/// records whose parameters carry the spread.
public enum Aggregate {
    /// The mean over runs that differ only by seed (the random baseline's seeds), one record per
    /// metric in the first run's order. Undefined runs are excluded and counted.
    public static func mean(records runs: [[MetricRecord]], seedKey: String, seeds: [UInt64]) -> [MetricRecord] {
        guard let first = runs.first else { return [] }
        return first.indices.map { k in
            let template = first[k]
            let values = runs.compactMap { $0.indices.contains(k) ? $0[k].value : nil }
            var r = template
            r.parameters = template.parameters.filter { $0.key != "threshold" }
            r.parameters[seedKey] = seeds.map(String.init).joined(separator: ",")
            summarise(values, total: runs.count, into: &r)
            return r
        }
    }

    /// For every (dataset, model, metric, group) recorded under two or more seeds, a seedless record with
    /// the mean and, in its parameters, `std`, `min`, `max` and the seed count.
    public static func overSeeds(_ records: [MetricRecord]) -> [MetricRecord] {
        struct Key: Hashable {
            var dataset, model: String
            var metric: MetricID
            var group: [String: String]
        }
        var order: [Key] = []
        var groups: [Key: [MetricRecord]] = [:]
        for r in records where r.seed != nil {
            let key = Key(dataset: r.dataset, model: r.model, metric: r.metric, group: r.group)
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(r)
        }
        return order.compactMap { key in
            guard let rs = groups[key], Set(rs.compactMap(\.seed)).count >= 2 else { return nil }
            var r = rs[0]
            r.seed = nil
            // Parameters every seed shares (policy, upper-bound label, windows, …) are kept; those that
            // differ by seed (θ itself) are dropped: a mean must not lose what kind of figure it is.
            r.parameters = rs[0].parameters.filter { key, value in rs.allSatisfy { $0.parameters[key] == value } }
            r.parameters["seeds"] = rs.compactMap(\.seed).map(String.init).joined(separator: ",")
            summarise(rs.compactMap(\.value), total: rs.count, into: &r)
            return r
        }
    }

    private static func summarise(_ values: [Double], total: Int, into r: inout MetricRecord) {
        guard !values.isEmpty else {
            r.value = nil
            r.undefinedReason = "undefined in all \(total) runs"
            return
        }
        let mean = values.reduce(0, +) / Double(values.count)
        r.value = mean
        r.undefinedReason = nil
        if values.count > 1 {
            let ss = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
            r.parameters["std"] = String(format: "%.6g", (ss / Double(values.count - 1)).squareRoot())
        }
        r.parameters["min"] = String(format: "%.6g", values.min() ?? mean)
        r.parameters["max"] = String(format: "%.6g", values.max() ?? mean)
        r.parameters["runs"] = "\(values.count)"
        if values.count < total { r.parameters["undefined_runs"] = "\(total - values.count)" }
    }
}
