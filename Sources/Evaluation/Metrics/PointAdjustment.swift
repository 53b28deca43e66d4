/// Point adjustment and PA%K (METRICS §3).
///
/// A true segment S is adjusted (all its rows count as detected) iff
/// `|{t ∈ S : ŷ_t = 1}| > (K/100)·|S|` (strict); K = 0 is plain PA, K = 100 is point-wise.
/// False positives are never changed.
public enum PointAdjustment {
    /// F1 after PA%K adjustment for one K, and the counts it came from.
    public struct Point: Sendable, Hashable {
        /// K in percent.
        public var k: Int
        /// Counts after adjustment.
        public var counts: ConfusionCounts
        /// F1 of `counts`.
        public var f1: MetricValue { counts.f1 }
    }

    /// The PA%K curve over a grid of K and its trapezoid area.
    public struct Curve: Sendable, Hashable {
        /// One point per K of the grid, in grid order.
        public var points: [Point]
        /// `AUC_PA%K` by the trapezoid rule over K/100 (∈ [0, 1] for the grid 0…100).
        public var auc: MetricValue
    }

    /// The default grid K = 0, 10, …, 100.
    public static let defaultGrid: [Int] = Array(stride(from: 0, through: 100, by: 10))

    /// Number of alarmed rows inside each event.
    ///
    /// - Complexity: O(Σ|S|).
    public static func detectedRows(events: [RowInterval], alarms: [Bool]) -> [Int] {
        alarms.withUnsafeBufferPointer { a in
            events.map { e in
                var c = 0
                for t in e.start...e.end where a[t] { c += 1 }
                return c
            }
        }
    }

    /// Counts after PA%K adjustment at `k` percent.
    ///
    /// - Parameters:
    ///   - base: point-wise counts.
    ///   - events: the true segments.
    ///   - detected: alarmed rows per segment (`detectedRows`).
    ///   - k: K in percent (the comparison is done in integers: `100·hits > K·|S|`).
    public static func adjusted(base: ConfusionCounts, events: [RowInterval], detected: [Int], k: Int) -> ConfusionCounts {
        var c = base
        for (i, e) in events.enumerated() where detected[i] > 0 && 100 * detected[i] > k * e.count {
            let gained = e.count - detected[i]
            c.tp += gained
            c.fn -= gained
        }
        return c
    }

    /// PA-F1 (K = 0).
    public static func f1(base: ConfusionCounts, events: [RowInterval], detected: [Int]) -> MetricValue {
        adjusted(base: base, events: events, detected: detected, k: 0).f1
    }

    /// F1_PA%K over `grid` and `AUC_PA%K = Σ_i (K_{i+1} − K_i)/100 · (F1(K_i) + F1(K_{i+1}))/2`.
    ///
    /// - Throws: `EvaluationError.invalidParameter` for a grid that is not strictly increasing within 0…100
    ///   or has fewer than two points.
    public static func curve(
        base: ConfusionCounts, events: [RowInterval], detected: [Int],
        grid: [Int] = defaultGrid
    ) throws -> Curve {
        guard grid.count >= 2 else { throw EvaluationError.invalidParameter(name: "K grid", reason: "needs at least two values") }
        for i in grid.indices {
            if grid[i] < 0 || grid[i] > 100 {
                throw EvaluationError.invalidParameter(name: "K grid", reason: "\(grid[i]) outside 0…100")
            }
            if i > 0 && grid[i] <= grid[i - 1] {
                throw EvaluationError.invalidParameter(name: "K grid", reason: "not strictly increasing")
            }
        }
        let points = grid.map { Point(k: $0, counts: adjusted(base: base, events: events, detected: detected, k: $0)) }
        var area = 0.0
        var undefinedReason: String?
        for i in 0..<(points.count - 1) {
            guard let a = points[i].f1.value, let b = points[i + 1].f1.value else {
                undefinedReason = "F1 undefined at K = \(points[i].f1.value == nil ? points[i].k : points[i + 1].k)"
                break
            }
            area += Double(grid[i + 1] - grid[i]) / 100 * (a + b) / 2
        }
        return Curve(points: points, auc: undefinedReason.map { .undefined($0) } ?? .defined(area))
    }
}
