import Telemetry

/// Feeds a multivariate detector per-row increments of its counter columns instead of raw totals.
///
/// A counter only ever grows (until a restart), so a model fitted on yesterday's totals sees every later
/// row as out of range — the false alarm comes from the bookkeeping, not the service. The per-series
/// detectors difference counters themselves (`PerSeriesDetector`); the registry wraps every other
/// detector that is given series kinds with counters in this adapter. Each counter column goes through a
/// `CounterDifferencer` (first row, gaps and restarts become NaN, which the wrapped model imputes by its
/// own NaN rule); gauges and quantiles pass through unchanged. Differencing row t uses row t − 1 only,
/// so the wrapped model stays causal.
public struct CounterIncrementDetector<Inner: StreamingDetector>: StreamingDetector {
    /// The wrapped model.
    public private(set) var inner: Inner
    /// Indices of the counter columns.
    public let counterColumns: [Int]
    private let columnCount: Int
    private var live: [CounterDifferencer]
    private var scratch: [Double]

    /// Wraps `inner`, differencing the columns whose kind is `.counter`.
    public init(_ inner: Inner, kinds: [SeriesKind]) {
        self.inner = inner
        self.counterColumns = kinds.indices.filter { kinds[$0] == .counter }
        self.columnCount = kinds.count
        self.live = Array(repeating: CounterDifferencer(), count: counterColumns.count)
        self.scratch = Array(repeating: 0, count: kinds.count)
    }

    /// The frame with every counter column replaced by its increments.
    ///
    /// - Throws: `ModelError.invalidInput` when the frame's width differs from the kinds given.
    public func increments(_ frame: MetricFrame) throws -> MetricFrame {
        guard frame.columns == columnCount else {
            throw ModelError.shapeMismatch(
                model: "counter increments", expected: "\(columnCount) columns (one per series kind)", found: "\(frame.columns) columns")
        }
        var out = frame
        let rows = frame.rows
        out.withUnsafeMutableBufferPointer { buffer in
            for c in counterColumns {
                var differencer = CounterDifferencer()
                let base = c * rows
                for r in 0..<rows { buffer[base + r] = differencer.next(buffer[base + r]) }
            }
        }
        return out
    }

    /// Fits the wrapped model on the training increments; live observation then starts afresh, like a
    /// batch `scores(for:)` call (its first counter row has no increment).
    /// The wrapped model's out-of-fold scores of the increments (counter increments are taken over
    /// consecutive training rows before any fold is cut out); nil, without differencing anything, when
    /// the wrapped model calibrates in-sample.
    public func outOfFoldScores(training: MetricFrame) throws -> [Double]? {
        guard inner is any RowSetDetector else { return nil }
        return try inner.outOfFoldScores(training: try increments(training))
    }

    public mutating func fit(training: MetricFrame) throws {
        try inner.fit(training: try increments(training))
        live = Array(repeating: CounterDifferencer(), count: counterColumns.count)
    }

    public func scores(for frame: MetricFrame) throws -> DetectorScores {
        try inner.scores(for: try increments(frame))
    }

    /// Differences the counter values of `row` against the previous observed row, then observes it.
    public mutating func observe(_ row: UnsafeBufferPointer<Double>) -> Double {
        for c in 0..<min(row.count, scratch.count) { scratch[c] = row[c] }
        for (i, c) in counterColumns.enumerated() where c < row.count { scratch[c] = live[i].next(row[c]) }
        return scratch.withUnsafeBufferPointer { inner.observe(UnsafeBufferPointer(rebasing: $0[0..<min(row.count, $0.count)])) }
    }
}

extension CounterIncrementDetector {
    /// `inner` wrapped when `kinds` holds a counter, else `inner` itself.
    public static func wrapping(_ inner: Inner, kinds: [SeriesKind]?) -> any AnomalyDetector {
        guard let kinds, kinds.contains(.counter) else { return inner }
        return CounterIncrementDetector(inner, kinds: kinds)
    }
}
