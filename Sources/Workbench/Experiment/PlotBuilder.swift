import Evaluation
import Telemetry

/// Picks and decimates what the HTML report plots. Decimation keeps each bucket's minimum and
/// maximum, so spikes survive at any zoom.
enum PlotBuilder {
    /// Rows of the scored span, decimated to about `maxPoints` indices (in increasing order).
    static func decimatedRows(_ range: Range<Int>, maxPoints: Int = 1_200) -> [Int] {
        guard range.count > maxPoints else { return Array(range) }
        let buckets = maxPoints / 2
        var out: [Int] = []
        out.reserveCapacity(buckets * 2)
        for b in 0..<buckets {
            let lo = range.lowerBound + b * range.count / buckets
            let hi = range.lowerBound + (b + 1) * range.count / buckets
            if hi > lo {
                out.append(lo)
                if hi - 1 > lo { out.append(hi - 1) }
            }
        }
        return out
    }

    /// Min–max decimation of one column over `range`, one value per index of `rows`.
    static func series(_ frame: MetricFrame, column: Int, range: Range<Int>, rows: [Int]) -> [Double?] {
        guard rows.count < range.count else {
            return frame.withColumn(column) { c in rows.map { c[$0].isNaN ? nil : c[$0] } }
        }
        return frame.withColumn(column) { c in
            var out: [Double?] = []
            out.reserveCapacity(rows.count)
            var i = 0
            while i < rows.count {
                // Pairs (lo, hi-1) delimit a bucket: emit its min then max, in time order.
                let lo = rows[i], hi = i + 1 < rows.count ? rows[i + 1] : lo
                var mn = Double.infinity, mx = -Double.infinity, mnAt = lo, mxAt = lo
                if hi >= lo {
                    for r in lo...hi where !c[r].isNaN {
                        if c[r] < mn { mn = c[r]; mnAt = r }
                        if c[r] > mx { mx = c[r]; mxAt = r }
                    }
                }
                let (first, second) = mnAt <= mxAt ? (mn, mx) : (mx, mn)
                out.append(first.isFinite ? first : nil)
                if i + 1 < rows.count { out.append(second.isFinite ? second : nil) }
                i += 2
            }
            return out
        }
    }

    /// Series to plot: the first affected series of each fault (up to `limit`), topped up with the
    /// first series of the frame.
    static func chooseSeries(_ dataset: Dataset, faults: [FaultRecord], limit: Int = 6) -> [Int] {
        var picked: [Int] = []
        for f in faults {
            for a in f.affectedSeries.prefix(1) {
                if let i = dataset.seriesIndex(id: a.seriesId), !picked.contains(i) { picked.append(i) }
            }
            if picked.count >= limit { break }
        }
        var c = 0
        while picked.count < min(limit, dataset.series.count), c < dataset.series.count {
            if !picked.contains(c) { picked.append(c) }
            c += 1
        }
        return picked
    }
}
