import LinearAlgebra

/// Process-wide runtime settings, applied once at the start of every `faultline` command.
///
/// Every command calls ``configure(blasThreads:)`` first with `GlobalOptions.blasThreads`
/// (`--blas-threads`, default 1): Faultline runs OpenBLAS single-threaded and parallelises across
/// independent units (series, seeds, models) instead, so BLAS threads and task threads do not
/// compete for the same cores. Library code never changes the thread count itself.
public enum Runtime {
    /// Sets the number of OpenBLAS threads for the rest of the process (values < 1 become 1).
    ///
    /// This overrides `OPENBLAS_NUM_THREADS` from the environment. Call it before any BLAS work;
    /// calling it again simply applies the new count.
    ///
    /// - Parameter blasThreads: Threads OpenBLAS may use for one call.
    public static func configure(blasThreads: Int) {
        BLASThreads.set(max(1, blasThreads))
    }
}
