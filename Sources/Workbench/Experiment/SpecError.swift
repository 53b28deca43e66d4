import Telemetry

/// An experiment spec that cannot be used: names the file, the line and column, and the key path.
public struct SpecError: ClassifiedError, CustomStringConvertible, Equatable {
    public var file: String
    public var line: Int?
    public var column: Int?
    /// Dotted key path (`models[2].name`).
    public var keyPath: String
    public var message: String
    public var hint: String?
    public var exitStatus: ExitStatus { .usage }

    public init(file: String, line: Int? = nil, column: Int? = nil, keyPath: String, message: String, hint: String? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.keyPath = keyPath
        self.message = message
        self.hint = hint
    }

    public var description: String {
        var place = file
        if let line { place += ":\(line)" }
        if let column { place += ":\(column)" }
        return keyPath.isEmpty ? "\(message) (\(place))" : "\(keyPath): \(message) (\(place))"
    }
}
