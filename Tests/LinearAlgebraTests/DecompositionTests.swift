import LinearAlgebra
import Testing

@Suite struct SingularValueDecompositionTests {
    @Test func diagonalMatrixHasItsSortedAbsoluteDiagonalAsSingularValues() throws {
        let s = try SingularValueDecomposition(try Matrix(rows: [[0, 0, 2], [0, -5, 0], [1, 0, 0]]))
        #expect(zip(s.singularValues, [5.0, 2, 1]).allSatisfy { abs($0 - $1) <= 1e-14 })
    }

    @Test(arguments: [(30, 6), (6, 30), (12, 12)], [UInt64(1), 2])
    func thinFactorsReconstructTheMatrix(shape: (Int, Int), seed: UInt64) throws {
        let (m, n) = shape
        let a = TestMatrices.random(m, n, seed: seed)
        let svd = try SingularValueDecomposition(a)
        let p = min(m, n)
        #expect(svd.u.rows == m && svd.u.columns == p && svd.vt.rows == p && svd.vt.columns == n)
        #expect(zip(svd.singularValues, svd.singularValues.dropFirst()).allSatisfy { $0 >= $1 })
        #expect(svd.singularValues.allSatisfy { $0 >= 0 })
        let usv = TestMatrices.naiveProduct(TestMatrices.scaleColumns(svd.u, svd.singularValues), svd.vt)
        // p·ε·σ₁ with σ₁ ≤ √(m·n): 1e-12 has margin for these sizes.
        #expect(usv.maxAbsDifference(a) <= 1e-12)
        #expect(TestMatrices.orthogonalityError(svd.u) <= 1e-12)
        #expect(TestMatrices.orthogonalityError(svd.vt.transposed()) <= 1e-12)
    }
}

