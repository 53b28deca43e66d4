import Foundation
import Models
import Telemetry
import Testing

@Suite struct ThresholdPolicyTests {
    static func exponential(_ n: Int, seed: UInt64) -> [Double] {
        var rng = SeededGenerator(seed: seed)
        return (0..<n).map { _ in -log(1 - rng.nextUniform()) }
    }

    @Test func quantileIsType7() throws {
        #expect(Quantile.type7(sortedNonEmpty: [1, 2, 3, 4, 5], 0.9) == 4.6)  // h = 3.6
        #expect(Quantile.type7(sortedNonEmpty: [10], 0.99) == 10)
        let out = try ThresholdSpec.quantile(0.5).apply(trainingScores: [4, 1, 3, 2], testScores: [2, 2.5, 3])
        #expect(out.theta == 2.5)  // h = 1.5 → 2 + 0.5·(3 − 2)
        #expect(out.alarms == [false, true, true])  // score ≥ θ alarms, ties included
    }

    @Test func kSigmaUsesThePopulationStandardDeviation() throws {
        let out = try ThresholdSpec.kSigma(3).apply(trainingScores: [1, 2, 3, 4], testScores: [5, 6])
        let expected = 2.5 + 3 * 1.25.squareRoot()  // 5.854…
        #expect(abs((out.theta ?? 0) - expected) < 1e-12)
        #expect(out.alarms == [false, true])
        #expect(out.warnings.isEmpty)
    }

    @Test func kMADUsesTheScaledMedianAbsoluteDeviation() throws {
        // median 3; |x − 3| = 2, 1, 0, 1, 97 → MAD 1 → θ = 3 + 3·1.4826.
        let out = try ThresholdSpec.kMAD(3).apply(trainingScores: [1, 2, 3, 4, 100], testScores: [7, 8])
        #expect(abs((out.theta ?? 0) - (3 + 3 * 1.4826)) < 1e-12)
        #expect(out.alarms == [false, true])
    }

    @Test func aZeroSpreadIsAWarningNotAFailure() throws {
        let sigma = try ThresholdSpec.kSigma().apply(trainingScores: [2, 2, 2], testScores: [2, 3])
        #expect(sigma.theta == 2 && sigma.warnings.count == 1)
        let mad = try ThresholdSpec.kMAD().apply(trainingScores: [2, 2, 2, 9], testScores: [1])
        #expect(mad.theta == 2 && mad.warnings.count == 1)
    }

    @Test func spotWithoutPeaksIsAnError() {
        #expect(throws: ModelError.self) {
            try ThresholdSpec.spot().apply(trainingScores: [Double](repeating: 1, count: 200), testScores: [1])
        }
        #expect(throws: ModelError.self) { try ThresholdSpec.spot().apply(trainingScores: [], testScores: [1]) }
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func spotOnExponentialScoresFindsTheKnownQuantile(_ seed: UInt64) throws {
        // For Exp(1), P(X > z) = e^(−z): the 1 − 10⁻³ quantile is ln 1000 ≈ 6.91.
        let pot = try PeaksOverThreshold(calibration: Self.exponential(20_000, seed: seed), level: 0.98, risk: 1e-3)
        #expect(abs(pot.threshold - log(1000)) < 0.5, "z_q = \(pot.threshold)")
        #expect(abs(pot.initialThreshold - log(50)) < 0.15)  // t = 0.98 quantile ≈ ln 50
        #expect(abs(pot.fit.gamma) < 0.15)
    }

