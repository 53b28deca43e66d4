/// Turns a counter (a monotonically increasing total) into per-row increments, treating a drop as a reset.
///
/// Rules: the first finite value yields NaN (no increment is known yet); a value `x ≥ last` yields
/// `x − last`; a value `x < last` is a reset (the process restarted) and yields NaN — the increment over
/// that row is unknown (Prometheus' `rate()` would assume `x`, but a restart mid-interval makes that a
/// false dip or spike), so detectors see a missing value there — and `x` becomes the new `last`;
/// a NaN (or infinite) value yields NaN and keeps `last`, so the next increment spans the gap.
public struct CounterDifferencer: Sendable, Equatable {
    /// The last finite raw value seen, if any.
    public private(set) var last: Double?

    /// Creates a differencer that has seen nothing.
    public init() {}

    /// The increment for raw value `x`, updating the state.
    public mutating func next(_ x: Double) -> Double {
        guard x.isFinite else { return .nan }
        defer { last = x }
        guard let last else { return .nan }
        return x >= last ? x - last : .nan
    }
}
