import Telemetry

/// One side of a fidelity comparison on the comparison step (METRICS.md §12.2): every series but counters as
/// bucket means on one grid (those without a family serve the fault rows only), the series left out of the
/// families with why, and the labelled faults.
///
/// Bucket `k` covers `[originMs + k·stepMs, originMs + (k+1)·stepMs)`; its time is its centre. The origin is
/// the earliest recorded timestamp less half that block's recorded step, so a series already at the
/// comparison step keeps one sample per bucket, centred, even when its clock jitters.
public struct FidelityGrid: Sendable {
    /// A series on the grid.
    public struct Series: Sendable {
        /// Identifier, entity and metric as recorded.
        public var id: String
        public var entity: String
        public var metric: String
        /// Its family (nil: no family; read by the fault rows only).
        public var family: MetricFamily?
        /// A request rate in requests per second.
        public var perSecond: Bool
        /// Grid bucket of `values[0]`.
        public var first: Int
        /// Bucket means (NaN for an empty bucket), from the first to the last bucket holding a finite value.
        public var values: [Double]
        /// The step it was recorded at (its block's).
        public var nativeStepMs: Int64
        /// Lag-1 autocorrelation at that step (bucket means on a grid of the native step).
        public var nativeLag1: Double?

        /// The value in grid bucket `k` (NaN outside the series).
        @inlinable public func value(atBucket k: Int) -> Double {
            let i = k - first
            return i >= 0 && i < values.count ? values[i] : .nan
        }
    }

    /// Name and format of the recording.
    public var name: String
    public var format: String
    /// Start of bucket 0 (epoch ms).
    public var originMs: Int64
    /// The comparison step.
    public var stepMs: Int64
    /// The step this side was recorded at: the largest of its blocks' (nothing is upsampled).
    public var nativeStepMs: Int64
    /// Every series but counters, in recording order.
    public var series: [Series]
    /// Series left out of the families, by the reader or here, with why.
    public var skipped: [Recording.Skipped]
    /// Labelled faults, in start order.
    public var faults: [Recording.Fault]
    /// Whether the recording labels its faults.
    public var hasGroundTruth: Bool

    /// Centre of bucket `k` (epoch ms).
    @inlinable public func centreMs(ofBucket k: Int) -> Int64 { originMs + Int64(k) * stepMs + stepMs / 2 }

    /// The buckets any series covers, `first..<end` (empty when there are no series).
    public var bucketRange: Range<Int> {
        guard let lo = series.map(\.first).min(), let hi = series.map({ $0.first + $0.values.count }).max() else { return 0..<0 }
        return lo..<hi
    }

    /// The recording's step: the largest recorded step among the blocks holding a series that is not a counter
    /// (nil when none has two rows).
    public static func nativeStepMs(of recording: Recording) -> Int64? {
        recording.blocks.compactMap { block -> Int64? in
            guard block.series.contains(where: Self.isResampled) else { return nil }
            return FidelityResampling.nativeStepMs(block.timestamps)
        }.max()
    }

    /// Every series but counters is resampled.
    static func isResampled(_ s: SeriesDescriptor) -> Bool {
        let a = MetricFamily.classify(s)
        return a.family != nil || a.skipReason == MetricFamily.unclassifiedReason
    }

