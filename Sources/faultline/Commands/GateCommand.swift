import ArgumentParser
import Foundation
import Workbench

/// `faultline gate RUN_DIR… --rules gates.yaml [--baseline FILE]`: model-quality rules for CI.
struct Gate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check runs against gate rules and a committed baseline; write junit.xml, summary.md, metrics.txt.",
        discussion: """
            Exit 0: every fail rule passed (warnings allowed); 1: a fail rule failed; 2: bad rules file or flags; \
            3: a result is missing or corrupt (or has fewer seeds than a rule needs). Under GitHub Actions \
            (GITHUB_ACTIONS=true) at most 10 ::error and 10 ::warning lines are printed; with GITHUB_STEP_SUMMARY set \
            the summary is appended to it (kept under 1 MiB). Rules format: docs/CI.md.
            """)

    @Argument(help: "Run folders (each with results.json), e.g. Results/ci.")
    var runs: [String]

    @Option(name: .long, help: "The gate rules file (YAML; docs/CI.md).")
    var rules: String

    @Option(name: .long, help: "A baseline written by `faultline baseline update` (e.g. Results/baselines/ci.json).")
    var baseline: String?

    @Option(name: .long, help: "Folder for junit.xml, summary.md, metrics.txt, gate.json (default RUN_DIR/gate).")
    var out: String?

    @OptionGroup var global: GlobalOptions

    func run() throws {
        try runReportingErrors {
            let outcome = try GateJob.run(
                runs: runs, rules: rules, baseline: baseline, out: try outFolder(out), environment: ProcessInfo.processInfo.environment)
            print(outcome.output, terminator: "")
            if outcome.exitStatus != 0 { throw ExitCode(outcome.exitStatus) }
        }
    }
}
