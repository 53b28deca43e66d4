/// A dense matrix of `Double`, stored column-major and contiguous.
///
/// Element (`i`, `j`) lives at `values[j * rows + i]`: a column is contiguous and the leading
/// dimension is `rows`, which is exactly the layout BLAS and LAPACK expect with `LAPACK_COL_MAJOR`,
/// so every wrapper hands the storage to the C routine without copying or transposing.
///
/// ```swift
/// let a = try Matrix(rows: 2, columns: 2, columnMajor: [1, 3, 2, 4])   // [[1, 2], [3, 4]]
/// let b = try Matrix.multiply(a, a, transposeA: true)                   // AᵀA
/// ```
public struct Matrix: Sendable, Equatable {
    /// Number of rows.
    public private(set) var rows: Int
    /// Number of columns.
    public private(set) var columns: Int
    /// Column-major storage, `rows * columns` values.
    public var values: [Double] { storage }
    @usableFromInline internal var storage: [Double]

    /// Wraps column-major storage (the array is moved in, not copied, when uniquely referenced).
    ///
    /// - Parameters:
    ///   - rows: Number of rows (≥ 0).
    ///   - columns: Number of columns (≥ 0).
    ///   - values: `rows * columns` values, column after column.
    /// - Throws: ``LinearAlgebraError/dimensionMismatch(operation:shapes:)`` when the count is wrong.
    public init(rows: Int, columns: Int, columnMajor values: [Double]) throws {
        guard rows >= 0, columns >= 0, values.count == rows * columns else {
            throw LinearAlgebraError.dimensionMismatch(
                operation: "Matrix(rows:columns:columnMajor:)",
                shapes: "\(rows)×\(columns) needs \(max(0, rows) * max(0, columns)) values, got \(values.count)")
        }
        self.rows = rows
        self.columns = columns
        self.storage = values
    }

    /// Builds a matrix from an array of rows (convenient for small literals in tests and docs).
    ///
    /// - Throws: ``LinearAlgebraError/dimensionMismatch(operation:shapes:)`` when rows differ in length.
    public init(rows rowArrays: [[Double]]) throws {
        let m = rowArrays.count
        let n = rowArrays.first?.count ?? 0
        var storage = [Double](repeating: 0, count: m * n)
        for (i, row) in rowArrays.enumerated() {
            guard row.count == n else {
                throw LinearAlgebraError.dimensionMismatch(
                    operation: "Matrix(rows:)", shapes: "row 0 has \(n) values, row \(i) has \(row.count)")
            }
            for j in 0..<n { storage[j * m + i] = row[j] }
        }
        self.rows = m
        self.columns = n
        self.storage = storage
    }

    /// Creates a matrix with every element equal to `value`.
    ///
    /// Negative sizes are treated as 0.
    public init(rows: Int, columns: Int, repeating value: Double) {
        self.rows = max(0, rows)
        self.columns = max(0, columns)
        self.storage = [Double](repeating: value, count: self.rows * self.columns)
    }

    /// An all-zero `rows × columns` matrix.
    public static func zeros(rows: Int, columns: Int) -> Matrix {
        Matrix(rows: rows, columns: columns, repeating: 0)
    }

    /// The `n × n` identity matrix.
    public static func identity(_ n: Int) -> Matrix {
        var m = Matrix.zeros(rows: n, columns: n)
        for i in 0..<m.rows { m.storage[i * m.rows + i] = 1 }
        return m
    }

    /// The element at (`row`, `column`).
    ///
    /// Indices out of range are a programmer error and trap, as for `Array`.
    @inlinable
    public subscript(row: Int, column: Int) -> Double {
        get {
            precondition(row >= 0 && row < rows && column >= 0 && column < columns, "Matrix index out of range")
            return storage[column * rows + row]
        }
        set {
            precondition(row >= 0 && row < rows && column >= 0 && column < columns, "Matrix index out of range")
            storage[column * rows + row] = newValue
        }
    }

    /// `(rows, columns)`, handy in error messages.
    public var shape: (rows: Int, columns: Int) { (rows, columns) }

    /// `true` when the matrix is square.
    public var isSquare: Bool { rows == columns }

    /// A copy of column `j` (contiguous in storage).
    public func column(_ j: Int) -> [Double] {
        precondition(j >= 0 && j < columns, "Matrix column out of range")
        return Array(values[(j * rows)..<((j + 1) * rows)])
    }

    /// A copy of row `i` (strided in storage).
    public func row(_ i: Int) -> [Double] {
        precondition(i >= 0 && i < rows, "Matrix row out of range")
        return (0..<columns).map { values[$0 * rows + i] }
    }

    /// All columns as arrays.
    public var columnArrays: [[Double]] { (0..<columns).map(column) }

    /// All rows as arrays.
    public var rowArrays: [[Double]] { (0..<rows).map(row) }

    /// The transpose, as a new column-major matrix.
    ///
    /// - Complexity: O(rows · columns), blocked so both sides stay in cache.
    public func transposed() -> Matrix {
        var out = Matrix.zeros(rows: columns, columns: rows)
        let m = rows, n = columns
        let block = 32
        values.withUnsafeBufferPointer { src in
            out.storage.withUnsafeMutableBufferPointer { dst in
                var j0 = 0
                while j0 < n {
                    let j1 = min(j0 + block, n)
                    var i0 = 0
                    while i0 < m {
                        let i1 = min(i0 + block, m)
                        for j in j0..<j1 {
                            for i in i0..<i1 { dst[i * n + j] = src[j * m + i] }
                        }
                        i0 = i1
                    }
                    j0 = j1
                }
            }
        }
        return out
    }

    /// Calls `body` with the column-major storage (leading dimension `rows`), without copying.
    @inlinable
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Double>) throws -> R) rethrows -> R {
        try storage.withUnsafeBufferPointer(body)
    }

    /// Calls `body` with mutable column-major storage (leading dimension `rows`), without copying
    /// when the storage is uniquely referenced.
    @inlinable
    public mutating func withUnsafeMutableBufferPointer<R>(_ body: (inout UnsafeMutableBufferPointer<Double>) throws -> R) rethrows -> R {
        try storage.withUnsafeMutableBufferPointer(body)
    }

    /// The largest absolute element-wise difference from `other` (∞ when shapes differ).
    public func maxAbsDifference(_ other: Matrix) -> Double {
        guard rows == other.rows, columns == other.columns else { return .infinity }
        var d = 0.0
        for k in values.indices { d = max(d, abs(values[k] - other.values[k])) }
        return d
    }
}

extension Matrix: CustomStringConvertible {
    /// Rows on separate lines, for debugging small matrices.
    public var description: String {
        "Matrix \(rows)×\(columns)" + rowArrays.map { "\n  " + $0.map { "\($0)" }.joined(separator: "  ") }.joined()
    }
}
