import ArgumentParser
import Benchmarks
import Foundation
import Workbench

extension Bench {
    /// `faultline bench simulate`.
    struct Simulate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "simulate",
            abstract: "Metric points generated and written per second (1,014 series × 100,000 steps), record rates, peak memory of a 7× longer run.")

        @OptionGroup var global: GlobalOptions

        @Flag(name: .long, help: "Print one JSON object instead of the table.")
        var json = false

        @Option(name: .long, help: "Simulator worker threads.")
        var jobs: Int = 2

        @Option(name: .long, help: "Steps of the metric run.")
        var rows: Int = 100_000

        @Option(name: .long, help: "Timed runs after one warm-up.")
        var runs: Int = 3

        func run() throws {
            try runReportingErrors {
                Runtime.configure(blasThreads: global.blasThreads)
                var bench = SimulateBenchmark()
                bench.jobs = jobs
                bench.rows = rows
                bench.runs = runs
                let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
                let result = try bench.run(executable: exe)
                print(json ? try result.json() : result.table)
            }
        }
    }
}
