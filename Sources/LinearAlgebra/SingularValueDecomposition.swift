internal import COpenBLAS

/// Thin singular value decomposition `A = U·diag(σ)·Vᵀ` (`dgesdd`, divide and conquer).
///
/// For `A` of size `m × n` and `p = min(m, n)`: `U` is `m × p` with orthonormal columns, `σ` has
/// `p` non-negative entries in descending order, and `Vᵀ` is `p × n` with orthonormal rows.
/// Reconstruction `U·diag(σ)·Vᵀ` matches `A` to about `p·ε·σ₁` per entry. Singular vectors are
/// determined up to sign (and up to rotation within repeated singular values).
///
/// - Complexity: O(m·n·p) floating-point operations; workspace O(p² + (m + n)·p).
public struct SingularValueDecomposition: Sendable, Equatable {
    /// Left singular vectors, `m × p`.
    public var u: Matrix
    /// Singular values, descending, `p` entries.
    public var singularValues: [Double]
    /// Right singular vectors transposed, `p × n`.
    public var vt: Matrix

    /// Decomposes `a`.
    ///
    /// - Throws: ``LinearAlgebraError/noConvergence(routine:info:)`` when the bidiagonal SVD
    ///   fails; ``LinearAlgebraError/invalidArgument(routine:index:name:)`` when `a` contains NaN.
    public init(_ a: Matrix) throws {
        let routine = "dgesdd"
        let m = a.rows, n = a.columns, p = min(m, n)
        if p == 0 {
            u = Matrix.zeros(rows: m, columns: 0)
            singularValues = []
            vt = Matrix.zeros(rows: 0, columns: n)
            return
        }
        let m32 = try LAPACK.int(m, routine, "m"), n32 = try LAPACK.int(n, routine, "n"), p32 = try LAPACK.int(p, routine, "p")
        var work = a.values
        var s = [Double](repeating: 0, count: p)
        var uValues = [Double](repeating: 0, count: m * p)
        var vtValues = [Double](repeating: 0, count: p * n)
        let info = work.withUnsafeMutableBufferPointer { pa in
            s.withUnsafeMutableBufferPointer { ps in
                uValues.withUnsafeMutableBufferPointer { pu in
                    vtValues.withUnsafeMutableBufferPointer { pv in
                        LAPACKE_dgesdd(
                            LAPACK.columnMajor, CChar(UInt8(ascii: "S")), m32, n32, pa.baseAddress, m32,
                            ps.baseAddress, pu.baseAddress, m32, pv.baseAddress, p32)
                    }
                }
            }
        }
        try LAPACK.check(
            info, routine: routine,
            arguments: ["matrix_layout", "jobz", "m", "n", "a", "lda", "s", "u", "ldu", "vt", "ldvt"]
        ) { .noConvergence(routine: routine, info: $0) }
        u = try Matrix(rows: m, columns: p, columnMajor: uValues)
        singularValues = s
        vt = try Matrix(rows: p, columns: n, columnMajor: vtValues)
    }
}
