/// A ring of the last `capacity` finite values with their running sum and sum of squares.
///
/// Values are shifted by the first value pushed, and the sums are recomputed exactly from the ring
/// every `capacity` evictions, so rounding error stays bounded. O(1) amortised per push.
public struct RollingSums: Sendable, Equatable {
    /// Maximum number of values held (≥ 1).
    public let capacity: Int
    private var ring: [Double]
    private var head = 0
    /// Number of values held.
    public private(set) var count = 0
    private var sum = 0.0
    private var sumSq = 0.0
    private var shift = 0.0
    private var hasShift = false

    /// Creates an empty ring holding at most `capacity` values.
    public init(capacity: Int) {
        precondition(capacity >= 1)
        self.capacity = capacity
        self.ring = [Double](repeating: 0, count: capacity)
    }

    /// Adds `x`; returns the evicted (oldest) value when the ring was full.
    @discardableResult
    public mutating func push(_ x: Double) -> Double? {
        if !hasShift { shift = x; hasShift = true }
        let v = x - shift
        if count < capacity {
            ring[count] = v
            count += 1
            sum += v
            sumSq += v * v
            return nil
        }
        let old = ring[head]
        ring[head] = v
        sum += v - old
        sumSq += v * v - old * old
        head += 1
        if head == capacity {
            head = 0
            var s = 0.0, q = 0.0
            for u in ring { s += u; q += u * u }
            sum = s
            sumSq = q
        }
        return old + shift
    }

    /// Mean of the held values (0 when empty).
    public var mean: Double { count > 0 ? sum / Double(count) + shift : 0 }
    /// Population variance of the held values (0 when fewer than 2).
    public var variance: Double {
        guard count > 1 else { return 0 }
        let m = sum / Double(count)
        return Swift.max(sumSq / Double(count) - m * m, 0)
    }
}
