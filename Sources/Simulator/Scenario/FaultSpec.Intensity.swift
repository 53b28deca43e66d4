extension FaultSpec {
    /// How strongly a fault is injected: a fixed strength, or a draw from its kind's `SeverityDistribution`.
    ///
    /// In YAML, `intensity: 0.7` fixes the strength; `intensity: mild` or `intensity: severe` draws from one
    /// component of the kind's distribution; no `intensity` (or `intensity: drawn`) draws from the whole
    /// distribution. Draws depend on the run's seed and the fault's id only, so a scenario run with
    /// another seed gets other severities and the same seed always the same.
    public enum Intensity: Sendable, Hashable {
        /// A fixed strength in (0, 1].
        case fixed(Double)
        /// Drawn from the kind's distribution (mild with the kind's `mildShare`, else severe).
        case drawn
        /// Drawn from the mild component only.
        case mild
        /// Drawn from the severe component only.
        case severe

        /// The YAML words for the drawn forms.
        public static let words = ["drawn", "mild", "severe"]

        /// The drawn form a YAML word names (`drawn`, `mild`, `severe`); nil for any other text.
        public init?(word: String) {
            switch word {
            case "drawn": self = .drawn
            case "mild": self = .mild
            case "severe": self = .severe
            default: return nil
            }
        }

        /// The YAML word of the form (the number for a fixed strength).
        public var word: String {
            switch self {
            case let .fixed(x): return String(x)
            case .drawn: return "drawn"
            case .mild: return "mild"
            case .severe: return "severe"
            }
        }

        /// Resolves the strength of one fault of `kind` with the random word `bits` (ignored when fixed).
        public func resolve(kind: FaultKind, bits: UInt64) -> Double {
            let d = kind.severity
            switch self {
            case .fixed(let x): return x
            case .drawn: return d.draw(bits)
            case .mild: return d.drawMild(bits)
            case .severe: return d.drawSevere(bits)
            }
        }

        /// True for every form but `fixed`.
        public var isDrawn: Bool {
            if case .fixed = self { return false }
            return true
        }
    }
}
