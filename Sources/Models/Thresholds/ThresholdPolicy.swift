import Telemetry

/// How scores become alarms (METRICS.md §5). Every reported number names the policy that made it.
public enum ThresholdPolicy: String, Sendable, Codable, CaseIterable {
    /// θ given in the spec.
    case fixed
    /// θ = type-7 quantile `Q(q)` of the training scores (default q = 0.99).
    case quantile
    /// θ = mean + k·std (population) of the training scores (default k = 3).
    case kSigma
    /// θ = median + k·1.4826·MAD of the training scores (default k = 3).
    case kMAD
    /// The lowest θ at which the training span raises at most `per_day` alarm episodes per day (default 1).
    case budget
    /// Peaks over threshold with a GPD fit (Grimshaw MLE), calibrated on training, updated while streaming.
    case spot
    /// SPOT on scores minus the mean of the last d non-alarm scores (drift-aware).
    case dspot
    /// argmax of a target metric over the distinct test scores, ties → highest θ. An **upper bound** only.
    case bestOnTest

    /// The parameter keys the policy takes, in documentation order.
    public var parameterKeys: [String] {
        switch self {
        case .fixed: return ["value"]
        case .quantile: return ["q"]
        case .kSigma, .kMAD: return ["k"]
        case .budget: return ["per_day"]
        case .spot: return ["level", "risk"]
        case .dspot: return ["level", "risk", "depth"]
        case .bestOnTest: return []
        }
    }

    /// True for best-on-test: θ is chosen on the test data, so its figures are upper bounds and the gate
    /// refuses them.
    public var isUpperBound: Bool { self == .bestOnTest }

    /// One line for `faultline models list` and reports.
    public var summary: String {
        switch self {
        case .fixed: return "θ = value from the spec"
        case .quantile: return "θ = type-7 quantile q of training scores (q = 0.99)"
        case .kSigma: return "θ = mean + k·std (population) of training scores (k = 3)"
        case .kMAD: return "θ = median + k·1.4826·MAD of training scores (k = 3)"
        case .budget: return "lowest θ with at most per_day alarm episodes per day of training (per_day = 1)"
        case .spot: return "peaks over threshold, GPD by Grimshaw MLE, streaming (level 0.98, risk q = 1e-4)"
        case .dspot: return "SPOT on score − mean of last d non-alarm scores (level 0.98, risk q = 1e-4, d = 10)"
        case .bestOnTest: return "argmax of a target metric over test scores, ties → highest θ (upper bound only)"
        }
    }

    /// The policy called `name`.
    ///
    /// - Throws: `ModelError.unknownThresholdPolicy` naming the nearest valid policy.
    public static func named(_ name: String) throws -> ThresholdPolicy {
        if let p = ThresholdPolicy(rawValue: name) { return p }
        if let p = allCases.first(where: { $0.rawValue.lowercased() == name.lowercased() }) { return p }
        throw ModelError.unknownThresholdPolicy(name: name, nearest: NearestName.suggest(name, among: allCases.map(\.rawValue)))
    }
}
