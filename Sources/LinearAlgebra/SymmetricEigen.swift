internal import COpenBLAS

/// Eigen-decomposition `A = V·diag(λ)·Vᵀ` of a real symmetric matrix (`dsyevr`, MRRR algorithm).
///
/// Eigenvalues are real and returned in ascending order; eigenvector `i` is column `i` of
/// ``vectors`` and has unit Euclidean norm, so `A·vᵢ = λᵢ·vᵢ` to about `n·ε·‖A‖` in each entry.
/// Eigenvector signs are not normalised (LAPACK's choice is kept). Only one triangle of the input
/// is read; the input is not checked for symmetry.
///
/// ```swift
/// let eig = try SymmetricEigen(covariance, indices: (n - 3)..<n)   // the three largest
/// ```
///
/// - Complexity: O(n³) for the tridiagonal reduction; O(n·k) more for `k` selected eigenpairs.
public struct SymmetricEigen: Sendable, Equatable {
    /// Eigenvalues in ascending order.
    public var values: [Double]
    /// `n × k` matrix whose column `i` is the unit eigenvector for `values[i]`.
    public var vectors: Matrix

    /// Decomposes a symmetric matrix.
    ///
    /// - Parameters:
    ///   - a: A square symmetric matrix.
    ///   - indices: Which eigenpairs to compute, as 0-based positions in ascending order
    ///     (`0..<n` is all of them, `(n-k)..<n` the `k` largest); `nil` means all.
    ///   - triangle: The triangle of `a` that is read.
    /// - Throws: ``LinearAlgebraError/dimensionMismatch(operation:shapes:)`` when `a` is not square
    ///   or `indices` is empty or outside `0..<n`; ``LinearAlgebraError/noConvergence(routine:info:)``
    ///   when MRRR fails; ``LinearAlgebraError/invalidArgument(routine:index:name:)`` when `a`
    ///   contains NaN.
    public init(_ a: Matrix, indices: Range<Int>? = nil, triangle: Triangle = .upper) throws {
        let routine = "dsyevr"
        guard a.isSquare else {
            throw LinearAlgebraError.dimensionMismatch(operation: "SymmetricEigen", shapes: "A is \(a.rows)×\(a.columns), not square")
        }
        let n = a.rows
        let range = indices ?? 0..<n
        guard range.lowerBound >= 0, range.upperBound <= n, !range.isEmpty || n == 0 else {
            throw LinearAlgebraError.dimensionMismatch(
                operation: "SymmetricEigen", shapes: "index range \(range) is empty or outside 0..<\(n)")
        }
        if n == 0 {
            values = []
            vectors = Matrix.zeros(rows: 0, columns: 0)
            return
        }
        let k = range.count
        let selectAll = k == n
        let n32 = try LAPACK.int(n, routine, "n")
        var work = a.values
        var w = [Double](repeating: 0, count: n)
        var z = [Double](repeating: 0, count: n * k)
        var isuppz = [Int32](repeating: 0, count: 2 * k)
        var found: Int32 = 0
        let info = work.withUnsafeMutableBufferPointer { pa in
            w.withUnsafeMutableBufferPointer { pw in
                z.withUnsafeMutableBufferPointer { pz in
                    isuppz.withUnsafeMutableBufferPointer { ps in
                        LAPACKE_dsyevr(
                            LAPACK.columnMajor, CChar(UInt8(ascii: "V")),
                            CChar(UInt8(ascii: selectAll ? "A" : "I")),
                            CChar(UInt8(ascii: triangle == .upper ? "U" : "L")),
                            n32, pa.baseAddress, n32, 0, 0,
                            Int32(range.lowerBound + 1), Int32(range.upperBound), 0,
                            &found, pw.baseAddress, pz.baseAddress, n32, ps.baseAddress)
                    }
                }
            }
        }
        try LAPACK.check(
            info, routine: routine,
            arguments: [
                "matrix_layout", "jobz", "range", "uplo", "n", "a", "lda", "vl", "vu", "il", "iu",
                "abstol", "m", "w", "z", "ldz", "isuppz",
            ]
        ) { .noConvergence(routine: routine, info: $0) }
        let m = Int(found)
        guard m == k else { throw LinearAlgebraError.noConvergence(routine: routine, info: m) }
        values = Array(w[0..<m])
        vectors = try Matrix(rows: n, columns: m, columnMajor: z)
    }
}
