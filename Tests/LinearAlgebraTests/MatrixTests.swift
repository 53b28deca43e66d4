import LinearAlgebra
import Testing

@Suite struct MatrixTests {
    @Test func columnMajorStorageMapsToRowAndColumnIndices() throws {
        let m = try Matrix(rows: 2, columns: 3, columnMajor: [1, 2, 3, 4, 5, 6])
        #expect(m[0, 0] == 1 && m[1, 0] == 2 && m[0, 1] == 3 && m[1, 2] == 6)
        #expect(m.column(1) == [3, 4])
        #expect(m.row(1) == [2, 4, 6])
        #expect(m.rowArrays == [[1, 3, 5], [2, 4, 6]])
        #expect(m.columnArrays == [[1, 2], [3, 4], [5, 6]])
    }

    @Test func rowArraysInitialiserAgreesWithColumnMajor() throws {
        let a = try Matrix(rows: [[1, 3, 5], [2, 4, 6]])
        #expect(a == (try Matrix(rows: 2, columns: 3, columnMajor: [1, 2, 3, 4, 5, 6])))
    }

    @Test func wrongValueCountThrowsDimensionMismatch() {
        #expect(throws: LinearAlgebraError.self) { try Matrix(rows: 2, columns: 2, columnMajor: [1, 2, 3]) }
        #expect(throws: LinearAlgebraError.self) { try Matrix(rows: [[1, 2], [3]]) }
    }

    @Test func identityHasOnesOnTheDiagonalOnly() {
        let i = Matrix.identity(3)
        for r in 0..<3 { for c in 0..<3 { #expect(i[r, c] == (r == c ? 1 : 0)) } }
        #expect(Matrix.zeros(rows: 2, columns: 4).values == [Double](repeating: 0, count: 8))
    }

    @Test(arguments: [(1, 1), (3, 5), (40, 33), (70, 2)])
    func transposeSwapsIndices(shape: (Int, Int)) {
        let a = TestMatrices.random(shape.0, shape.1, seed: 7)
        let t = a.transposed()
        #expect(t.rows == a.columns && t.columns == a.rows)
        for i in 0..<a.rows { for j in 0..<a.columns { #expect(t[j, i] == a[i, j]) } }
        #expect(t.transposed() == a)
    }

    @Test func subscriptSetterWritesInPlace() {
        var m = Matrix.zeros(rows: 2, columns: 2)
        m[1, 0] = 5
        #expect(m.values == [0, 5, 0, 0])
    }
}
