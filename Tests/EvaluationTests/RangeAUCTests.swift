import Evaluation
import Telemetry
import Testing

/// A literal, threshold-by-threshold reading of the reference's volume (METRICS §3.3): for each visited θ
/// it rebuilds ŷ, the alarmed soft labels, P', ER from scratch, with no sweep and no shared state, so a
/// bug in the incremental sweep (ties, sampling, P' bookkeeping, endpoints) shows up as a difference.
enum ReferenceVolume {
    static func softLabels(_ n: Int, _ events: [RowInterval], _ l: Int) -> [Double] {
        var y = [Double](repeating: 0, count: n)
        for e in events { for t in e.start...e.end { y[t] = 1 } }
        for e in events where l / 2 >= 1 {
            for d in 1...(l / 2) {
                let w = (1 - Double(d) / Double(l)).squareRoot()
                for t in [e.start - d, e.end + d] where t >= 0 && t < n { y[t] = min(1, y[t] + w) }
            }
        }
        return y
    }

    /// (R-AUC-ROC, R-AUC-PR) at buffer ℓ with thresholds at `ranks` of the descending sort (nil: every rank).
    static func rangeAUC(_ s: [Double], _ events: [RowInterval], _ l: Int, ranks m: Int? = 250) -> (Double, Double) {
        let n = s.count
        let sorted = s.sorted(by: >)
        let idx: [Int] =
            if let m, n > m { (0..<m).map { $0 == m - 1 ? n - 1 : Int(Double($0) * (Double(n - 1) / Double(m - 1))) } } else {
                Array(0..<n)
            }
        let soft = softLabels(n, events, l)
        let isEvent = (0..<n).map { t in events.contains { $0.start <= t && t <= $0.end } }
        // Extended segments: shared rows merge them.
        var segs: [(Int, Int)] = []
        for e in events {
            let a = max(0, e.start - l / 2), b = min(n - 1, e.end + l / 2)
            if let last = segs.last, a <= last.1 { segs[segs.count - 1].1 = max(last.1, b) } else { segs.append((a, b)) }
        }
        let p = Double(isEvent.filter { $0 }.count)
        var pts: [(tpr: Double, fpr: Double, prec: Double)] = []
        for i in idx {
            let pred = s.map { $0 >= sorted[i] }
            var tp = 0.0, alarmedBuffer = 0.0
            for t in 0..<n where pred[t] {
                tp += soft[t]
                if !isEvent[t] { alarmedBuffer += soft[t] }
            }
            let existence = Double(segs.filter { seg in (seg.0...seg.1).contains { pred[$0] } }.count) / Double(segs.count)
            let pPrime = (p + p + alarmedBuffer) / 2
            let alarms = Double(pred.filter { $0 }.count)
            pts.append((min(tp / pPrime, 1) * existence, (alarms - tp) / (Double(n) - pPrime), tp / alarms))
        }
        var roc = 0.0, pr = 0.0, prev = (tpr: 0.0, fpr: 0.0)
        for q in pts {
            roc += (q.fpr - prev.fpr) * (q.tpr + prev.tpr) / 2
            pr += (q.tpr - prev.tpr) * q.prec
            prev = (q.tpr, q.fpr)
        }
        roc += (1 - prev.fpr) * (1 + prev.tpr) / 2
        return (roc, pr)
    }
}

@Suite struct RangeAUCTests {
    // n = 6, event rows 2–3.
    static let scores: [Double] = [0.1, 0.2, 0.9, 0.3, 0.8, 0.0]
    static let events = [RowInterval(2, 3)]

    @Test func zeroBufferWithOneEventEqualsPlainROCAUCAndAStepPRSum() throws {
        let r = try RangeAUC(scores: Self.scores, events: Self.events, maxBuffer: 0)
        // Plain ROC-AUC: 0.9 beats 4 negatives, 0.3 beats 3 → 7/8.
        #expect(close(r.rocByBuffer[0], 0.875))
        // Points (TPR, Prec): (½, 1), (½, ½), (1, ⅔), …: right-endpoint steps ½·1 + 0 + ½·⅔
        // (a trapezoid would give 0.791667).
        #expect(close(r.prByBuffer[0], 0.5 + 0.5 * 2.0 / 3.0))
        #expect(close(r.vusROC, 0.875))
    }

    /// The METRICS §3.3 worked example: n = 12, one event rows 5–7, scores 0.9 on rows 6–7, 0.6 on rows 4
    /// and 11 (a tie: one buffer row, one far false alarm), 0.1 elsewhere; L = 4.
    static let handScores: [Double] = [0.1, 0.1, 0.1, 0.1, 0.6, 0.1, 0.9, 0.9, 0.1, 0.1, 0.1, 0.6]
    static let handEvents = [RowInterval(5, 7)]

