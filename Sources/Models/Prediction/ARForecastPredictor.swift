import LinearAlgebra
import Telemetry

/// Forecast-and-cross with an AR(p) model of the first differences (ARIMA(p, 1, 0) with drift), fitted by
/// least squares (LAPACK `dgelsd`, `LinearAlgebra.LeastSquares`) on a trailing window and refitted every
/// `refit`; from the mean of the last four values the differences are forecast step by step up to the horizon
/// H, and the first step whose level reaches the series' limit is the predicted time to failure (0 at the
/// limit already). A fit whose AR coefficients sum in absolute value to ≥ 0.98 is shrunk to that sum, so the
/// difference forecast stays stationary (it converges to the drift). Score `H/(H + ttf)`.
public struct ARForecastPredictor: FailurePredictor, Equatable {
    public let limits: ResourceLimits
    /// AR order p.
    public let order: Int
    /// Fitting window and refit interval, ms.
    public let windowMs: Int64, refitMs: Int64
    /// Horizon H, ms.
    public let horizonMs: Int64
    public private(set) var watched: [ResourceLimits.Watched] = []

    /// Creates the predictor.
    public init(limits: ResourceLimits, order: Int, windowMs: Int64, refitMs: Int64, horizonMs: Int64) {
        self.limits = limits
        self.order = order
        self.windowMs = windowMs
        self.refitMs = refitMs
        self.horizonMs = horizonMs
    }

    public mutating func fit(_ training: PredictorTraining) throws {
        watched = limits.watched(training.normal)
        guard !watched.isEmpty else { throw ResourceLimits.noResourceSeries(model: "ar_forecast") }
    }

    public func predict(_ input: PredictionInput) throws -> PredictionScores {
        try ResourceLimits.check(input, watched: watched, model: "ar_forecast")
        let n = input.frame.rows
        let step = max(1, input.stepMs)
        let windowRows = max(2 * (order + 2), Int(windowMs / step))
        let refitRows = max(1, Int(refitMs / step))
        let horizonSteps = max(1, Int(horizonMs / step))
        let p = order
        var ttf = [Double](repeating: .infinity, count: n)
        for w in watched {
            let x = input.frame.column(w.column)
            // Differences with gaps as 0 (no change observed).
            var d = [Double](repeating: 0, count: n)
            for t in 1..<max(1, n) where x[t].isFinite && x[t - 1].isFinite { d[t] = x[t] - x[t - 1] }
            var coef = [Double](repeating: 0, count: p + 1)  // [c, a_1 … a_p]
            var fitted = false
            var recent = [Double](repeating: 0, count: p)
            for t in 0..<n {
                if (t + 1) % refitRows == 0 || !fitted, t + 1 >= 2 * (p + 2) {
                    if let c = try Self.fit(d, end: t, window: windowRows, order: p) { coef = c; fitted = true }
                }
                guard fitted else { continue }
                // Level: mean of the last four finite values.
                var sum = 0.0, cnt = 0
                var r = t
                while r >= 0 && t - r < 8 && cnt < 4 { if x[r].isFinite { sum += x[r]; cnt += 1 }; r -= 1 }
                guard cnt > 0 else { continue }
                var level = sum / Double(cnt)
                if level >= w.limit { ttf[t] = 0; continue }
                for i in 0..<p { recent[i] = t - i >= 1 ? d[t - i] : 0 }  // recent[0] = newest
                var hit = -1
                for h in 1...horizonSteps {
                    var next = coef[0]
                    for i in 0..<p { next += coef[i + 1] * recent[i] }
                    level += next
                    if level >= w.limit { hit = h; break }
                    if p > 0 {
                        var i = p - 1
                        while i > 0 { recent[i] = recent[i - 1]; i -= 1 }
                        recent[0] = next
                    }
                }
                if hit > 0 { ttf[t] = min(ttf[t], Double(Int64(hit) * step) / 1000) }
            }
        }
        let h = Double(horizonMs) / 1000
        return PredictionScores(scores: ttf.map { CrossingScore.score(ttfSeconds: $0, horizonSeconds: h) }, timeToFailureSeconds: ttf)
    }

    /// Least-squares fit of `d_k = c + Σ a_i d_{k−i}` over `k` in the window ending at `end`; nil when the window
    /// has too few equations.
    static func fit(_ d: [Double], end: Int, window: Int, order p: Int) throws -> [Double]? {
        let first = max(p + 1, end - window + 1)
        let m = end - first + 1
        guard m >= 2 * (p + 1) else { return nil }
        var a = [Double](repeating: 0, count: m * (p + 1))
        var b = [Double](repeating: 0, count: m)
        for (row, k) in (first...end).enumerated() {
            a[row] = 1
            for i in 1...max(1, p) where p > 0 { a[i * m + row] = d[k - i] }
            b[row] = d[k]
        }
        let ls = try LeastSquares(Matrix(rows: m, columns: p + 1, columnMajor: a), Matrix(rows: m, columns: 1, columnMajor: b))
        var coef = ls.solution.values
        let sum = coef.dropFirst().reduce(0) { $0 + abs($1) }
        if sum >= 0.98 { for i in 1..<coef.count { coef[i] *= 0.98 / sum } }
        return coef
    }
}
