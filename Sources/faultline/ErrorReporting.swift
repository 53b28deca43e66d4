import ArgumentParser
import Foundation
import Workbench

/// Maps any error to `error: …` on stderr and the documented exit status. The one place the CLI
/// decides exit codes.
func exitCode(reporting error: any Error) -> ExitCode {
    let status: ExitStatus
    var hint: String?
    if let classified = error as? any ClassifiedError {
        status = classified.exitStatus
        hint = classified.hint
    } else {
        status = ErrorClassification.status(of: error)
    }
    var text = "error: \(error)\n"
    if let hint { text += "hint: \(hint)\n" }
    FileHandle.standardError.write(Data(text.utf8))
    return ExitCode(status.rawValue)
}

/// Runs `body`, turning thrown errors into the documented exit codes.
func runReportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let e as ExitCode {
        throw e
    } catch {
        throw exitCode(reporting: error)
    }
}
