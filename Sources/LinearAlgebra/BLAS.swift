internal import COpenBLAS

/// Which triangle of a symmetric matrix a routine reads or writes.
public enum Triangle: String, Sendable, CaseIterable {
    /// The upper triangle (row ≤ column).
    case upper
    /// The lower triangle (row ≥ column).
    case lower
}

/// BLAS routines on raw column-major buffers, for callers that own contiguous storage (a
/// `MetricFrame`'s values, a slice of a larger array) and must not copy it.
///
/// Every matrix operand is described by a buffer, its shape *as stored* and a leading dimension
/// (`ld ≥ max(1, rows)`; element (`i`, `j`) is at `buffer[j * ld + i]`). Shapes and buffer
/// lengths are checked in O(1) before the call, so a bad shape throws
/// ``LinearAlgebraError/dimensionMismatch(operation:shapes:)`` instead of reading out of bounds.
/// The routines run on OpenBLAS's thread pool (see ``BLASThreads``).
public enum BLAS {
    // MARK: Level 3

    /// General matrix product `C ← α·op(A)·op(B) + β·C` (`dgemm`).
    ///
    /// `op(A)` is `m × k` and `op(B)` is `k × n`, so `A` is stored `m × k` (or `k × m` when
    /// `transposeA`), `B` is stored `k × n` (or `n × k`), and `C` is `m × n`. With `β = 0`, `C` is
    /// write-only (NaNs in it do not propagate).
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
        alpha: Double = 1,
        a: UnsafeBufferPointer<Double>, lda: Int,
        b: UnsafeBufferPointer<Double>, ldb: Int,
        beta: Double = 0,
        c: UnsafeMutableBufferPointer<Double>, ldc: Int
    ) throws {
        let op = "gemm"
        try checkGemm(
            op, transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
            a: (lda, a.count), b: (ldb, b.count), c: (ldc, c.count))
        if m == 0 || n == 0 { return }
        guard let pc = c.baseAddress else { return }
        guard k > 0, let pa = a.baseAddress, let pb = b.baseAddress else {
            scale(pc, rows: m, columns: n, ld: ldc, by: beta)
            return
        }
        cblas_dgemm(
            CblasColMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
            try int(m, op, "m"), try int(n, op, "n"), try int(k, op, "k"),
            alpha, pa, try int(lda, op, "lda"), pb, try int(ldb, op, "ldb"),
            beta, pc, try int(ldc, op, "ldc"))
    }

    /// Symmetric rank-k update `C ← α·AᵀA + β·C` (or `α·AAᵀ + β·C` when `transpose` is false) (`dsyrk`).
    ///
    /// `C` is `n × n`; only the `triangle` half of `C` is read and written, the other half is left
    /// untouched (use ``Matrix/gram(_:)`` for a full symmetric result). With `transpose` (the
    /// Gram/covariance case) `A` is stored `k × n`; without it `A` is stored `n × k`.
    ///
    /// - Parameters:
    ///   - triangle: Half of `C` to update.
    ///   - transpose: `true` for `AᵀA`, `false` for `AAᵀ`.
    ///   - n: Order of `C`.
    ///   - k: Inner dimension (rows of `A` when `transpose`).
    ///   - alpha: Scale of the product.
    ///   - a: Storage of `A`, leading dimension `lda`.
    ///   - beta: Scale of the existing `C`.
    ///   - c: Storage of `C`, leading dimension `ldc`.
    /// - Throws: ``LinearAlgebraError/dimensionMismatch(operation:shapes:)`` on bad shapes.
    /// - Complexity: n·(n+1)·k floating-point operations (half of the equivalent `gemm`).
    public static func syrk(
        triangle: Triangle = .upper, transpose: Bool,
        n: Int, k: Int,
        alpha: Double = 1,
        a: UnsafeBufferPointer<Double>, lda: Int,
        beta: Double = 0,
        c: UnsafeMutableBufferPointer<Double>, ldc: Int
    ) throws {
        let op = "syrk"
        guard n >= 0, k >= 0 else {
            throw LinearAlgebraError.dimensionMismatch(operation: op, shapes: "negative size n=\(n) k=\(k)")
        }
        try checkOperand(op, "A", rows: transpose ? k : n, columns: transpose ? n : k, ld: lda, count: a.count)
        try checkOperand(op, "C", rows: n, columns: n, ld: ldc, count: c.count)
        if n == 0 { return }
        guard let pc = c.baseAddress else { return }
        guard k > 0, let pa = a.baseAddress else {
            for j in 0..<n {
                let range = triangle == .upper ? 0..<(j + 1) : j..<n
                for i in range { pc[j * ldc + i] = beta == 0 ? 0 : beta * pc[j * ldc + i] }
            }
            return
        }
        cblas_dsyrk(
            CblasColMajor, triangle == .upper ? CblasUpper : CblasLower, transpose ? CblasTrans : CblasNoTrans,
            try int(n, op, "n"), try int(k, op, "k"), alpha, pa, try int(lda, op, "lda"),
            beta, pc, try int(ldc, op, "ldc"))
    }

    // MARK: Level 2

    /// Matrix–vector product `y ← α·op(A)·x + β·y` (`dgemv`), `A` stored `m × n`.
    ///
    /// - Parameters:
    ///   - transpose: Use `Aᵀ` (then `x` has `m` entries and `y` has `n`).
    ///   - m: Rows of `A` as stored.
    ///   - n: Columns of `A` as stored.
    ///   - a: Storage of `A`, leading dimension `lda`.
    ///   - x: Input vector (unit stride).
    ///   - y: Output vector (unit stride); with `β = 0` it is write-only.
    /// - Throws: ``LinearAlgebraError/dimensionMismatch(operation:shapes:)`` on bad shapes.
    /// - Complexity: 2·m·n floating-point operations.
    public static func gemv(
        transpose: Bool = false, m: Int, n: Int, alpha: Double = 1,
        a: UnsafeBufferPointer<Double>, lda: Int,
        x: UnsafeBufferPointer<Double>,
        beta: Double = 0,
        y: UnsafeMutableBufferPointer<Double>
    ) throws {
        let op = "gemv"
        try checkOperand(op, "A", rows: m, columns: n, ld: lda, count: a.count)
        let xLength = transpose ? m : n, yLength = transpose ? n : m
        guard x.count == xLength, y.count == yLength else {
            throw LinearAlgebraError.dimensionMismatch(
                operation: op,
                shapes: "\(transpose ? "Aᵀ" : "A") is \(transpose ? n : m)×\(transpose ? m : n), x has \(x.count), y has \(y.count)")
        }
        guard let py = y.baseAddress, yLength > 0 else { return }
        guard let pa = a.baseAddress, let px = x.baseAddress, xLength > 0 else {
            for i in 0..<yLength { py[i] = beta == 0 ? 0 : beta * py[i] }
            return
        }
        cblas_dgemv(
            CblasColMajor, transpose ? CblasTrans : CblasNoTrans, try int(m, op, "m"), try int(n, op, "n"),
            alpha, pa, try int(lda, op, "lda"), px, 1, beta, py, 1)
    }

    // MARK: Level 1

    /// Dot product `xᵀy` (`ddot`).
    ///
    /// - Throws: ``LinearAlgebraError/dimensionMismatch(operation:shapes:)`` when lengths differ.
    /// - Complexity: O(n).
    public static func dot(_ x: UnsafeBufferPointer<Double>, _ y: UnsafeBufferPointer<Double>) throws -> Double {
        guard x.count == y.count else {
            throw LinearAlgebraError.dimensionMismatch(operation: "dot", shapes: "x has \(x.count), y has \(y.count)")
        }
        guard let px = x.baseAddress, let py = y.baseAddress, !x.isEmpty else { return 0 }
        return cblas_ddot(try int(x.count, "dot", "n"), px, 1, py, 1)
    }

    /// `y ← α·x + y` (`daxpy`).
    ///
    /// - Throws: ``LinearAlgebraError/dimensionMismatch(operation:shapes:)`` when lengths differ.
    /// - Complexity: O(n).
    public static func axpy(alpha: Double, x: UnsafeBufferPointer<Double>, y: UnsafeMutableBufferPointer<Double>) throws {
        guard x.count == y.count else {
            throw LinearAlgebraError.dimensionMismatch(operation: "axpy", shapes: "x has \(x.count), y has \(y.count)")
        }
        guard let px = x.baseAddress, let py = y.baseAddress, !x.isEmpty else { return }
        cblas_daxpy(try int(x.count, "axpy", "n"), alpha, px, 1, py, 1)
    }

    /// Euclidean norm ‖x‖₂ (`dnrm2`), computed with scaling so it neither overflows nor underflows
    /// for finite inputs.
    ///
    /// - Complexity: O(n).
    public static func nrm2(_ x: UnsafeBufferPointer<Double>) -> Double {
        guard let px = x.baseAddress, !x.isEmpty, let n = Int32(exactly: x.count) else {
            return x.isEmpty ? 0 : (x.reduce(0) { $0 + $1 * $1 }).squareRoot()
        }
        return cblas_dnrm2(n, px, 1)
    }

    /// Dot product `xᵀy` of two arrays.
    ///
    /// - Throws: ``LinearAlgebraError/dimensionMismatch(operation:shapes:)`` when lengths differ.
    public static func dot(_ x: [Double], _ y: [Double]) throws -> Double {
        try x.withUnsafeBufferPointer { px in try y.withUnsafeBufferPointer { py in try dot(px, py) } }
    }

    /// `y ← α·x + y` on arrays.
    public static func axpy(alpha: Double, x: [Double], y: inout [Double]) throws {
        try x.withUnsafeBufferPointer { px in try y.withUnsafeMutableBufferPointer { py in try axpy(alpha: alpha, x: px, y: py) } }
    }

    /// Euclidean norm of an array.
    public static func nrm2(_ x: [Double]) -> Double {
        x.withUnsafeBufferPointer { nrm2($0) }
    }

    // MARK: Helpers

    /// Checks that a buffer of `count` values holds a `rows × columns` matrix with leading dimension `ld`.
    /// Shape checks shared by the `Double` and `Float` GEMMs: sizes non-negative, every operand's buffer
    /// long enough for its shape and leading dimension (given as `(ld, count)`).
    static func checkGemm(
        _ op: String, transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        a: (ld: Int, count: Int), b: (ld: Int, count: Int), c: (ld: Int, count: Int)
    ) throws {
        guard m >= 0, n >= 0, k >= 0 else {
            throw LinearAlgebraError.dimensionMismatch(operation: op, shapes: "negative size m=\(m) n=\(n) k=\(k)")
        }
        try checkOperand(op, "A", rows: transposeA ? k : m, columns: transposeA ? m : k, ld: a.ld, count: a.count)
        try checkOperand(op, "B", rows: transposeB ? n : k, columns: transposeB ? k : n, ld: b.ld, count: b.count)
        try checkOperand(op, "C", rows: m, columns: n, ld: c.ld, count: c.count)
    }

    static func checkOperand(_ op: String, _ name: String, rows: Int, columns: Int, ld: Int, count: Int) throws {
        guard ld >= max(1, rows) else {
            throw LinearAlgebraError.dimensionMismatch(operation: op, shapes: "\(name) has \(rows) rows but leading dimension \(ld)")
        }
        let needed = rows == 0 || columns == 0 ? 0 : ld * (columns - 1) + rows
        guard count >= needed else {
            throw LinearAlgebraError.dimensionMismatch(
                operation: op, shapes: "\(name) is \(rows)×\(columns) (ld \(ld)), needs \(needed) values, buffer has \(count)")
        }
    }

    static func int(_ value: Int, _ routine: String, _ name: String) throws -> Int32 {
        try LinearAlgebraError.int32(value, routine, name)
    }

    static func scale<T: BinaryFloatingPoint>(_ p: UnsafeMutablePointer<T>, rows: Int, columns: Int, ld: Int, by beta: T) {
        for j in 0..<columns {
            for i in 0..<rows { p[j * ld + i] = beta == 0 ? 0 : beta * p[j * ld + i] }
        }
    }
}
