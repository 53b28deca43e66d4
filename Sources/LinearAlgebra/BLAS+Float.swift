internal import COpenBLAS

extension BLAS {
    /// Single-precision general matrix product `C ← α·op(A)·op(B) + β·C` (`sgemm`).
    ///
    /// The same contract as the `Double` ``gemm(transposeA:transposeB:m:n:k:alpha:a:lda:b:ldb:beta:c:ldc:)``
    /// (shapes as stored, leading dimensions, O(1) checks before the call, `β = 0` makes `C`
    /// write-only), at twice the arithmetic rate. Meant for screening passes whose result is
    /// confirmed in `Double` (e.g. kNN candidate search): each entry of `op(A)·op(B)` carries an
    /// error of at most about `k·2⁻²⁴·Σ|aᵢ·bᵢ|`.
    ///
    /// - Parameters:
    ///   - transposeA: Use `Aᵀ` instead of `A`.
    ///   - transposeB: Use `Bᵀ` instead of `B`.
    ///   - m: Rows of `op(A)` and `C`.
    ///   - n: Columns of `op(B)` and `C`.
    ///   - k: Columns of `op(A)`, rows of `op(B)`.
    ///   - alpha: Scale of the product.
    ///   - a: Storage of `A`, leading dimension `lda`.
    ///   - b: Storage of `B`, leading dimension `ldb`.
    ///   - beta: Scale of the existing `C`.
    ///   - c: Storage of `C`, leading dimension `ldc`; overwritten.
    /// - Throws: ``LinearAlgebraError/dimensionMismatch(operation:shapes:)`` when a buffer is too
    ///   short for its shape, or a leading dimension is too small.
    /// - Complexity: 2·m·n·k floating-point operations.
    public static func gemm(
        transposeA: Bool = false, transposeB: Bool = false,
        m: Int, n: Int, k: Int,
        alpha: Float = 1,
        a: UnsafeBufferPointer<Float>, lda: Int,
        b: UnsafeBufferPointer<Float>, ldb: Int,
        beta: Float = 0,
        c: UnsafeMutableBufferPointer<Float>, ldc: Int
    ) throws {
        let op = "sgemm"
        try checkGemm(
            op, transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
            a: (lda, a.count), b: (ldb, b.count), c: (ldc, c.count))
        if m == 0 || n == 0 { return }
        guard let pc = c.baseAddress else { return }
        guard k > 0, let pa = a.baseAddress, let pb = b.baseAddress else {
            scale(pc, rows: m, columns: n, ld: ldc, by: beta)
            return
        }
        cblas_sgemm(
            CblasColMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
            try int(m, op, "m"), try int(n, op, "n"), try int(k, op, "k"),
            alpha, pa, try int(lda, op, "lda"), pb, try int(ldb, op, "ldb"),
            beta, pc, try int(ldc, op, "ldc"))
    }
}
