internal import COpenBLAS

/// Baselines for `faultline bench linalg`: the same operations as the wrappers, called on the C
/// library directly, so the wrapper overhead can be measured on the same buffers.
///
/// Not for general use: these functions do no shape checking beyond preconditions (a failed one is
/// a bug in the benchmark). They live here because only `LinearAlgebra` may import C.
public enum LinearAlgebraBenchmarks {
    /// `C ← A·B` with `cblas_dgemm` directly (column-major, no transposes, α = 1, β = 0).
    ///
    /// - Parameters:
    ///   - m: Rows of `A` and `C`.
    ///   - n: Columns of `B` and `C`.
    ///   - k: Columns of `A`, rows of `B`.
    ///   - a: `m × k` storage, leading dimension `m`.
    ///   - b: `k × n` storage, leading dimension `k`.
    ///   - c: `m × n` storage, leading dimension `m`.
    /// - Complexity: 2·m·n·k floating-point operations.
    public static func directDGEMM(
        m: Int32, n: Int32, k: Int32,
        a: UnsafeBufferPointer<Double>, b: UnsafeBufferPointer<Double>, c: UnsafeMutableBufferPointer<Double>
    ) {
        precondition(m > 0 && n > 0 && k > 0, "directDGEMM needs positive sizes")
        precondition(
            a.count >= Int(m) * Int(k) && b.count >= Int(k) * Int(n) && c.count >= Int(m) * Int(n),
            "directDGEMM buffers too short")
        cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, m, n, k, 1, a.baseAddress, m, b.baseAddress, k, 0, c.baseAddress, m)
    }

    /// OpenBLAS's build configuration string (for benchmark reports), e.g.
    /// `"OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Cooperlake MAX_THREADS=64"`.
    public static var openBLASConfiguration: String {
        guard let p = openblas_get_config() else { return "unknown" }
        return String(cString: p)
    }
}