    @Test func spotStreamsAlarmsAndOnlyRefitsOnPeaks() throws {
        let train = Self.exponential(10_000, seed: 4)
        var test = Self.exponential(2_000, seed: 5)
        test[700] = 40
        let out = try ThresholdSpec.spot(level: 0.98, risk: 1e-4).apply(trainingScores: train, testScores: test)
        #expect(out.alarms[700])
        #expect(out.alarms.filter { $0 }.count <= 3)
        #expect(abs(out.thetas[0] - log(10_000)) < 1.5)  // ≈ 9.2
        for i in 0..<test.count { #expect(out.alarms[i] == (test[i] >= out.thetas[i])) }
        #expect(out.isUpperBound == false && out.theta == nil)
        // θ moves only after a peak (a score above the initial threshold t = x_(⌊0.98·n⌋) that did not
        // alarm), and it does move: SPOT refits on peaks and on nothing else.
        let t = train.sorted()[Int(0.98 * Double(train.count))]
        var refits = 0
        for i in 1..<test.count where out.thetas[i] != out.thetas[i - 1] {
            refits += 1
            #expect(test[i - 1] > t && !out.alarms[i - 1], "θ changed after row \(i - 1) (score \(test[i - 1]), t \(t))")
        }
        #expect(refits > 0)
    }

    @Test func dspotFollowsADriftThatSpotWouldAlarmOn() throws {
        var rng = SeededGenerator(seed: 6)
        let all = (0..<1_000).map { i in 0.05 * Double(i) + -log(1 - rng.nextUniform()) }
        let train = Array(all[0..<500]), test = Array(all[500...])
        let dspot = try ThresholdSpec.dspot(level: 0.98, risk: 1e-3, depth: 10).apply(trainingScores: train, testScores: test)
        let spot = try ThresholdSpec.spot(level: 0.98, risk: 1e-3).apply(trainingScores: train, testScores: test)
        #expect(dspot.alarms.filter { $0 }.count < 10)
        #expect(spot.alarms.filter { $0 }.count > 300)
        #expect(dspot.thetas[499] > dspot.thetas[0] + 20)  // θ rose with the drift (+25 over the test span)
    }

    @Test func grimshawFitsAGPDSampleAtLeastAsWellAsMoments() throws {
        var rng = SeededGenerator(seed: 8)
        let gamma = 0.2, sigma = 1.5
        let sample = (0..<5_000).map { _ in sigma / gamma * (pow(1 - rng.nextUniform(), -gamma) - 1) }
        let mle = try GeneralizedPareto.grimshaw(sample)
        let mom = try GeneralizedPareto.moments(sample)
        #expect(abs(mle.gamma - gamma) < 0.06, "γ̂ = \(mle.gamma)")
        #expect(abs(mle.sigma - sigma) < 0.12, "σ̂ = \(mle.sigma)")
        #expect(mle.logLikelihood(sample) >= mom.logLikelihood(sample))
        // METRICS.md's literal positive interval starts far above this sample's root and so falls back to
        // the exponential; the widened search can only do better in likelihood.
        let literal = try GeneralizedPareto.grimshaw(sample, literalIntervals: true)
        #expect(literal.gamma == 0)
        #expect(mle.logLikelihood(sample) > literal.logLikelihood(sample))
    }

    @Test func grimshawFindsALightTailToo() throws {
        var rng = SeededGenerator(seed: 9)
        let gamma = -0.3, sigma = 2.0
        let sample = (0..<4_000).map { _ in sigma / gamma * (pow(1 - rng.nextUniform(), -gamma) - 1) }
        let mle = try GeneralizedPareto.grimshaw(sample)
        #expect(abs(mle.gamma - gamma) < 0.06, "γ̂ = \(mle.gamma)")
        #expect(abs(mle.sigma - sigma) < 0.15, "σ̂ = \(mle.sigma)")
    }

    @Test func grimshawOnExponentialPeaksIsNearTheExponential() throws {
        let y = Self.exponential(4_000, seed: 10).map { $0 * 2 }
        let fit = try GeneralizedPareto.grimshaw(y)
        #expect(abs(fit.gamma) < 0.05)
        #expect(abs(fit.sigma - 2) < 0.15)
    }

    @Test func bestOnTestMaximisesTheTargetPrefersTheHighestThresholdAndIsAnUpperBound() throws {
        let labels = [false, true, false, true]
        let accuracy: ([Bool]) -> Double = { a in Double(zip(a, labels).filter { $0 == $1 }.count) }
        let out = try ThresholdSpec.bestOnTest.apply(trainingScores: [], testScores: [0.1, 0.9, 0.4, 0.8], target: accuracy)
        #expect(out.theta == 0.8)
        #expect(out.isUpperBound)
        #expect(out.description.contains("upper bound"))
        let flat = try ThresholdSpec.bestOnTest.apply(trainingScores: [], testScores: [0.1, 0.9, 0.4], target: { _ in 1 })
        #expect(flat.theta == 0.9)  // ties → highest θ
        #expect(throws: ModelError.self) { try ThresholdSpec.bestOnTest.apply(trainingScores: [], testScores: [1]) }
    }

    @Test func policiesParseFromSpecsAndRejectBadKeysAndTypos() throws {
        let q = try ThresholdSpec(policy: "quantile", parameters: ["q": "0.95"])
        #expect(q.policy == .quantile && q.q == 0.95)
        let d = try ThresholdSpec(policy: "dspot", parameters: ["depth": "20"])
        #expect(d.depth == 20)
        #expect(d.parameters == ["level": "0.98", "risk": "0.0001", "depth": "20"])
        #expect(try ThresholdSpec(policy: d.policy.rawValue, parameters: d.parameters) == d)  // round trip
        #expect(throws: ModelError.unknownParameter(model: "threshold policy kSigma", key: "q", valid: ["k"])) {
            try ThresholdSpec(policy: "kSigma", parameters: ["q": "0.9"])
        }
        #expect(throws: ModelError.unknownThresholdPolicy(name: "kSigmaa", nearest: "kSigma")) {
            try ThresholdSpec(policy: "kSigmaa")
        }
        #expect(throws: ModelError.self) { try ThresholdSpec(policy: "fixed") }
        #expect(throws: ModelError.self) { try ThresholdSpec(policy: "quantile", parameters: ["q": "1.5"]) }
        #expect(
            try ThresholdSpec(policy: "fixed", parameters: ["value": "3"]).apply(trainingScores: [], testScores: [2, 3]).alarms == [false, true])
        #expect(ThresholdPolicy.allCases.map(\.rawValue) == ["fixed", "quantile", "kSigma", "kMAD", "budget", "spot", "dspot", "bestOnTest"])
    }

    @Test func nonFiniteScoresAreRejectedNamingTheRow() {
        #expect(throws: ModelError.insufficientData(what: "test scores", reason: "score at row 1 is nan, scores must be finite")) {
            try ThresholdSpec.quantile().apply(trainingScores: [1, 2], testScores: [1, .nan])
        }
    }
}
