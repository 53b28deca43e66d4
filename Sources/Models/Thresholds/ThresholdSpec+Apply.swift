extension ThresholdSpec {
    /// Turns test scores into alarms with this policy (METRICS.md §5): `alarm ⇔ score ≥ θ`.
    ///
    /// Every policy but best-on-test runs through `StreamingThreshold`, so batch and live alarms agree.
    ///
    /// - Parameters:
    ///   - trainingScores: scores of the fault-free training span (unused by `fixed` and `bestOnTest`).
    ///   - testScores: scores of the evaluated rows, in time order.
    ///   - target: for `bestOnTest` only, the metric to maximise, given the alarms a candidate θ makes.
    /// - Returns: θ (or the per-row θ for SPOT/DSPOT), the alarms, warnings and a report description.
    /// - Throws: `ModelError.insufficientData` for non-finite scores, an empty training span, SPOT without
    ///   peaks, or DSPOT with no more than `depth` training scores; `ModelError.invalidParameter` when
    ///   `fixed` has no value or `bestOnTest` has no target.
    /// - Complexity: O(n log n) for the static policies; SPOT/DSPOT refit (O(peaks)) when the peak count has grown by 1/16, so O(n) fit work in total;
    ///   best-on-test evaluates `target` once per distinct test score.
    public func apply(
        trainingScores: [Double], testScores: [Double],
        target: ((_ alarms: [Bool]) throws -> Double)? = nil
    ) throws -> ThresholdOutcome {
        if let i = testScores.firstIndex(where: { !$0.isFinite }) {
            throw ModelError.insufficientData(what: "test scores", reason: "score at row \(i) is \(testScores[i]), scores must be finite")
        }
        guard policy != .bestOnTest else { return try bestOnTest(testScores, target) }

        var live = try StreamingThreshold(spec: self, trainingScores: trainingScores)
        var thetas = [Double](repeating: 0, count: testScores.count)
        var alarms = [Bool](repeating: false, count: testScores.count)
        for (i, x) in testScores.enumerated() {
            thetas[i] = live.currentThreshold
            alarms[i] = live.step(x)
        }
        let text: String
        let theta: Double?
        switch policy {
        case .spot, .dspot:
            theta = nil
            let first = thetas.first ?? live.currentThreshold
            text = "\(description); t = \(live.initialThreshold ?? 0)\(policy == .dspot ? " on drift-corrected scores" : ""), initial θ = \(first)"
        default:
            theta = live.currentThreshold
            text = "\(description); θ = \(live.currentThreshold)"
        }
        return ThresholdOutcome(
            spec: self, theta: theta, thetas: thetas, alarms: alarms, warnings: live.warnings,
            isUpperBound: false, description: text)
    }

    private func bestOnTest(_ testScores: [Double], _ target: ((_ alarms: [Bool]) throws -> Double)?) throws -> ThresholdOutcome {
        guard let target else {
            throw ModelError.invalidParameter(
                model: "threshold policy bestOnTest", key: "target", value: "",
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
            if v >= bestValue {  // ascending θ: ties go to the highest
                bestValue = v
                bestTheta = theta
            }
        }
        return ThresholdOutcome(
            spec: self, theta: bestTheta,
            thetas: [Double](repeating: bestTheta, count: testScores.count),
            alarms: testScores.map { $0 >= bestTheta }, warnings: [], isUpperBound: true,
            description: "\(description); θ = \(bestTheta), target = \(bestValue) (upper bound: θ chosen on the test data)")
    }
}
