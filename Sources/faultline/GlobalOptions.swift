import ArgumentParser
import Foundation
import Workbench

/// Options every command accepts.
struct GlobalOptions: ParsableArguments {
    /// Most OpenBLAS threads `--blas-threads` accepts (more than any machine here has cores; OpenBLAS clamps to
    /// its own build limit below that).
    static let maxBLASThreads = 1024

    @Option(name: .long, help: "OpenBLAS threads, 1 to \(maxBLASThreads) (default 1; Faultline parallelises across units instead).")
    var blasThreads: Int = 1

    @Flag(name: .long, help: "No progress output.")
    var quiet = false

    /// Refuses a thread count outside `1…maxBLASThreads` before the command runs (exit 2).
    func validate() throws {
        guard (1...Self.maxBLASThreads).contains(blasThreads) else {
            throw ValidationError("--blas-threads must be between 1 and \(Self.maxBLASThreads), got \(blasThreads)")
        }
    }
}

/// `--jobs` of the evaluate-side commands: worker threads, 1 to `RunOptions.maxJobs`.
func validateJobs(_ jobs: Int) throws {
    guard (1...RunOptions.maxJobs).contains(jobs) else {
        throw ValidationError("--jobs must be between 1 and \(RunOptions.maxJobs), got \(jobs)")
    }
}

/// A seed given on the command line: a non-negative 64-bit integer. `--seed -1` would otherwise read as a
/// missing value followed by an unknown option.
func parseSeed(_ text: String) throws -> UInt64 {
    guard let v = UInt64(text) else {
        throw ValidationError("--seed takes an integer from 0 to \(UInt64.max), got '\(text)'")
    }
    return v
}

/// The folder `--out` names, refusing an empty argument (it would mean the current folder).
func outFolder(_ text: String?) throws -> URL? {
    guard let text else { return nil }
    guard !text.isEmpty else { throw UsageError("--out is empty; name the run folder") }
    return URL(fileURLWithPath: text)
}
