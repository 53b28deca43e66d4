import ArgumentParser
import Foundation
import Workbench

/// The `faultline` command: simulate, evaluate, replay and gate AIOps models.
@main
struct Faultline: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "faultline",
        abstract: "A workbench for evaluating AIOps models: simulate, evaluate, replay, gate.",
        discussion: """
            Exit codes: 0 ok, 1 a gate or check failed, 2 usage or configuration error, \
            3 data or runtime error.
            """,
        version: FaultlineVersion.string,
        subcommands: [
            Demo.self,
            Simulate.self,
            Evaluate.self,
            Bench.self,
            Score.self,
            ModelsCommand.self,
            Inspect.self,
            Fidelity.self,
            Scenarios.self,
            Logs.self,
            NABCommand.self,
            Replay.self,
            Rca.self,
            Correlate.self,
            Import.self,
            Export.self,
            Gate.self,
            Baseline.self,
            Sweep.self,
        ]
    )

    /// Parses and runs, mapping argument-parsing failures to exit status 2 (usage) instead of
    /// ArgumentParser's 64, so every usage error exits the same way (README: "Exit codes").
    static func main() {
        Runtime.correctBLASKernels()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                let text = fullMessage(for: error).replacingOccurrences(of: "Error: ", with: "error: ")
                FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
                Foundation.exit(ExitStatus.usage.rawValue)
            }
            exit(withError: error)
        }
    }
}