    /// Resamples `recording` to `stepMs`: every series is classified (`MetricFamily.classify`), transformed
    /// and averaged per bucket; counters are left out.
    ///
    /// - Parameter stepMs: the comparison step, at least the recording's own (`nativeStepMs(of:)`).
    /// - Throws: `DataError` (exit 3) when no series can be resampled.
    public init(recording: Recording, stepMs: Int64) throws {
        precondition(stepMs > 0, "comparison step must be positive")
        name = recording.name
        format = recording.format
        self.stepMs = stepMs
        faults = recording.faults
        hasGroundTruth = recording.hasGroundTruth
        var skipped = recording.skipped
        // Origin: the earliest first timestamp less half its block's step.
        var origin = Int64.max, native: Int64 = 0
        var blockSteps: [Int64?] = []
        for block in recording.blocks {
            let step = FidelityResampling.nativeStepMs(block.timestamps)
            blockSteps.append(step)
            guard let step, block.series.contains(where: Self.isResampled), let t0 = block.timestamps.first else { continue }
            origin = min(origin, t0 - step / 2)
            native = max(native, step)
        }
        var out: [Series] = []
        for (b, block) in recording.blocks.enumerated() {
            for (j, s) in block.series.enumerated() {
                let a = MetricFamily.classify(s)
                if let reason = a.skipReason {
                    skipped.append(Recording.Skipped(seriesId: s.id, reason: reason))
                    if reason != MetricFamily.unclassifiedReason { continue }
                }
                guard let step = blockSteps[b], origin != .max else {
                    if a.family != nil { skipped.append(Recording.Skipped(seriesId: s.id, reason: "fewer than 2 rows")) }
                    continue
                }
                let (first, values, nativeLag1) = block.timestamps.withUnsafeBufferPointer { t in
                    block.frame.withColumn(j) { x in
                        let grid = FidelityResampling.bucketMeans(times: t, values: x, originMs: origin, stepMs: stepMs, transform: a.transform)
                        let own = FidelityResampling.bucketMeans(
                            times: t, values: x, originMs: (block.timestamps.first ?? 0) - step / 2, stepMs: step, transform: a.transform)
                        return (grid.first, grid.values, SeriesStatistics.moments(own.values).lag1)
                    }
                }
                guard !values.isEmpty else {
                    if a.family != nil { skipped.append(Recording.Skipped(seriesId: s.id, reason: "no finite values")) }
                    continue
                }
                out.append(
                    Series(
                        id: s.id, entity: s.entity, metric: s.metric, family: a.family, perSecond: a.perSecond, first: first, values: values,
                        nativeStepMs: step, nativeLag1: nativeLag1))
            }
        }
        guard !out.isEmpty else {
            throw DataError(
                "\(recording.name): no series to compare (\(skipped.count) skipped: \(Self.reasonCounts(skipped)))",
                hint: "METRICS.md §12.1 lists the metric names each family takes")
        }
        originMs = origin
        nativeStepMs = native
        series = out
        self.skipped = skipped
    }

    /// `reason ×count` pairs, most frequent first, for messages.
    static func reasonCounts(_ skipped: [Recording.Skipped]) -> String {
        var counts: [String: Int] = [:]
        for s in skipped { counts[s.reason, default: 0] += 1 }
        return counts.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { "\($0.key) ×\($0.value)" }.joined(separator: ", ")
    }
}

/// Bucket means and recorded steps (METRICS.md §12.2).
public enum FidelityResampling {
    /// The recorded step of a clock: the median of its positive consecutive differences (type 7), rounded to
    /// whole seconds when at least one second; nil for fewer than 2 timestamps.
    public static func nativeStepMs(_ times: [Int64]) -> Int64? {
        let d = zip(times, times.dropFirst()).map { Double($1 - $0) }.filter { $0 > 0 }
        guard let m = Quantile.type7(d, 0.5) else { return nil }
        if m >= 1_000 { return max(1_000, Int64((m / 1_000).rounded()) * 1_000) }
        return max(1, Int64(m.rounded()))
    }

    /// The mean of the finite (transformed) values in each bucket `⌊(t − origin)/step⌋`, from the first to the
    /// last bucket holding one; NaN for an empty bucket in between.
    ///
    /// - Parameters:
    ///   - times: epoch ms, increasing, each at or after `originMs`.
    ///   - values: one per timestamp.
    /// - Returns: the first bucket and the means (empty when no value is finite).
    /// - Complexity: O(n) over contiguous buffers.
    public static func bucketMeans(
        times: UnsafeBufferPointer<Int64>, values: UnsafeBufferPointer<Double>, originMs: Int64, stepMs: Int64,
        transform: MetricFamily.Transform = .identity
    ) -> (first: Int, values: [Double]) {
        precondition(times.count == values.count && stepMs > 0)
        var lo = 0, hi = -1, found = false
        for i in 0..<times.count where transform.apply(values[i]).isFinite {
            let k = Int(floorDiv(times[i] - originMs, stepMs))
            if !found { lo = k }
            found = true
            hi = k
        }
        guard found, hi >= lo else { return (0, []) }
        var sums = [Double](repeating: 0, count: hi - lo + 1)
        var counts = [Int32](repeating: 0, count: hi - lo + 1)
        sums.withUnsafeMutableBufferPointer { s in
            counts.withUnsafeMutableBufferPointer { c in
                for i in 0..<times.count {
                    let v = transform.apply(values[i])
                    guard v.isFinite else { continue }
                    let k = Int(floorDiv(times[i] - originMs, stepMs)) - lo
                    s[k] += v
                    c[k] += 1
                }
                for k in 0..<s.count { s[k] = c[k] > 0 ? s[k] / Double(c[k]) : .nan }
            }
        }
        return (lo, sums)
    }

    /// Bucket means of arrays (tests and small inputs).
    public static func bucketMeans(times: [Int64], values: [Double], originMs: Int64, stepMs: Int64) -> (first: Int, values: [Double]) {
        times.withUnsafeBufferPointer { t in values.withUnsafeBufferPointer { bucketMeans(times: t, values: $0, originMs: originMs, stepMs: stepMs) }
        }
    }

    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }
}
