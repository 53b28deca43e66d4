import Interop
import Models
import Simulator
import Telemetry

/// Decides the exit status of errors raised by the library modules, which know nothing of exit codes.
public enum ErrorClassification {
    /// Exit status for `error`: configuration errors (including `ModelError`s a user fixes in a spec:
    /// unknown model, bad parameter) → 2, everything else → 3.
    public static func status(of error: any Error) -> ExitStatus {
        if let c = error as? any ClassifiedError { return c.exitStatus }
        switch error {
        case let e as ModelError: return e.isConfigurationError ? .usage : .data
        case is ScenarioError: return .usage
        case let e as InteropError: return e.isUsageError ? .usage : .data
        default: return .data  // TelemetryError, LinearAlgebraError, EvaluationError, I/O: data or runtime
        }
    }
}
