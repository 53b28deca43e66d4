import Foundation
import Models
import Testing

/// Hand-checkable behaviour of the NAB-style novelty detector's parts.
@Suite struct NoveltyBuildingBlockTests {
    @Test func spatialRuleFiresOnlyBeyondTheMarginOfTheRangeSeenSoFar() {
        var rule = SpatialExtremeRule(margin: 0.05)
        // Range 0 until two distinct values; then [0, 10]: 10.4 is inside the 0.5 margin (and widens the
        // range to 10.4), 11 is beyond 10.4 + 0.52; −0.6 is below 0 − 0.55; −0.5 is inside [−0.6, 11].
        let xs: [Double] = [0, 10, 10.4, 11, -0.6, .nan, -0.5]
        let s = xs.map { rule.score($0) }
        #expect(s == [0, 0, 0, 1, 1, 0, 0])
        #expect(rule.minimum == -0.6 && rule.maximum == 11)
    }

    @Test func refractoryGateSilencesTheRowsAfterAnAlarmLevelOutput() {
        var gate = RefractoryGate(rows: 2, trigger: 0.5)
        let out = [0.3, 0.6, 0.9, 0.9, 0.7, 0.1].map { gate.pass($0) }
        #expect(out == [0.3, 0.6, 0, 0, 0.7, 0])
    }

    @Test func histogramBinsHaveUnderflowAndOverflowAndAClosedTopEdge() {
        var h = HistogramNovelty(window: 4, bins: 5, critical: 10, maxReferences: 4)
        h.setRange(lo: 0, hi: 10)
        #expect([-1, 0, 1.99, 2, 9.99, 10, 10.01].map { h.bin($0) } == [0, 1, 1, 2, 5, 5, 6])
    }

    @Test func histogramStatisticIsTwiceWindowTimesTheRelativeEntropy() {
        // W = 2, one bin over [0, 1] (K = 3 with under/overflow). Smoothed reference from counts (0, 2, 0):
        // q = (0.5, 2.5, 0.5)/3.5.
        var h = HistogramNovelty(window: 2, bins: 1, critical: 1.5, maxReferences: 8)
        h.setRange(lo: 0, hi: 1)
        #expect(h.observe(0.5) == 0)  // window not full
        #expect(h.observe(0.5) == 1e300)  // empty library: stored as novel
        #expect(h.referenceCount == 1)
        // Same histogram: G = 4·(0 − ln(2.5/3.5)) = 1.3459 < 1.5 → match.
        #expect(h.observe(0.5) == 0)
        #expect(h.referenceCount == 1)
        // Counts (0, 1, 1): G = 4·(ln ½ − ½ln(2.5/3.5) − ½ln(0.5/3.5)) = 1.7922 > 1.5 → novel, stored.
        let expected = 4 * (log(0.5) - 0.5 * log(2.5 / 3.5) - 0.5 * log(0.5 / 3.5))
        let g = h.observe(7)
        #expect(abs(g - expected) < 1e-12)
        #expect(h.referenceCount == 2)
        // Window (7, 0.5) has the same counts: G = 4·(ln ½ − ln(1.5/3.5)) = 0.616 against the new reference.
        #expect(h.observe(0.5) == 0)
        #expect(h.referenceCount == 2)
    }

    @Test func fullLibraryReplacesItsLeastUsedReference() {
        var h = HistogramNovelty(window: 2, bins: 1, critical: 1.5, maxReferences: 2)
        h.setRange(lo: 0, hi: 1)
        // A = (0,2,0) stored then used again; B = (0,1,1) stored; C = (0,0,2) replaces B (used least).
        let out = [0.5, 0.5, 0.5, 7, 7].map { h.observe($0) }
        #expect(out[0] == 0 && out[1] > 0 && out[2] == 0 && out[3] > 0 && out[4] > 0)
        #expect(h.referenceCount == 2)
        // (0,1,1) again: it would match B (G = 0.616) but B is gone; against A and C G = 1.79 > 1.5.
        #expect(h.observe(0.5) > 1.5)
    }

    @Test func entropyNoveltyIsSilentInProbationAndReportsAShiftOnce() {
        var s = EntropyNoveltyScorer(probation: 200, window: 20, refractory: 0.5)
        var out: [Double] = []
        // A periodic pattern in [0, 1] for 400 values, then a level shift to [0.4, 1.4] for 200.
        for i in 0..<600 {
            let base = Double(i % 10) / 9
            out.append(s.score(i < 400 ? base : base + 0.4))
        }
        #expect(out[0..<200].allSatisfy { $0 == 0 })
        #expect(out[200..<400].allSatisfy { $0 == 0 })  // the learned pattern is not novel
        #expect(out.allSatisfy { $0 >= 0 && $0 <= 1 })
        // The shift is a new extreme at its first high value, scored 1; the gate then keeps 100 rows quiet.
        let firstAlarm = out.firstIndex { $0 > 0 }
        #expect(firstAlarm.map { (400..<410).contains($0) } == true)
        if let a = firstAlarm {
            #expect(out[a] == 1)
            #expect(out[(a + 1)...min(a + 100, 599)].allSatisfy { $0 == 0 })
        }
    }

    @Test func anomalyLikelihoodAlarmsOnEntryIntoTheTailOnly() {
        var cal = AnomalyLikelihood(probation: 20)
        var out: [Double] = []
        for _ in 0..<40 { out.append(cal.next(0)) }
        // Probation outputs 0; then an average at the mean has q = ½.
        #expect(out[0..<20].allSatisfy { $0 == 0 })
        #expect(out[20...].allSatisfy { abs($0 - log(0.5 + 1e-10) / log(1e-10)) < 1e-12 })
        // μ = 0, σ floored at 1e-6: the first raised average (0.1) has q ≈ 0 → score 1.
        #expect(cal.next(1) == 1)
        // Still in the tail: the entry filter sets q = 1e-3, score ln(1e-3 + 1e-10)/ln(1e-10) ≈ 0.3.
        let second = cal.next(1)
        #expect(abs(second - log(1e-3 + 1e-10) / log(1e-10)) < 1e-12)
    }

    @Test func anomalyLikelihoodOfAnOrdinaryValueIsLow() {
        var cal = AnomalyLikelihood(probation: 100, averaging: 1)
        var last = 0.0
        for i in 0..<300 { last = cal.next(Double(i % 7)) }
        // 299 % 7 = 5: z ≈ 1 on a 0…6 sawtooth, q ≈ 0.16, score ≈ 0.08.
        #expect(last > 0 && last < 0.15)
    }
}
