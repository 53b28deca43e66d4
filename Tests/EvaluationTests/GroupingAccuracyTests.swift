import Evaluation
import FaultlineTestSupport
import Testing

@Suite struct LogsGroupingAccuracyTests {
    @Test func metricsWorkedExampleScoresTwoSixths() throws {
        let ga = try GroupingAccuracy.score(truth: ["A", "A", "B", "B", "C", "C"], predicted: [1, 1, 2, 2, 2, 3])
        #expect(Tolerance().accepts(ga, 2.0 / 6.0))
    }

    @Test func relabelledPerfectPartitionScoresOne() throws {
        #expect(try GroupingAccuracy.score(truth: ["x", "y", "x", "z"], predicted: [7, 3, 7, 0]) == 1)
    }

    @Test func splittingAClassFailsAllOfItsLines() throws {
        // Class A split into groups 1 and 2: none of its 3 lines is correct; B's 2 lines are.
        #expect(Tolerance().accepts(try GroupingAccuracy.score(truth: ["A", "A", "A", "B", "B"], predicted: [1, 1, 2, 3, 3]), 2.0 / 5.0))
    }

    @Test func lengthMismatchThrows() {
        #expect(throws: EvaluationError.self) { try GroupingAccuracy.score(truth: ["A"], predicted: [1, 2]) }
    }
}
