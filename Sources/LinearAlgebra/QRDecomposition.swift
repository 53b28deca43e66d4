internal import COpenBLAS

/// Thin QR decomposition `A = Q·R` by Householder reflections (`dgeqrf` + `dorgqr`).
///
/// For `A` of size `m × n` and `p = min(m, n)`: `Q` is `m × p` with orthonormal columns
/// (`QᵀQ = I` to about `m·ε`) and `R` is `p × n` upper trapezoidal. No pivoting: for a rank-deficient
/// `A` the factorisation still exists but `R` has (near-)zero diagonal entries; use
/// ``LeastSquares`` for rank-revealing solves.
///
/// - Complexity: about 2·m·n² − ⅔·n³ floating-point operations for `R`, the same again for `Q`.
public struct QRDecomposition: Sendable, Equatable {
    /// `m × p` factor with orthonormal columns.
    public var q: Matrix
    /// `p × n` upper-trapezoidal factor.
    public var r: Matrix

    /// Factorises `a`.
    ///
    /// - Throws: ``LinearAlgebraError/invalidArgument(routine:index:name:)`` when `a` contains NaN.
    public init(_ a: Matrix) throws {
        let m = a.rows, n = a.columns, p = min(m, n)
        if p == 0 {
            q = Matrix.zeros(rows: m, columns: 0)
            r = Matrix.zeros(rows: 0, columns: n)
            return
        }
        let m32 = try LAPACK.int(m, "dgeqrf", "m"), n32 = try LAPACK.int(n, "dgeqrf", "n"), p32 = try LAPACK.int(p, "dorgqr", "k")
        var work = a.values
        var tau = [Double](repeating: 0, count: p)
        let info = work.withUnsafeMutableBufferPointer { pa in
            tau.withUnsafeMutableBufferPointer { pt in
                LAPACKE_dgeqrf(LAPACK.columnMajor, m32, n32, pa.baseAddress, m32, pt.baseAddress)
            }
        }
        try LAPACK.check(info, routine: "dgeqrf", arguments: ["matrix_layout", "m", "n", "a", "lda", "tau"]) {
            .noConvergence(routine: "dgeqrf", info: $0)
        }
        // R: the upper trapezoid of the first p rows.
        var rValues = [Double](repeating: 0, count: p * n)
        for j in 0..<n {
            for i in 0...min(j, p - 1) { rValues[j * p + i] = work[j * m + i] }
        }
        // Q: the first p columns, expanded in place from the reflectors.
        var qValues = Array(work[0..<(m * p)])
        let info2 = qValues.withUnsafeMutableBufferPointer { pq in
            tau.withUnsafeBufferPointer { pt in
                LAPACKE_dorgqr(LAPACK.columnMajor, m32, p32, p32, pq.baseAddress, m32, pt.baseAddress)
            }
        }
        try LAPACK.check(info2, routine: "dorgqr", arguments: ["matrix_layout", "m", "n", "k", "a", "lda", "tau"]) {
            .noConvergence(routine: "dorgqr", info: $0)
        }
        q = try Matrix(rows: m, columns: p, columnMajor: qValues)
        r = try Matrix(rows: p, columns: n, columnMajor: rValues)
    }
}
