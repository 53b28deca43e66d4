import ArgumentParser
import Benchmarks
import Foundation
import Workbench

/// `faultline bench …`: performance measurements, run in release builds.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure Faultline's speed (use a release build).",
        subcommands: [Linalg.self, Simulate.self, Detectors.self, ImportCSV.self, Rca.self]
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
            guard waitForQuiet >= 0, waitForQuiet <= 3600 else { throw ValidationError("--wait-for-quiet must be between 0 and 3600 s") }
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

    /// `faultline bench detectors`.
    struct Detectors: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "detectors",
            abstract: "Time the detectors on the peers' exported arrays, side by side with scikit-learn/PyOD/numpy/Merlion.",
            discussion: """
                DIR is what `python3 ../shared/peers/export_data.py DIR` writes (uv.npy, mv.npy, labels, \
                manifest.json); every array's SHA-256 is checked against the manifest. Each case is fit + score, \
                one warm-up, then the median of --runs calls with the shared-machine guard. --json prints the \
                peers' detectors_core.json layout (render.py reads it); otherwise a markdown table. \
                With --peers FILE (repeatable), each row also shows the peer's recorded median and the speed-up.
                """
        )

        @OptionGroup var global: GlobalOptions

        @Option(name: .long, help: "Directory written by export_data.py (keep it outside the repository).")
        var data: String

        @Flag(name: .long, help: "Print one JSON object (peers' layout) instead of the table.")
        var json = false

        @Option(name: .long, help: "Timed calls per case (median reported).")
        var runs = 5

        @Option(name: .long, help: "Only cases whose name contains this fragment (repeatable).")
        var only: [String] = []

        @Option(name: .long, help: "Peer result file for the speed-up column (repeatable).")
        var peers: [String] = []

        @Option(name: .long, help: "The univariate detector timed against Merlion's DefaultDetector.")
        var defaultDetector = "mad"

        @Option(name: .long, help: "Longest wait, in seconds, for other processes to go below 10 % CPU before each case.")
        var waitForQuiet: Double = 20

        @Option(name: .long, help: "Also write the JSON to this file.")
        var out: String?

        func validate() throws {
            guard runs >= 1, runs <= 1000 else { throw ValidationError("--runs must be between 1 and 1000") }
            guard waitForQuiet >= 0, waitForQuiet <= 3600 else { throw ValidationError("--wait-for-quiet must be between 0 and 3600 s") }
        }

        func run() throws {
            try runReportingErrors {
                Runtime.configure(blasThreads: global.blasThreads)
                var bench = DetectorBenchmark(dataDirectory: URL(fileURLWithPath: data))
                bench.runs = runs
                bench.only = only
                bench.peerFiles = peers.map { URL(fileURLWithPath: $0) }
                bench.defaultUnivariate = defaultDetector
                bench.quietWaitSeconds = waitForQuiet
                let result = try bench.run()
                let text = try result.json()
                if let out { try text.write(toFile: out, atomically: true, encoding: .utf8) }
                print(json ? text : result.table)
            }
        }
    }

    /// `faultline bench import`.
    struct ImportCSV: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "CSV import speed against pandas read_csv on the same generated file, both in one run.",
            discussion: """
                Generates a seeded CSV (time + value columns, 1 field in 50 empty), times `faultline import csv`'s \
                parser (read, parse, repair, validate; not the dataset write) and, with --python, pandas read_csv \
                through docs/bench_import_pandas.py. One warm-up, then the median of --runs each. `make bench-import` \
                sets up pandas in a virtualenv outside the repository.
                """
        )

        @Option(name: .long, help: "Data rows of the generated file.")
        var rows = 200_000

        @Option(name: .long, help: "Value columns of the generated file.")
        var columns = 20

        @Option(name: .long, help: "Timed runs per side (median reported).")
        var runs = 5

        @Option(name: .long, help: "A Python with pandas (omit to time Faultline alone).")
        var python: String?

        @Option(name: .long, help: "Where to write the generated CSV (default: the temporary folder).")
        var file: String?

        @Flag(name: .long, help: "Print one JSON object instead of the table.")
        var json = false

        func validate() throws {
            guard (1...100_000_000).contains(rows), (1...10_000).contains(columns), (1...1000).contains(runs) else {
                throw ValidationError("--rows 1…10⁸, --columns 1…10⁴, --runs 1…1000")
            }
        }

        func run() throws {
            try runReportingErrors {
                let path =
                    file.map { URL(fileURLWithPath: $0) }
                    ?? FileManager.default.temporaryDirectory.appendingPathComponent("faultline-bench-import-\(getpid()).csv")
                let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("docs/bench_import_pandas.py")
                var bench = ImportBenchmark(file: path, script: script)
                bench.rows = rows
                bench.columns = columns
                bench.runs = runs
                bench.python = python
                let result = try bench.run()
                print(json ? try result.json() : result.table)
            }
        }
    }
}
