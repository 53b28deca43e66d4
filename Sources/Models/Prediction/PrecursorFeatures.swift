import LinearAlgebra
import Telemetry

/// Causal window features of the resource series for a learned failure predictor (`logistic`).
///
/// Each watched series is put on the scale of its limit, `u = x / limit` (a gap holds the last finite value;
/// leading gaps are 0). At row t, per series:
/// - `level`: mean of `u` over the last `short` window;
/// - `slope`: least-squares slope of `u` over the last `long` window, in limits per horizon;
/// - `acceleration`: slope over the last `short` window minus `slope`, same units (a leak speeds up, a cache
///   warming up slows down);
/// - `rise`: `level` now minus `level` one `long` window earlier;
/// - `crossing`: `H/(H + ttf)` with `ttf = (1 − level)/slope` (1 at the limit, ½ when the straight line
///   crosses it within the horizon H, 0 when falling);
/// - `curved_crossing`: the same with the quadratic `level + s·h + ½·c·h²` (s the short slope, c the change
///   from the long to the short slope over the distance between the windows' centres): a rise that slows
///   down (a cache filling) may never reach the limit, one that speeds up (a leak) reaches it sooner.
///
/// Per resource kind (memory, disk, pool, errors) the series with the largest `crossing` (ties: larger
/// `level`) gives the kind's six features; a kind with no series gives zeros. So the feature vector has
/// 24 columns whatever the system's size, and a model learned on one system's seeds applies to another's.
public struct PrecursorFeatures: Sendable, Equatable {
    /// The resource kinds, in feature order.
    public static let kinds = ["memory_bytes", "disk_util", "pool_util", "error_ratio"]
    /// Per-series feature names, in order.
    public static let perSeries = ["crossing", "level", "slope", "acceleration", "rise", "curved_crossing"]
    /// Column names `<kind>.<feature>`.
    public static var names: [String] { kinds.flatMap { k in perSeries.map { "\(k).\($0)" } } }

    /// Long window (slope, rise), ms.
    public var longMs: Int64
    /// Short window (level, short slope), ms.
    public var shortMs: Int64
    /// Horizon H, ms.
    public var horizonMs: Int64

    /// Creates the extractor.
    public init(longMs: Int64, shortMs: Int64, horizonMs: Int64) {
        self.longMs = longMs
        self.shortMs = shortMs
        self.horizonMs = horizonMs
    }

    /// The `rows × 24` feature matrix of `input` for the `watched` columns (limits already set).
    public func matrix(_ input: PredictionInput, watched: [ResourceLimits.Watched]) throws -> Matrix {
        let n = input.frame.rows
        let width = Self.kinds.count * Self.perSeries.count
        var out = [Double](repeating: 0, count: n * width)  // column-major, column j at j·n
        var best = [Double](repeating: -1, count: n * Self.kinds.count)  // crossing of the chosen series
        var bestLevel = [Double](repeating: -.infinity, count: n * Self.kinds.count)
        let step = max(1, input.stepMs)
        let longRows = max(2, Int(longMs / step))
        let shortRows = max(2, min(longRows, Int(shortMs / step)))
        let perHorizon = Double(horizonMs) / Double(step)  // rows in H: slope per row × this = limits per H
        let lag = max(1, Double(longRows - shortRows) / 2)  // rows between the windows' centres
        var u = [Double](repeating: 0, count: n)
        var level = u, slopeLong = u, slopeShort = u
        input.frame.withUnsafeColumns { base, ld in
            for w in watched {
                guard let kind = Self.kinds.firstIndex(of: input.series[w.column].metric), w.limit > 0 else { continue }
                var last = 0.0
                for t in 0..<n {
                    let x = base[w.column * ld + t]
                    if x.isFinite { last = x / w.limit }
                    u[t] = last
                }
                Self.trailingMean(u, window: shortRows, into: &level)
                Self.trailingSlope(u, window: longRows, into: &slopeLong)
                Self.trailingSlope(u, window: shortRows, into: &slopeShort)
                for t in 0..<n {
                    let lv = level[t]
                    let s = slopeLong[t] * perHorizon
                    let crossing: Double = lv >= 1 ? 1 : (s > 0 ? s / (s + (1 - lv)) : 0)  // H/(H + (1 − lv)·H/s)
                    let k = t * Self.kinds.count + kind
                    guard crossing > best[k] || (crossing == best[k] && lv > bestLevel[k]) else { continue }
                    best[k] = crossing
                    bestLevel[k] = lv
                    let o = kind * Self.perSeries.count * n + t  // feature f of this kind at o + f·n
                    out[o] = crossing
                    out[o + n] = lv
                    out[o + 2 * n] = s
                    out[o + 3 * n] = (slopeShort[t] - slopeLong[t]) * perHorizon
                    out[o + 4 * n] = t >= longRows ? lv - level[t - longRows] : 0
                    out[o + 5 * n] = Self.curvedCrossing(
                        level: lv, slope: slopeShort[t], curvature: (slopeShort[t] - slopeLong[t]) / lag, horizonRows: perHorizon)
                }
            }
        }
        return try Matrix(rows: n, columns: width, columnMajor: out)
    }

