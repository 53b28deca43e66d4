import ArgumentParser
import Workbench

/// Options every command accepts.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "OpenBLAS threads (default 1; Faultline parallelises across units instead).")
    var blasThreads: Int = 1

    @Flag(name: .long, help: "No progress output.")
    var quiet = false
}
