/// One point of the tΔ curve: a ranker's accuracy when told the incident began `offsetSeconds` after the
/// true start (negative = early), over the cases it could rank at that offset.
public struct RootCauseCurvePoint: Sendable, Equatable, Codable {
    public var ranker: String
    public var offsetSeconds: Int
    public var cases: Int
    /// AC@1…5 (micro mean over cases).
    public var accuracy: [Double]
    public var avg5: Double
    public var mrr: Double
    /// Mean over fault types of Avg@5 (each fault type weighs the same).
    public var avg5Macro: Double

    private enum CodingKeys: String, CodingKey {
        case ranker, offsetSeconds = "offset_s", cases, accuracy = "ac", avg5 = "avg@5", mrr, avg5Macro = "avg@5_macro"
    }

    /// Means over `scores` (no bootstrap: the curve shows the trend, the tables at tΔ = 0 carry the intervals).
    public static func summarise(ranker: String, offsetSeconds: Int, _ scores: [RootCauseCaseScore]) -> RootCauseCurvePoint {
        let s = RootCauseSummary.summarise(ranker: ranker, group: "all", scores, resamples: 0)
        let faults = Set(scores.map(\.faultType)).sorted()
        let perFault = faults.map { f in RootCauseSummary.summarise(ranker: ranker, group: f, scores.filter { $0.faultType == f }, resamples: 0).avg5
        }
        return RootCauseCurvePoint(
            ranker: ranker, offsetSeconds: offsetSeconds, cases: scores.count, accuracy: s.accuracy, avg5: s.avg5, mrr: s.mrr,
            avg5Macro: perFault.isEmpty ? .nan : perFault.reduce(0, +) / Double(perFault.count))
    }
}
