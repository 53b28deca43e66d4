import ArgumentParser
import Workbench

/// `faultline bench …`: performance measurements, run in release builds.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure Faultline's speed (use a release build).",
        subcommands: [Linalg.self, Simulate.self]
    )

    /// `faultline bench linalg`.
    struct Linalg: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "linalg",
            abstract: "gemm wrapper overhead against cblas_dgemm, and a 200,000 × 38 PCA fit.",
            discussion: """
            Prints GFLOP/s of a 2000 × 2000 gemm through the Matrix wrapper and through cblas_dgemm \
            on the same buffers, their ratio as wrapper_overhead, and the median time of a PCA fit \
            (means, blocked centring + dsyrk, dsyevr). One warm-up, then the median of several runs.
            """
        )

        @OptionGroup var global: GlobalOptions

        @Flag(name: .long, help: "Print one JSON object instead of the table.")
        var json = false

        @Option(name: .long, help: "Longest wait, in seconds, for other processes to go below 10 % CPU before measuring.")
        var waitForQuiet: Double = 20

        func validate() throws {
            guard global.blasThreads >= 1 else { throw ValidationError("--blas-threads must be at least 1") }
            guard waitForQuiet >= 0 else { throw ValidationError("--wait-for-quiet must be ≥ 0") }
        }

        func run() throws {
            try runReportingErrors {
                Runtime.configure(blasThreads: global.blasThreads)
                var bench = LinalgBenchmark()
                bench.quietWaitSeconds = waitForQuiet
                let result = try bench.run()
                print(json ? try result.json() : result.table)
            }
        }
    }
}
