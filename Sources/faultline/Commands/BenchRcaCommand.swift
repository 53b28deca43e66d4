import ArgumentParser
import Benchmarks
import Foundation
import Workbench

extension Bench {
    /// `faultline bench rca`.
    struct Rca: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rca",
            abstract: "Ranker time per case of every root-cause ranker on a simulated scenario's faults (budgets: 50 ms, circa 2 s).")

        @OptionGroup var global: GlobalOptions

        @Flag(name: .long, help: "Print one JSON object instead of the table.")
        var json = false

        @Option(name: .long, help: "Scenario whose faults are the cases (built-in name or YAML path).")
        var scenario = "large-graph"

        @Option(name: .long, help: "A ranker to time (repeatable; default: every registered ranker).")
        var ranker: [String] = []

        @Option(name: .long, help: "Timed calls per case after one warm-up.")
        var runs: Int = 5

        func run() throws {
            try runReportingErrors {
                guard runs >= 1 else { throw UsageError("--runs must be ≥ 1, got \(runs)") }
                Runtime.configure(blasThreads: global.blasThreads)
                var bench = RootCauseBenchmark()
                bench.scenario = scenario
                bench.rankers = ranker
                bench.runs = runs
                let result = try bench.run()
                print(json ? try result.json() : result.table, terminator: json ? "\n" : "")
            }
        }
    }
}
