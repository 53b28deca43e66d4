/// The exit statuses every `faultline` command uses (README: "Exit codes").
public enum ExitStatus: Int32, Sendable, CaseIterable {
    /// Success.
    case ok = 0
    /// A gate or check failed (the run itself worked).
    case checkFailed = 1
    /// Usage or configuration error: bad flags, a malformed scenario or spec, an unknown name.
    case usage = 2
    /// Data or runtime error: unreadable or corrupt data, a numerical failure, I/O.
    case data = 3
}

/// An error that knows which exit status it maps to, and may carry a hint for the user.
public protocol ClassifiedError: Error {
    /// Exit status the CLI should return.
    var exitStatus: ExitStatus { get }
    /// A one-line hint with an obvious fix, if any.
    var hint: String? { get }
}

/// A usage or configuration error raised by the workbench itself (exit 2).
public struct UsageError: ClassifiedError, CustomStringConvertible {
    public var message: String
    public var hint: String?
    public var exitStatus: ExitStatus { .usage }
    public var description: String { message }
    public init(_ message: String, hint: String? = nil) {
        self.message = message
        self.hint = hint
    }
}

/// A data or runtime error raised by the workbench itself (exit 3).
public struct DataError: ClassifiedError, CustomStringConvertible {
    public var message: String
    public var hint: String?
    public var exitStatus: ExitStatus { .data }
    public var description: String { message }
    public init(_ message: String, hint: String? = nil) {
        self.message = message
        self.hint = hint
    }
}
