internal import COpenBLAS

/// Minimum-norm least-squares solution of `A·X ≈ B`, rank-revealing (`dgelsd`, SVD based).
///
/// Minimises ‖B − A·X‖₂ column by column; among minimisers it returns the one of least norm.
/// Singular values `σᵢ ≤ rcond·σ₁` are treated as zero, which fixes the effective ``rank``:
/// this is how a collinear design or a constant feature is detected instead of producing
/// huge coefficients.
///
/// - Complexity: O(m·n·min(m, n) + n²·nrhs) floating-point operations.
public struct LeastSquares: Sendable, Equatable {
    /// The solution `X`, `n × nrhs`.
    public var solution: Matrix
    /// Effective rank of `A`: the number of singular values above `rcond·σ₁`.
    public var rank: Int
    /// Singular values of `A`, descending, `min(m, n)` entries.
    public var singularValues: [Double]

    /// Solves `A·X ≈ B`.
    ///
    /// - Parameters:
    ///   - a: `m × n` coefficient matrix (any shape, any rank).
    ///   - b: `m × nrhs` right-hand sides.
    ///   - rcond: Relative threshold for treating singular values as zero; `nil` means
    ///     `ε·max(m, n)` (numpy's default).
    /// - Throws: ``LinearAlgebraError/dimensionMismatch(operation:shapes:)`` when `b` has a different
    ///   number of rows than `a`; ``LinearAlgebraError/noConvergence(routine:info:)`` when the SVD
    ///   fails; ``LinearAlgebraError/invalidArgument(routine:index:name:)`` on NaN input.
    public init(_ a: Matrix, _ b: Matrix, rcond: Double? = nil) throws {
        let routine = "dgelsd"
        let m = a.rows, n = a.columns, nrhs = b.columns
        guard b.rows == m else {
            throw LinearAlgebraError.dimensionMismatch(
                operation: "LeastSquares", shapes: "A is \(m)×\(n), B is \(b.rows)×\(b.columns)")
        }
        let ldb = max(1, m, n)
        if m == 0 || n == 0 || nrhs == 0 {
            solution = Matrix.zeros(rows: n, columns: nrhs)
            rank = 0
            singularValues = []
            return
        }
        var work = a.values
        var bx = [Double](repeating: 0, count: ldb * nrhs)
        for j in 0..<nrhs {
            for i in 0..<m { bx[j * ldb + i] = b.values[j * m + i] }
        }
        var s = [Double](repeating: 0, count: min(m, n))
        var rank32: Int32 = 0
        let threshold = rcond ?? Double.ulpOfOne * Double(max(m, n))
        let m32 = try LAPACK.int(m, routine, "m"), n32 = try LAPACK.int(n, routine, "n")
        let nrhs32 = try LAPACK.int(nrhs, routine, "nrhs"), ldb32 = try LAPACK.int(ldb, routine, "ldb")
        let info = work.withUnsafeMutableBufferPointer { pa in
            bx.withUnsafeMutableBufferPointer { pb in
                s.withUnsafeMutableBufferPointer { ps in
                    LAPACKE_dgelsd(
                        LAPACK.columnMajor, m32, n32, nrhs32, pa.baseAddress, m32, pb.baseAddress, ldb32,
                        ps.baseAddress, threshold, &rank32)
                }
            }
        }
        try LAPACK.check(
            info, routine: routine,
            arguments: ["matrix_layout", "m", "n", "nrhs", "a", "lda", "b", "ldb", "s", "rcond", "rank"]
        ) { .noConvergence(routine: routine, info: $0) }
        var x = [Double](repeating: 0, count: n * nrhs)
        for j in 0..<nrhs {
            for i in 0..<n { x[j * n + i] = bx[j * ldb + i] }
        }
        solution = try Matrix(rows: n, columns: nrhs, columnMajor: x)
        rank = Int(rank32)
        singularValues = s
    }

    /// Solves `A·x ≈ b` for one right-hand side; see ``init(_:_:rcond:)``.
    public init(_ a: Matrix, _ b: [Double], rcond: Double? = nil) throws {
        try self.init(a, try Matrix(rows: b.count, columns: 1, columnMajor: b), rcond: rcond)
    }
}
