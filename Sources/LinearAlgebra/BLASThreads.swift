internal import COpenBLAS

/// Control of OpenBLAS's own thread pool.
///
/// Faultline runs OpenBLAS single-threaded by default and parallelises across independent units
/// (series, seeds, models) instead; `--blas-threads N` overrides that once at start-up.
public enum BLASThreads {
    /// Sets the number of threads OpenBLAS uses for subsequent calls (values < 1 become 1, values above 1024
    /// become 1024; OpenBLAS itself clamps to the thread count it was built for).
    public static func set(_ count: Int) {
        openblas_set_num_threads(Int32(min(1024, max(1, count))))
    }

    /// The number of threads OpenBLAS currently uses.
    public static var current: Int { Int(openblas_get_num_threads()) }
}

/// The CPU kernel set OpenBLAS chose at load time, and a correction for CPUs it does not recognise.
///
/// Debian's OpenBLAS (0.3.21) picks its kernels by CPU model; on a virtual machine that reports an unknown
/// Intel model ("Intel Xeon Processor") it falls back to `Prescott` (SSE3) even when the CPU has AVX-512,
/// and `sgemm`/`dgemm` run 4–8× slower (kNN scoring 10.7 s → 2.6 s on such a VM with `SkylakeX`). The
/// choice is made before `main`, so the only fix is the environment variable `OPENBLAS_CORETYPE` in a
/// fresh process.
public enum BLASCore {
    /// OpenBLAS's kernel name (`Haswell`, `SkylakeX`, `Prescott`, …).
    public static var name: String { openblas_get_corename().map { String(cString: $0) } ?? "unknown" }

    /// The kernel set to ask for instead of a `Prescott` fallback on a CPU with AVX2 or AVX-512
    /// (from `/proc/cpuinfo`'s flags, read only when OpenBLAS did fall back), or nil when OpenBLAS's
    /// choice stands or the user set `OPENBLAS_CORETYPE` themselves.
    public static func correction(environment: [String: String], cpuFlags: @autoclosure () -> Set<String>, current: String) -> String? {
        guard environment["OPENBLAS_CORETYPE"] == nil, current.lowercased() == "prescott" else { return nil }
        let flags = cpuFlags()
        if flags.isSuperset(of: ["avx512f", "avx512bw", "avx512dq", "avx512vl"]) { return "SkylakeX" }
        if flags.isSuperset(of: ["avx2", "fma"]) { return "Haswell" }
        return nil
    }

    /// The flags of the first processor in `/proc/cpuinfo` (empty where there is none).
    public static func cpuFlags(cpuinfo: String) -> Set<String> {
        for line in cpuinfo.split(separator: "\n") where line.hasPrefix("flags") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            return Set(line[line.index(after: colon)...].split(separator: " ").map(String.init))
        }
        return []
    }
}
