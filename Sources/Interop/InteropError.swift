/// A foreign file that cannot be imported: names the file and, where it applies, the line.
public struct InteropError: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var line: Int?
    /// 1-based byte column within `line`, when known.
    public var column: Int?
    public var message: String
    /// True when the caller named something that does not exist (a usage error), false for bad content.
    public var isUsageError: Bool

    public init(path: String, line: Int? = nil, column: Int? = nil, message: String, isUsageError: Bool = false) {
        self.path = path
        self.line = line
        self.column = column
        self.message = message
        self.isUsageError = isUsageError
    }

    public var description: String {
        guard let line else { return "\(message) (\(path))" }
        guard let column else { return "\(message) (\(path):\(line))" }
        return "\(message) (\(path):\(line):\(column))"
    }
}
