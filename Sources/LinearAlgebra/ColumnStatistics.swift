/// Column means and centred Gram (scatter) matrices of column-major data, the first step of PCA,
/// covariance-based detectors and whitening.
///
/// The functions take raw buffers with a leading dimension so a `MetricFrame`'s storage can be used
/// without copying. The centred Gram matrix `S = (X − 1μᵀ)ᵀ(X − 1μᵀ)` is computed by the two-pass
/// algorithm (means first, then products of centred values), which avoids the cancellation of the
/// one-pass `XᵀX − m·μμᵀ` formula: relative error is about `m·ε` instead of `m·ε·‖μ‖²/σ²`.
public enum ColumnStatistics {
    /// Row-block size for ``centeredGram(_:rows:columns:ld:means:blockRows:)``: 2048 rows × 38
    /// columns is ~600 kB, small enough to stay in L2 between centring and `dsyrk`.
    public static let defaultBlockRows = 2048

    /// The mean of each column (`dgemv` of `Xᵀ` with a vector of `1/m`).
    ///
    /// - Parameters:
    ///   - x: Column-major storage, leading dimension `ld`.
    ///   - rows: Number of rows `m` (> 0).
    ///   - columns: Number of columns `n`.
    ///   - ld: Leading dimension (≥ `rows`).
    /// - Returns: `n` means. NaN in a column gives a NaN mean.
    /// - Throws: ``LinearAlgebraError/dimensionMismatch(operation:shapes:)`` when `rows` is 0 or the
    ///   buffer is too short.
    /// - Complexity: one pass over the data, 2·m·n floating-point operations.
    public static func means(_ x: UnsafeBufferPointer<Double>, rows: Int, columns: Int, ld: Int) throws -> [Double] {
        guard rows > 0 else {
            throw LinearAlgebraError.dimensionMismatch(operation: "ColumnStatistics.means", shapes: "no rows (\(rows)×\(columns))")
        }
        let weights = [Double](repeating: 1 / Double(rows), count: rows)
        var mu = [Double](repeating: 0, count: columns)
        try weights.withUnsafeBufferPointer { pw in
            try mu.withUnsafeMutableBufferPointer { pm in
                try BLAS.gemv(transpose: true, m: rows, n: columns, a: x, lda: ld, x: pw, y: pm)
            }
        }
        return mu
    }

    /// The centred Gram matrix `(X − 1μᵀ)ᵀ(X − 1μᵀ)`, full and symmetric (`columns × columns`).
    ///
    /// Divide by `m − 1` for the sample covariance. Rows are processed in blocks of `blockRows`:
    /// each block is centred into a small scratch buffer (one contiguous pass per column) and
    /// accumulated with `dsyrk`, so the data is read once and never copied whole.
    ///
    /// - Parameters:
    ///   - x: Column-major storage, leading dimension `ld`.
    ///   - rows: Number of rows `m`.
    ///   - columns: Number of columns `n`.
    ///   - ld: Leading dimension (≥ `rows`).
    ///   - means: The `n` column means (from ``means(_:rows:columns:ld:)``; pass zeros for an
    ///     uncentred Gram matrix).
    ///   - blockRows: Rows per block (≥ 1).
    /// - Throws: ``LinearAlgebraError/dimensionMismatch(operation:shapes:)`` when shapes disagree.
    /// - Complexity: m·n² floating-point operations plus m·n for centring; O(blockRows·n) scratch.
    public static func centeredGram(
        _ x: UnsafeBufferPointer<Double>, rows: Int, columns: Int, ld: Int, means: [Double],
        blockRows: Int = defaultBlockRows
    ) throws -> Matrix {
        let op = "ColumnStatistics.centeredGram"
        guard rows >= 0, columns >= 0, means.count == columns, blockRows >= 1 else {
            throw LinearAlgebraError.dimensionMismatch(
                operation: op, shapes: "X is \(rows)×\(columns), \(means.count) means, block of \(blockRows) rows")
        }
        try BLAS.checkOperand(op, "X", rows: rows, columns: columns, ld: ld, count: x.count)
        var gram = Matrix.zeros(rows: columns, columns: columns)
        if rows == 0 || columns == 0 { return gram }
        let block = min(blockRows, rows)
        var scratch = [Double](repeating: 0, count: block * columns)
        try means.withUnsafeBufferPointer { mu in
            try scratch.withUnsafeMutableBufferPointer { w in
                try gram.storage.withUnsafeMutableBufferPointer { g in
                    guard let src = x.baseAddress, let dst = w.baseAddress else { return }
                    var r0 = 0
                    while r0 < rows {
                        let b = min(block, rows - r0)
                        for j in 0..<columns {
                            let s = src + (j * ld + r0)
                            let d = dst + (j * b)
                            let m = mu[j]
                            for i in 0..<b { d[i] = s[i] - m }
                        }
                        try BLAS.syrk(
                            triangle: .upper, transpose: true, n: columns, k: b, alpha: 1,
                            a: UnsafeBufferPointer(rebasing: w[0..<(b * columns)]), lda: b,
                            beta: r0 == 0 ? 0 : 1, c: g, ldc: columns)
                        r0 += b
                    }
                }
            }
        }
        gram.symmetrize(from: .upper)
        return gram
    }
}

extension Matrix {
    /// Column means and the centred Gram matrix of this matrix; see
    /// ``ColumnStatistics/centeredGram(_:rows:columns:ld:means:blockRows:)``.
    ///
    /// - Throws: ``LinearAlgebraError/dimensionMismatch(operation:shapes:)`` when the matrix has no rows.
    public func centeredGram() throws -> (means: [Double], gram: Matrix) {
        try withUnsafeBufferPointer { p in
            let mu = try ColumnStatistics.means(p, rows: rows, columns: columns, ld: max(1, rows))
            let g = try ColumnStatistics.centeredGram(p, rows: rows, columns: columns, ld: max(1, rows), means: mu)
            return (mu, g)
        }
    }
}
