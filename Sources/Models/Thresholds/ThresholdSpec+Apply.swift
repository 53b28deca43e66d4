extension ThresholdSpec {
    /// Turns test scores into alarms with this policy (METRICS.md §5): `alarm ⇔ score ≥ θ`.
    ///
    /// - Parameters:
    ///   - trainingScores: scores of the fault-free training span (unused by `fixed` and `bestOnTest`).
    ///   - testScores: scores of the evaluated rows, in time order.
    ///   - target: for `bestOnTest` only, the metric to maximise, given the alarms a candidate θ makes.
    /// - Returns: θ (or the per-row θ for SPOT/DSPOT), the alarms, warnings and a report description.
    /// - Throws: `ModelError.insufficientData` for non-finite scores, an empty training span, SPOT without
    ///   peaks, or DSPOT with no more than `depth` training scores; `ModelError.invalidParameter` when
    ///   `fixed` has no value or `bestOnTest` has no target.
    /// - Complexity: O(n log n) for the static policies; SPOT refits (O(peaks)) at each streamed peak;
    ///   best-on-test evaluates `target` once per distinct test score.
    public func apply(trainingScores: [Double], testScores: [Double],
                      target: ((_ alarms: [Bool]) throws -> Double)? = nil) throws -> ThresholdOutcome {
        try Self.checkFinite(testScores, "test scores")
        var warnings: [String] = []

        func constant(_ theta: Double, _ text: String) -> ThresholdOutcome {
            ThresholdOutcome(spec: self, theta: theta,
                             thetas: [Double](repeating: theta, count: testScores.count),
                             alarms: testScores.map { $0 >= theta }, warnings: warnings,
                             isUpperBound: policy == .bestOnTest,
                             description: "\(description); θ = \(theta)\(text)")
        }
        func training() throws -> [Double] {
            guard !trainingScores.isEmpty else {
                throw ModelError.insufficientData(what: "threshold policy \(policy.rawValue)", reason: "no training scores")
            }
            try Self.checkFinite(trainingScores, "training scores")
            return trainingScores
        }

        switch policy {
        case .fixed:
            guard let value else {
                throw ModelError.invalidParameter(model: "threshold policy fixed", key: "value", value: "", reason: "the fixed policy needs a value")
            }
            return constant(value, "")
        case .quantile:
            return constant(ScoreStatistics.quantileType7(sorted: try training().sorted(), q), "")
        case .kSigma:
            let (m, s) = ScoreStatistics.meanStd(try training())
            if s == 0 { warnings.append("training scores have zero standard deviation: θ = mean") }
            return constant(m + k * s, "")
        case .kMAD:
            let (med, mad) = ScoreStatistics.medianMAD(try training())
            if mad == 0 { warnings.append("training scores have zero MAD: θ = median") }
            return constant(med + k * 1.4826 * mad, "")
        case .spot:
            var pot = try PeaksOverThreshold(calibration: try training(), level: level, risk: risk)
            var thetas = [Double](repeating: 0, count: testScores.count)
            var alarms = [Bool](repeating: false, count: testScores.count)
            for (i, x) in testScores.enumerated() {
                thetas[i] = pot.threshold
                alarms[i] = pot.step(x)
            }
            return ThresholdOutcome(spec: self, theta: nil, thetas: thetas, alarms: alarms, warnings: warnings, isUpperBound: false,
                                    description: "\(description); t = \(pot.initialThreshold), initial z_q = \(thetas.first ?? pot.threshold)")
        case .dspot:
            let train = try training()
            guard train.count > depth else {
                throw ModelError.insufficientData(what: "threshold policy dspot",
                                                  reason: "needs more than depth = \(depth) training scores, got \(train.count)")
            }
            var window = Array(train[(train.count - depth)...])
            var residuals: [Double] = []
            residuals.reserveCapacity(train.count - depth)
            var sum = train[0..<depth].reduce(0, +)
            for i in depth..<train.count {
                residuals.append(train[i] - sum / Double(depth))
                sum += train[i] - train[i - depth]
            }
            var pot = try PeaksOverThreshold(calibration: residuals, level: level, risk: risk)
            var head = 0
            var thetas = [Double](repeating: 0, count: testScores.count)
            var alarms = [Bool](repeating: false, count: testScores.count)
            for (i, x) in testScores.enumerated() {
                let drift = window.reduce(0, +) / Double(depth)
                thetas[i] = pot.threshold + drift
                alarms[i] = pot.step(x - drift)
                if !alarms[i] {
                    window[head] = x
                    head = (head + 1) % depth
                }
            }
            return ThresholdOutcome(spec: self, theta: nil, thetas: thetas, alarms: alarms, warnings: warnings, isUpperBound: false,
                                    description: "\(description); t = \(pot.initialThreshold) on drift-corrected scores")
        case .bestOnTest:
            guard let target else {
                throw ModelError.invalidParameter(model: "threshold policy bestOnTest", key: "target", value: "",
                                                  reason: "best-on-test needs a target metric")
            }
            let candidates = Array(Set(testScores)).sorted()
            guard !candidates.isEmpty else {
                throw ModelError.insufficientData(what: "threshold policy bestOnTest", reason: "no test scores")
            }
            var bestTheta = candidates[0]
            var bestValue = -Double.infinity
            for theta in candidates {
                let v = try target(testScores.map { $0 >= theta })
                if v >= bestValue {
                    bestValue = v
                    bestTheta = theta
                }
            }
            return constant(bestTheta, "; target = \(bestValue) (upper bound: θ chosen on the test data)")
        }
    }

    private static func checkFinite(_ scores: [Double], _ what: String) throws {
        if let i = scores.firstIndex(where: { !$0.isFinite }) {
            throw ModelError.insufficientData(what: what, reason: "score at row \(i) is \(scores[i]), scores must be finite")
        }
    }
}
