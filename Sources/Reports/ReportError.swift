/// Errors raised while rendering or writing reports.
public enum ReportError: Error, Sendable, CustomStringConvertible {
    /// A report file could not be written.
    case write(path: String, reason: String)
    /// A `results.json` could not be read back.
    case read(path: String, reason: String)

    public var description: String {
        switch self {
        case let .write(path, reason): return "cannot write report: \(reason) (\(path))"
        case let .read(path, reason): return "cannot read results: \(reason) (\(path))"
        }
    }
}
