/// One documented model parameter: its name, type, default, valid range and meaning.
public struct ParameterDescriptor: Sendable, Equatable, Encodable {
    /// The values a parameter accepts.
    public enum Constraint: Sendable, Equatable {
        /// An integer in `min...max` (`max` nil = unbounded; every registered parameter has a finite one).
        case integer(min: Int, max: Int?)
        /// An integer power of two in `min...max`.
        case powerOfTwo(min: Int, max: Int)
        /// A finite real number between `min` and `max` (nil = unbounded), each end open or closed.
        case real(min: Double?, minInclusive: Bool, max: Double?, maxInclusive: Bool)
        /// One of a fixed set of words.
        case choice([String])
    }

    /// Key used in specs and `--param key=value`.
    public let name: String
    /// What values it accepts.
    public let constraint: Constraint
    /// Default value, as it would be written.
    public let defaultValue: String
    /// One-line meaning, with units.
    public let summary: String
    /// True for a window-like count of rows: a value larger than the rows of the data the model is fitted on and
    /// scores is refused before the model is built (`ModelRegistry.make(…, dataRows:)`), since such a window
    /// never fills and only costs memory.
    public let countsRows: Bool

    /// Creates a descriptor.
    public init(_ name: String, _ constraint: Constraint, default defaultValue: String, _ summary: String, countsRows: Bool = false) {
        self.name = name
        self.constraint = constraint
        self.defaultValue = defaultValue
        self.summary = summary
        self.countsRows = countsRows
    }

    /// `integer`, `real` or `choice`.
    public var type: String {
        switch constraint {
        case .integer, .powerOfTwo: return "integer"
        case .real: return "real"
        case .choice: return "choice"
        }
    }

    /// The valid range written out, e.g. `[2, ∞)`, `(0, 1]`, `power of two in [16, 1024]`, `deviation|value`.
    public var range: String {
        switch constraint {
        case let .integer(min, max): return max.map { "[\(min), \($0)]" } ?? "[\(min), ∞)"
        case let .powerOfTwo(min, max): return "power of two in [\(min), \(max)]"
        case let .real(min, minInclusive, max, maxInclusive):
            let lo = min.map { "\(minInclusive ? "[" : "(")\($0)" } ?? "(-∞"
            let hi = max.map { "\($0)\(maxInclusive ? "]" : ")")" } ?? "∞)"
            return "\(lo), \(hi)"
        case let .choice(words): return words.joined(separator: "|")
        }
    }

    /// Parses and checks `text` against the constraint.
    ///
    /// - Throws: `ModelError.invalidParameter` naming `model` and this key.
    public func validate(_ text: String, model: String) throws -> ParameterValue {
        func bad(_ reason: String) -> ModelError {
            ModelError.invalidParameter(model: model, key: name, value: text, reason: reason)
        }
        switch constraint {
        case let .integer(min, max):
            guard let v = Int(text) else { throw bad("not an integer; expected \(range)") }
            guard v >= min, max.map({ v <= $0 }) ?? true else { throw bad("out of range \(range)") }
            return .integer(v)
        case let .powerOfTwo(min, max):
            guard let v = Int(text) else { throw bad("not an integer; expected \(range)") }
            guard v >= min, v <= max, v & (v - 1) == 0 else { throw bad("must be a \(range)") }
            return .integer(v)
        case let .real(min, minInclusive, max, maxInclusive):
            guard let v = Double(text), v.isFinite else { throw bad("not a finite number; expected \(range)") }
            if let min, minInclusive ? v < min : v <= min { throw bad("out of range \(range)") }
            if let max, maxInclusive ? v > max : v >= max { throw bad("out of range \(range)") }
            return .real(v)
        case let .choice(words):
            guard words.contains(text) else { throw bad("must be one of \(range)") }
            return .word(text)
        }
    }

    private enum CodingKeys: String, CodingKey { case name, type, defaultValue = "default", range, description }

    /// Encodes name, type, default, range and description.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(type, forKey: .type)
        try c.encode(defaultValue, forKey: .defaultValue)
        try c.encode(range, forKey: .range)
        try c.encode(summary, forKey: .description)
    }
}

/// A validated parameter value.
public enum ParameterValue: Sendable, Equatable {
    /// An integer.
    case integer(Int)
    /// A real number.
    case real(Double)
    /// A word from a choice.
    case word(String)
}
