/// Rolling z-score over the previous `window` values of one series: |x − mean| / std.
///
/// The mean and population standard deviation are those of the last `window` finite values *before*
/// x (so a spike does not hide itself by inflating its own window). Running sums of the values shifted
/// by the series' first finite value keep the update O(1); the sums are recomputed exactly from the
/// ring buffer every 16·`window` insertions so rounding error cannot accumulate. The standard deviation is
/// floored at `minimumScale`. Formula, as computed: with n values in the window, sum S and sum of squares Q,
/// `z = |n·v − S| / sqrt(max(n·Q − S², (minimumScale·n)²))`, the inverse square root taken by Newton
/// iteration (a few ulp, deterministic; see `inverseSquareRoot`).
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
    private var wraps = 0

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
        abs(num) * inverseSquareRoot(den > floor ? den : floor)
    }

    /// 1/√x for a positive normal x, by the bit-pattern estimate and four Newton steps (relative error a
    /// few ulp). Pure arithmetic, so it vectorises and gives identical bits on every platform — unlike
    /// `squareRoot()`, which on Linux goes through libm's `sqrt` (errno) and stays scalar.
    @inline(__always)
    static func inverseSquareRoot(_ x: Double) -> Double {
        var y = Double(bitPattern: 0x5FE6_EB50_C7B5_37A9 &- (x.bitPattern >> 1))
        let half = 0.5 * x
        y = y * (1.5 - half * y * y)
        y = y * (1.5 - half * y * y)
        y = y * (1.5 - half * y * y)
        y = y * (1.5 - half * y * y)
        return y
    }

    /// Sum and sum of squares of the ring, with four partial accumulators (fixed order, so deterministic).
    @inline(__always)
    private static func exactSums(_ rb: UnsafeMutableBufferPointer<Double>) -> (Double, Double) {
        var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
        var q0 = 0.0, q1 = 0.0, q2 = 0.0, q3 = 0.0
        let n = rb.count
        var i = 0
        while i + 4 <= n {
            let a = rb[i], b = rb[i + 1], c = rb[i + 2], d = rb[i + 3]
            s0 += a; s1 += b; s2 += c; s3 += d
            q0 += a * a; q1 += b * b; q2 += c * c; q3 += d * d
            i += 4
        }
        while i < n {
            let a = rb[i]
            s0 += a
            q0 += a * a
            i += 1
        }
        return ((s0 + s1) + (s2 + s3), (q0 + q1) + (q2 + q3))
    }

    /// The ring wraps every `window` insertions; the sums are recomputed exactly every `recomputeWraps` wraps.
    private static let recomputeWraps = 16

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
            if head == window {
                head = 0
                wraps += 1
                if wraps == Self.recomputeWraps {
                    wraps = 0
                    (sum, sumSq) = Self.exactSums(rb)
                }
            }
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
                guard let base = tmp.baseAddress, let outBase = output.baseAddress else { return }
                let num = base, den = base + chunk
                var s = sum, q = sumSq, h = head, wr = wraps
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
                            wr += 1
                            if wr == Self.recomputeWraps {
                                wr = 0
                                (s, q) = Self.exactSums(rb)
                            }
                        }
                    }
                    let dst = outBase + i
                    for j in 0..<m { dst[j] = Self.z(num: num[j], den: den[j], floor: floor) }
                    i += m
                }
                sum = s
                sumSq = q
                head = h
                wraps = wr
            }
        }
    }
}
