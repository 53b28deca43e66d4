/// A foreign file that cannot be imported: names the file and, where it applies, the line.
public struct InteropError: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var line: Int?
    public var message: String
    /// True when the caller named something that does not exist (a usage error), false for bad content.
    public var isUsageError: Bool

    public init(path: String, line: Int? = nil, message: String, isUsageError: Bool = false) {
        self.path = path
        self.line = line
        self.message = message
        self.isUsageError = isUsageError
    }

    public var description: String {
        line.map { "\(message) (\(path):\($0))" } ?? "\(message) (\(path))"
    }
}
