/// A root-cause suite run: every ranker on every case, scored (METRICS.md §8, §8.1), summarised per fault
/// type, over all cases (micro) and over fault types (macro).
public struct RootCauseReport: Sendable, Equatable, Codable {
    /// `sockshop`, `nezha`, …
    public var suite: String
    /// The folder read.
    public var dataset: String
    /// Rankers in run order.
    public var rankers: [String]
    /// Seed of the random ranker and of the bootstrap.
    public var seed: UInt64
    /// Bootstrap resamples over cases (95 % percentile intervals).
    public var resamples: Int
    /// Incident offset tΔ in seconds (the incident window starts at the injection time + tΔ).
    public var offsetSeconds: Int
    /// What the suite's reader did to the data (window lengths, dropped columns, scaling), in words.
    public var preprocessing: String
    /// Per-case scores by ranker.
    public var cases: [String: [RootCauseCaseScore]]
    /// Summaries: for each ranker, each fault type (sorted), then `all`, then `all (macro)`.
    public var summaries: [RootCauseSummary]
    /// Accuracy by detection offset tΔ, per ranker (empty when no curve was asked for).
    public var curve: [RootCauseCurvePoint] = []
    /// Cases that could not be cut or ranked, with the typed error's message.
    public var failures: [RootCauseFailure] = []
    /// The coupled pipeline beside the oracle, when a replay's detections were given (`rca --detected`).
    public var coupled: RootCauseCoupled?
    /// Summaries by the root cause's distance from the entry services in the call graph (group `hops N`, or
    /// `unreachable`), per ranker, at tΔ = 0; empty when the cases have no call graph.
    public var byDistance: [RootCauseSummary] = []

    private enum CodingKeys: String, CodingKey {
        case suite, dataset, rankers, seed, resamples, offsetSeconds = "offset_s", preprocessing, cases, summaries, curve, failures, coupled
        case byDistance = "by_distance"
    }

    /// Summarises `cases` (ranker → scores) per fault type, micro and macro.
    public init(
        suite: String, dataset: String, rankers: [String], seed: UInt64, resamples: Int, offsetSeconds: Int, preprocessing: String,
        cases: [String: [RootCauseCaseScore]]
    ) {
        self.suite = suite
        self.dataset = dataset
        self.rankers = rankers
        self.seed = seed
        self.resamples = resamples
        self.offsetSeconds = offsetSeconds
        self.preprocessing = preprocessing
        self.cases = cases
        var summaries: [RootCauseSummary] = []
        for r in rankers {
            let scores = cases[r] ?? []
            let faults = Set(scores.map(\.faultType)).sorted()
            let groups = faults.map { f in
                RootCauseSummary.summarise(ranker: r, group: f, scores.filter { $0.faultType == f }, resamples: resamples, seed: seed)
            }
            summaries += groups
            summaries.append(RootCauseSummary.summarise(ranker: r, group: "all", scores, resamples: resamples, seed: seed))
            if groups.count > 1 { summaries.append(RootCauseSummary.macro(ranker: r, groups)) }
        }
        self.summaries = summaries
    }

    /// Every summary as `results.json` records.
    public var records: [MetricRecord] {
        let parameters = ["offset_s": "\(offsetSeconds)", "granularity": "entity", "ci": "bootstrap \(resamples), 95 %"]
        return summaries.flatMap { $0.records(dataset: suite, seed: seed, parameters: parameters) }
    }
}
