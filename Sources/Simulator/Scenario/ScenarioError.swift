/// Why a scenario could not be loaded, validated or run, with where in the file it happened.
///
/// Every error names the file (or built-in scenario name) and, when known, the line and column
/// (1-based) and the key path (`faults[2].kind`). The description reads
/// `unknown key 'fanout' (shop.yaml:23:7, edges[2].fanout); did you mean 'fan_out'?`.
public struct ScenarioError: Error, Sendable, CustomStringConvertible, Equatable {
    /// File path or built-in scenario name.
    public var source: String
    /// 1-based line, when known.
    public var line: Int?
    /// 1-based column, when known.
    public var column: Int?
    /// Key path into the document (`edges[2].fan_out`), when known.
    public var keyPath: String?
    /// What is wrong.
    public var message: String
    /// An obvious fix, when there is one (nearest valid key, the list of valid kinds).
    public var hint: String?

    /// Creates an error.
    public init(source: String, line: Int? = nil, column: Int? = nil, keyPath: String? = nil, message: String, hint: String? = nil) {
        self.source = source
        self.line = line
        self.column = column
        self.keyPath = keyPath
        self.message = message
        self.hint = hint
    }

    public var description: String {
        var place = source
        if let line {
            place += ":\(line)"
            if let column { place += ":\(column)" }
        }
        if let keyPath, !keyPath.isEmpty { place += ", \(keyPath)" }
        var text = "\(message) (\(place))"
        if let hint { text += "; \(hint)" }
        return text
    }
}
