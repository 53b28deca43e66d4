/// Errors raised by the Models module: bad model names or parameters, shapes that disagree, and
/// data a model or threshold policy cannot work with. Every case names what it is about.
public enum ModelError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A model name that is not registered; `nearest` is the closest registered name by edit distance.
    case unknownModel(name: String, nearest: String?)
    /// A parameter key the model does not take; `valid` lists the keys it does take.
    case unknownParameter(model: String, key: String, valid: [String])
    /// A parameter value that does not parse or lies outside its documented range.
    case invalidParameter(model: String, key: String, value: String, reason: String)
    /// A threshold policy name that is not one of `ThresholdPolicy.allCases`.
    case unknownThresholdPolicy(name: String, nearest: String?)
    /// A frame (or kinds list, or score array) whose shape disagrees with what the model expects.
    case shapeMismatch(model: String, expected: String, found: String)
    /// The data cannot support the computation (e.g. SPOT finds no peaks above its initial threshold).
    case insufficientData(what: String, reason: String)

    /// True for errors a user fixes in a spec or on the command line (the CLI maps these to exit 2);
    /// false for errors caused by the data (exit 3).
    public var isConfigurationError: Bool {
        switch self {
        case .unknownModel, .unknownParameter, .invalidParameter, .unknownThresholdPolicy: return true
        case .shapeMismatch, .insufficientData: return false
        }
    }

    /// `<what went wrong> (<where>)`, naming the model, key or data concerned.
    public var description: String {
        switch self {
        case let .unknownModel(name, nearest):
            if let nearest { return "unknown model '\(name)'; did you mean '\(nearest)'? (model)" }
            return "unknown model '\(name)' (model)"
        case let .unknownParameter(model, key, valid):
            let list = valid.isEmpty ? "none" : valid.joined(separator: ", ")
            return "model '\(model)' has no parameter '\(key)'; valid keys: \(list) (\(model).\(key))"
        case let .invalidParameter(model, key, value, reason):
            return "invalid value '\(value)' for parameter '\(key)': \(reason) (\(model).\(key))"
        case let .unknownThresholdPolicy(name, nearest):
            let valid = ThresholdPolicy.allCases.map(\.rawValue).joined(separator: ", ")
            if let nearest { return "unknown threshold policy '\(name)'; did you mean '\(nearest)'? valid: \(valid) (threshold_policy)" }
            return "unknown threshold policy '\(name)'; valid: \(valid) (threshold_policy)"
        case let .shapeMismatch(model, expected, found):
            return "\(model): expected \(expected), found \(found)"
        case let .insufficientData(what, reason):
            return "\(reason) (\(what))"
        }
    }
}
