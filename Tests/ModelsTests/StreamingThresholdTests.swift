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

    @Test func bestOnTestCannotRunLive() {
        #expect(throws: ModelError.self) { try StreamingThreshold(spec: .bestOnTest, trainingScores: [1, 2]) }
    }
}
