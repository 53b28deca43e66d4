/// Threshold-free point-wise metrics on raw scores (METRICS §2): average precision (AUC-PR) and
/// ROC-AUC with mid-ranks.
///
/// Both come from one pass: the scores of positive and of negative rows are sorted separately (a radix
/// sort) and merged from the top, equal scores entering together.
public enum RankingMetrics {
    /// Average precision and ROC-AUC together (one pair of sorts).
    ///
    /// - Returns: AP (undefined without positive rows) and ROC-AUC (undefined unless both classes occur).
    ///   Scores must be finite (callers check).
    /// - Complexity: O(n log n).
    public static func averagePrecisionAndROCAUC(scores: [Double], labels: [Bool]) -> (averagePrecision: MetricValue, rocAUC: MetricValue) {
        precondition(scores.count == labels.count, "scores and labels differ in length")
        var pos: [Double] = [], neg: [Double] = []
        scores.withUnsafeBufferPointer { s in
            labels.withUnsafeBufferPointer { y in
                for t in 0..<s.count { if y[t] { pos.append(s[t]) } else { neg.append(s[t]) } }
            }
        }
        guard !pos.isEmpty else { return (.undefined("no anomalous rows"), .undefined("no anomalous rows")) }
        ScoreSort.ascending(&pos)
        ScoreSort.ascending(&neg)
        let nPos = pos.count, nNeg = neg.count
        var i = nPos - 1, j = nNeg - 1
        var tp = 0, seen = 0
        var ap = 0.0, prevRecall = 0.0
        var wins = 0.0  // Σ over positives of (#negatives below + ½ #negatives tied)
        pos.withUnsafeBufferPointer { p in
            neg.withUnsafeBufferPointer { q in
                while i >= 0 || j >= 0 {
                    let theta: Double
                    if i < 0 { theta = q[j] } else if j < 0 { theta = p[i] } else { theta = max(p[i], q[j]) }
                    var cp = 0, cn = 0
                    while i >= 0 && p[i] == theta { cp += 1; i -= 1 }
                    while j >= 0 && q[j] == theta { cn += 1; j -= 1 }
                    tp += cp
                    seen += cp + cn
                    let recall = Double(tp) / Double(nPos)
                    ap += (recall - prevRecall) * (Double(tp) / Double(seen))
                    prevRecall = recall
                    // Negatives strictly below θ are those not yet taken: j + 1 of them.
                    wins += Double(cp) * (Double(j + 1) + Double(cn) / 2)
                }
            }
        }
        let roc: MetricValue = nNeg == 0 ? .undefined("no normal rows") : .defined(wins / (Double(nPos) * Double(nNeg)))
        return (.defined(ap), roc)
    }

    /// Average precision with scikit-learn's `average_precision_score` semantics.
    ///
    /// For distinct scores `θ_1 > θ_2 > …`, rows with `s ≥ θ_n` are positive (ties enter together),
    /// giving `P_n, R_n`; `AP = Σ_n (R_n − R_{n−1})·P_n` with `R_0 = 0` — a step sum, no interpolation.
    ///
    /// - Returns: AP, or undefined without positive rows.
    /// - Complexity: O(n log n).
    public static func averagePrecision(scores: [Double], labels: [Bool]) -> MetricValue {
        averagePrecisionAndROCAUC(scores: scores, labels: labels).averagePrecision
    }

    /// The chance level of average precision: the share of positive rows.
    public static func averagePrecisionChance(labels: [Bool]) -> MetricValue {
        let positives = labels.reduce(0) { $0 + ($1 ? 1 : 0) }
        return positives == 0 ? .undefined("no anomalous rows") : .defined(Double(positives) / Double(labels.count))
    }

    /// ROC-AUC: rank scores ascending, ties share their mean rank;
    /// `AUC = (Σ_{y=1} rank − n₊(n₊+1)/2)/(n₊·n₋)`, computed in the equivalent Mann–Whitney form
    /// `Σ_{y=1} (#negatives below + ½ #negatives tied)/(n₊·n₋)` (exact in `Double` for n < 2⁵²).
    ///
    /// - Returns: the AUC, undefined unless both classes occur.
    /// - Complexity: O(n log n).
    public static func rocAUC(scores: [Double], labels: [Bool]) -> MetricValue {
        averagePrecisionAndROCAUC(scores: scores, labels: labels).rocAUC
    }
}
