import Foundation
import LinearAlgebra

/// Process-wide runtime settings, applied once at the start of every `faultline` command.
///
/// Every command calls ``configure(blasThreads:)`` first with `GlobalOptions.blasThreads`
/// (`--blas-threads`, default 1): Faultline runs OpenBLAS single-threaded and parallelises across
/// independent units (series, seeds, models) instead, so BLAS threads and task threads do not
/// compete for the same cores. Library code never changes the thread count itself.
public enum Runtime {
    /// Sets the number of OpenBLAS threads for the rest of the process (clamped to 1…1024; the CLI refuses
    /// values outside that range before any work).
    ///
    /// This overrides `OPENBLAS_NUM_THREADS` from the environment. Call it before any BLAS work;
    /// calling it again simply applies the new count.
    ///
    /// - Parameter blasThreads: Threads OpenBLAS may use for one call.
    public static func configure(blasThreads: Int) {
        BLASThreads.set(max(1, blasThreads))
    }

    /// Re-runs this process with `OPENBLAS_CORETYPE` set when OpenBLAS fell back to its generic
    /// `Prescott` kernels on a CPU with AVX2/AVX-512 (``BLASCore``); otherwise returns. Call it first in
    /// `main`, before any work. Set `OPENBLAS_CORETYPE` yourself to choose the kernels explicitly.
    public static func correctBLASKernels() {
        let flags = { BLASCore.cpuFlags(cpuinfo: (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? "") }
        guard let core = BLASCore.correction(environment: ProcessInfo.processInfo.environment, cpuFlags: flags(), current: BLASCore.name)
        else { return }
        setenv("OPENBLAS_CORETYPE", core, 1)
        let arguments = CommandLine.arguments
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) }
        argv.append(nil)
        execv("/proc/self/exe", &argv)
        // exec failed: carry on with the kernels OpenBLAS chose.
    }
}
