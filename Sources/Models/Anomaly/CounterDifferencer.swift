/// Turns a counter (a monotonically increasing total) into per-row increments, treating a drop as a reset.
///
/// Rules: the first finite value yields NaN (no increment is known yet); a value `x ≥ last` yields
/// `x − last`; a value `x < last` is a reset (the process restarted and counted from zero) and yields
/// `x`, as Prometheus' `rate()` does; a NaN (or infinite) value yields NaN and keeps `last`, so the next increment
/// spans the gap.
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
        return x >= last ? x - last : x
    }
}
