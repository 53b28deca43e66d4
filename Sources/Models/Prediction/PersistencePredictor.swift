import Telemetry

/// The no-change baseline: the forecast of every resource series is its current value, so a failure is
/// predicted only once a series is at its limit. Score = the largest `x_t / limit` over the watched series
/// (the last finite value carried over gaps); time to failure 0 at or above a limit, `+∞` below.
public struct PersistencePredictor: FailurePredictor, Equatable {
    public let limits: ResourceLimits
    public private(set) var watched: [ResourceLimits.Watched] = []

    /// Creates the baseline.
    public init(limits: ResourceLimits) { self.limits = limits }

    public mutating func fit(_ training: PredictorTraining) throws {
        watched = limits.watched(training.normal)
        guard !watched.isEmpty else { throw ResourceLimits.noResourceSeries(model: "persistence") }
    }

    public func predict(_ input: PredictionInput) throws -> PredictionScores {
        try ResourceLimits.check(input, watched: watched, model: "persistence")
        let n = input.frame.rows
        var scores = [Double](repeating: 0, count: n)
        input.frame.withUnsafeColumns { base, ld in
            for w in watched {
                var last = Double.nan
                for t in 0..<n {
                    let x = base[w.column * ld + t]
                    if x.isFinite { last = x }
                    if last.isFinite { scores[t] = max(scores[t], last / w.limit) }
                }
            }
        }
        return PredictionScores(scores: scores, timeToFailureSeconds: scores.map { $0 >= 1 ? 0 : .infinity })
    }
}

extension ResourceLimits {
    static func noResourceSeries(model: String) -> ModelError {
        .insufficientData(what: model, reason: "no resource series to watch (memory_bytes, disk_util, pool_util, error_ratio)")
    }

    /// Checks that `input` has the columns the predictor was fitted for.
    static func check(_ input: PredictionInput, watched: [Watched], model: String) throws {
        guard !watched.isEmpty else { throw ModelError.insufficientData(what: model, reason: "predict called before fit") }
        for w in watched where w.column >= input.frame.columns {
            throw ModelError.shapeMismatch(model: model, expected: "at least \(w.column + 1) columns", found: "\(input.frame.columns)")
        }
    }
}
