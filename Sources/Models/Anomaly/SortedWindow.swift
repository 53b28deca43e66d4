/// A bounded window of the last `capacity` values, kept both in arrival order (a ring) and sorted.
///
/// Insertion and eviction use binary search plus one `memmove`-like shift: O(log W) comparisons and
/// O(W) moves worst case per value. Median and median absolute deviation are read from the sorted copy.
public struct SortedWindow: Sendable, Equatable {
    /// Maximum number of values held.
    public let capacity: Int
    private var ring: [Double]
    private var head = 0
    /// The held values, ascending.
    public private(set) var sorted: [Double]

    /// Creates an empty window holding at most `capacity` (≥ 1) values.
    public init(capacity: Int) {
        precondition(capacity >= 1)
        self.capacity = capacity
        self.ring = []
        self.sorted = []
        ring.reserveCapacity(capacity)
        sorted.reserveCapacity(capacity)
    }

    /// Number of values held.
    public var count: Int { sorted.count }

    /// Index of the first element of `sorted` that is `>= x` (`> x` when `upper`).
    private func bound(_ x: Double, upper: Bool) -> Int {
        var lo = 0, hi = sorted.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if sorted[mid] < x || (upper && sorted[mid] == x) { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// Adds a finite value, evicting the oldest when full.
    public mutating func push(_ x: Double) {
        if ring.count < capacity {
            ring.append(x)
        } else {
            let old = ring[head]
            ring[head] = x
            head = (head + 1) % capacity
            sorted.remove(at: bound(old, upper: false))
        }
        sorted.insert(x, at: bound(x, upper: true))
    }

    /// The median of the held values (mean of the two middle ones for an even count); 0 when empty.
    public var median: Double {
        let n = sorted.count
        guard n > 0 else { return 0 }
        return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2])
    }

    /// The median of |x − median| over the held values; 0 when empty.
    ///
    /// - Complexity: O(W): the deviations left and right of the median are each sorted, so the two
    ///   middle order statistics come from a merge walk outward from the median.
    public var medianAbsoluteDeviation: Double {
        let n = sorted.count
        guard n > 0 else { return 0 }
        let med = median
        // Left deviations ascending: sorted[l] going down from the split; right: sorted[r] going up.
        var l = bound(med, upper: false) - 1
        var r = l + 1
        let kHigh = n / 2  // 0-based index of the upper middle deviation
        let kLow = (n - 1) / 2  // lower middle
        var lowValue = 0.0
        var k = 0
        while true {
            let dl = l >= 0 ? med - sorted[l] : Double.infinity
            let dr = r < n ? sorted[r] - med : Double.infinity
            let d: Double
            if dl <= dr { d = dl; l -= 1 } else { d = dr; r += 1 }
            if k == kLow { lowValue = d }
            if k == kHigh { return 0.5 * (lowValue + d) }
            k += 1
        }
    }

    /// The mean of |x − median| over the held values; 0 when empty.
    ///
    /// - Complexity: O(W).
    public var meanAbsoluteDeviation: Double {
        guard !sorted.isEmpty else { return 0 }
        let med = median
        var acc = 0.0
        for v in sorted { acc += abs(v - med) }
        return acc / Double(sorted.count)
    }
}
