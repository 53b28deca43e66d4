/// Errors of the data model and the dataset store. Each case names the file, line or field.
public enum TelemetryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Two shapes that must agree do not.
    case shapeMismatch(what: String, expected: String, found: String)
    /// A file the manifest lists (or the store needs) is absent.
    case missingFile(path: String)
    /// A file is present but its content is wrong (length, hash, header, dtype, shape).
    case corruptFile(path: String, reason: String)
    /// A JSON or JSON Lines file does not parse; `line` is 1-based when known.
    case malformedJSON(path: String, line: Int?, reason: String)
    /// The dataset was written in a format this build cannot read.
    case unsupportedFormat(path: String, found: Int, supported: Int)
    /// A value is out of range or inconsistent (timestamps not increasing, unknown series id, …).
    case invalidValue(field: String, reason: String)
    /// An I/O call failed.
    case io(path: String, reason: String)

    public var description: String {
        switch self {
        case let .shapeMismatch(what, expected, found):
            return "\(what): expected \(expected), found \(found)"
        case let .missingFile(path):
            return "missing file (\(path))"
        case let .corruptFile(path, reason):
            return "\(reason) (\(path))"
        case let .malformedJSON(path, line, reason):
            if let line { return "malformed JSON: \(reason) (\(path):\(line))" }
            return "malformed JSON: \(reason) (\(path))"
        case let .unsupportedFormat(path, found, supported):
            return "unsupported dataset format version \(found); this build reads versions 1 to \(supported) (\(path))"
        case let .invalidValue(field, reason):
            return "\(reason) (\(field))"
        case let .io(path, reason):
            return "\(reason) (\(path))"
        }
    }
}
