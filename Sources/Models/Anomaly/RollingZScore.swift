/// Rolling z-score over the previous `window` values of one series: |x − mean| / std.
///
/// The mean and population standard deviation are those of the last `window` finite values *before*
/// x (so a spike does not hide itself by inflating its own window). Running sums of the values shifted
/// by the series' first finite value keep the update O(1); the sums are recomputed exactly from the
/// ring buffer every `window` insertions so rounding error cannot accumulate. The standard deviation is
/// floored at `minimumScale`. Formula, as computed: with n values in the window, sum S and sum of squares Q,
/// `z = |n·v − S| / sqrt(max(n·Q − S², (minimumScale·n)²))`.
///
/// - Scores are 0 until the window holds 2 values.
/// - NaN rule: a NaN (or infinite) value scores 0 and leaves the state unchanged.
/// - Complexity: O(1) per value, O(window) memory. The batch path runs in chunks: a serial pass
///   updates the sums, then a separate pass does the square roots and divisions (vectorisable).
public struct RollingZScore: UnivariateScorer, Equatable {
    /// Number of previous values the statistics cover (≥ 2).
    public let window: Int
    private var ring: [Double]
    private var count = 0
    private var head = 0
    private var sum = 0.0
    private var sumSq = 0.0
    private var shift = 0.0
    private var hasShift = false

    /// Creates the scorer.
    ///
    /// - Parameter window: number of previous values in the statistics; must be ≥ 2.
    public init(window: Int) {
        precondition(window >= 2, "RollingZScore window must be >= 2")
        self.window = window
        self.ring = [Double](repeating: 0, count: window)
    }

    @inline(__always)
    private static func z(num: Double, den: Double, floor: Double) -> Double {
        abs(num) / Swift.max(den, floor).squareRoot()
    }

    @inline(__always)
    private mutating func recompute(_ rb: UnsafeMutableBufferPointer<Double>) {
        var s = 0.0, q = 0.0
        for v in rb { s += v; q += v * v }
        sum = s
        sumSq = q
    }

    /// One value, with the ring given as a buffer. Shared by `score` and the warm-up of `scoreBatch`.
    @inline(__always)
    private mutating func step(_ x: Double, _ rb: UnsafeMutableBufferPointer<Double>) -> Double {
        guard x.isFinite else { return 0 }
        if !hasShift { shift = x; hasShift = true }
        let v = x - shift
        var out = 0.0
        if count >= 2 {
            let nD = Double(count)
            out = Self.z(num: v * nD - sum, den: sumSq * nD - sum * sum, floor: minimumScale * minimumScale * nD * nD)
        }
        if count < window {
            rb[count] = v
            sum += v
            sumSq += v * v
            count += 1
        } else {
            let old = rb[head]
            rb[head] = v
            sum += v - old
            sumSq += v * v - old * old
            head += 1
            if head == window { head = 0; recompute(rb) }
        }
        return out
    }

    /// Scores `x` against the previous window, then adds it.
    public mutating func score(_ x: Double) -> Double {
        var r = ring
        ring = []
        defer { ring = r }
        return r.withUnsafeMutableBufferPointer { step(x, $0) }
    }

    /// Scores `input` into `output`; bit-identical to calling `score` on each value.
    public mutating func scoreBatch(_ input: UnsafeBufferPointer<Double>, into output: UnsafeMutableBufferPointer<Double>) {
        precondition(input.count == output.count)
        let n = input.count
        var r = ring
        ring = []
        defer { ring = r }
        r.withUnsafeMutableBufferPointer { rb in
            var i = 0
            while i < n && count < window {
                output[i] = step(input[i], rb)
                i += 1
            }
            guard i < n else { return }
            // Steady state: the window is full, n = window is constant.
            let nD = Double(window)
            let floor = minimumScale * minimumScale * nD * nD
            let chunk = 512
            withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * chunk) { tmp in
                guard let base = tmp.baseAddress else { return }
                let num = base, den = base + chunk
                var s = sum, q = sumSq, h = head
                let k = shift, w = window
                while i < n {
                    let m = Swift.min(chunk, n - i)
                    for j in 0..<m {
                        let x = input[i + j]
                        if !x.isFinite { num[j] = 0; den[j] = 1; continue }
                        let v = x - k
                        num[j] = v * nD - s
                        den[j] = q * nD - s * s
                        let old = rb[h]
                        rb[h] = v
                        s += v - old
                        q += v * v - old * old
                        h += 1
                        if h == w {
                            h = 0
                            var s2 = 0.0, q2 = 0.0
                            for u in rb { s2 += u; q2 += u * u }
                            s = s2
                            q = q2
                        }
                    }
                    for j in 0..<m { output[i + j] = Self.z(num: num[j], den: den[j], floor: floor) }
                    i += m
                }
                sum = s
                sumSq = q
                head = h
            }
        }
    }
}
