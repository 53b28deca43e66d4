/// Turns a counter (a monotonically increasing total) into per-row increments, treating a drop as a reset.
///
/// Rules: the first finite value yields NaN (no increment is known yet); a value `x ≥ last` yields
/// `x − last`; a value `x < last` is a reset (the process restarted) and yields NaN — the increment over
/// that row is unknown (Prometheus' `rate()` would assume `x`, but a restart mid-interval makes that a
/// false dip or spike), so detectors see a missing value there — and `x` becomes the new `last`;
/// a NaN (or infinite) value yields NaN and keeps `last`; the next increment spans the gap and is divided
/// by the rows it covers (a per-row rate, as Prometheus' `rate()` is per second), so a scrape gap does not
/// turn into a double-sized spike.
public struct CounterDifferencer: Sendable, Equatable {
    /// The last finite raw value seen, if any.
    public private(set) var last: Double?
    /// Rows since `last` (1 when the previous row was finite).
    private var rowsSinceLast = 1

    /// Creates a differencer that has seen nothing.
    public init() {}

    /// The per-row increment for raw value `x`, updating the state.
    public mutating func next(_ x: Double) -> Double {
        guard x.isFinite else {
            rowsSinceLast += 1
            return .nan
        }
        let span = Double(rowsSinceLast)
        defer { last = x; rowsSinceLast = 1 }
        guard let last else { return .nan }
        return x >= last ? (x - last) / span : .nan
    }
}