@Suite struct QRDecompositionTests {
    @Test(arguments: [(20, 5), (5, 20), (9, 9)], [UInt64(3), 4])
    func qTimesREqualsAAndQIsOrthonormal(shape: (Int, Int), seed: UInt64) throws {
        let (m, n) = shape
        let a = TestMatrices.random(m, n, seed: seed)
        let qr = try QRDecomposition(a)
        let p = min(m, n)
        #expect(qr.q.rows == m && qr.q.columns == p && qr.r.rows == p && qr.r.columns == n)
        #expect(TestMatrices.naiveProduct(qr.q, qr.r).maxAbsDifference(a) <= 1e-13)
        #expect(TestMatrices.orthogonalityError(qr.q) <= 1e-13)
        for j in 0..<n { for i in 0..<p where i > j { #expect(qr.r[i, j] == 0) } }
    }
}

@Suite struct LeastSquaresTests {
    @Test func fitsALineThroughKnownPoints() throws {
        // y = 2 + 3x exactly, overdetermined 5×2 system.
        let xs: [Double] = [0, 1, 2, 3, 4]
        let a = try Matrix(rows: xs.map { [1, $0] })
        let ls = try LeastSquares(a, xs.map { 2 + 3 * $0 })
        #expect(ls.rank == 2)
        #expect(abs(ls.solution[0, 0] - 2) <= 1e-13 && abs(ls.solution[1, 0] - 3) <= 1e-13)
    }

    @Test func solutionSatisfiesTheNormalEquations() throws {
        let a = TestMatrices.random(25, 4, seed: 11)
        let b = TestMatrices.random(25, 2, seed: 12)
        let x = try LeastSquares(a, b).solution
        // Aᵀ(AX − B) = 0 at the least-squares optimum.
        var residual = TestMatrices.naiveProduct(a, x)
        for i in 0..<25 { for j in 0..<2 { residual[i, j] -= b[i, j] } }
        let gradient = TestMatrices.naiveProduct(a.transposed(), residual)
        #expect(TestMatrices.maxAbs(gradient) <= 1e-12)
    }

    @Test func rankDeficientMatrixReportsItsRankAndTheMinimumNormSolution() throws {
        // Column 3 = column 1 + column 2: rank 2.
        let base = TestMatrices.random(10, 2, seed: 13)
        var a = Matrix.zeros(rows: 10, columns: 3)
        for i in 0..<10 { a[i, 0] = base[i, 0]; a[i, 1] = base[i, 1]; a[i, 2] = base[i, 0] + base[i, 1] }
        let b = TestMatrices.naiveProduct(a, try Matrix(rows: [[1], [1], [1]]))
        let ls = try LeastSquares(a, b)
        #expect(ls.rank == 2)
        #expect(ls.singularValues.count == 3 && ls.singularValues[2] <= 1e-14 * ls.singularValues[0])
        // Minimum-norm solution of x₁ + x₃ = 2, x₂ + x₃ = 2 is (2/3, 2/3, 4/3).
        let expected: [Double] = [2.0 / 3, 2.0 / 3, 4.0 / 3]
        for i in 0..<3 { #expect(abs(ls.solution[i, 0] - expected[i]) <= 1e-12) }
    }

    @Test func mismatchedRowsThrowDimensionMismatch() {
        #expect(throws: LinearAlgebraError.self) { try LeastSquares(Matrix.identity(3), [1, 2]) }
    }
}

@Suite struct CholeskyTests {
    @Test func knownFactorOfATwoByTwo() throws {
        // [[4, 2], [2, 3]] = L·Lᵀ with L = [[2, 0], [1, √2]].
        let c = try Cholesky(try Matrix(rows: [[4, 2], [2, 3]]))
        #expect(c.factor.maxAbsDifference(try Matrix(rows: [[2, 0], [1, 2.0.squareRoot()]])) <= 1e-15)
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func solveSatisfiesAXEqualsB(seed: UInt64) throws {
        let a = TestMatrices.spd(12, seed: seed)
        let b = TestMatrices.random(12, 3, seed: seed &+ 50)
        let c = try Cholesky(a)
        #expect(TestMatrices.naiveProduct(c.factor, c.factor.transposed()).maxAbsDifference(a) <= 1e-12)
        let x = try c.solve(b)
        #expect(TestMatrices.naiveProduct(a, x).maxAbsDifference(b) <= 1e-12)
        let x0 = try c.solve(b.column(0))
        #expect(zip(x0, x.column(0)).allSatisfy { abs($0 - $1) <= 1e-14 })
    }

    @Test func indefiniteMatrixThrowsNotPositiveDefiniteWithTheMinorOrder() throws {
        // Leading 1×1 minor is 1 > 0, the 2×2 minor is 1 − 4 < 0.
        let a = try Matrix(rows: [[1, 2, 0], [2, 1, 0], [0, 0, 1]])
        let error = try #require(throws: LinearAlgebraError.self) { try Cholesky(a) }
        #expect(error == .notPositiveDefinite(routine: "dpotrf", order: 2))
    }

    @Test func shapeErrorsThrowDimensionMismatch() throws {
        #expect(throws: LinearAlgebraError.self) { try Cholesky(Matrix.zeros(rows: 2, columns: 3)) }
        let c = try Cholesky(Matrix.identity(3))
        #expect(throws: LinearAlgebraError.self) { try c.solve([1, 2]) }
    }
}

@Suite struct GeneralSolveTests {
    @Test(arguments: [UInt64(1), 2])
    func solutionSatisfiesAXEqualsB(seed: UInt64) throws {
        let a = TestMatrices.random(15, 15, seed: seed)
        let b = TestMatrices.random(15, 4, seed: seed &+ 7)
        let x = try Matrix.solve(a, b)
        // Residual ~ n·ε·‖A‖·‖X‖; random 15×15 matrices are well conditioned enough for 1e-10.
        #expect(TestMatrices.naiveProduct(a, x).maxAbsDifference(b) <= 1e-10)
    }

    @Test func knownTwoByTwoSystem() throws {
        // x + 2y = 5, 3x + 4y = 6 → x = −4, y = 4.5.
        let x = try Matrix.solve(try Matrix(rows: [[1, 2], [3, 4]]), [5, 6])
        #expect(abs(x[0] + 4) <= 1e-14 && abs(x[1] - 4.5) <= 1e-14)
    }

    @Test func singularMatrixThrowsSingularWithTheZeroPivot() throws {
        let a = try Matrix(rows: [[1, 2], [2, 4]])
        let error = try #require(throws: LinearAlgebraError.self) { try Matrix.solve(a, [1, 1]) }
        #expect(error == .singular(routine: "dgesv", info: 2))
        #expect(error.description.contains("dgesv"))
    }

    @Test func shapeErrorsThrowDimensionMismatch() {
        #expect(throws: LinearAlgebraError.self) { try Matrix.solve(Matrix.zeros(rows: 2, columns: 3), [1, 2]) }
        #expect(throws: LinearAlgebraError.self) { try Matrix.solve(Matrix.identity(2), [1, 2, 3]) }
    }
}
