import Telemetry

/// Training medians per series, the imputation values of ``KNNDetector`` and
/// ``IsolationForestDetector``.
///
/// The median of the finite values of each column; for a column longer than ``maximumSample`` the
/// median of an evenly strided sample of that many rows (an imputation value needs to be typical,
/// not exact, and fitting must stay O(rows)). A column without finite values gets 0.
enum ColumnMedians {
    /// Largest number of rows whose values are sorted per column.
    static let maximumSample = 4096

    /// The (sampled) median of each column of `frame`.
    static func of(_ frame: MetricFrame) -> [Double] {
        let n = frame.rows
        let stride = max(1, (n + maximumSample - 1) / maximumSample)
        return (0..<frame.columns).map { j in
            frame.withColumn(j) { c in
                var sample: [Double] = []
                sample.reserveCapacity(min(n, maximumSample))
                var i = 0
                while i < n {
                    if c[i].isFinite { sample.append(c[i]) }
                    i += stride
                }
                guard !sample.isEmpty else { return 0 }
                sample.sort()
                let m = sample.count
                return m % 2 == 1 ? sample[m / 2] : 0.5 * (sample[m / 2 - 1] + sample[m / 2])
            }
        }
    }
}