    /// The feature rows and labels of every eligible row of the labelled runs (METRICS §7's `Win(t)` targets),
    /// runs one after another. Each run's limits come from its own leading rows before its first eligible row
    /// (its fault-free span), never from its labels; a run with no resource series is left out.
    ///
    /// - Throws: `ModelError.insufficientData` when there are no runs or no eligible rows, `.shapeMismatch`
    ///   when a run's targets and rows differ.
    public func trainingSet(_ runs: [LabelledPredictionRun], limits: ResourceLimits, model: String) throws -> (Matrix, [Bool]) {
        guard !runs.isEmpty else {
            throw ModelError.insufficientData(what: model, reason: "needs labelled runs of other seeds (prediction.train_seeds)")
        }
        let width = Self.kinds.count * Self.perSeries.count
        var columns = [[Double]](repeating: [], count: width)
        var labels: [Bool] = []
        for run in runs {
            guard run.targets.count == run.input.frame.rows else {
                throw ModelError.shapeMismatch(model: model, expected: "\(run.input.frame.rows) targets", found: "\(run.targets.count)")
            }
            let firstEligible = run.targets.firstIndex { $0 != nil } ?? run.targets.count
            let own = limits.watched(run.input.prefix(max(1, firstEligible)))
            guard !own.isEmpty else { continue }
            let x = try matrix(run.input, watched: own)
            x.withUnsafeBufferPointer { p in
                for (t, target) in run.targets.enumerated() {
                    guard let target else { continue }
                    for j in columns.indices { columns[j].append(p[j * x.rows + t]) }
                    labels.append(target)
                }
            }
        }
        guard !labels.isEmpty else {
            throw ModelError.insufficientData(what: model, reason: "the labelled runs have no eligible rows with resource series")
        }
        return (try Matrix(rows: labels.count, columns: width, columnMajor: columns.flatMap { $0 }), labels)
    }

    /// `H/(H + h)` for the first `h > 0` (rows) where `level + slope·h + ½·curvature·h²` reaches 1 (1 at or
    /// above it, 0 when it never does).
    static func curvedCrossing(level: Double, slope: Double, curvature: Double, horizonRows: Double) -> Double {
        guard level < 1 else { return 1 }
        let gap = 1 - level
        let h: Double
        if abs(curvature) < 1e-15 {
            guard slope > 0 else { return 0 }
            h = gap / slope
        } else {
            // ½c·h² + s·h − gap = 0: the smallest positive root, if any.
            let disc = slope * slope + 2 * curvature * gap
            guard disc >= 0 else { return 0 }
            let r = disc.squareRoot()
            let r1 = (-slope + r) / curvature, r2 = (-slope - r) / curvature
            switch (r1 > 0, r2 > 0) {
            case (true, true): h = min(r1, r2)
            case (true, false): h = r1
            case (false, true): h = r2
            case (false, false): return 0
            }
        }
        return horizonRows / (horizonRows + h)
    }

    /// Mean of the last `window` values (fewer at the start).
    static func trailingMean(_ x: [Double], window: Int, into out: inout [Double]) {
        var sum = 0.0
        for t in x.indices {
            sum += x[t]
            if t >= window { sum -= x[t - window] }
            out[t] = sum / Double(min(t + 1, window))
        }
    }

    /// Least-squares slope per row over the last `window` values (fewer at the start; 0 with fewer than 2),
    /// summed afresh at every row (O(n·window), no running sums to drift).
    static func trailingSlope(_ x: [Double], window: Int, into out: inout [Double]) {
        for t in x.indices {
            let m = min(t + 1, window)
            out[t] = m >= 2 ? slope(x, end: t, count: m) : 0
        }
    }

    /// Slope over `x[t − m + 1 ... t]` against times 0 … m − 1: `(Σ i·x − ī·Σ x) / Σ (i − ī)²`.
    @inline(__always) static func slope(_ x: [Double], end t: Int, count m: Int) -> Double {
        let mean = Double(m - 1) / 2
        var sxy = 0.0, sy = 0.0
        let first = t - m + 1
        for i in 0..<m {
            let y = x[first + i]
            sxy += Double(i) * y
            sy += y
        }
        let sxx = Double(m) * Double(m * m - 1) / 12
        return (sxy - mean * sy) / sxx
    }
}
