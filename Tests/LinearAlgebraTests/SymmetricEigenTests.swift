import LinearAlgebra
import Testing

@Suite struct SymmetricEigenTests {
    @Test func twoByTwoHasKnownEigenpairs() throws {
        // [[2, 1], [1, 2]]: λ = 1 with (1, −1)/√2 and λ = 3 with (1, 1)/√2.
        let e = try SymmetricEigen(try Matrix(rows: [[2, 1], [1, 2]]))
        #expect(abs(e.values[0] - 1) <= 1e-14 && abs(e.values[1] - 3) <= 1e-14)
        let v1 = e.vectors.column(1)
        #expect(abs(abs(v1[0]) - 0.5.squareRoot()) <= 1e-14 && abs(v1[0] - v1[1]) <= 1e-14)
        let v0 = e.vectors.column(0)
        #expect(abs(v0[0] + v0[1]) <= 1e-14)
    }

    @Test(arguments: [UInt64(1), 2, 3], [1, 8, 38])
    func eigenpairsSatisfyAvEqualsLambdaV(seed: UInt64, n: Int) throws {
        let b = TestMatrices.random(n, n, seed: seed)
        let a = TestMatrices.naiveProduct(b.transposed(), b)  // symmetric PSD, entries ≲ n
        let e = try SymmetricEigen(a)
        #expect(e.values.count == n && e.vectors.rows == n && e.vectors.columns == n)
        #expect(zip(e.values, e.values.dropFirst()).allSatisfy { $0 <= $1 })
        // Residual tolerance: n·ε·‖A‖ with ‖A‖ ≤ n² here; 1e-11 covers n = 38 with margin.
        let av = TestMatrices.naiveProduct(a, e.vectors)
        let lv = TestMatrices.scaleColumns(e.vectors, e.values)
        #expect(av.maxAbsDifference(lv) <= 1e-11)
        #expect(TestMatrices.orthogonalityError(e.vectors) <= 1e-12)
    }

    @Test func selectedIndexRangeMatchesTheFullDecomposition() throws {
        let a = TestMatrices.spd(10, seed: 5)
        let all = try SymmetricEigen(a)
        let top = try SymmetricEigen(a, indices: 7..<10)
        #expect(top.values.count == 3 && top.vectors.columns == 3)
        for i in 0..<3 {
            #expect(abs(top.values[i] - all.values[7 + i]) <= 1e-11)
            let dot = zip(top.vectors.column(i), all.vectors.column(7 + i)).reduce(0) { $0 + $1.0 * $1.1 }
            #expect(abs(abs(dot) - 1) <= 1e-10)  // same vector up to sign
        }
        let lower = try SymmetricEigen(a, indices: 0..<10, triangle: .lower)
        #expect(zip(lower.values, all.values).allSatisfy { abs($0 - $1) <= 1e-11 })
    }

    @Test func nonSquareOrBadRangeThrowsDimensionMismatch() {
        #expect(throws: LinearAlgebraError.self) { try SymmetricEigen(Matrix.zeros(rows: 2, columns: 3)) }
        #expect(throws: LinearAlgebraError.self) { try SymmetricEigen(Matrix.identity(3), indices: 2..<4) }
        #expect(throws: LinearAlgebraError.self) { try SymmetricEigen(Matrix.identity(3), indices: 1..<1) }
    }

    @Test func nanInputThrowsInvalidArgumentNamingTheMatrix() throws {
        var a = Matrix.identity(3)
        a[0, 1] = .nan
        a[1, 0] = .nan
        let error = try #require(throws: LinearAlgebraError.self) { try SymmetricEigen(a) }
        #expect(error == .invalidArgument(routine: "dsyevr", index: 6, name: "a"))
    }
}
