import LinearAlgebra
import Testing

@Suite struct BLASTests {
    static let transposeCases: [(Bool, Bool)] = [(false, false), (true, false), (false, true), (true, true)]

    @Test(arguments: transposeCases, [UInt64(1), 2, 3])
    func gemmMatchesNaiveProductForEveryTransposeCombination(transposes: (Bool, Bool), seed: UInt64) throws {
        let (ta, tb) = transposes
        let m = 7, n = 5, k = 11
        let a = TestMatrices.random(ta ? k : m, ta ? m : k, seed: seed)
        let b = TestMatrices.random(tb ? n : k, tb ? k : n, seed: seed &+ 100)
        let c0 = TestMatrices.random(m, n, seed: seed &+ 200)
        var c = c0
        try Matrix.gemm(a, b, into: &c, transposeA: ta, transposeB: tb, alpha: 0.5, beta: 2)
        let ref = TestMatrices.naiveProduct(ta ? a.transposed() : a, tb ? b.transposed() : b)
        for i in 0..<m {
            for j in 0..<n {
                // k = 11 products of values in [-1, 1]: absolute error ≤ k·ε·small.
                #expect(abs(c[i, j] - (0.5 * ref[i, j] + 2 * c0[i, j])) <= 1e-13)
            }
        }
        let product = try Matrix.multiply(a, b, transposeA: ta, transposeB: tb)
        #expect(product.maxAbsDifference(ref) <= 1e-13)
    }

    @Test func gemmWithMismatchedInnerDimensionsThrows() {
        let a = Matrix.zeros(rows: 3, columns: 4), b = Matrix.zeros(rows: 3, columns: 2)
        #expect(throws: LinearAlgebraError.self) { try Matrix.multiply(a, b) }
        // A·Aᵀ is 3×3, so a 4×4 destination is rejected; the 3×3 one is accepted.
        var wrong = Matrix.zeros(rows: 4, columns: 4)
        #expect(throws: LinearAlgebraError.self) { try Matrix.gemm(a, a, into: &wrong, transposeB: true) }
        var right = Matrix.zeros(rows: 3, columns: 3)
        #expect(throws: Never.self) { try Matrix.gemm(a, a, into: &right, transposeB: true) }
    }

    @Test func rawGemmReadsASubmatrixThroughTheLeadingDimension() throws {
        // A is the top 2×3 block of a 4×3 buffer (ld = 4); nothing is copied.
        let big = TestMatrices.random(4, 3, seed: 9)
        let b = TestMatrices.random(3, 2, seed: 10)
        var c = [Double](repeating: .nan, count: 4)
        try big.withUnsafeBufferPointer { pa in
            try b.withUnsafeBufferPointer { pb in
                try c.withUnsafeMutableBufferPointer { pc in
                    try BLAS.gemm(m: 2, n: 2, k: 3, a: pa, lda: 4, b: pb, ldb: 3, c: pc, ldc: 2)
                }
            }
        }
        var top = Matrix.zeros(rows: 2, columns: 3)
        for i in 0..<2 { for j in 0..<3 { top[i, j] = big[i, j] } }
        let ref = TestMatrices.naiveProduct(top, b)
        #expect(Matrix(unchecked: 2, 2, c).maxAbsDifference(ref) <= 1e-14)
    }

    @Test func rawGemmRejectsABufferTooShortForItsShape() {
        let a = [Double](repeating: 1, count: 5)
        var c = [Double](repeating: 0, count: 4)
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
    }

    @Test(arguments: [false, true])
    func gemvMatchesNaiveProduct(transpose: Bool) throws {
        let a = TestMatrices.random(6, 4, seed: 21)
        let x = TestMatrices.random(transpose ? 6 : 4, 1, seed: 22)
        let y = try a.multiplied(by: x.values, transpose: transpose)
        let ref = TestMatrices.naiveProduct(transpose ? a.transposed() : a, x)
        #expect(Matrix(unchecked: y.count, 1, y).maxAbsDifference(ref) <= 1e-14)
        #expect(throws: LinearAlgebraError.self) { try a.multiplied(by: [1, 2, 3], transpose: transpose) }
    }

    @Test(arguments: [UInt64(4), 5])
    func syrkEqualsTransposeTimesMatrix(seed: UInt64) throws {
        let a = TestMatrices.random(13, 5, seed: seed)
        let ref = TestMatrices.naiveProduct(a.transposed(), a)
        let g = try Matrix.gram(a)
        #expect(g.maxAbsDifference(ref) <= 1e-13)
        #expect(g == g.transposed())
        // The in-place form with β accumulates and touches only the chosen triangle.
        var c = Matrix.identity(5)
        try Matrix.syrk(a, into: &c, alpha: 2, beta: 3, triangle: .lower)
        for i in 0..<5 {
            for j in 0..<5 {
                let expected = i >= j ? 2 * ref[i, j] + (i == j ? 3 : 0) : 0
                #expect(abs(c[i, j] - expected) <= 1e-13)
            }
        }
        // AAᵀ form.
        var outer = Matrix.zeros(rows: 13, columns: 13)
        try Matrix.syrk(a, into: &outer, transpose: false)
        let refOuter = TestMatrices.naiveProduct(a, a.transposed())
        #expect(abs(outer[2, 9] - refOuter[2, 9]) <= 1e-13)
        var wrong = Matrix.zeros(rows: 4, columns: 4)
        #expect(throws: LinearAlgebraError.self) { try Matrix.syrk(a, into: &wrong) }
    }

    @Test func levelOneRoutinesAgreeWithHandComputedValues() throws {
        #expect(try BLAS.dot([1, 2, 3], [4, -5, 6]) == 12)
        var y: [Double] = [1, 1, 1]
        try BLAS.axpy(alpha: 2, x: [1, 2, 3], y: &y)
        #expect(y == [3, 5, 7])
        #expect(abs(BLAS.nrm2([3, 4]) - 5) <= 1e-15)
        // dnrm2 scales internally: no overflow where the naive sum of squares would give ∞.
        #expect(abs(BLAS.nrm2([3e200, 4e200]) / 5e200 - 1) <= 1e-15)
        #expect(BLAS.nrm2([]) == 0)
        #expect(throws: LinearAlgebraError.self) { try BLAS.dot([1], [1, 2]) }
        #expect(throws: LinearAlgebraError.self) { try BLAS.axpy(alpha: 1, x: [1], y: &y) }
    }
}
