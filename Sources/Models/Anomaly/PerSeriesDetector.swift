import Telemetry

/// A multi-series detector built from one `UnivariateScorer` per series, combined by the maximum.
///
/// - Counters: when `kinds` marks a series as `.counter`, its values are differenced by a
///   `CounterDifferencer` (a drop is a reset) before the scorer sees them.
/// - Fitting: `fit(training:)` gives each series a fresh copy of the prototype scorer, lets it learn
///   from the training column and warm its state; scoring then continues as if the scored frame
///   followed the training rows. An unfitted detector starts every series from the prototype.
/// - Combining: the row score is the maximum of the per-series scores; a series whose value is
///   missing (NaN) contributes 0 at that row. Per-series scores are returned in `perSeries`.
/// - Causality: each per-series scorer sees values in time order only, so the score of row t depends
///   only on rows ≤ t (and the training rows).
public struct PerSeriesDetector<Scorer: UnivariateScorer>: StreamingDetector {
    /// Registry name, used in error messages.
    public let name: String
    /// The configured, untrained scorer each series starts from.
    public let prototype: Scorer
    /// Series kinds (one per column) when known; counters are differenced.
    public let kinds: [SeriesKind]?
    /// Current per-series state (after `fit`, and after each `observe`).
    public private(set) var scorers: [Scorer]
    /// Counter state per series (unused for non-counters).
    public private(set) var differencers: [CounterDifferencer]

    /// Creates a detector.
    ///
    /// - Parameters:
    ///   - name: the registry name, for messages.
    ///   - prototype: the configured scorer each series starts from.
    ///   - kinds: one `SeriesKind` per column, or nil to treat every series as a gauge.
    public init(name: String, prototype: Scorer, kinds: [SeriesKind]? = nil) {
        self.name = name
        self.prototype = prototype
        self.kinds = kinds
        self.scorers = []
        self.differencers = []
    }

    private func isCounter(_ c: Int) -> Bool {
        guard let kinds, c < kinds.count else { return false }
        return kinds[c] == .counter
    }

    private func checkColumns(_ columns: Int) throws {
        if let kinds, kinds.count != columns {
            throw ModelError.shapeMismatch(model: name, expected: "\(kinds.count) series (one per kind)", found: "\(columns) series")
        }
        if !scorers.isEmpty, scorers.count != columns {
            throw ModelError.shapeMismatch(model: name, expected: "\(scorers.count) series (as in training)", found: "\(columns) series")
        }
    }

    private mutating func ensureState(columns: Int) {
        if scorers.isEmpty && columns > 0 {
            scorers = [Scorer](repeating: prototype, count: columns)
            differencers = [CounterDifferencer](repeating: CounterDifferencer(), count: columns)
        }
    }

    /// Differences column `c` of `values` when it is a counter, advancing the differencer.
    private mutating func prepared(_ column: UnsafeBufferPointer<Double>, _ c: Int) -> [Double]? {
        guard isCounter(c) else { return nil }
        var out = [Double](repeating: .nan, count: column.count)
        for i in 0..<column.count { out[i] = differencers[c].next(column[i]) }
        return out
    }

    /// Learns each series from the fault-free `training` frame and warms the state with it.
    ///
    /// - Throws: `ModelError.shapeMismatch` when `kinds` does not have one entry per column.
    public mutating func fit(training: MetricFrame) throws {
        if let kinds, kinds.count != training.columns {
            throw ModelError.shapeMismatch(model: name, expected: "\(kinds.count) series (one per kind)", found: "\(training.columns) series")
        }
        scorers = [Scorer](repeating: prototype, count: training.columns)
        differencers = [CounterDifferencer](repeating: CounterDifferencer(), count: training.columns)
        for c in 0..<training.columns {
            training.withColumn(c) { col in
                if let diffed = prepared(col, c) {
                    diffed.withUnsafeBufferPointer { scorers[c].learn($0) }
                } else {
                    scorers[c].learn(col)
                }
            }
        }
    }

    /// Scores every row of `frame`, continuing from the fitted state (the detector is not changed).
    ///
    /// - Returns: the row scores (max over series) and the per-series scores.
    /// - Throws: `ModelError.shapeMismatch` when the frame's series count differs from training or `kinds`.
    /// - Complexity: one pass per series; O(rows × series) times the scorer's per-value cost.
    public func scores(for frame: MetricFrame) throws -> DetectorScores {
        try checkColumns(frame.columns)
        var state = self
        state.ensureState(columns: frame.columns)
        let rows = frame.rows, columns = frame.columns
        guard rows > 0, columns > 0 else {
            return DetectorScores(
                scores: [Double](repeating: 0, count: rows),
                perSeries: MetricFrame(rows: rows, columns: columns, repeating: 0))
        }
        // Score straight into uninitialised storage: no zero fill, no extra copy.
        let perSeriesValues = [Double](unsafeUninitializedCapacity: rows * columns) { out, initialised in
            for c in 0..<columns {
                let dst = UnsafeMutableBufferPointer(rebasing: out[(c * rows)..<((c + 1) * rows)])
                frame.withColumn(c) { col in
                    if let diffed = state.prepared(col, c) {
                        diffed.withUnsafeBufferPointer { state.scorers[c].scoreBatch($0, into: dst) }
                    } else {
                        state.scorers[c].scoreBatch(col, into: dst)
                    }
                }
            }
            initialised = rows * columns
        }
        let combined: [Double]
        if columns == 1 {
            combined = perSeriesValues  // shares storage
        } else {
            combined = perSeriesValues.withUnsafeBufferPointer { all in
                [Double](unsafeUninitializedCapacity: rows) { comb, initialised in
                    for r in 0..<rows { comb[r] = all[r] }
                    for c in 1..<columns {
                        let base = c * rows
                        for r in 0..<rows { comb[r] = Swift.max(comb[r], all[base + r]) }
                    }
                    initialised = rows
                }
            }
        }
        return DetectorScores(scores: combined, perSeries: try MetricFrame(rows: rows, columns: columns, columnMajor: perSeriesValues))
    }

    /// Scores one row (one value per series) and folds it into the state.
    ///
    /// The row must hold as many values as the training frame had series (or, unfitted, as the first row).
    public mutating func observe(_ row: UnsafeBufferPointer<Double>) -> Double {
        ensureState(columns: row.count)
        precondition(row.count == scorers.count, "\(name): row has \(row.count) values, detector has \(scorers.count) series")
        var best = 0.0
        for c in 0..<row.count {
            let x = isCounter(c) ? differencers[c].next(row[c]) : row[c]
            let s = scorers[c].score(x)
            best = c == 0 ? s : Swift.max(best, s)
        }
        return best
    }
}
