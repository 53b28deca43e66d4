import Telemetry

/// The kinds of series `faultline fidelity` compares (METRICS.md §12.1): every series belongs to at most one,
/// decided by its metric name alone, so a recording from anywhere can be compared with a simulated one.
public enum MetricFamily: String, CaseIterable, Codable, Sendable, Comparable {
    case cpu
    case memory
    case latency
    case requestRate = "request_rate"
    case errors
    case network

    /// Report order: the order of `allCases`.
    public static func < (a: MetricFamily, b: MetricFamily) -> Bool {
        (allCases.firstIndex(of: a) ?? 0) < (allCases.firstIndex(of: b) ?? 0)
    }

    /// How a series' values become the family's values before any statistic.
    public enum Transform: String, Codable, Sendable {
        /// Used as recorded.
        case identity
        /// A success rate in percent: error ratio = 1 − v/100.
        case errorsFromSuccessPercent
        /// A success rate as a fraction: error ratio = 1 − v.
        case errorsFromSuccessFraction

        /// The transformed value.
        @inlinable public func apply(_ v: Double) -> Double {
            switch self {
            case .identity: return v
            case .errorsFromSuccessPercent: return 1 - v / 100
            case .errorsFromSuccessFraction: return 1 - v
            }
        }
    }

    /// Where a series goes: a family (with the transform of its values, and whether a request-rate series
    /// counts requests per second), or skipped with a reason.
    public struct Assignment: Sendable, Hashable {
        /// The family, or nil when skipped.
        public var family: MetricFamily?
        /// Applied to every value first.
        public var transform: Transform
        /// A request-rate series in requests per second (unit `1/s`, or a name ending `_per_s`, `rps`, `qps`):
        /// requests per row are then rate × step, which the binomial error statistic needs.
        public var perSecond: Bool
        /// Why the series is skipped (nil when it has a family).
        public var skipReason: String?
    }

    /// The family of a series from its metric name (case-insensitive, METRICS.md §12.1), checked in this order:
    ///
    /// 1. a counter (`kind: counter`, or a name ending `_total`) is skipped: a cumulative total, whose rate is
    ///    compared instead;
    /// 2. `latency`, `duration`, `response_time` → latency;
    /// 3. `success` → errors, as 1 − success (÷ 100 when the unit or name says `%` or `percent`);
    ///    `error`, or a word `fail`, `fails`, `failed`, `failures` → errors (an error ratio; NAB's
    ///    `…_system_failure` names an incident, not a metric, and is not matched);
    /// 4. `cpu` → cpu;
    /// 5. `mem` → memory;
    /// 6. `network`, `net_`, `receive`, `transmit`, a word `rx`/`tx`/`in`/`out` after `net` → network;
    /// 7. `request`, `workload`, `throughput`, a word `rps`/`qps` → request rate;
    /// 8. anything else is skipped ("no family matches the metric name").
    public static func classify(_ s: SeriesDescriptor) -> Assignment {
        let name = s.metric.lowercased()
        let unit = s.unit.lowercased()
        let words = name.split { !($0.isLetter || $0.isNumber) }.map(String.init)
        func skip(_ reason: String) -> Assignment { Assignment(family: nil, transform: .identity, perSecond: false, skipReason: reason) }
        func family(_ f: MetricFamily, _ t: Transform = .identity, perSecond: Bool = false) -> Assignment {
            Assignment(family: f, transform: t, perSecond: perSecond, skipReason: nil)
        }
        if s.kind == .counter || name.hasSuffix("_total") { return skip("counter (a cumulative total)") }
        if name.contains("latency") || name.contains("duration") || name.contains("response_time") || name.contains("responsetime") {
            return family(.latency)
        }
        if name.contains("success") {
            let percent = unit.contains("%") || unit.contains("percent") || name.contains("%") || name.contains("percent")
            return family(.errors, percent ? .errorsFromSuccessPercent : .errorsFromSuccessFraction)
        }
        if name.contains("error") || words.contains(where: { ["fail", "fails", "failed", "failures"].contains($0) }) { return family(.errors) }
        if name.contains("cpu") { return family(.cpu) }
        if name.contains("mem") { return family(.memory) }
        if name.contains("network") || name.contains("net_") || name.contains("receive") || name.contains("transmit")
            || (name.hasPrefix("net") && words.contains { ["rx", "tx", "in", "out"].contains($0) })
        {
            return family(.network)
        }
        if name.contains("request") || name.contains("workload") || name.contains("throughput") || words.contains("rps") || words.contains("qps") {
            let perSecond =
                unit == "1/s" || name.hasSuffix("_per_s") || name.hasSuffix("per_second") || words.contains("rps") || words.contains("qps")
            return family(.requestRate, perSecond: perSecond)
        }
        return skip(unclassifiedReason)
    }

    /// The reason given for a series no rule matches (such series still count in the fault rows).
    public static let unclassifiedReason = "no family matches the metric name (read by the fault rows only)"
}
