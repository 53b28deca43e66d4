import Telemetry

/// Forecast-and-cross with additive Holt–Winters (level ℓ, trend b, season s of `seasonMs`): initialised on the
/// fault-free training rows (ℓ₀ their mean, s the mean deviation per phase over whole training cycles, b₀ = 0;
/// no season when training holds less than one cycle), then updated row by row from the first row
/// (`ℓ = α(x − s) + (1 − α)(ℓ + b)`, `b = β(Δℓ) + (1 − β)b`, `s = γ(x − ℓ) + (1 − γ)s`; a gap only advances
/// ℓ by b). The forecast `ℓ + h·b + s(t + h)` is walked up to the horizon H; its first step at the series'
/// limit is the predicted time to failure. Score `H/(H + ttf)`.
public struct HoltWintersPredictor: FailurePredictor, Equatable {
    public let limits: ResourceLimits
    public let alpha: Double, beta: Double, gamma: Double
    /// Season length, ms (0 = none).
    public let seasonMs: Int64
    /// Horizon H, ms.
    public let horizonMs: Int64
    public private(set) var watched: [ResourceLimits.Watched] = []
    /// Per watched series: initial level and season (empty when none).
    public private(set) var initialLevel: [Double] = []
    public private(set) var initialSeason: [[Double]] = []
    /// Training's first timestamp and step (season phases are counted from them).
    public private(set) var originMs: Int64 = 0, stepMs: Int64 = 1

    /// Creates the predictor.
    public init(limits: ResourceLimits, alpha: Double, beta: Double, gamma: Double, seasonMs: Int64, horizonMs: Int64) {
        self.limits = limits
        self.alpha = alpha
        self.beta = beta
        self.gamma = gamma
        self.seasonMs = seasonMs
        self.horizonMs = horizonMs
    }

    public mutating func fit(_ training: PredictorTraining) throws {
        let normal = training.normal
        watched = limits.watched(normal)
        guard !watched.isEmpty else { throw ResourceLimits.noResourceSeries(model: "holt_winters_forecast") }
        originMs = normal.timestamps.first ?? 0
        stepMs = max(1, normal.stepMs)
        let m = seasonMs > 0 ? Int(seasonMs / stepMs) : 0
        let rows = normal.frame.rows
        initialLevel = []
        initialSeason = []
        for w in watched {
            let x = normal.frame.column(w.column)
            let finite = x.filter(\.isFinite)
            let mean = finite.isEmpty ? 0 : finite.reduce(0, +) / Double(finite.count)
            initialLevel.append(mean)
            guard m >= 2, rows >= m else { initialSeason.append([]); continue }
            let cycles = rows / m
            var s = [Double](repeating: 0, count: m), c = [Double](repeating: 0, count: m)
            for r in 0..<(cycles * m) where x[r].isFinite {
                s[r % m] += x[r] - mean
                c[r % m] += 1
            }
            initialSeason.append((0..<m).map { c[$0] > 0 ? s[$0] / c[$0] : 0 })
        }
    }

    public func predict(_ input: PredictionInput) throws -> PredictionScores {
        try ResourceLimits.check(input, watched: watched, model: "holt_winters_forecast")
        let n = input.frame.rows
        let horizonSteps = max(1, Int(horizonMs / stepMs))
        var ttf = [Double](repeating: .infinity, count: n)
        let ts = input.timestamps
        for (k, w) in watched.enumerated() {
            let x = input.frame.column(w.column)
            var season = initialSeason[k]
            let m = season.count
            var level = initialLevel[k], trend = 0.0
            for t in 0..<n {
                let phase = m > 0 ? Int((((ts[t] - originMs) / stepMs) % Int64(m) + Int64(m)) % Int64(m)) : 0
                let s = m > 0 ? season[phase] : 0
                if x[t].isFinite {
                    let previous = level
                    level = alpha * (x[t] - s) + (1 - alpha) * (level + trend)
                    trend = beta * (level - previous) + (1 - beta) * trend
                    if m > 0 { season[phase] = gamma * (x[t] - level) + (1 - gamma) * s }
                } else {
                    level += trend
                }
                if level + (m > 0 ? season[phase] : 0) >= w.limit { ttf[t] = 0; continue }
                for h in 1...horizonSteps {
                    let f = level + Double(h) * trend + (m > 0 ? season[(phase + h) % m] : 0)
                    if f >= w.limit {
                        ttf[t] = min(ttf[t], Double(Int64(h) * stepMs) / 1000)
                        break
                    }
                }
            }
        }
        let h = Double(horizonMs) / 1000
        return PredictionScores(scores: ttf.map { CrossingScore.score(ttfSeconds: $0, horizonSeconds: h) }, timeToFailureSeconds: ttf)
    }
}
