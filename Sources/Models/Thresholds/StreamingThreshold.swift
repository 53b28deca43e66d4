import Telemetry

/// A threshold policy running live: θ for the next score, updated as scores arrive (replay uses this).
///
/// Built from a spec and the training scores. Static policies keep one θ; SPOT and DSPOT update theirs as
/// METRICS.md §5 says. `ThresholdSpec.apply` runs exactly this for every test score, so live and batch
/// alarms agree. Best-on-test needs the whole test set and cannot stream.
public struct StreamingThreshold: Sendable, Equatable {
    private enum State: Sendable, Equatable {
        case constant(Double)
        case spot(PeaksOverThreshold)
        case dspot(PeaksOverThreshold, window: [Double], head: Int)
    }

    /// The spec it runs.
    public let spec: ThresholdSpec
    /// Non-fatal conditions found while calibrating (zero std or MAD).
    public let warnings: [String]
    private var state: State

    /// Calibrates `spec` on the training scores.
    ///
    /// - Throws: as `ThresholdSpec.apply`, `ModelError.invalidParameter` for `bestOnTest`, and
    ///   `ModelError.insufficientData` when θ comes out infinite or NaN.
    public init(spec: ThresholdSpec, trainingScores: [Double]) throws {
        self.spec = spec
        var warnings: [String] = []
        func training() throws -> [Double] {
            guard !trainingScores.isEmpty else {
                throw ModelError.insufficientData(what: "threshold policy \(spec.policy.rawValue)", reason: "no training scores")
            }
            if let i = trainingScores.firstIndex(where: { !$0.isFinite }) {
                throw ModelError.insufficientData(what: "training scores", reason: "score at row \(i) is \(trainingScores[i]), scores must be finite")
            }
            return trainingScores
        }
        switch spec.policy {
        case .fixed:
            guard let value = spec.value else {
                throw ModelError.invalidParameter(model: "threshold policy fixed", key: "value", value: "", reason: "the fixed policy needs a value")
            }
            state = .constant(value)
        case .quantile:
            state = .constant(Quantile.type7(sortedNonEmpty: try training().sorted(), spec.q))
        case .kSigma:
            let (m, s) = ScoreStatistics.meanStd(try training())
            if s == 0 { warnings.append("training scores have zero standard deviation: θ = mean") }
            state = .constant(m + spec.k * s)
        case .kMAD:
            let (med, mad) = ScoreStatistics.medianMAD(try training())
            if mad == 0 { warnings.append("training scores have zero MAD: θ = median") }
            state = .constant(med + spec.k * 1.4826 * mad)
        case .budget:
            guard let days = spec.trainingDays, days > 0 else {
                throw ModelError.invalidParameter(
                    model: "threshold policy budget", key: "trainingDays", value: "",
                    reason: "the budget policy needs the training span's length in days")
            }
            state = .constant(AlarmBudget.threshold(training: try training(), maxEpisodes: spec.perDay * days))
        case .spot:
            state = .spot(try PeaksOverThreshold(calibration: try training(), level: spec.level, risk: spec.risk))
        case .dspot:
            let train = try training()
            let d = spec.depth
            guard train.count > d else {
                throw ModelError.insufficientData(
                    what: "threshold policy dspot",
                    reason: "needs more than depth = \(d) training scores, got \(train.count)")
            }
            var residuals: [Double] = []
            residuals.reserveCapacity(train.count - d)
            var sum = train[0..<d].reduce(0, +)
            for i in d..<train.count {
                residuals.append(train[i] - sum / Double(d))
                sum += train[i] - train[i - d]
            }
            let pot = try PeaksOverThreshold(calibration: residuals, level: spec.level, risk: spec.risk)
            state = .dspot(pot, window: Array(train[(train.count - d)...]), head: 0)
        case .bestOnTest:
            throw ModelError.invalidParameter(
                model: "threshold policy bestOnTest", key: "policy", value: "bestOnTest",
                reason: "best-on-test chooses θ on the whole test set and cannot run live")
        }
        self.warnings = warnings
        // Finite scores can still give an infinite θ (mean + k·std of scores near 1e308 overflows): an alarm
        // rule that can never fire (or always fires) is an error, not a result.
        let theta = currentThreshold
        guard theta.isFinite else {
            let largest = trainingScores.lazy.map(abs).max() ?? 0
            throw ModelError.insufficientData(
                what: "threshold policy \(spec.policy.rawValue)",
                reason:
                    "the threshold θ is \(theta), not a finite number (training scores up to \(largest) in magnitude overflow the policy's arithmetic)"
            )
        }
    }

    /// The θ the next score is compared with (score units; DSPOT's includes its drift term).
    public var currentThreshold: Double {
        switch state {
        case let .constant(theta): return theta
        case let .spot(pot): return pot.threshold
        case let .dspot(pot, window, _): return pot.threshold + window.reduce(0, +) / Double(window.count)
        }
    }

    /// The initial SPOT threshold t, when the policy has one.
    public var initialThreshold: Double? {
        switch state {
        case .constant: return nil
        case let .spot(pot), let .dspot(pot, _, _): return pot.initialThreshold
        }
    }

    /// Compares `score` with the current θ (alarm ⇔ score ≥ θ) and updates the policy's state.
    public mutating func step(_ score: Double) -> Bool {
        switch state {
        case let .constant(theta):
            return score >= theta
        case var .spot(pot):
            let alarm = pot.step(score)
            state = .spot(pot)
            return alarm
        case .dspot(var pot, var window, var head):
            let drift = window.reduce(0, +) / Double(window.count)
            let alarm = pot.step(score - drift)
            if !alarm {
                window[head] = score
                head = (head + 1) % window.count
            }
            state = .dspot(pot, window: window, head: head)
            return alarm
        }
    }
}
