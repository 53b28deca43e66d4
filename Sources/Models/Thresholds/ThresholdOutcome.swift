/// What a threshold policy produced for one series of test scores.
public struct ThresholdOutcome: Sendable, Equatable {
    /// The policy and parameters that produced it.
    public var spec: ThresholdSpec
    /// The single θ, for policies with one (all but SPOT/DSPOT).
    public var theta: Double?
    /// θ in force at each test row (constant for single-θ policies; the streaming z_q for SPOT/DSPOT,
    /// in score units, i.e. including DSPOT's drift term).
    public var thetas: [Double]
    /// `score ≥ θ` per test row.
    public var alarms: [Bool]
    /// Non-fatal conditions (a zero std or MAD) to print beside the result.
    public var warnings: [String]
    /// True for best-on-test: an upper bound, never a gate input.
    public var isUpperBound: Bool
    /// Text for reports: the policy, its parameters, the θ it chose and any caveat.
    public var description: String
}
