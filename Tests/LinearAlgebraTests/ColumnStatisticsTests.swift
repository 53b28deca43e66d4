import LinearAlgebra
import Testing

@Suite struct ColumnStatisticsTests {
    /// Naive two-pass reference.
    static func reference(_ x: Matrix) -> (means: [Double], gram: Matrix) {
        let mu = (0..<x.columns).map { j in x.column(j).reduce(0, +) / Double(x.rows) }
        var g = Matrix.zeros(rows: x.columns, columns: x.columns)
        for a in 0..<x.columns {
            for b in 0..<x.columns {
                var s = 0.0
                for i in 0..<x.rows { s += (x[i, a] - mu[a]) * (x[i, b] - mu[b]) }
                g[a, b] = s
            }
        }
        return (mu, g)
    }

    @Test(arguments: [1, 7, 64, 1000])
    func blockedCentredGramMatchesTheNaiveTwoPassResult(blockRows: Int) throws {
        var x = TestMatrices.random(203, 5, seed: 3)
        for i in 0..<203 { x[i, 2] += 1000 }  // a large offset: centring must remove it
        let ref = Self.reference(x)
        let g = try x.withUnsafeBufferPointer { p in
            let mu = try ColumnStatistics.means(p, rows: 203, columns: 5, ld: 203)
            #expect(zip(mu, ref.means).allSatisfy { abs($0 - $1) <= 1e-12 * max(1, abs($1)) })
            return try ColumnStatistics.centeredGram(p, rows: 203, columns: 5, ld: 203, means: mu, blockRows: blockRows)
        }
        #expect(g.maxAbsDifference(ref.gram) <= 1e-10)
        #expect(g == g.transposed())
    }

    @Test func leadingDimensionSelectsTheTopRowsWithoutCopying() throws {
        let big = TestMatrices.random(50, 3, seed: 4)
        var top = Matrix.zeros(rows: 30, columns: 3)
        for i in 0..<30 { for j in 0..<3 { top[i, j] = big[i, j] } }
        let ref = Self.reference(top)
        let g = try big.withUnsafeBufferPointer { p in
            let mu = try ColumnStatistics.means(p, rows: 30, columns: 3, ld: 50)
            return try ColumnStatistics.centeredGram(p, rows: 30, columns: 3, ld: 50, means: mu, blockRows: 8)
        }
        #expect(g.maxAbsDifference(ref.gram) <= 1e-12)
        let (mu, g2) = try top.centeredGram()
        #expect(zip(mu, ref.means).allSatisfy { abs($0 - $1) <= 1e-14 })
        #expect(g2.maxAbsDifference(ref.gram) <= 1e-12)
    }

    @Test func badShapesThrow() {
        let x = [Double](repeating: 1, count: 10)
        x.withUnsafeBufferPointer { p in
            #expect(throws: LinearAlgebraError.self) { try ColumnStatistics.means(p, rows: 0, columns: 2, ld: 1) }
            #expect(throws: LinearAlgebraError.self) { try ColumnStatistics.means(p, rows: 6, columns: 2, ld: 6) }
            #expect(throws: LinearAlgebraError.self) {
                try ColumnStatistics.centeredGram(p, rows: 5, columns: 2, ld: 5, means: [0])
            }
        }
    }
}
