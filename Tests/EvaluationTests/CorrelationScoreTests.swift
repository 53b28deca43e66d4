import Evaluation
import Testing

/// METRICS §9's correlation scores on hand-made incidents, including the example in METRICS.md.
@Suite struct CorrelationScoreTests {
    typealias Input = CorrelationScore.IncidentInput

    @Test func metricsExamplesGiveCompressionTwelveAndPurityPointNine() {
        // 120 alerts in 10 incidents → CR 12.
        let ten = (0..<10).map { k in Input(alertLabels: Array(repeating: "f\(k)", count: 12), startMs: Int64(k) * 1000) }
        let a = CorrelationScore(incidents: ten, faults: (0..<10).map { (id: "f\($0)", startMs: Int64($0) * 1000) }, scoredDays: 1)
        #expect(a.compressionRatio == .defined(12))
        #expect(a.incidentRecall == .defined(1) && a.fragmentation == .defined(1) && a.purity == .defined(1))
        // 27 fault alerts + 3 noise alerts (three incidents of 9 + 1) → purity 0.9.
        let three = (0..<3).map { k in Input(alertLabels: Array(repeating: "f\(k)", count: 9) + [nil], startMs: Int64(k) * 1000) }
        let b = CorrelationScore(incidents: three, faults: (0..<3).map { (id: "f\($0)", startMs: 0) }, scoredDays: 1)
        #expect(b.purity == .defined(0.9))
    }

    @Test func fragmentationCountsEveryIncidentHoldingAFaultsAlert() {
        let incidents = [
            Input(alertLabels: ["f1", "f1"], startMs: 100_000),
            Input(alertLabels: ["f1", nil, nil], startMs: 160_000),  // labelled noise, holds an f1 alert
            Input(alertLabels: ["f2"], startMs: 400_000, explained: true, notifications: 0),
            Input(alertLabels: [nil], startMs: 900_000, notifications: 3),
        ]
        let s = CorrelationScore(
            incidents: incidents, faults: [(id: "f1", startMs: 40_000), (id: "f2", startMs: 390_000), (id: "f3", startMs: 0)], scoredDays: 2)
        #expect(s.incidentRecall == .defined(2.0 / 3.0))
        #expect(s.fragmentation == .defined(3.0 / 2.0))  // f1 in two incidents, f2 in one
        #expect(s.incidentMTTD == .defined((60 + 10) / 2.0))
        #expect(s.falseIncidents == 2 && s.explainedIncidents == 1)
        #expect(s.pagesPerDay == .defined((1 + 1 + 3) / 2.0))
        #expect(s.purity == .defined((2 + 2 + 1 + 1) / 7.0))
    }

    @Test func aTieGoesToTheLabelThatFiredFirst() {
        #expect(Input(alertLabels: ["f2", "f1", "f1", "f2"], startMs: 0).label == "f2")
        #expect(Input(alertLabels: [nil, "f1"], startMs: 0).label == nil)
        #expect(Input(alertLabels: ["f1", nil, nil], startMs: 0).label == nil)
    }

    @Test func nothingToScoreIsUndefinedNotZero() {
        let s = CorrelationScore(incidents: [], faults: [], scoredDays: 1)
        #expect(s.compressionRatio.value == nil && s.purity.value == nil && s.incidentRecall.value == nil)
        #expect(s.pagesPerDay == .defined(0))
        #expect(s.records(dataset: "d", seed: 1, model: "m", parameters: [:]).count == 6)
    }
}
