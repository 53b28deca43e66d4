import Foundation
import Telemetry

/// The robust per-series ensemble: one causal robust deviation per series, calibrated on training
/// scores into a common tail-probability scale, combined by the mean of the `k` largest.
///
/// Per series `j` (counters differenced first, see ``CounterDifferencer``):
/// 1. **Base score** `zⱼ(t) = |xⱼ(t) − cⱼ(t)| / sⱼ`: the centre `cⱼ(t)` is the median of the previous
///    `window` finite values (0 = the training median, a static baseline); the scale `sⱼ` is the
///    training robust scale `1.4826·MAD` (`1.2533·mean absolute deviation` when the MAD is 0), floored
///    at `minScale` times the training range (and at ``minimumScale``), so a series flat in training
///    still scores finitely.
/// 2. **Calibration** on the base scores of the training rows (after the first `window` rows, which lack a
///    full window): `pⱼ(z) = (#{train zⱼ ≥ z} + 1)/(m + 1)`; above the training quantile `uⱼ` at level
///    `tail`, the exceedance probability also follows an exponential (GPD with ξ = 0) tail fitted to the
///    training excesses, `p = (N_u + 1)/(m + 1)·exp(−(z − uⱼ)/βⱼ)` with `βⱼ` their mean, and the smaller
///    of the two is used. The calibrated score is `−log₁₀ p`, capped at `cap`: 2 means "as rare as one
///    training row in a hundred" on every series, whatever its units.
/// 3. **Combination**: the row score is the mean of the `k` largest calibrated scores (a single noisy
///    series cannot alarm alone when `k > 1`). `perSeries` holds every series' calibrated score.
///
/// - NaN rule: a missing value contributes 0 and leaves its series' window unchanged.
/// - Causality: each series' centre uses only earlier values; fitting warms the windows with the last
///   training values, so scoring continues as if the scored frame followed the training rows. The batch
///   path and `observe` run the same per-value code.
/// - Unfitted, every row scores 0.
/// - Complexity: fit O(m·n·(log m + W)); score O(rows·n·(W + log m)) plus a partial sort of n per row.
public struct RobustEnsembleDetector: StreamingDetector {
    /// Previous values in each series' rolling median (0 = training median).
    public let window: Int
    /// Number of largest calibrated scores averaged per row.
    public let topK: Int
    /// Training quantile level above which the exponential tail is used.
    public let tailLevel: Double
    /// Upper bound of a calibrated score (−log₁₀ of the smallest probability reported).
    public let cap: Double
    /// Scale floor as a fraction of each series' training range.
    public let minScale: Double
    /// Series kinds (one per column) when known; counters are differenced.
    public let kinds: [SeriesKind]?

    /// Per-series fitted calibration (empty until fitted).
    public private(set) var calibrations: [SeriesCalibration] = []
    private var windows: [SortedWindow] = []
    private var differencers: [CounterDifferencer] = []

    /// How one series' base score maps to a calibrated score.
    public struct SeriesCalibration: Sendable, Equatable {
        /// Training median (the static centre, and the centre before a window has values).
        public var median: Double
        /// Robust scale `sⱼ`.
        public var scale: Double
        /// Sorted training base scores.
        public var sortedTraining: [Double]
        /// Tail start `uⱼ` (training quantile at the tail level).
        public var tailStart: Double
        /// Mean training excess over `uⱼ` (βⱼ; 0 when no training score exceeds it).
        public var tailMean: Double
        /// `log((N_u + 1)/(m + 1))`.
        public var logTailWeight: Double

        /// The calibrated score `min(cap, −log₁₀ p(z))` of base score `z`.
        @inline(__always)
        func calibrated(_ z: Double, cap: Double) -> Double {
            let m = sortedTraining.count
            guard m > 0 else { return 0 }
            // #{train ≥ z} = m − #{train < z}
            var lo = 0, hi = m
            sortedTraining.withUnsafeBufferPointer { a in
                while lo < hi {
                    let mid = (lo + hi) >> 1
                    if a[mid] < z { lo = mid + 1 } else { hi = mid }
                }
            }
            var logP = log(Double(m - lo + 1) / Double(m + 1))
            if z > tailStart {
                let tail = tailMean > 0 ? logTailWeight - (z - tailStart) / tailMean : -Double.infinity
                logP = Swift.min(logP, tail)
            }
            return Swift.min(cap, -logP / 2.302585092994046)
        }
    }

