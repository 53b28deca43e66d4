import Telemetry

/// Trend test: per watched series, the Theil–Sen slope (median of pairwise slopes) over a trailing window of
/// `points` samples spread over `window`, and its level at t (median of `x_i + b·(t − t_i)`); the crossing
/// estimate is `(limit − level)/b` for a rising series, 0 at the limit, `+∞` otherwise. The earliest crossing
/// over the series is the predicted time to failure; score `H/(H + ttf)` (½ at the horizon H).
public struct TheilSenPredictor: FailurePredictor, Equatable {
    public let limits: ResourceLimits
    /// Trailing window, ms.
    public let windowMs: Int64
    /// Samples taken from the window (evenly spaced rows, the newest at t).
    public let points: Int
    /// Horizon H, ms.
    public let horizonMs: Int64
    public private(set) var watched: [ResourceLimits.Watched] = []

    /// Creates the predictor.
    public init(limits: ResourceLimits, windowMs: Int64, points: Int, horizonMs: Int64) {
        self.limits = limits
        self.windowMs = windowMs
        self.points = points
        self.horizonMs = horizonMs
    }

    public mutating func fit(_ training: PredictorTraining) throws {
        watched = limits.watched(training.normal)
        guard !watched.isEmpty else { throw ResourceLimits.noResourceSeries(model: "theil_sen") }
    }

    public func predict(_ input: PredictionInput) throws -> PredictionScores {
        try ResourceLimits.check(input, watched: watched, model: "theil_sen")
        let n = input.frame.rows
        let step = max(1, input.stepMs)
        let windowRows = max(2, Int(windowMs / step))
        let stride = max(1, windowRows / max(1, points - 1))
        var ttf = [Double](repeating: .infinity, count: n)
        let ts = input.timestamps
        var xs = [Double](repeating: 0, count: points), tsec = xs
        var slopes = [Double](repeating: 0, count: points * (points - 1) / 2)
        var levels = xs
        input.frame.withUnsafeColumns { base, ld in
            for w in watched {
                let col = base.baseAddress.map { $0 + w.column * ld }
                guard let col else { continue }
                for t in 0..<n {
                    var m = 0
                    var r = t
                    while m < points && r >= 0 && t - r <= windowRows {
                        let x = col[r]
                        if x.isFinite { xs[m] = x; tsec[m] = Double(ts[r] - ts[t]) / 1000; m += 1 }
                        r -= stride
                    }
                    guard m >= 3 else { continue }
                    var k = 0
                    for i in 0..<m {
                        for j in (i + 1)..<m where tsec[i] != tsec[j] {
                            slopes[k] = (xs[i] - xs[j]) / (tsec[i] - tsec[j])
                            k += 1
                        }
                    }
                    guard k > 0 else { continue }
                    let b = Self.median(&slopes, k)
                    for i in 0..<m { levels[i] = xs[i] - b * tsec[i] }  // x_i + b·(t − t_i), t at 0
                    let level = Self.median(&levels, m)
                    let est: Double = level >= w.limit ? 0 : (b > 0 ? (w.limit - level) / b : .infinity)
                    if est < ttf[t] { ttf[t] = est }
                }
            }
        }
        let h = Double(horizonMs) / 1000
        return PredictionScores(scores: ttf.map { CrossingScore.score(ttfSeconds: $0, horizonSeconds: h) }, timeToFailureSeconds: ttf)
    }

    /// Median of the first `count` values (reorders them).
    static func median(_ a: inout [Double], _ count: Int) -> Double {
        a.withUnsafeMutableBufferPointer { buf in
            var part = UnsafeMutableBufferPointer(rebasing: buf[0..<count])
            part.sort()
            return count % 2 == 1 ? part[count / 2] : (part[count / 2 - 1] + part[count / 2]) / 2
        }
    }
}
