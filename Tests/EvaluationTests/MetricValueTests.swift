import Evaluation
import Testing

@Suite struct MetricValueTests {
    @Test func ratioWithZeroDenominatorIsUndefinedNotNaN() {
        #expect(MetricValue.ratio(1, 0, undefinedBecause: "no alarms") == .undefined("no alarms"))
        #expect(MetricValue.ratio(1, 4, undefinedBecause: "x").value == 0.25)
        let r = MetricRecord(dataset: "d", model: "m", metric: "precision", value: .undefined("no alarms"))
        #expect(r.value == nil && r.undefinedReason == "no alarms")
    }
}

@Suite struct PrecisionRecallCurveTests {
    @Test func curveStepsMatchTheWorkedAveragePrecisionExample() {
        // METRICS.md §2: s = (0.9, 0.8, 0.8, 0.3), y = (1, 0, 1, 0).
        let c = RankingMetrics.precisionRecallCurve(scores: [0.9, 0.8, 0.8, 0.3], labels: [true, false, true, false])
        #expect(c.recall == [0.5, 1, 1])
        #expect(c.precision == [1, 2.0 / 3.0, 0.5])
        #expect(RankingMetrics.precisionRecallCurve(scores: [1, 2], labels: [false, false]).recall.isEmpty)
    }
}