    /// Creates an unfitted detector.
    ///
    /// - Parameters:
    ///   - window: previous values in the rolling median centre (0 = training median).
    ///   - topK: calibrated scores averaged per row (clipped to the series count).
    ///   - tail: training quantile level where the exponential tail starts, in (0, 1).
    ///   - cap: largest calibrated score.
    ///   - minScale: scale floor as a fraction of each series' training range.
    ///   - kinds: one `SeriesKind` per column, or nil to treat every series as a gauge.
    public init(
        window: Int = 30, topK: Int = 5, tail: Double = 0.99, cap: Double = 30, minScale: Double = 1e-3,
        kinds: [SeriesKind]? = nil
    ) {
        self.window = max(0, window)
        self.topK = max(1, topK)
        self.tailLevel = tail
        self.cap = cap
        self.minScale = max(0, minScale)
        self.kinds = kinds
    }

    private func isCounter(_ c: Int) -> Bool {
        guard let kinds, c < kinds.count else { return false }
        return kinds[c] == .counter
    }

    /// Learns each series' centre, scale and calibration from `training`, and warms the windows.
    ///
    /// - Throws: ``ModelError/insufficientData(what:reason:)`` for a frame without rows or series;
    ///   ``ModelError/shapeMismatch(model:expected:found:)`` when `kinds` has the wrong length.
    public mutating func fit(training: MetricFrame) throws {
        let m = training.rows, d = training.columns
        guard m > 0, d > 0 else {
            throw ModelError.insufficientData(what: "ensemble", reason: "training needs at least one row and one series, got \(m)×\(d)")
        }
        if let kinds, kinds.count != d {
            throw ModelError.shapeMismatch(model: "ensemble", expected: "\(kinds.count) series (one per kind)", found: "\(d) series")
        }
        var cals: [SeriesCalibration] = []
        var wins: [SortedWindow] = []
        var diffs: [CounterDifferencer] = []
        for c in 0..<d {
            var differ = CounterDifferencer()
            let values: [Double] = training.withColumn(c) { col in
                isCounter(c) ? col.map { differ.next($0) } : Array(col)
            }
            let finite = values.filter { $0.isFinite }.sorted()
            let median = Self.median(sorted: finite)
            var deviations = finite.map { abs($0 - median) }
            deviations.sort()
            var scale = 1.4826 * Self.median(sorted: deviations)
            if scale <= 0, !deviations.isEmpty {
                scale = 1.2533 * deviations.reduce(0, +) / Double(deviations.count)
            }
            let range = (finite.last ?? 0) - (finite.first ?? 0)
            scale = Swift.max(scale, minScale * range, minimumScale)
            // Base scores of the training rows, with the same causal centre as scoring.
            var win = SortedWindow(capacity: Swift.max(window, 1))
            var base: [Double] = []
            base.reserveCapacity(m)
            for (i, x) in values.enumerated() {
                guard x.isFinite else { continue }
                let centre = window > 0 && win.count > 0 ? win.median : median
                if window == 0 || i >= Swift.min(window, m / 2) { base.append(abs(x - centre) / scale) }
                if window > 0 { win.push(x) }
            }
            base.sort()
            let tailStart = (Quantile.type7(sorted: base, tailLevel) ?? 0)
            var excess = 0.0, count = 0
            for z in base where z > tailStart {
                excess += z - tailStart
                count += 1
            }
            cals.append(
                SeriesCalibration(
                    median: median, scale: scale, sortedTraining: base, tailStart: tailStart,
                    tailMean: count > 0 ? excess / Double(count) : 0,
                    logTailWeight: log(Double(count + 1) / Double(base.count + 1))))
            wins.append(win)
            diffs.append(differ)
        }
        calibrations = cals
        windows = wins
        differencers = diffs
    }

