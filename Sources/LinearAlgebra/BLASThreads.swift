internal import COpenBLAS

/// Control of OpenBLAS's own thread pool.
///
/// Faultline runs OpenBLAS single-threaded by default and parallelises across independent units
/// (series, seeds, models) instead; `--blas-threads N` overrides that once at start-up.
public enum BLASThreads {
    /// Sets the number of threads OpenBLAS uses for subsequent calls (values < 1 become 1).
    public static func set(_ count: Int) {
        openblas_set_num_threads(Int32(max(1, count)))
    }

    /// The number of threads OpenBLAS currently uses.
    public static var current: Int { Int(openblas_get_num_threads()) }
}
