import Foundation

/// One reported figure, exactly as it appears in the flat `metrics` array of `results.json`
/// (METRICS.md §11): `{dataset, seed, model, metric, value, parameters, group}`.
///
/// `value` is nil when the metric is undefined; `undefinedReason` then says why (a zero
/// denominator, no events, …). A NaN is never stored.
public struct MetricRecord: Codable, Sendable, Hashable {
    /// Dataset name (and content hash where known, as `name@hash12`).
    public var dataset: String
    /// Seed of the dataset or model run, when there is one.
    public var seed: UInt64?
    /// Model name (`null`, `random`, `zscore`, …).
    public var model: String
    /// Metric identifier from METRICS.md §11 (`f1`, `pa_f1`, `nab_standard`, `_chance` suffix for chance levels): a closed set.
    public var metric: MetricID
    /// The value, or nil when undefined.
    public var value: Double?
    /// Why the value is undefined; nil when defined.
    public var undefinedReason: String?
    /// The metric's own parameters (threshold policy, K grid, Δt_l, tΔ, …) as printable strings.
    public var parameters: [String: String]
    /// Slice the value belongs to (`{"fault_type": "cpu-hog"}`, `{"series": …}`); empty for overall.
    public var group: [String: String]

    public init(
        dataset: String, seed: UInt64? = nil, model: String, metric: MetricID, value: MetricValue,
        parameters: [String: String] = [:], group: [String: String] = [:]
    ) {
        self.dataset = dataset
        self.seed = seed
        self.model = model
        self.metric = metric
        switch value {
        case let .defined(v): self.value = v; self.undefinedReason = nil
        case let .undefined(reason): self.value = nil; self.undefinedReason = reason
        }
        self.parameters = parameters
        self.group = group
    }

    /// The value as a `MetricValue`.
    public var metricValue: MetricValue {
        if let value { return .defined(value) }
        return .undefined(undefinedReason ?? "undefined")
    }
}

/// A metric's value, or the reason it has none (METRICS.md §1: never NaN, never silently 0).
public enum MetricValue: Sendable, Hashable, CustomStringConvertible {
    case defined(Double)
    case undefined(String)

    /// Builds a ratio, undefined with `reason` when the denominator is zero.
    public static func ratio(_ num: Double, _ den: Double, undefinedBecause reason: String) -> MetricValue {
        den == 0 ? .undefined(reason) : .defined(num / den)
    }

    /// The number, or nil when undefined.
    public var value: Double? {
        if case let .defined(v) = self { return v }
        return nil
    }

    public var description: String {
        switch self {
        case let .defined(v): return String(format: "%.6f", v)
        case let .undefined(r): return "undefined (\(r))"
        }
    }
}
