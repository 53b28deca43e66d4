/// Point-wise counts and the precision / recall / F scores built on them (METRICS §2).
public struct ConfusionCounts: Sendable, Hashable {
    /// `Σ y_t ŷ_t`.
    public var tp: Int
    /// `Σ (1−y_t) ŷ_t`.
    public var fp: Int
    /// `Σ y_t (1−ŷ_t)`.
    public var fn: Int
    /// `Σ (1−y_t)(1−ŷ_t)`.
    public var tn: Int

    /// Creates counts directly.
    public init(tp: Int, fp: Int, fn: Int, tn: Int) {
        self.tp = tp; self.fp = fp; self.fn = fn; self.tn = tn
    }

    /// Counts labels against alarms, row by row.
    ///
    /// - Precondition: equal lengths (a programmer error otherwise).
    /// - Complexity: O(n).
    public init(labels: [Bool], alarms: [Bool]) {
        precondition(labels.count == alarms.count, "labels and alarms differ in length")
        var tp = 0, fp = 0, fn = 0
        labels.withUnsafeBufferPointer { y in
            alarms.withUnsafeBufferPointer { a in
                for t in 0..<y.count {
                    if a[t] { if y[t] { tp += 1 } else { fp += 1 } } else if y[t] { fn += 1 }
                }
            }
        }
        self.init(tp: tp, fp: fp, fn: fn, tn: labels.count - tp - fp - fn)
    }

    /// `TP/(TP+FP)`; undefined without alarms.
    public var precision: MetricValue {
        .ratio(Double(tp), Double(tp + fp), undefinedBecause: "no alarms (TP+FP = 0)")
    }

    /// `TP/(TP+FN)`; undefined without anomalies.
    public var recall: MetricValue {
        .ratio(Double(tp), Double(tp + fn), undefinedBecause: "no anomalous rows (TP+FN = 0)")
    }

    /// `2TP/(2TP+FP+FN)`: 0 for a silent detector, undefined only with no anomalies and no alarms.
    public var f1: MetricValue {
        .ratio(Double(2 * tp), Double(2 * tp + fp + fn), undefinedBecause: "no anomalous rows and no alarms")
    }

    /// `F_β = (1+β²)PR/(β²P+R)`, computed as `(1+β²)TP/((1+β²)TP + β²FN + FP)` (0 for a silent detector).
    public func fBeta(_ beta: Double) -> MetricValue {
        let b2 = beta * beta
        let num = (1 + b2) * Double(tp)
        return .ratio(num, num + b2 * Double(fn) + Double(fp), undefinedBecause: "no anomalous rows and no alarms")
    }
}
