import Evaluation
import Testing

@Suite struct PointAdjustmentTests {
    let base = ConfusionCounts(labels: RunningExample.labels, alarms: RunningExample.alarms)
    var detected: [Int] { PointAdjustment.detectedRows(events: RunningExample.events, alarms: RunningExample.alarms) }

    @Test func detectedRowsCountAlarmsPerSegment() {
        #expect(detected == [1, 2])
    }

    @Test func pointAdjustmentMarksTouchedSegmentsFullyDetected() {
        let c = PointAdjustment.adjusted(base: base, events: RunningExample.events, detected: detected, k: 0)
        #expect(c.tp == 10 && c.fp == 1 && c.fn == 0)
        #expect(sixDecimals(PointAdjustment.f1(base: base, events: RunningExample.events, detected: detected), 0.952381))
    }

    @Test func paKCurveFollowsTheWorkedExample() throws {
        let curve = try PointAdjustment.curve(base: base, events: RunningExample.events, detected: detected)
        #expect(curve.points.map(\.k) == Array(stride(from: 0, through: 100, by: 10)))
        for p in curve.points {
            switch p.k {
            case ...20: #expect(sixDecimals(p.f1, 0.952381), "K = \(p.k)")
            case 30:
                #expect(p.counts.tp == 7 && p.counts.fp == 1 && p.counts.fn == 3)
                #expect(sixDecimals(p.f1, 0.777778))
            default: #expect(sixDecimals(p.f1, 0.428571), "K = \(p.k)")
            }
        }
        #expect(sixDecimals(curve.auc, 0.594444))
    }

    @Test func kComparisonIsStrict() {
        // 3 of 10 rows detected: K = 30 needs more than 3.
        let events = [RowInterval(0, 9)]
        let alarms = (0..<10).map { $0 < 3 }
        let c0 = ConfusionCounts(labels: [Bool](repeating: true, count: 10), alarms: alarms)
        let d = PointAdjustment.detectedRows(events: events, alarms: alarms)
        #expect(PointAdjustment.adjusted(base: c0, events: events, detected: d, k: 20).tp == 10)
        #expect(PointAdjustment.adjusted(base: c0, events: events, detected: d, k: 30).tp == 3)
    }

    @Test func silentDetectorLeavesEverySegmentUnadjusted() throws {
        let silent = [Bool](repeating: false, count: 20)
        let c = ConfusionCounts(labels: RunningExample.labels, alarms: silent)
        let d = PointAdjustment.detectedRows(events: RunningExample.events, alarms: silent)
        let curve = try PointAdjustment.curve(base: c, events: RunningExample.events, detected: d)
        #expect(curve.points.allSatisfy { $0.f1 == .defined(0) })
        #expect(curve.auc == .defined(0))
    }

    @Test func badGridIsRejected() {
        #expect(throws: EvaluationError.self) {
            try PointAdjustment.curve(base: base, events: RunningExample.events, detected: detected, grid: [0, 50, 40])
        }
    }
}
