import Telemetry

extension HitRate {
    /// A labelled fault as HitRate sees it: its time window and the dataset columns its ground truth
    /// names as affected (empty when it names none).
    public struct LabelledFault: Sendable, Hashable {
        /// Window in epoch ms, inclusive.
        public var window: ClosedRange<Int64>
        /// Affected columns of the dataset.
        public var columns: [Int]

        public init(window: ClosedRange<Int64>, columns: [Int]) {
            self.window = window
            self.columns = columns
        }
    }

    /// The `hit_rate@100` and `hit_rate@150` records (METRICS.md §8), each with its `_chance` record, from
    /// a model's per-series contributions over the scored rows; undefined with the reason when the
    /// faults name no series, the model gives no contributions, or they do not cover the dataset.
    ///
    /// - Parameters:
    ///   - faults: the labelled faults of the dataset.
    ///   - seriesCount: the dataset's column count.
    ///   - contributions: the model's per-series contributions over every row of the dataset, if any.
    ///   - foreignFeatures: why the contributions are over other features than the dataset's series
    ///     (log-template counts, say), or nil.
    ///   - firstRow: the dataset row of the first scored row; `times` and `alarms` cover the scored rows.
    ///   - base: the panel's parameters; the threshold, policy and warm-up are carried over.
    public static func records(
        dataset: String, seed: UInt64?, model: String, faults: [LabelledFault], seriesCount: Int,
        contributions: MetricFrame?, foreignFeatures: String?, firstRow: Int, times: [Int64],
        alarms: [Bool], base: [String: String]
    ) -> [MetricRecord] {
        var segments: [Segment] = []
        for fault in faults {
            let lo = firstIndex(in: times) { $0 >= fault.window.lowerBound }
            let hi = firstIndex(in: times) { $0 > fault.window.upperBound }
            guard lo < hi else { continue }
            segments.append(Segment(rows: RowInterval(lo, hi - 1), series: fault.columns))
        }
        let reason: String?
        if segments.allSatisfy({ $0.series.isEmpty }) {
            reason = "no labelled segment names its series"
        } else if contributions == nil {
            reason = "the model returns no per-series contributions"
        } else if let foreignFeatures {
            reason = foreignFeatures
        } else if contributions?.columns != seriesCount || (contributions?.rows ?? 0) < firstRow + times.count {
            reason = "contributions do not cover the dataset's series and rows"
        } else {
            reason = nil
        }
        return [100, 150].flatMap { percent in
            let metric = MetricID.hitRate(percent)
            var value: MetricValue = .undefined(reason ?? "")
            var chance = value
            var parameters = base.filter { $0.key == "threshold" || $0.key == "threshold_policy" || $0.key == "warm_up_rows" }
            parameters["percent"] = "\(percent)"
            if reason == nil, let contributions {
                do {
                    let scored = contributions.rows(firstRow..<(firstRow + times.count))
                    let h = try HitRate(segments: segments, alarms: alarms, contributions: scored, percent: percent, series: dataset)
                    value = h.value
                    chance = h.chance
                    parameters.merge(h.parameters) { $1 }
                } catch {
                    value = .undefined("\(error)")
                    chance = value
                }
            }
            return [
                MetricRecord(dataset: dataset, seed: seed, model: model, metric: metric, value: value, parameters: parameters),
                MetricRecord(
                    dataset: dataset, seed: seed, model: model, metric: metric.chance, value: chance,
                    parameters: parameters.merging(["ranking": "uniform random"]) { $1 }),
            ]
        }
    }

    /// The first index of sorted `times` where `predicate` holds (it must be monotone), or `times.count`.
    static func firstIndex(in times: [Int64], where predicate: (Int64) -> Bool) -> Int {
        var lo = 0
        var hi = times.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if predicate(times[mid]) { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }
}
