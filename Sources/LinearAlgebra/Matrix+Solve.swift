internal import COpenBLAS

extension Matrix {
    /// Solves the square system `A·X = B` by LU with partial pivoting (`dgesv`).
    ///
    /// Backward stable in practice: the residual is about `n·ε·‖A‖·‖X‖`, but the error in `X` grows
    /// with the condition number of `A`. An exactly singular `A` throws; a nearly singular one does
    /// not (check the residual, or use ``LeastSquares`` with an `rcond`).
    ///
    /// - Parameters:
    ///   - a: `n × n` coefficient matrix.
    ///   - b: `n × nrhs` right-hand sides.
    /// - Returns: `X`, `n × nrhs`.
    /// - Throws: ``LinearAlgebraError/dimensionMismatch(operation:shapes:)`` when `a` is not square or
    ///   `b` has the wrong number of rows; ``LinearAlgebraError/singular(routine:info:)`` when
    ///   `U(info, info)` is exactly zero; ``LinearAlgebraError/invalidArgument(routine:index:name:)``
    ///   on NaN input.
    /// - Complexity: ⅔·n³ + 2·n²·nrhs floating-point operations.
    public static func solve(_ a: Matrix, _ b: Matrix) throws -> Matrix {
        let routine = "dgesv"
        guard a.isSquare, b.rows == a.rows else {
            throw LinearAlgebraError.dimensionMismatch(
                operation: "solve", shapes: "A is \(a.rows)×\(a.columns) (must be square), B is \(b.rows)×\(b.columns)")
        }
        let n = a.rows
        if n == 0 || b.columns == 0 { return b }
        var lu = a.values
        var x = b.values
        var pivots = [Int32](repeating: 0, count: n)
        let n32 = try LAPACK.int(n, routine, "n"), nrhs32 = try LAPACK.int(b.columns, routine, "nrhs")
        let info = lu.withUnsafeMutableBufferPointer { pa in
            x.withUnsafeMutableBufferPointer { px in
                pivots.withUnsafeMutableBufferPointer { pp in
                    LAPACKE_dgesv(LAPACK.columnMajor, n32, nrhs32, pa.baseAddress, n32, pp.baseAddress, px.baseAddress, n32)
                }
            }
        }
        try LAPACK.check(
            info, routine: routine, arguments: ["matrix_layout", "n", "nrhs", "a", "lda", "ipiv", "b", "ldb"]
        ) { .singular(routine: routine, info: $0) }
        return try Matrix(rows: n, columns: b.columns, columnMajor: x)
    }

    /// Solves `A·x = b` for one right-hand side.
    public static func solve(_ a: Matrix, _ b: [Double]) throws -> [Double] {
        try solve(a, try Matrix(rows: b.count, columns: 1, columnMajor: b)).values
    }
}
