import Foundation
import Models
import Testing

@Suite struct AlarmBudgetTests {
    /// Brute force: the lowest nextUp(v) over distinct v such that it and every higher candidate keep
    /// at most `budget` episodes.
    static func bruteForce(_ s: [Double], _ budget: Double) -> Double {
        let candidates = Array(Set(s)).sorted(by: >).map(\.nextUp)
        var theta = candidates[0]
        for c in candidates {
            if Double(AlarmBudget.episodes(s, theta: c)) > budget { break }
            theta = c
        }
        return theta
    }

    @Test func aWorkedExampleAllowsExactlyTheBudgetedEpisodes() {
        // Peaks 5 and 9 stand out; 3 rows of 4 form one run.
        let s: [Double] = [1, 5, 1, 4, 4, 4, 1, 9, 1]
        #expect(AlarmBudget.threshold(training: s, maxEpisodes: 0) == 9.0.nextUp)
        #expect(AlarmBudget.threshold(training: s, maxEpisodes: 1) == 5.0.nextUp)  // only the 9 alarms
        #expect(AlarmBudget.threshold(training: s, maxEpisodes: 2) == 4.0.nextUp)  // 9 and 5
        #expect(AlarmBudget.threshold(training: s, maxEpisodes: 3) == 1.0.nextUp)  // 9, 5 and the run of 4s
    }

    @Test func constantTrainingScoresPutThetaJustAboveThem() throws {
        #expect(AlarmBudget.threshold(training: [2, 2, 2, 2], maxEpisodes: 5) == 2.0.nextUp)
        let out = try ThresholdSpec.budget(perDay: 5, trainingDays: 1).apply(trainingScores: [0, 0, 0], testScores: [0, 0.1])
        #expect(out.alarms == [false, true])
    }

    @Test(arguments: [1, 2, 3])
    func theSweepMatchesBruteForceOnRandomScores(_ seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        // Coarse values so ties and plateaus occur.
        let s = (0..<400).map { _ in (rng.nextUniform() * 30).rounded() }
        for budget in [0.0, 1, 2.5, 7, 40, 400] {
            let theta = AlarmBudget.threshold(training: s, maxEpisodes: budget)
            #expect(theta == Self.bruteForce(s, budget), "budget \(budget)")
            #expect(Double(AlarmBudget.episodes(s, theta: theta)) <= budget)
        }
    }

    @Test func thePolicyScalesTheBudgetByTheTrainingDays() throws {
        let s: [Double] = [1, 5, 1, 4, 4, 4, 1, 9, 1]
        let half = try ThresholdSpec.budget(perDay: 2, trainingDays: 0.5).apply(trainingScores: s, testScores: [6])
        #expect(half.theta == 5.0.nextUp)  // 2/day × 0.5 day = 1 episode
        let two = try ThresholdSpec(policy: "budget", parameters: ["per_day": "1"])
        var spec = two
        spec.trainingDays = 2
        #expect(try spec.apply(trainingScores: s, testScores: [6]).theta == 4.0.nextUp)
        #expect(throws: ModelError.self) { try two.apply(trainingScores: s, testScores: [6]) }  // no training days
        #expect(throws: ModelError.self) { try ThresholdSpec(policy: "budget", parameters: ["per_day": "-1"]) }
    }
}
