/// A regular grid of timestamps: `count` rows starting at `startMs`, `stepMs` apart.
///
/// Simulated data always lies on such a grid. Imported data that is irregular keeps its own
/// timestamps (`Dataset.timestamps`) and carries the axis only as a summary.
public struct TimeAxis: Codable, Sendable, Hashable {
    /// Epoch milliseconds of row 0.
    public var startMs: Int64
    /// Milliseconds between consecutive rows (> 0).
    public var stepMs: Int64
    /// Number of rows.
    public var count: Int

    /// Creates an axis.
    ///
    /// - Parameters:
    ///   - startMs: epoch milliseconds of row 0.
    ///   - stepMs: spacing in milliseconds; must be positive.
    ///   - count: number of rows; must be non-negative.
    public init(startMs: Int64, stepMs: Int64, count: Int) {
        precondition(stepMs > 0, "TimeAxis step must be positive")
        precondition(count >= 0, "TimeAxis count must be non-negative")
        self.startMs = startMs
        self.stepMs = stepMs
        self.count = count
    }

    /// Epoch milliseconds of `row`.
    @inlinable
    public func time(at row: Int) -> Int64 { startMs + Int64(row) * stepMs }

    /// Epoch milliseconds one step past the last row (exclusive end).
    public var endMs: Int64 { time(at: count) }

    /// The first row whose time is `>= timeMs`, clamped to `0...count`.
    public func firstRow(atOrAfter timeMs: Int64) -> Int {
        if timeMs <= startMs { return 0 }
        let r = (timeMs - startMs + stepMs - 1) / stepMs
        return Int(min(Int64(count), r))
    }

    /// The last row whose time is `<= timeMs`, or -1 when `timeMs` precedes the axis.
    public func lastRow(atOrBefore timeMs: Int64) -> Int {
        if timeMs < startMs { return -1 }
        let r = (timeMs - startMs) / stepMs
        return Int(min(Int64(count - 1), r))
    }

    /// All timestamps, materialised.
    public var timestamps: [Int64] { (0..<count).map { time(at: $0) } }
}
