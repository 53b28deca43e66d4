/// How a series' values behave over time.
public enum SeriesKind: String, Codable, Sendable, CaseIterable {
    /// A value sampled at each row (CPU %, memory bytes).
    case gauge
    /// A monotonically increasing total that resets to zero only on a restart.
    case counter
    /// A latency (or other) quantile estimated over the scrape interval.
    case quantile
}

/// Names one column of a `MetricFrame`: which entity, which metric, in what unit.
public struct SeriesDescriptor: Codable, Sendable, Hashable {
    /// Stable identifier, unique in a dataset, conventionally `entity/metric` (e.g. `cart/latency_p99`).
    public var id: String
    /// The service, pod, host or other entity this series describes.
    public var entity: String
    /// Metric name (`cpu_util`, `latency_p99`, `requests_total`, …).
    public var metric: String
    /// Unit (`ratio`, `ms`, `bytes`, `1/s`, `count`, …).
    public var unit: String
    /// Gauge, counter or quantile.
    public var kind: SeriesKind

    /// Creates a descriptor; `id` defaults to `entity/metric`.
    public init(id: String? = nil, entity: String, metric: String, unit: String, kind: SeriesKind) {
        self.id = id ?? "\(entity)/\(metric)"
        self.entity = entity
        self.metric = metric
        self.unit = unit
        self.kind = kind
    }
}
