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