    @Test func handExampleSoftLabelsAtEachBuffer() {
        let a = (0.75).squareRoot(), b = (0.5).squareRoot(), c = (2.0 / 3.0).squareRoot()
        let ones = [0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0.0]
        func with(_ pairs: [(Int, Double)]) -> [Double] {
            var y = ones
            for (t, v) in pairs { y[t] = v }
            return y
        }
        // ℓ = 0 and 1: ⌊ℓ/2⌋ = 0, no buffer; ℓ = 2: √½ on rows 4, 8; ℓ = 3: √⅔; ℓ = 4: √¾ at d = 1, √½ at d = 2.
        // Catches a right side shifted by one (TSB-UAD's `extend_postive_range`) or ℓ instead of ℓ/2 rows.
        let expected = [ones, ones, with([(4, b), (8, b)]), with([(4, c), (8, c)]), with([(3, b), (4, a), (8, a), (9, b)])]
        for l in 0...4 {
            let y = RangeAUC.softLabels(n: 12, events: Self.handEvents, buffer: l)
            #expect(zip(y, expected[l]).allSatisfy { abs($0 - $1) < 1e-15 }, "ℓ = \(l): \(y)")
        }
    }

    @Test func handExampleValuesAtEachBuffer() throws {
        let r = try RangeAUC(scores: Self.handScores, events: Self.handEvents, maxBuffer: 4)
        // Three thresholds. With w₁, w₂ the soft labels at d = 1, 2 (0 where absent):
        // θ = 0.9 → rows 6, 7: TPR ⅔, FPR 0, Prec 1;
        // θ = 0.6 → rows 4, 6, 7, 11: TP = 2 + w₁, P' = 3 + w₁/2, TPR T₁ = TP/P', FPR F₁ = (2 − w₁)/(9 − w₁/2), Prec (2 + w₁)/4;
        // θ = 0.1 → all: TPR 1, FPR F₂ = (9 − 2w₁ − 2w₂)/(9 − w₁ − w₂), Prec (3 + 2w₁ + 2w₂)/12.
        let w: [(Double, Double)] = [
            (0, 0), (0, 0), ((0.5).squareRoot(), 0), ((2.0 / 3.0).squareRoot(), 0), ((0.75).squareRoot(), (0.5).squareRoot()),
        ]
        var rocs: [Double] = [], prs: [Double] = []
        for (w1, w2) in w {
            let t1 = (2 + w1) / (3 + w1 / 2), f1 = (2 - w1) / (9 - w1 / 2), f2 = (9 - 2 * w1 - 2 * w2) / (9 - w1 - w2)
            rocs.append(f1 * (2.0 / 3.0 + t1) / 2 + (f2 - f1) * (t1 + 1) / 2 + (1 - f2))
            prs.append(2.0 / 3.0 + (t1 - 2.0 / 3.0) * (2 + w1) / 4 + (1 - t1) * (3 + 2 * w1 + 2 * w2) / 12)
        }
        // The decimals METRICS §3.3 prints (ℓ = 0 is the plain ROC-AUC 43/54).
        let printedROC = [0.796296, 0.796296, 0.886914, 0.898892, 0.912852]
        let printedPR = [0.75, 0.75, 0.832709, 0.846155, 0.871758]
        for l in 0...4 {
            #expect(close(r.rocByBuffer[l], rocs[l]), "ROC ℓ = \(l)")
            #expect(close(r.prByBuffer[l], prs[l]), "PR ℓ = \(l)")
            #expect(sixDecimals(r.rocByBuffer[l], printedROC[l]) && sixDecimals(r.prByBuffer[l], printedPR[l]), "printed ℓ = \(l)")
        }
        #expect(sixDecimals(r.vusROC, 0.858250) && sixDecimals(r.vusPR, 0.810124))
    }

    @Test func eventRatioHoldsTPRAtZeroUntilAnEventIsHit() throws {
        // Two events; the top score hits only the first, so TPR is halved by ER = ½.
        let r = try RangeAUC(scores: [0, 0.9, 0, 0, 0.5, 0], events: [RowInterval(1, 1), RowInterval(4, 4)], maxBuffer: 0)
        // θ = 0.9: TPR = ½·½, FPR 0; θ = 0.5: TPR 1, FPR 0; θ = 0: (1, 1).
        #expect(close(r.rocByBuffer[0], 1))
        #expect(close(r.prByBuffer[0], 0.25 * 1 + 0.75 * 1))
    }

    /// Per the reference's volume, P' grows only with alarmed buffer rows, so scores of 1 inside events
    /// and 0 outside reach (FPR 0, TPR 1) with precision 1 at every buffer. A fixed P' = (Σy + Σỹ)/2 (the
    /// older `TPR_FPR_RangeAUC`) gives 0.93986 at ℓ = 2 and 0.93220 at ℓ = 3 on the first layout: this fails.
    @Test func perfectScoresGiveOneForEveryBuffer() throws {
        let layouts: [(Int, [RowInterval])] = [
            (30, [RowInterval(10, 14)]),
            (40, [RowInterval(0, 2), RowInterval(8, 9), RowInterval(12, 20), RowInterval(37, 39)]),  // edges, buffers overlapping
        ]
        for (n, events) in layouts {
            let y = (0..<n).map { t in events.contains { $0.start <= t && t <= $0.end } ? 1.0 : 0.0 }
            let r = try RangeAUC(scores: y, events: events, maxBuffer: 8)
            for l in 0...8 {
                #expect(close(r.rocByBuffer[l], 1) && close(r.prByBuffer[l], 1), "n = \(n), ℓ = \(l): \(r.rocByBuffer[l]) \(r.prByBuffer[l])")
            }
        }
    }

