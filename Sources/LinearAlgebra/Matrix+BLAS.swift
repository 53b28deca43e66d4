extension Matrix {
    /// `α·op(A)·op(B)` as a new matrix (`dgemm`).
    ///
    /// - Parameters:
    ///   - a: Left operand; `op(A)` is `Aᵀ` when `transposeA`.
    ///   - b: Right operand; `op(B)` is `Bᵀ` when `transposeB`.
    ///   - alpha: Scale of the product.
    /// - Returns: The `rows(op(A)) × columns(op(B))` product.
    /// - Throws: ``LinearAlgebraError/dimensionMismatch(operation:shapes:)`` when the inner
    ///   dimensions differ.
    /// - Complexity: 2·m·n·k floating-point operations, plus one allocation of the result.
    public static func multiply(
        _ a: Matrix, _ b: Matrix, transposeA: Bool = false, transposeB: Bool = false, alpha: Double = 1
    ) throws -> Matrix {
        let m = transposeA ? a.columns : a.rows
        let n = transposeB ? b.rows : b.columns
        var c = Matrix.zeros(rows: m, columns: n)
        try gemm(a, b, into: &c, transposeA: transposeA, transposeB: transposeB, alpha: alpha, beta: 0)
        return c
    }

    /// `C ← α·op(A)·op(B) + β·C` in place (`dgemm`), with no allocation.
    ///
    /// This is the form to use in loops and benchmarks: the wrapper adds only O(1) shape checks
    /// on top of `cblas_dgemm` (measured by `faultline bench linalg`).
    ///
    /// - Parameters:
    ///   - a: Left operand.
    ///   - b: Right operand.
    ///   - c: Result, `rows(op(A)) × columns(op(B))`; with `β = 0` its old contents are ignored.
    ///   - transposeA: Use `Aᵀ`.
    ///   - transposeB: Use `Bᵀ`.
    ///   - alpha: Scale of the product.
    ///   - beta: Scale of the existing `C`.
    /// - Throws: ``LinearAlgebraError/dimensionMismatch(operation:shapes:)`` when shapes do not fit.
    /// - Complexity: 2·m·n·k floating-point operations.
    public static func gemm(
        _ a: Matrix, _ b: Matrix, into c: inout Matrix,
        transposeA: Bool = false, transposeB: Bool = false, alpha: Double = 1, beta: Double = 0
    ) throws {
        let m = transposeA ? a.columns : a.rows
        let k = transposeA ? a.rows : a.columns
        let kb = transposeB ? b.columns : b.rows
        let n = transposeB ? b.rows : b.columns
        guard k == kb, c.rows == m, c.columns == n else {
            throw LinearAlgebraError.dimensionMismatch(
                operation: "gemm",
                shapes: "op(A) \(m)×\(k) · op(B) \(kb)×\(n) → C \(c.rows)×\(c.columns)")
        }
        try a.storage.withUnsafeBufferPointer { pa in
            try b.storage.withUnsafeBufferPointer { pb in
                try c.storage.withUnsafeMutableBufferPointer { pc in
                    try BLAS.gemm(
                        transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
                        a: pa, lda: max(1, a.rows), b: pb, ldb: max(1, b.rows),
                        beta: beta, c: pc, ldc: max(1, m))
                }
            }
        }
    }

    /// The Gram matrix `AᵀA` (`columns × columns`, full and symmetric) via `dsyrk`.
    ///
    /// For centred data this is `(rows − 1)` times the sample covariance. `dsyrk` computes one
    /// triangle; the other is mirrored so the result can be used as an ordinary matrix.
    ///
    /// - Throws: ``LinearAlgebraError/invalidArgument(routine:index:name:)`` only when a size
    ///   exceeds 32-bit BLAS integers.
    /// - Complexity: rows · columns² floating-point operations (half of `gemm(Aᵀ, A)`).
    public static func gram(_ a: Matrix) throws -> Matrix {
        var c = Matrix.zeros(rows: a.columns, columns: a.columns)
        try syrk(a, into: &c, transpose: true, alpha: 1, beta: 0, triangle: .upper)
        c.symmetrize(from: .upper)
        return c
    }

    /// `C ← α·AᵀA + β·C` (or `α·AAᵀ + β·C`) on one triangle of `C`, in place (`dsyrk`).
    ///
    /// - Parameters:
    ///   - a: The operand.
    ///   - c: Square result of order `a.columns` (or `a.rows` when `transpose` is false); only
    ///     `triangle` is written.
    ///   - transpose: `true` for `AᵀA`.
    ///   - alpha: Scale of the product.
    ///   - beta: Scale of the existing `C`.
    ///   - triangle: The half of `C` to update.
    /// - Throws: ``LinearAlgebraError/dimensionMismatch(operation:shapes:)`` when `C` has the wrong order.
    /// - Complexity: n²·k floating-point operations.
    public static func syrk(
        _ a: Matrix, into c: inout Matrix, transpose: Bool = true, alpha: Double = 1, beta: Double = 0,
        triangle: Triangle = .upper
    ) throws {
        let n = transpose ? a.columns : a.rows
        let k = transpose ? a.rows : a.columns
        guard c.rows == n, c.columns == n else {
            throw LinearAlgebraError.dimensionMismatch(
                operation: "syrk", shapes: "\(transpose ? "AᵀA" : "AAᵀ") of A \(a.rows)×\(a.columns) is \(n)×\(n), C is \(c.rows)×\(c.columns)")
        }
        try a.storage.withUnsafeBufferPointer { pa in
            try c.storage.withUnsafeMutableBufferPointer { pc in
                try BLAS.syrk(
                    triangle: triangle, transpose: transpose, n: n, k: k, alpha: alpha,
                    a: pa, lda: max(1, a.rows), beta: beta, c: pc, ldc: max(1, n))
            }
        }
    }

    /// Copies one triangle onto the other so the matrix is exactly symmetric.
    ///
    /// - Precondition: the matrix is square.
    public mutating func symmetrize(from triangle: Triangle) {
        precondition(rows == columns, "symmetrize needs a square matrix")
        let n = rows
        storage.withUnsafeMutableBufferPointer { p in
            for j in 0..<n {
                for i in (j + 1)..<max(j + 1, n) {
                    // (i, j) is below the diagonal, (j, i) above it.
                    if triangle == .upper { p[j * n + i] = p[i * n + j] } else { p[i * n + j] = p[j * n + i] }
                }
            }
        }
    }

    /// `op(A)·x` (`dgemv`).
    ///
    /// - Parameters:
    ///   - x: Vector with `columns` entries (`rows` when `transpose`).
    ///   - transpose: Multiply by `Aᵀ` instead.
    /// - Returns: Vector with `rows` entries (`columns` when `transpose`).
    /// - Throws: ``LinearAlgebraError/dimensionMismatch(operation:shapes:)`` when `x` has the wrong length.
    /// - Complexity: 2·rows·columns floating-point operations.
    public func multiplied(by x: [Double], transpose: Bool = false) throws -> [Double] {
        var y = [Double](repeating: 0, count: transpose ? columns : rows)
        try storage.withUnsafeBufferPointer { pa in
            try x.withUnsafeBufferPointer { px in
                try y.withUnsafeMutableBufferPointer { py in
                    try BLAS.gemv(transpose: transpose, m: rows, n: columns, a: pa, lda: max(1, rows), x: px, y: py)
                }
            }
        }
        return y
    }
}
