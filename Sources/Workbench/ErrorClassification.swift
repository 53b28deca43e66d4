import Simulator
import Telemetry

/// Decides the exit status of errors raised by the library modules, which know nothing of exit codes.
public enum ErrorClassification {
    /// Exit status for `error`: configuration errors → 2, everything else → 3.
    public static func status(of error: any Error) -> ExitStatus {
        if let c = error as? any ClassifiedError { return c.exitStatus }
        switch error {
        case is ScenarioError: return .usage
        case is TelemetryError: return .data
        default: return .data
        }
    }
}
