/// A NAB cost profile (METRICS §4): the weights of a true positive, a false positive and a false
/// negative. Weights are magnitudes, subtracted where they are costs; NAB's `tnWeight` is unused.
public struct NABProfile: Sendable, Hashable, Codable {
    /// Profile name as NAB writes it (`standard`, `reward_low_FP_rate`, `reward_low_FN_rate`).
    public var name: String
    /// A_TP.
    public var tpWeight: Double
    /// A_FP.
    public var fpWeight: Double
    /// A_FN.
    public var fnWeight: Double

    /// Creates a profile.
    public init(name: String, tpWeight: Double, fpWeight: Double, fnWeight: Double) {
        self.name = name
        self.tpWeight = tpWeight
        self.fpWeight = fpWeight
        self.fnWeight = fnWeight
    }

    /// `standard`: A_TP 1, A_FP 0.11, A_FN 1.
    public static let standard = NABProfile(name: "standard", tpWeight: 1, fpWeight: 0.11, fnWeight: 1)
    /// `reward_low_FP_rate`: A_TP 1, A_FP 0.22, A_FN 1.
    public static let rewardLowFPRate = NABProfile(name: "reward_low_FP_rate", tpWeight: 1, fpWeight: 0.22, fnWeight: 1)
    /// `reward_low_FN_rate`: A_TP 1, A_FP 0.11, A_FN 2.
    public static let rewardLowFNRate = NABProfile(name: "reward_low_FN_rate", tpWeight: 1, fpWeight: 0.11, fnWeight: 2)
    /// The three profiles in NAB's order.
    public static let all: [NABProfile] = [.standard, .rewardLowFPRate, .rewardLowFNRate]

    /// The metric identifier of the normalised score (`nab_standard`, `nab_reward_low_fp_rate`, …).
    public var metricIdentifier: MetricID { .nab(profile: name) }
    /// The metric identifier of the raw score (`nab_raw_standard`, …).
    public var rawMetricIdentifier: MetricID { .nabRaw(profile: name) }
}
