/// Threshold-free point-wise metrics on raw scores (METRICS §2): average precision (AUC-PR) and
/// ROC-AUC with mid-ranks.
public enum RankingMetrics {
    /// Average precision with scikit-learn's `average_precision_score` semantics.
    ///
    /// For distinct scores `θ_1 > θ_2 > …`, rows with `s ≥ θ_n` are positive (ties enter together),
    /// giving `P_n, R_n`; `AP = Σ_n (R_n − R_{n−1})·P_n` with `R_0 = 0` — a step sum, no interpolation.
    ///
    /// - Returns: AP, or undefined without positive rows. Scores must be finite (checked by callers).
    /// - Complexity: O(n log n).
    public static func averagePrecision(scores: [Double], labels: [Bool]) -> MetricValue {
        precondition(scores.count == labels.count, "scores and labels differ in length")
        let positives = labels.reduce(0) { $0 + ($1 ? 1 : 0) }
        guard positives > 0 else { return .undefined("no anomalous rows") }
        let order = sortedPairs(scores: scores, labels: labels, descending: true)
        var ap = 0.0
        var tp = 0, seen = 0
        var prevRecall = 0.0
        order.withUnsafeBufferPointer { o in
            var i = 0
            while i < o.count {
                let s = o[i].score
                while i < o.count && o[i].score == s {
                    if o[i].positive { tp += 1 }
                    seen += 1
                    i += 1
                }
                let recall = Double(tp) / Double(positives)
                ap += (recall - prevRecall) * (Double(tp) / Double(seen))
                prevRecall = recall
            }
        }
        return .defined(ap)
    }

    /// The chance level of average precision: the share of positive rows.
    public static func averagePrecisionChance(labels: [Bool]) -> MetricValue {
        let positives = labels.reduce(0) { $0 + ($1 ? 1 : 0) }
        return .ratio(Double(positives), Double(labels.count), undefinedBecause: "no rows")
            .definedOnly(if: positives > 0, else: "no anomalous rows")
    }

    /// ROC-AUC: rank scores ascending, ties share their mean rank;
    /// `AUC = (Σ_{y=1} rank − n₊(n₊+1)/2)/(n₊·n₋)`.
    ///
    /// - Returns: the AUC, undefined unless both classes occur.
    /// - Complexity: O(n log n).
    public static func rocAUC(scores: [Double], labels: [Bool]) -> MetricValue {
        precondition(scores.count == labels.count, "scores and labels differ in length")
        let nPos = labels.reduce(0) { $0 + ($1 ? 1 : 0) }
        let nNeg = labels.count - nPos
        guard nPos > 0 else { return .undefined("no anomalous rows") }
        guard nNeg > 0 else { return .undefined("no normal rows") }
        let order = sortedPairs(scores: scores, labels: labels, descending: false)
        var rankSum = 0.0
        order.withUnsafeBufferPointer { o in
            var i = 0
            while i < o.count {
                let s = o[i].score
                var j = i, posInBlock = 0
                while j < o.count && o[j].score == s {
                    if o[j].positive { posInBlock += 1 }
                    j += 1
                }
                // Ranks i+1 … j share their mean.
                let meanRank = Double(i + 1 + j) / 2
                rankSum += meanRank * Double(posInBlock)
                i = j
            }
        }
        let p = Double(nPos), q = Double(nNeg)
        return .defined((rankSum - p * (p + 1) / 2) / (p * q))
    }

    struct Pair { var score: Double; var positive: Bool }

    static func sortedPairs(scores: [Double], labels: [Bool], descending: Bool) -> [Pair] {
        var pairs = [Pair]()
        pairs.reserveCapacity(scores.count)
        for t in 0..<scores.count { pairs.append(Pair(score: scores[t], positive: labels[t])) }
        if descending { pairs.sort { $0.score > $1.score } } else { pairs.sort { $0.score < $1.score } }
        return pairs
    }
}

extension MetricValue {
    /// Keeps a defined value only when `condition` holds; otherwise undefined with `reason`.
    func definedOnly(if condition: Bool, else reason: String) -> MetricValue {
        condition ? self : .undefined(reason)
    }
}
