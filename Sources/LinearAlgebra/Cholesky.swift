internal import COpenBLAS

/// Cholesky factorisation `A = L·Lᵀ` of a symmetric positive-definite matrix (`dpotrf`), and
/// solves with it (`dpotrs`).
///
/// Only the lower triangle of the input is read; symmetry is not checked. The factorisation
/// succeeds exactly when every leading minor is positive, which makes it the cheapest test of
/// positive definiteness (a covariance with a constant or duplicated series fails it).
/// Solves are backward stable: the residual ‖A·X − B‖ is about `n·ε·‖A‖·‖X‖`.
///
/// - Complexity: n³/3 floating-point operations to factor, 2·n²·nrhs per solve.
public struct Cholesky: Sendable, Equatable {
    /// The lower-triangular factor `L` (upper triangle zero).
    public var factor: Matrix

    /// Factorises `a`.
    ///
    /// - Throws: ``LinearAlgebraError/dimensionMismatch(operation:shapes:)`` when `a` is not
    ///   square; ``LinearAlgebraError/notPositiveDefinite(routine:order:)`` naming the first
    ///   leading minor that is not positive; ``LinearAlgebraError/invalidArgument(routine:index:name:)``
    ///   on NaN input.
    public init(_ a: Matrix) throws {
        let routine = "dpotrf"
        guard a.isSquare else {
            throw LinearAlgebraError.dimensionMismatch(operation: "Cholesky", shapes: "A is \(a.rows)×\(a.columns), not square")
        }
        let n = a.rows
        var l = a.values
        if n > 0 {
            let n32 = try LAPACK.int(n, routine, "n")
            let info = l.withUnsafeMutableBufferPointer { p in
                LAPACKE_dpotrf(LAPACK.columnMajor, CChar(UInt8(ascii: "L")), n32, p.baseAddress, n32)
            }
            try LAPACK.check(info, routine: routine, arguments: ["matrix_layout", "uplo", "n", "a", "lda"]) {
                .notPositiveDefinite(routine: routine, order: $0)
            }
            for j in 1..<max(1, n) {
                for i in 0..<j { l[j * n + i] = 0 }
            }
        }
        factor = try Matrix(rows: n, columns: n, columnMajor: l)
    }

    /// Solves `A·X = B` with the stored factor.
    ///
    /// - Parameter b: `n × nrhs` right-hand sides.
    /// - Returns: `X`, `n × nrhs`.
    /// - Throws: ``LinearAlgebraError/dimensionMismatch(operation:shapes:)`` when `b` has the wrong
    ///   number of rows.
    public func solve(_ b: Matrix) throws -> Matrix {
        let routine = "dpotrs"
        let n = factor.rows
        guard b.rows == n else {
            throw LinearAlgebraError.dimensionMismatch(operation: "Cholesky.solve", shapes: "A is \(n)×\(n), B is \(b.rows)×\(b.columns)")
        }
        if n == 0 || b.columns == 0 { return b }
        var x = b.values
        let n32 = try LAPACK.int(n, routine, "n"), nrhs32 = try LAPACK.int(b.columns, routine, "nrhs")
        let info = factor.values.withUnsafeBufferPointer { pl in
            x.withUnsafeMutableBufferPointer { px in
                LAPACKE_dpotrs(
                    LAPACK.columnMajor, CChar(UInt8(ascii: "L")), n32, nrhs32, pl.baseAddress, n32, px.baseAddress, n32)
            }
        }
        try LAPACK.check(
            info, routine: routine, arguments: ["matrix_layout", "uplo", "n", "nrhs", "a", "lda", "b", "ldb"]
        ) { .noConvergence(routine: routine, info: $0) }
        return try Matrix(rows: n, columns: b.columns, columnMajor: x)
    }

    /// Solves `A·x = b` for one right-hand side.
    public func solve(_ b: [Double]) throws -> [Double] {
        try solve(try Matrix(rows: b.count, columns: 1, columnMajor: b)).values
    }
}
