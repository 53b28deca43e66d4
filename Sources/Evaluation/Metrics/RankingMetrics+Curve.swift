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
        let positives = labels.reduce(0) { $0 + ($1 ? 1 : 0) }
        guard positives > 0 else { return ([], []) }
        let order = sortedPairs(scores: scores, labels: labels, descending: true)
        var recall: [Double] = [], precision: [Double] = []
        var tp = 0, seen = 0, i = 0
        while i < order.count {
            let s = order[i].score
            while i < order.count && order[i].score == s {
                if order[i].positive { tp += 1 }
                seen += 1
                i += 1
            }
            recall.append(Double(tp) / Double(positives))
            precision.append(Double(tp) / Double(seen))
        }
        guard recall.count > maxPoints, maxPoints >= 2 else { return (recall, precision) }
        let picks = (0..<maxPoints).map { $0 * (recall.count - 1) / (maxPoints - 1) }
        return (picks.map { recall[$0] }, picks.map { precision[$0] })
    }
}
