import ArgumentParser
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
            Scenarios.self,
            NABCommand.self,
        ]
    )
}
