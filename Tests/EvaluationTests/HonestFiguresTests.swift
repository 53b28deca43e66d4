import Evaluation
import FaultlineTestSupport
import Testing

/// Figures that must say what they are (issue #11): seed means keep their labels, and threshold-free
/// metrics never read a margin over a threshold.
@Suite struct HonestFiguresTests {
    @Test func aMeanOverSeedsKeepsTheParametersEverySeedShares() {
        let shared = ["threshold_policy": "best-on-test", "upper_bound": "best-on-test", "k_grid": "0,100"]
        let records = [UInt64(1), 2, 3].map { seed in
            MetricRecord(
                dataset: "d", seed: seed, model: "m", metric: .f1, value: .defined(Double(seed) / 10),
                parameters: shared.merging(["threshold": "\(seed)"]) { $1 })
        }
        let mean = Aggregate.overSeeds(records)
        #expect(mean.count == 1)
        let r = mean[0]
        #expect(r.seed == nil && r.value.map { abs($0 - 0.2) < 1e-12 } == true)
        for (k, v) in shared { #expect(r.parameters[k] == v, "\(k) lost") }
        #expect(r.parameters["threshold"] == nil, "θ differs by seed and cannot describe the mean")
        #expect(r.parameters["seeds"] == "1,2,3" && r.parameters["runs"] == "3")
    }

    @Test func thresholdFreeMetricsReadTheScoresNotTheMarginOverAPerRowThreshold() throws {
        let n = 400
        let timestamps = (0..<n).map { Int64($0) * 60_000 }
        // A rising baseline with two bumps in the labelled windows.
        let scores = (0..<n).map { i in Double(i) / 100 + ((150..<170).contains(i) || (300..<310).contains(i) ? 1.5 : 0) }
        let windows = [
            LabelWindow(startMs: timestamps[150], endMs: timestamps[169], impactMs: nil),
            LabelWindow(startMs: timestamps[300], endMs: timestamps[309], impactMs: nil),
        ]
        // A per-row threshold that climbs with the baseline: the margin ranks rows differently from the scores.
        let thetas = (0..<n).map { Double($0) / 80 + 1 }
        func unit(_ threshold: UnitInput.Threshold) throws -> UnitEvaluation {
            try evaluateUnit(
                UnitInput(
                    dataset: "d", seed: nil, model: "m", timestamps: timestamps, windows: windows, scores: scores,
                    threshold: threshold, thresholdPolicy: "test", isUpperBound: false, warmUpRows: 0, bootstrap: nil, cost: [],
                    contributions: .init(faults: [], seriesCount: 1, frame: nil, foreignFeatures: nil, firstRow: 0)))
        }
        let perRow = try unit(.perRow(thetas)), constant = try unit(.constant(2))
        func value(_ e: UnitEvaluation, _ id: MetricID) -> Double? { e.records.first { $0.metric == id }?.value }
        for id: MetricID in [.aucPR, .rocAUC] {
            let a = try #require(value(perRow, id)), b = try #require(value(constant, id))
            #expect(a == b, "\(id): \(a) under a per-row threshold, \(b) under a constant one")
        }
        #expect(perRow.prCurve != nil && perRow.prCurve == constant.prCurve)
        // The alarms still come from the margin.
        #expect(value(perRow, .f1) != value(constant, .f1))
    }
}
