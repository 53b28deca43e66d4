import Testing

@testable import Models

/// ECOD's sort with positions against a reference: a stable sort by the order-preserving key (−0.0 before
/// +0.0), for data whose key range fits 32 bits, needs more (runs resolved by comparison), or collides so
/// often that the full-width sort takes over.
@Suite struct RadixSortTests {
    static func reference(_ v: [Double]) -> (values: [Double], positions: [Int32]) {
        let order = v.indices.sorted { (RadixSort.orderKey(v[$0]), $0) < (RadixSort.orderKey(v[$1]), $1) }
        return (order.map { v[$0] }, order.map { Int32($0) })
    }

    static func check(_ v: [Double], _ label: String) {
        let got = v.withUnsafeBufferPointer { RadixSort.sortedWithPositions($0) }
        let full = v.withUnsafeBufferPointer { RadixSort.sortedWithPositionsFullWidth($0) }
        var kept = (values: [Double](repeating: 0, count: v.count), positions: [Int32](repeating: 0, count: v.count))
        if v.count > 64 {
            v.withUnsafeBufferPointer { src in
                kept.values.withUnsafeMutableBufferPointer { o in
                    kept.positions.withUnsafeMutableBufferPointer { p in RadixSort.sortWithPositionsKeptBits(src, into: o, positions: p) }
                }
            }
        }
        let want = reference(v)
        #expect(got.positions == want.positions, "\(label): positions")
        #expect(got.values.map(\.bitPattern) == want.values.map(\.bitPattern), "\(label): values")
        #expect(full.positions == want.positions, "\(label): full-width positions")
        if v.count > 64 {
            #expect(kept.positions == want.positions, "\(label): kept-bits positions")
            #expect(kept.values.map(\.bitPattern) == want.values.map(\.bitPattern), "\(label): kept-bits values")
        }
    }

    @Test func matchesAStableReferenceSort() {
        var g = SplitMix(seed: 7)
        let n = 5_000
        Self.check((0..<n).map { _ in g.unit() * 100 }, "uniform [0, 100)")
        Self.check(
            (0..<n).map { _ -> Double in
                let a = g.unit() - 0.5, b = g.unit() * g.unit(); return a * 1e300 * b
            }, "wide range, both signs")
        Self.check((0..<n).map { _ in Double(Int(g.unit() * 20)) }, "20 distinct values")
        Self.check((0..<n).map { _ in 1e12 + g.unit() * 1000 }, "narrow range at 1e12 (exact kept keys)")
        Self.check(
            (0..<n).map { _ -> Double in
                let u = g.unit(), v = g.unit(); return u < 0.5 ? 1e-300 * v : 1e300 * v
            }, "two far clusters")
        Self.check((0..<n).map { i -> Double in i % 3 == 0 ? -0.0 : (i % 3 == 1 ? 0.0 : g.unit()) }, "signed zeros")
        let fine: [Double] = (0..<n).map { i -> Double in
            let step: Double = 0x1p-52
            return i == 0 ? 1e300 : 1 + Double((n - i) % 977) * step
        }
        Self.check(fine, "fine detail beside an outlier (full-width fallback)")
        Self.check([Double](repeating: 3.5, count: n), "all equal")
        // Larger inputs for the first try's refusals: more than 2¹⁴ values in one byte-wide slice of the
        // range (a far outlier), detail below Float's precision (epoch seconds: Float collisions), a
        // Gaussian-like bulk with fixed-point collisions resolved in runs, and values equal in Float.
        let big = 60_000
        Self.check((0..<big).map { i -> Double in i == 17 ? 1e9 : g.unit() }, "outlier beside a dense bulk")
        Self.check((0..<big).map { _ in 1.7e9 + (g.unit() * 86_400).rounded() }, "epoch seconds over a day")
        Self.check(
            (0..<big).map { _ -> Double in
                let u = g.unit() + g.unit() + g.unit() - 1.5; return u * 4
            }, "bell-shaped, both signs")
        Self.check((0..<big).map { i -> Double in 1 + Double(i % 7) * 0x1p-40 }, "equal in Float, distinct in Double")
        Self.check((0..<n).map { Double($0) }, "already sorted")
        Self.check((0..<n).map { Double(n - $0) }, "reversed")
        Self.check((0..<50).map { _ in g.unit() }, "short")
        Self.check([], "empty")
    }

    @Test func theFiniteTryRefusesNaNAndInfinityWithoutWriting() {
        for bad in [Double.nan, .infinity, -.infinity] {
            var v = (0..<1_000).map { Double($0 % 97) }
            v[500] = bad
            var out = [Double](repeating: 7, count: v.count), positions = [Int32](repeating: 7, count: v.count)
            let sorted = v.withUnsafeBufferPointer { src in
                out.withUnsafeMutableBufferPointer { o in
                    positions.withUnsafeMutableBufferPointer { p in RadixSort.sortWithPositionsIfFinite(src, into: o, positions: p) }
                }
            }
            #expect(!sorted, "\(bad)")
            #expect(out.allSatisfy { $0 == 7 } && positions.allSatisfy { $0 == 7 }, "\(bad): nothing written")
        }
        // Infinities are ordered by the full-width fallback of the plain entry point.
        var v = (0..<1_000).map { Double(($0 * 37) % 1_000) }
        v[3] = .infinity
        v[4] = -.infinity
        let got = v.withUnsafeBufferPointer { RadixSort.sortedWithPositions($0) }
        #expect(got.values == v.sorted())
    }

    /// A tiny deterministic generator (the test must not depend on the system's).
    struct SplitMix {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func unit() -> Double {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Double((z ^ (z >> 31)) >> 11) / 9_007_199_254_740_992
        }
    }
}
