/// Range-AUC and VUS (Paparrizos et al. 2022; METRICS §3.3), following the reference implementation's
/// volume (`RangeAUC_volume_opt` of TheDatumOrg's TSB-AD `basic_metrics.py` and VUS `vus/utils/metrics.py`).
///
/// For a buffer ℓ, soft labels `ỹ_t` are 1 inside events and, at distance d = 1…⌊ℓ/2⌋ on either side of an
/// event, gain `√(1 − d/ℓ)` (contributions of neighbouring events add, clipped to 1). At each threshold θ
/// (`ŷ_t = s_t ≥ θ`, equal scores enter together): `TP = Σ ỹ_t ŷ_t`; `P' = P + B/2` with `P` the event
/// rows and `B = Σ ỹ_t ŷ_t` over the alarmed buffer rows outside events (only buffer rows that alarm
/// enlarge the positives); `ER` = share of buffer-extended events (merged where they share a row) holding
/// an alarm; `TPR = min(TP/P', 1)·ER`, `FPR = (Σŷ − TP)/(n − P')`, `Prec = TP/Σŷ`. R-AUC-ROC is the
/// trapezoid over (FPR, TPR) from (0, 0) to an added (1, 1); R-AUC-PR the right-endpoint step sum
/// `Σ_j (TPR_j − TPR_{j−1})·Prec_j` from TPR = 0. VUS averages them over ℓ = 0…L.
public struct RangeAUC: Sendable, Hashable {
    /// Which thresholds the curves visit.
    public enum Thresholds: Sendable, Hashable {
        /// The reference's grid: the scores at ranks `⌊k·(n−1)/(m−1)⌋`, k = 0…m−1 (the last exactly n−1),
        /// of the descending sort, as `numpy.linspace(0, n−1, m).astype(int)`. With n ≤ m every rank is
        /// visited, so it equals `everyScore`.
        case ranks(Int)
        /// Every distinct score.
        case everyScore

        /// The reference's default, 250 ranks.
        public static let reference = Thresholds.ranks(250)

        /// How it is printed in a record's parameters.
        public var printable: String {
            switch self {
            case let .ranks(m): "ranks \(m)"
            case .everyScore: "every score"
            }
        }
    }

    /// Range-AUC-ROC per buffer ℓ = 0…L.
    public var rocByBuffer: [MetricValue]
    /// Range-AUC-PR per buffer ℓ = 0…L.
    public var prByBuffer: [MetricValue]
    /// The largest buffer L.
    public var maxBuffer: Int
    /// The thresholds the curves visited.
    public var thresholds: Thresholds

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
    ///   - thresholds: the reference's 250 ranks unless told otherwise.
    /// - Throws: `EvaluationError.invalidParameter` for a negative L or fewer than 2 ranks.
    /// - Complexity: O(n log n + L·n): one sort shared by every buffer, one O(n) sweep per buffer.
    public init(scores: [Double], events: [RowInterval], maxBuffer: Int, thresholds: Thresholds = .reference) throws {
        guard maxBuffer >= 0 else { throw EvaluationError.invalidParameter(name: "L", reason: "must be ≥ 0") }
        if case let .ranks(m) = thresholds, m < 2 {
            throw EvaluationError.invalidParameter(name: "thresholds", reason: "need at least 2 ranks, got \(m)")
        }
        self.maxBuffer = maxBuffer
        self.thresholds = thresholds
        let n = scores.count
        var order = Array(0..<n)
        scores.withUnsafeBufferPointer { s in order.sort { s[$0] > s[$1] } }
        let visited = RangeAUC.visitedRanks(n: n, thresholds: thresholds)
        var roc: [MetricValue] = [], pr: [MetricValue] = []
        for l in 0...maxBuffer {
            let r = RangeAUC.curve(scores: scores, order: order, visited: visited, events: events, buffer: l)
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

    /// `visited[r]`: the curve has a point at the score of descending rank r; nil: at every rank.
    static func visitedRanks(n: Int, thresholds: Thresholds) -> [Bool]? {
        guard case let .ranks(m) = thresholds, n > m else { return nil }
        var visited = [Bool](repeating: false, count: n)
        let step = Double(n - 1) / Double(m - 1)
        for k in 0..<(m - 1) { visited[Int(Double(k) * step)] = true }
        visited[n - 1] = true
        return visited
    }

    /// Soft labels for buffer ℓ: 1 in events, `√(1 − d/ℓ)` added at distance d = 1…⌊ℓ/2⌋ on each side, clipped to 1.
    public static func softLabels(n: Int, events: [RowInterval], buffer l: Int) -> [Double] {
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

    /// Events extended by ⌊ℓ/2⌋ rows on each side (clipped to the rows), merged where they share a row.
    static func extendedEvents(n: Int, events: [RowInterval], buffer l: Int) -> [RowInterval] {
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
        return extended
    }

    static func curve(
        scores: [Double], order: [Int], visited: [Bool]?, events: [RowInterval], buffer l: Int
    )
        -> (roc: MetricValue, pr: MetricValue)
    {
        let n = scores.count
        guard !events.isEmpty else { return (.undefined("no events"), .undefined("no events")) }
        let soft = softLabels(n: n, events: events, buffer: l)
        var inEvent = [Bool](repeating: false, count: n)
        var p = 0.0
        for e in events {
            p += Double(e.count)
            for t in e.start...e.end { inEvent[t] = true }
        }
        let extended = extendedEvents(n: n, events: events, buffer: l)
        var extId = [Int32](repeating: -1, count: n)
        for (k, e) in extended.enumerated() { for t in e.start...e.end { extId[t] = Int32(k) } }
        guard Double(n) > p else { return (.undefined("no normal rows"), .undefined("no normal rows")) }
        var hit = [Bool](repeating: false, count: extended.count)
        var hits = 0
        var tp = 0.0, buffered = 0.0, alarms = 0.0
        var prevFPR = 0.0, prevTPR = 0.0
        var roc = 0.0, pr = 0.0
        var i = 0
        while i < n {
            let theta = scores[order[i]]
            var isPoint = visited == nil
            while i < n && scores[order[i]] == theta {
                let t = order[i]
                tp += soft[t]
                if !inEvent[t] { buffered += soft[t] }
                alarms += 1
                let k = Int(extId[t])
                if k >= 0 && !hit[k] {
                    hit[k] = true
                    hits += 1
                }
                if let visited, visited[i] { isPoint = true }
                i += 1
            }
            guard isPoint else { continue }
            let pPrime = p + buffered / 2
            let er = Double(hits) / Double(extended.count)
            let tpr = min(tp / pPrime, 1) * er
            let fpr = (alarms - tp) / (Double(n) - pPrime)
            let prec = tp / alarms
            roc += (fpr - prevFPR) * (tpr + prevTPR) / 2
            pr += (tpr - prevTPR) * prec
            prevFPR = fpr
            prevTPR = tpr
        }
        roc += (1 - prevFPR) * (1 + prevTPR) / 2
        return (.defined(roc), .defined(pr))
    }
}