    /// Scores every row, continuing from the fitted state (the detector is not changed).
    ///
    /// - Returns: the row scores (mean of the `k` largest calibrated scores) and every series' calibrated score.
    /// - Throws: ``ModelError/shapeMismatch(model:expected:found:)`` when the series count differs from training.
    public func scores(for frame: MetricFrame) throws -> DetectorScores {
        guard !calibrations.isEmpty else { return DetectorScores(scores: [Double](repeating: 0, count: frame.rows)) }
        let d = calibrations.count, n = frame.rows
        guard frame.columns == d else {
            throw ModelError.shapeMismatch(model: "ensemble", expected: "\(d) series (as in training)", found: "\(frame.columns) series")
        }
        var contrib = [Double](repeating: 0, count: n * d)
        contrib.withUnsafeMutableBufferPointer { out in
            for c in 0..<d {
                // Local copies of this series' state: no array access per value.
                var win = windows[c], differ = differencers[c]
                let cal = calibrations[c], counter = isCounter(c)
                frame.withColumn(c) { col in
                    for r in 0..<n {
                        out[c * n + r] = Self.step(
                            col[r], counter: counter, differ: &differ, window: &win, calibration: cal,
                            rolling: window > 0, cap: cap)
                    }
                }
            }
        }
        var combined = [Double](repeating: 0, count: n)
        var row = [Double](repeating: 0, count: d)
        contrib.withUnsafeBufferPointer { all in
            for r in 0..<n {
                for c in 0..<d { row[c] = all[c * n + r] }
                combined[r] = topMean(&row)
            }
        }
        return DetectorScores(scores: combined, perSeries: try MetricFrame(rows: n, columns: d, columnMajor: contrib))
    }

    /// Scores one row and folds it into the windows (0 when unfitted or the row has the wrong length).
    public mutating func observe(_ row: UnsafeBufferPointer<Double>) -> Double {
        guard !calibrations.isEmpty, row.count == calibrations.count else { return 0 }
        var scores = [Double](repeating: 0, count: row.count)
        for c in 0..<row.count { scores[c] = seriesScore(c, row[c]) }
        return topMean(&scores)
    }

    /// Calibrated score of value `raw` of series `c`; advances that series' differencer and window.
    private mutating func seriesScore(_ c: Int, _ raw: Double) -> Double {
        Self.step(
            raw, counter: isCounter(c), differ: &differencers[c], window: &windows[c], calibration: calibrations[c],
            rolling: window > 0, cap: cap)
    }

    /// One value of one series: difference (counters), centre, scale, calibrate; then push into the window.
    /// The batch path and `observe` both call this, so they agree bit for bit.
    @inline(__always)
    private static func step(
        _ raw: Double, counter: Bool, differ: inout CounterDifferencer, window: inout SortedWindow,
        calibration cal: SeriesCalibration, rolling: Bool, cap: Double
    ) -> Double {
        let x = counter ? differ.next(raw) : raw
        guard x.isFinite else { return 0 }
        let centre = rolling && window.count > 0 ? window.median : cal.median
        if rolling { window.push(x) }
        return cal.calibrated(abs(x - centre) / cal.scale, cap: cap)
    }

    /// Mean of the `k` largest values of `values` (reorders it).
    @inline(__always)
    private func topMean(_ values: inout [Double]) -> Double {
        let k = Swift.min(topK, values.count)
        guard k > 0 else { return 0 }
        // Partial selection: k passes of "move the largest remaining to the front" (k is small).
        var sum = 0.0
        values.withUnsafeMutableBufferPointer { v in
            for i in 0..<k {
                var best = i
                for j in (i + 1)..<v.count where v[j] > v[best] { best = j }
                v.swapAt(i, best)
                sum += v[i]
            }
        }
        return sum / Double(k)
    }

    static func median(sorted v: [Double]) -> Double {
        let n = v.count
        guard n > 0 else { return 0 }
        return n % 2 == 1 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2])
    }
}
