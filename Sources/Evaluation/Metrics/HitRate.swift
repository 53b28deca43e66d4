import Telemetry

/// HitRate@P% (METRICS.md §8): how well a detector's per-series contributions name the dimensions
/// that explain each labelled segment (SMD's interpretation labels).
///
/// For each labelled segment with true dimensions `G` (non-empty) and at least one detected row (a row of
/// the segment that alarms), every series is scored by its largest contribution over the detected rows;
/// the `⌊P·|G|/100⌋` best-scored series are compared with `G`: `hit = |top ∩ G| / |G|`. The segment hits
/// are averaged weighted by each segment's number of detected rows. Undetected segments are excluded and
/// counted, as are segments whose label names no series.
///
/// ``chance`` is the same weighted mean for a ranking drawn uniformly at random: a segment's expected hit is
/// `min(n, series)/series` with `n = ⌊P·|G|/100⌋` (the hypergeometric mean), which is large when `G` names
/// many of the series, as SMD's labels often do.
///
/// Ties (METRICS.md §8): series with equal scores form a block, and a block cut by the top-n boundary
/// counts its expected hits over a random order inside it — `t·k/b` for `t` true series among `b` with `k`
/// slots left — so a detector that gives every series the same contribution scores exactly the chance
/// level, and column order never matters. Non-finite contributions rank last (one block).
public struct HitRate: Sendable, Hashable {
    /// A labelled segment: its rows (in the evaluated rows) and the columns of its true dimensions.
    public struct Segment: Sendable, Hashable {
        /// Rows of the segment.
        public var rows: RowInterval
        /// Column indices of the true dimensions `G`.
        public var series: [Int]
        public init(rows: RowInterval, series: [Int]) {
            self.rows = rows
            self.series = series
        }
    }

    /// P, percent.
    public var percent: Int
    /// The weighted mean hit, or why it is undefined.
    public var value: MetricValue
    /// The expected value for a uniformly random ranking of the series (same segments and weights).
    public var chance: MetricValue
    /// Segments with dimensions and ≥ 1 detected row (those averaged).
    public var evaluatedSegments: Int
    /// Segments with dimensions but no detected row (excluded, counted).
    public var undetectedSegments: Int
    /// Segments whose label names no series (excluded, counted).
    public var segmentsWithoutSeries: Int

    /// Computes HitRate@`percent`.
    ///
    /// - Parameters:
    ///   - segments: the labelled segments; rows index `alarms` and `contributions`.
    ///   - alarms: one alarm flag per evaluated row.
    ///   - contributions: per-series contributions, one row per evaluated row (rows × series).
    ///   - percent: P (100 and 150 are the reported ones).
    /// - Throws: `EvaluationError.lengthMismatch` when `alarms` and `contributions` differ in rows,
    ///   `.invalidWindow` for a segment outside the rows or naming a column that does not exist,
    ///   `.invalidParameter` for `percent < 1`.
    public init(segments: [Segment], alarms: [Bool], contributions: MetricFrame, percent: Int, series name: String = "") throws {
        guard percent >= 1 else { throw EvaluationError.invalidParameter(name: "percent", reason: "\(percent) is below 1") }
        guard contributions.rows == alarms.count else {
            throw EvaluationError.lengthMismatch(
                series: name, what: "per-series contribution rows", expected: alarms.count, actual: contributions.rows)
        }
        self.percent = percent
        let d = contributions.columns
        var weighted = 0.0, weight = 0, chanceWeighted = 0.0
        var evaluated = 0, undetected = 0, empty = 0
        var best = [Double](repeating: 0, count: d)
        for (i, seg) in segments.enumerated() {
            guard seg.rows.start >= 0, seg.rows.end < alarms.count else {
                throw EvaluationError.invalidWindow(series: name, window: i, reason: "rows \(seg.rows) outside 0..<\(alarms.count)")
            }
            if let bad = seg.series.first(where: { $0 < 0 || $0 >= d }) {
                throw EvaluationError.invalidWindow(series: name, window: i, reason: "series column \(bad) outside 0..<\(d)")
            }
            let truth = Set(seg.series)
            guard !truth.isEmpty else { empty += 1; continue }
            let detected = (seg.rows.start...seg.rows.end).filter { alarms[$0] }
            guard !detected.isEmpty else { undetected += 1; continue }
            for c in 0..<d {
                best[c] = contributions.withColumn(c) { col in
                    var m = -Double.infinity
                    for r in detected where col[r].isFinite { m = Swift.max(m, col[r]) }
                    return m
                }
            }
            let hits = Self.expectedHits(best, count: percent * truth.count / 100, truth: truth)
            weighted += hits / Double(truth.count) * Double(detected.count)
            chanceWeighted += Double(Swift.min(percent * truth.count / 100, d)) / Double(d) * Double(detected.count)
            weight += detected.count
            evaluated += 1
        }
        evaluatedSegments = evaluated
        undetectedSegments = undetected
        segmentsWithoutSeries = empty
        if segments.count == empty {
            value = .undefined("no labelled segment names its series")
        } else if weight == 0 {
            value = .undefined("no segment with named series has a detected row")
        } else {
            value = .defined(weighted / Double(weight))
        }
        chance = weight == 0 ? value : .defined(chanceWeighted / Double(weight))
    }

    /// The expected number of `truth` columns among the `count` best-scored columns, ties broken by a
    /// uniformly random order inside each block of equal scores.
    static func expectedHits(_ scores: [Double], count: Int, truth: Set<Int>) -> Double {
        let order = scores.indices.sorted { scores[$0] > scores[$1] }
        var left = Swift.max(0, Swift.min(count, scores.count))
        var hits = 0.0
        var i = 0
        while left > 0 && i < order.count {
            var j = i
            while j < order.count && scores[order[j]] == scores[order[i]] { j += 1 }
            let block = j - i
            let inTruth = order[i..<j].filter { truth.contains($0) }.count
            if block <= left {
                hits += Double(inTruth)
                left -= block
            } else {
                hits += Double(inTruth) * Double(left) / Double(block)
                left = 0
            }
            i = j
        }
        return hits
    }

    /// The record parameters: P and the segment counts.
    public var parameters: [String: String] {
        [
            "percent": "\(percent)", "evaluated_segments": "\(evaluatedSegments)", "undetected_segments": "\(undetectedSegments)",
            "segments_without_series": "\(segmentsWithoutSeries)",
        ]
    }
}
