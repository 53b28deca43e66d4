import LinearAlgebra
import Testing

@Suite struct BLASFloatTests {
    /// `sgemm` on raw buffers for the given transposes, α = 0.5, β = 2.
    static func product(_ ta: Bool, _ tb: Bool, m: Int, n: Int, k: Int, a: [Float], b: [Float], c0: [Float]) throws -> [Float] {
        var c = c0
        try a.withUnsafeBufferPointer { pa in
            try b.withUnsafeBufferPointer { pb in
                try c.withUnsafeMutableBufferPointer { pc in
                    try BLAS.gemm(
                        transposeA: ta, transposeB: tb, m: m, n: n, k: k, alpha: 0.5,
                        a: pa, lda: max(1, ta ? k : m), b: pb, ldb: max(1, tb ? n : k), beta: 2, c: pc, ldc: m)
                }
            }
        }
        return c
    }

    @Test(arguments: [(false, false), (true, false), (false, true), (true, true)])
    func floatGemmMatchesTheDoubleProductWithinSinglePrecisionRounding(_ transposes: (Bool, Bool)) throws {
        let (ta, tb) = transposes
        let m = 9, n = 6, k = 40
        let a = TestMatrices.random(ta ? k : m, ta ? m : k, seed: 3).values.map { Float($0) }
        let b = TestMatrices.random(tb ? n : k, tb ? k : n, seed: 4).values.map { Float($0) }
        let c0 = TestMatrices.random(m, n, seed: 5).values.map { Float($0) }
        let c = try Self.product(ta, tb, m: m, n: n, k: k, a: a, b: b, c0: c0)
        func at(_ v: [Float], _ rows: Int, _ i: Int, _ j: Int) -> Double { Double(v[j * rows + i]) }
        for i in 0..<m {
            for j in 0..<n {
                var exact = 0.0, magnitude = 0.0
                for p in 0..<k {
                    let x = ta ? at(a, k, p, i) : at(a, m, i, p)
                    let y = tb ? at(b, n, j, p) : at(b, k, p, j)
                    exact += x * y
                    magnitude += abs(x * y)
                }
                let expected = 0.5 * exact + 2 * Double(c0[j * m + i])
                // Single-precision accumulation of k products: |error| ≤ k·2⁻²⁴·Σ|aᵢbᵢ| (+ the β term's rounding).
                let bound = Double(k + 2) * 0x1p-24 * (magnitude + 4)
                #expect(abs(Double(c[j * m + i]) - expected) <= bound)
            }
        }
    }

    @Test func floatGemmRejectsShortBuffersAndSmallLeadingDimensions() {
        let a = [Float](repeating: 1, count: 5)
        var c = [Float](repeating: 0, count: 4)
        #expect(throws: LinearAlgebraError.self) {
            try a.withUnsafeBufferPointer { pa in
                try c.withUnsafeMutableBufferPointer { pc in
                    try BLAS.gemm(m: 2, n: 2, k: 3, a: pa, lda: 2, b: pa, ldb: 3, c: pc, ldc: 2)
                }
            }
        }
        #expect(throws: LinearAlgebraError.self) {
            try a.withUnsafeBufferPointer { pa in
                try c.withUnsafeMutableBufferPointer { pc in
                    try BLAS.gemm(m: 2, n: 2, k: 2, a: pa, lda: 1, b: pa, ldb: 2, c: pc, ldc: 2)
                }
            }
        }
        #expect(throws: LinearAlgebraError.self) {
            try a.withUnsafeBufferPointer { pa in
                try c.withUnsafeMutableBufferPointer { pc in
                    try BLAS.gemm(m: -1, n: 2, k: 2, a: pa, lda: 2, b: pa, ldb: 2, c: pc, ldc: 2)
                }
            }
        }
    }

    @Test func floatGemmWithAnEmptyInnerDimensionOnlyScalesC() throws {
        let none: [Float] = []
        let c = try Self.product(false, false, m: 2, n: 2, k: 0, a: none, b: none, c0: [1, 2, 3, 4])
        #expect(c == [2, 4, 6, 8])
    }
}
