extension RankingMetrics {
    /// The point-wise precision–recall curve: one point per distinct score (ties enter together),
    /// in decreasing threshold order, thinned to at most `maxPoints` points (first and last kept).
    ///
    /// The same steps `averagePrecision` sums, for plotting.
    ///
    /// - Returns: recall and precision arrays of equal length; empty without positive rows.
    /// - Complexity: O(n log n).
    public static func precisionRecallCurve(scores: [Double], labels: [Bool], maxPoints: Int = 200) -> (recall: [Double], precision: [Double]) {
        precondition(scores.count == labels.count, "scores and labels differ in length")
        var pos: [Double] = [], neg: [Double] = []
        for t in 0..<scores.count { if labels[t] { pos.append(scores[t]) } else { neg.append(scores[t]) } }
        guard !pos.isEmpty else { return ([], []) }
        ScoreSort.ascending(&pos)
        ScoreSort.ascending(&neg)
        var recall: [Double] = [], precision: [Double] = []
        var i = pos.count - 1, j = neg.count - 1, tp = 0, seen = 0
        while i >= 0 || j >= 0 {
            let theta = i < 0 ? neg[j] : (j < 0 ? pos[i] : max(pos[i], neg[j]))
            while i >= 0 && pos[i] == theta { tp += 1; seen += 1; i -= 1 }
            while j >= 0 && neg[j] == theta { seen += 1; j -= 1 }
            recall.append(Double(tp) / Double(pos.count))
            precision.append(Double(tp) / Double(seen))
        }
        guard recall.count > maxPoints, maxPoints >= 2 else { return (recall, precision) }
        let picks = (0..<maxPoints).map { $0 * (recall.count - 1) / (maxPoints - 1) }
        return (picks.map { recall[$0] }, picks.map { precision[$0] })
    }
}
