/// A model's parameters after validation: every documented key, with the given value or its default.
public struct ParameterValues: Sendable, Equatable {
    /// Validated values by key.
    public private(set) var values: [String: ParameterValue]
    /// The model the values belong to (for messages).
    public let model: String

    /// Validates `given` against `descriptors`, filling defaults.
    ///
    /// - Throws: `ModelError.unknownParameter` for a key not in `descriptors` (listing the valid keys),
    ///   `ModelError.invalidParameter` for a value that fails its constraint.
    public init(model: String, descriptors: [ParameterDescriptor], given: [String: String]) throws {
        self.model = model
        let valid = descriptors.map(\.name)
        for key in given.keys.sorted() where !valid.contains(key) {
            throw ModelError.unknownParameter(model: model, key: key, valid: valid)
        }
        var values: [String: ParameterValue] = [:]
        for d in descriptors {
            values[d.name] = try d.validate(given[d.name] ?? d.defaultValue, model: model)
        }
        self.values = values
    }

    /// The integer parameter `key` (0 when absent or not an integer: descriptors make that impossible).
    public func integer(_ key: String) -> Int {
        if case let .integer(v)? = values[key] { return v }
        return 0
    }

    /// The real parameter `key` (integers are widened).
    public func real(_ key: String) -> Double {
        switch values[key] {
        case let .real(v)?: return v
        case let .integer(v)?: return Double(v)
        default: return 0
        }
    }

    /// The word parameter `key` ("" when absent).
    public func word(_ key: String) -> String {
        if case let .word(v)? = values[key] { return v }
        return ""
    }
}
