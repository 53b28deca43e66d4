/// Range-AUC and VUS (Paparrizos et al. 2022; METRICS §3.3).
///
/// For a buffer ℓ, soft labels `ỹ_t` are 1 inside events and, at distance d = 1…⌊ℓ/2⌋ outside an event,
/// gain `√(1 − d/ℓ)` (contributions of neighbouring events add, clipped to 1). At each distinct score θ
/// (descending; equal scores enter together): `TP = Σ ỹ_t ŷ_t`, `P' = (Σy + Σỹ)/2`, `ER` = share of
/// buffer-extended (merged) events holding an alarm, `TPR = min(TP/P', 1)·ER`, `FPR = (Σŷ − TP)/(n − P')`,
/// `Prec = TP/Σŷ`. R-AUC-ROC is the trapezoid over (FPR, TPR) with (0, 0) and (1, 1) added; R-AUC-PR the
/// trapezoid over (TPR, Prec) starting at (0, 1). VUS averages them over ℓ = 0…L.
public struct RangeAUC: Sendable, Hashable {
    /// Range-AUC-ROC per buffer ℓ = 0…L.
    public var rocByBuffer: [MetricValue]
    /// Range-AUC-PR per buffer ℓ = 0…L.
    public var prByBuffer: [MetricValue]
    /// The largest buffer L.
    public var maxBuffer: Int

    /// VUS-ROC: mean of `rocByBuffer`; undefined if any buffer's value is.
    public var vusROC: MetricValue { RangeAUC.mean(rocByBuffer) }
    /// VUS-PR: mean of `prByBuffer`; undefined if any buffer's value is.
    public var vusPR: MetricValue { RangeAUC.mean(prByBuffer) }

    /// Computes range-AUC for every buffer 0…`maxBuffer`.
    ///
    /// - Parameters:
    ///   - scores: finite scores, one per row.
    ///   - events: true events, sorted and disjoint.
    ///   - maxBuffer: L ≥ 0 (rows).
    /// - Throws: `EvaluationError.invalidParameter` for a negative L.
    /// - Complexity: O(n log n + L·n): one sort shared by every buffer, one O(n) sweep per buffer.
    public init(scores: [Double], events: [RowInterval], maxBuffer: Int) throws {
        guard maxBuffer >= 0 else { throw EvaluationError.invalidParameter(name: "L", reason: "must be ≥ 0") }
        self.maxBuffer = maxBuffer
        let n = scores.count
        var order = Array(0..<n)
        scores.withUnsafeBufferPointer { s in order.sort { s[$0] > s[$1] } }
        var roc: [MetricValue] = [], pr: [MetricValue] = []
        for l in 0...maxBuffer {
            let r = RangeAUC.curve(scores: scores, order: order, events: events, buffer: l)
            roc.append(r.roc)
            pr.append(r.pr)
        }
        rocByBuffer = roc
        prByBuffer = pr
    }

    static func mean(_ values: [MetricValue]) -> MetricValue {
        var sum = 0.0
        for v in values {
            guard let x = v.value else { return .undefined(v.undefinedReason ?? "undefined for some buffer") }
            sum += x
        }
        return values.isEmpty ? .undefined("no buffers") : .defined(sum / Double(values.count))
    }

    /// Soft labels for buffer ℓ.
    static func softLabels(n: Int, events: [RowInterval], buffer l: Int) -> [Double] {
        var y = [Double](repeating: 0, count: n)
        let half = l / 2
        for e in events {
            for t in e.start...e.end { y[t] = 1 }
        }
        if half > 0 {
            for e in events {
                for d in 1...half {
                    let w = (1 - Double(d) / Double(l)).squareRoot()
                    let left = e.start - d, right = e.end + d
                    if left >= 0 && y[left] < 1 { y[left] = min(1, y[left] + w) }
                    if right < n && y[right] < 1 { y[right] = min(1, y[right] + w) }
                }
            }
        }
        return y
    }

    static func curve(scores: [Double], order: [Int], events: [RowInterval], buffer l: Int) -> (roc: MetricValue, pr: MetricValue) {
        let n = scores.count
        guard !events.isEmpty else { return (.undefined("no events"), .undefined("no events")) }
        let soft = softLabels(n: n, events: events, buffer: l)
        // Buffer-extended events, merged; extId[t] = index or −1.
        let half = l / 2
        var extended: [RowInterval] = []
        for e in events {
            let s = max(0, e.start - half), f = min(n - 1, e.end + half)
            if let last = extended.last, s <= last.end {
                extended[extended.count - 1].end = max(last.end, f)
            } else {
                extended.append(RowInterval(s, f))
            }
        }
        var extId = [Int32](repeating: -1, count: n)
        for (k, e) in extended.enumerated() { for t in e.start...e.end { extId[t] = Int32(k) } }
        var sumY = 0.0, sumSoft = 0.0
        for e in events { sumY += Double(e.count) }
        for v in soft { sumSoft += v }
        let pPrime = (sumY + sumSoft) / 2
        let negatives = Double(n) - pPrime
        guard negatives > 0 else { return (.undefined("no normal rows after buffering"), .defined(1)) }
        var hit = [Bool](repeating: false, count: extended.count)
        var hits = 0
        var tp = 0.0, alarms = 0.0
        var prevFPR = 0.0, prevTPR = 0.0, prevTPRpr = 0.0, prevPrec = 1.0
        var roc = 0.0, pr = 0.0
        var i = 0
        while i < n {
            let theta = scores[order[i]]
            while i < n && scores[order[i]] == theta {
                let t = order[i]
                tp += soft[t]
                alarms += 1
                let k = Int(extId[t])
                if k >= 0 && !hit[k] { hit[k] = true; hits += 1 }
                i += 1
            }
            let er = Double(hits) / Double(extended.count)
            let tpr = min(tp / pPrime, 1) * er
            let fpr = (alarms - tp) / negatives
            let prec = tp / alarms
            roc += (fpr - prevFPR) * (tpr + prevTPR) / 2
            pr += (tpr - prevTPRpr) * (prec + prevPrec) / 2
            prevFPR = fpr; prevTPR = tpr; prevTPRpr = tpr; prevPrec = prec
        }
        roc += (1 - prevFPR) * (1 + prevTPR) / 2
        return (.defined(roc), .defined(pr))
    }
}