    /// Reversed scores (the order of a perfect detector turned upside down) with one event and no ties: at
    /// ℓ = 0 R-AUC-ROC is the plain ROC-AUC, so 1 − that of the right order, and R-AUC-PR is the step sum
    /// whose first hit comes last. Catches an ascending sweep or a sign slip in the trapezoid.
    @Test func reversedScoresMirrorTheROCAtZeroBuffer() throws {
        let n = 20
        let events = [RowInterval(7, 10)]
        let good = (0..<n).map { t in (7...10).contains(t) ? 2.0 + Double(t) / 100 : Double(t) / 100 }
        let r = try RangeAUC(scores: good, events: events, maxBuffer: 4)
        let reversed = try RangeAUC(scores: good.map { -$0 }, events: events, maxBuffer: 4)
        #expect(close(r.rocByBuffer[0], 1) && close(reversed.rocByBuffer[0], 0))
        // Reversed: the 4 event rows enter last (ranks 17…20), each adding ¼ recall at precision k/(16 + k).
        let pr = (1...4).reduce(0.0) { $0 + 0.25 * Double($1) / Double(16 + $1) }
        #expect(close(reversed.prByBuffer[0], pr))
        // With buffers the reversed order scores well below the right one, and the oracle agrees.
        for l in 1...4 {
            let (roc, prl) = ReferenceVolume.rangeAUC(good.map { -$0 }, events, l)
            #expect(close(reversed.rocByBuffer[l], roc) && close(reversed.prByBuffer[l], prl), "ℓ = \(l)")
            #expect((reversed.rocByBuffer[l].value ?? 1) < 0.5)
        }
    }

    /// Ties enter together (ŷ = s ≥ θ): a block of equal scores is one point, whatever the row order
    /// inside it. Checked against the literal oracle and against a permutation that reorders the tied rows.
    @Test func tiesEnterTogetherAndMatchTheLiteralReading() throws {
        let s: [Double] = [0.2, 0.5, 0.5, 0.9, 0.5, 0.2, 0.9, 0.1, 0.5, 0.2, 0.2, 0.9, 0.1, 0.5, 0.2, 0.1]
        let events = [RowInterval(2, 4), RowInterval(11, 12)]
        let r = try RangeAUC(scores: s, events: events, maxBuffer: 6)
        for l in 0...6 {
            let (roc, pr) = ReferenceVolume.rangeAUC(s, events, l)
            #expect(close(r.rocByBuffer[l], roc) && close(r.prByBuffer[l], pr), "ℓ = \(l)")
        }
        // Reversing the whole series (and the events) keeps every tie block and the soft labels' mirror
        // image, so the values must not move: an order-dependent tie rule would.
        let mirrored = try RangeAUC(scores: s.reversed(), events: [RowInterval(3, 4), RowInterval(11, 13)], maxBuffer: 6)
        for l in 0...6 {
            #expect(close(mirrored.rocByBuffer[l], r.rocByBuffer[l].value ?? .nan), "ℓ = \(l)")
            #expect(close(mirrored.prByBuffer[l], r.prByBuffer[l].value ?? .nan), "ℓ = \(l)")
        }
    }

    /// Above 250 rows the reference visits 250 ranks only; `everyScore` visits all, and the two differ.
    @Test func longSeriesUseTheReferencesTwoHundredFiftyRanks() throws {
        var g = SplitMix64(seed: 7)
        let n = 1_000
        let events = [RowInterval(100, 130), RowInterval(400, 405), RowInterval(700, 760)]
        let s = (0..<n).map { t in Double(g.next() >> 11) / Double(1 << 53) + (events.contains { $0.start <= t && t <= $0.end } ? 0.4 : 0) }
        let r = try RangeAUC(scores: s, events: events, maxBuffer: 10)
        let every = try RangeAUC(scores: s, events: events, maxBuffer: 10, thresholds: .everyScore)
        for l in [0, 3, 10] {
            let (roc, pr) = ReferenceVolume.rangeAUC(s, events, l)
            #expect(close(r.rocByBuffer[l], roc) && close(r.prByBuffer[l], pr), "ℓ = \(l)")
            let (roc1, pr1) = ReferenceVolume.rangeAUC(s, events, l, ranks: nil)
            #expect(close(every.rocByBuffer[l], roc1) && close(every.prByBuffer[l], pr1), "ℓ = \(l)")
            #expect(r.prByBuffer[l] != every.prByBuffer[l])
        }
        #expect(throws: EvaluationError.self) { try RangeAUC(scores: s, events: events, maxBuffer: 1, thresholds: .ranks(1)) }
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
        #expect(r.record("vus_roc")?.parameters["vus_thresholds"] == "ranks 250")
        #expect(r.record("vus_pr")?.value != nil)
        #expect(try evaluatePanel(PanelTests.input()).record("vus_roc") == nil)
    }
}
