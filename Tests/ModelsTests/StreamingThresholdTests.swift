import Foundation
import Models
import Testing

@Suite struct StreamingThresholdTests {
    @Test(arguments: [ThresholdSpec.quantile(), .kSigma(), .kMAD(), .spot(level: 0.95, risk: 1e-3), .dspot(level: 0.95, risk: 1e-3, depth: 5)])
    func liveAlarmsEqualBatchAlarms(_ spec: ThresholdSpec) throws {
        var rng = SeededGenerator(seed: 31)
        let train = (0..<600).map { _ in -log(1 - rng.nextUniform()) }
        var test = (0..<300).map { _ in -log(1 - rng.nextUniform()) }
        test[150] = 30
        let batch = try spec.apply(trainingScores: train, testScores: test)
        var live = try StreamingThreshold(spec: spec, trainingScores: train)
        for (i, x) in test.enumerated() {
            #expect(live.currentThreshold == batch.thetas[i])
            #expect(live.step(x) == batch.alarms[i])
        }
        #expect(batch.alarms[150])
    }

    /// The constant policies against their definitions (METRICS.md §5) computed here, not by the code under
    /// test: batch `apply` runs through `StreamingThreshold`, so the test above alone would compare it with itself.
    @Test func constantPoliciesMatchTheirDefinitionsComputedIndependently() throws {
        var rng = SeededGenerator(seed: 32)
        let train = (0..<999).map { _ in -log(1 - rng.nextUniform()) }
        let test = (0..<200).map { _ in -log(1 - rng.nextUniform()) * 1.5 }
        let sorted = train.sorted()
        func type7(_ x: [Double], _ p: Double) -> Double {
            let h = Double(x.count - 1) * p
            let lo = Int(h), hi = min(lo + 1, x.count - 1)
            return x[lo] + (h - Double(lo)) * (x[hi] - x[lo])
        }
        let mean = train.reduce(0, +) / Double(train.count)
        let std = (train.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(train.count)).squareRoot()
        let median = type7(sorted, 0.5)
        let mad = type7(train.map { abs($0 - median) }.sorted(), 0.5)
        let expected: [(ThresholdSpec, Double)] = [
            (.quantile(0.99), type7(sorted, 0.99)), (.kSigma(3), mean + 3 * std), (.kMAD(3), median + 3 * 1.4826 * mad),
        ]
        for (spec, theta) in expected {
            let out = try spec.apply(trainingScores: train, testScores: test)
            let got = try #require(out.theta)
            #expect(abs(got - theta) <= 1e-12 * max(1, abs(theta)), "\(spec.policy): θ \(got), definition \(theta)")
            #expect(out.alarms == test.map { $0 >= theta }, "\(spec.policy): alarms are s ≥ θ")
        }
    }

    @Test func bestOnTestCannotRunLive() {
        #expect(throws: ModelError.self) { try StreamingThreshold(spec: .bestOnTest, trainingScores: [1, 2]) }
    }
}
