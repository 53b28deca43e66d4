import Evaluation
import Testing

@Suite struct RangeAUCTests {
    // n = 6, event rows 2–3.
    static let scores: [Double] = [0.1, 0.2, 0.9, 0.3, 0.8, 0.0]
    static let events = [RowInterval(2, 3)]

    @Test func zeroBufferWithOneEventEqualsPlainROCAUCAndAStepPRTrapezoid() throws {
        let r = try RangeAUC(scores: Self.scores, events: Self.events, maxBuffer: 0)
        // Plain ROC-AUC: 0.9 beats 4 negatives, 0.3 beats 3 → 7/8.
        #expect(close(r.rocByBuffer[0], 0.875))
        // (0,1) → (½,1) → (½,½) → (1,⅔): ½ + 0 + ½·(½ + ⅔)/2.
        #expect(close(r.prByBuffer[0], 0.5 + 0.5 * (0.5 + 2.0 / 3.0) / 2))
        #expect(close(r.vusROC, 0.875))
    }

    @Test func bufferOfTwoAddsSoftLabelsNextToTheEvent() throws {
        let r = try RangeAUC(scores: Self.scores, events: Self.events, maxBuffer: 2)
        let w = (0.5).squareRoot()  // √(1 − 1/2) on rows 1 and 4
        let pPrime = (2 + (2 + 2 * w)) / 2, neg = 6 - pPrime
        // Descending thresholds: rows 2, 4, 3, 1, 0, 5 enter one by one.
        let tp = [1, 1 + w, 2 + w, 2 + 2 * w, 2 + 2 * w, 2 + 2 * w]
        let fpr = (0..<6).map { (Double($0 + 1) - tp[$0]) / neg }
        let tpr = tp.map { min($0 / pPrime, 1) }
        let prec = (0..<6).map { tp[$0] / Double($0 + 1) }
        var roc = 0.0, pr = 0.0
        var (pf, pt, pp) = (0.0, 0.0, 1.0)
        for k in 0..<6 {
            roc += (fpr[k] - pf) * (tpr[k] + pt) / 2
            pr += (tpr[k] - pt) * (prec[k] + pp) / 2
            (pf, pt, pp) = (fpr[k], tpr[k], prec[k])
        }
        roc += (1 - pf) * (1 + pt) / 2
        #expect(close(r.rocByBuffer[2], roc))
        #expect(close(r.prByBuffer[2], pr))
        #expect(r.rocByBuffer.count == 3)
        let mean = ((r.rocByBuffer[0].value ?? 0) + (r.rocByBuffer[1].value ?? 0) + roc) / 3
        #expect(close(r.vusROC, mean))
    }

    @Test func eventRatioHoldsTPRAtZeroUntilAnEventIsHit() throws {
        // Two events; the top score hits only the first, so TPR is halved by ER = ½.
        let r = try RangeAUC(scores: [0, 0.9, 0, 0, 0.5, 0], events: [RowInterval(1, 1), RowInterval(4, 4)], maxBuffer: 0)
        // θ = 0.9: TPR = ½·½, FPR 0; θ = 0.5: TPR 1, FPR 0; θ = 0: (1, 1).
        #expect(close(r.rocByBuffer[0], 1))
        #expect(close(r.prByBuffer[0], 0.25 * 1 + 0.75 * 1))
    }

    @Test func perfectScoresGiveOneForEveryBuffer() throws {
        let y = (0..<30).map { (10...14).contains($0) }
        let r = try RangeAUC(scores: y.map { $0 ? 1 : 0 }, events: [RowInterval(10, 14)], maxBuffer: 0)
        #expect(close(r.vusROC, 1) && close(r.vusPR, 1))
    }

    @Test func noEventsLeaveVUSUndefined() throws {
        let r = try RangeAUC(scores: [0.1, 0.2], events: [], maxBuffer: 3)
        #expect(r.vusROC.value == nil && r.vusPR.value == nil)
        #expect(throws: EvaluationError.self) { try RangeAUC(scores: [0.1], events: [], maxBuffer: -1) }
    }

    @Test func panelAddsVUSRecordsWhenTheBufferIsGiven() throws {
        var inp = PanelTests.input()
        inp.vusMaxBuffer = 4
        let r = try evaluatePanel(inp)
        #expect(r.record("vus_roc")?.parameters["L"] == "4")
        #expect(r.record("vus_pr")?.value != nil)
        #expect(try evaluatePanel(PanelTests.input()).record("vus_roc") == nil)
    }
}
