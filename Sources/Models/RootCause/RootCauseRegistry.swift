import Telemetry

/// A registered root-cause ranker: name, documentation, parameters and factory.
public struct RootCauseRankerDescriptor: Sendable, Encodable {
    /// Builds a ranker from validated parameters and an explicit seed.
    public typealias Factory = @Sendable (_ parameters: ParameterValues, _ seed: UInt64) throws -> any RootCauseRanker

    public let name: String
    public let summary: String
    /// True when the ranking depends on the seed (`random`).
    public let isRandomised: Bool
    /// True when the ranker reads spans (`IncidentCase.normalSpans`/`incidentSpans`), not metrics: suites without
    /// traces leave it out.
    public let needsTraces: Bool
    public let parameters: [ParameterDescriptor]
    public let factory: Factory

    public init(
        name: String, summary: String, isRandomised: Bool = false, needsTraces: Bool = false, parameters: [ParameterDescriptor],
        factory: @escaping Factory
    ) {
        self.name = name
        self.summary = summary
        self.isRandomised = isRandomised
        self.needsTraces = needsTraces
        self.parameters = parameters
        self.factory = factory
    }

    private enum CodingKeys: String, CodingKey { case name, summary, randomised, parameters }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(summary, forKey: .summary)
        try c.encode(isRandomised, forKey: .randomised)
        try c.encode(parameters, forKey: .parameters)
    }
}

/// Maps ranker names (`faultline rca --ranker NAME`) to documented factories.
public struct RootCauseRegistry: Sendable {
    public private(set) var descriptors: [RootCauseRankerDescriptor]

    /// - Precondition: names are unique.
    public init(_ descriptors: [RootCauseRankerDescriptor]) {
        precondition(Set(descriptors.map(\.name)).count == descriptors.count, "duplicate ranker names")
        self.descriptors = descriptors
    }

    public var names: [String] { descriptors.map(\.name) }

    /// The descriptor of `name`.
    ///
    /// - Throws: `ModelError.unknownModel` naming the nearest registered name.
    public func descriptor(named name: String) throws -> RootCauseRankerDescriptor {
        if let d = descriptors.first(where: { $0.name == name }) { return d }
        throw ModelError.unknownModel(name: name, nearest: NearestName.suggest(name, among: names))
    }

    /// Builds ranker `name` with `parameters` (missing keys take their defaults) and `seed`.
    ///
    /// - Throws: `ModelError.unknownModel`, `.unknownParameter` or `.invalidParameter`.
    public func make(name: String, parameters: [String: String] = [:], seed: UInt64) throws -> any RootCauseRanker {
        let d = try descriptor(named: name)
        return try d.factory(try ParameterValues(model: name, descriptors: d.parameters, given: parameters), seed)
    }

    static let direction = ParameterDescriptor(
        "direction", .choice(DeviationDirection.allCases.map(\.rawValue)), default: "signed",
        "signed: only rises above the normal window count (RCAEval); absolute: |deviation|")

    /// `baro`, `nsigma`, `circa`, `pagerank`, `rbc`, `trace` and `random`.
    public static let standard = RootCauseRegistry([
        RootCauseRankerDescriptor(
            name: "baro",
            summary:
                "BARO's RobustScorer: max over the incident window of (x − median)/IQR of the normal window (IQR 0 → 1); entity = max over its series",
            parameters: [direction]
        ) { p, _ in
            WindowDeviationRanker(statistic: WindowDeviationRanker.medianIQR, direction: DeviationDirection(rawValue: p.word("direction")) ?? .signed)
        },
        RootCauseRankerDescriptor(
            name: "nsigma",
            summary: "N-Sigma: max over the incident window of (x − mean)/std of the normal window (std 0 → 1); entity = max over its series",
            parameters: [direction]
        ) { p, _ in
            WindowDeviationRanker(statistic: WindowDeviationRanker.meanStd, direction: DeviationDirection(rawValue: p.word("direction")) ?? .signed)
        },
        RootCauseRankerDescriptor(
            name: "circa",
            summary:
                "CIRCA-style regression hypothesis testing on the call graph: each series ridge-regressed on its callees' series over the normal window, max standardised residual in the incident window, descendant adjustment",
            parameters: [
                ParameterDescriptor(
                    "ridge", .real(min: 0, minInclusive: true, max: 1e6, maxInclusive: true), default: "1",
                    "ridge penalty λ on the standardised coefficients (0 = plain least squares)"),
                ParameterDescriptor(
                    "threshold", .real(min: 0, minInclusive: true, max: 1e6, maxInclusive: true), default: "3",
                    "descendant adjustment applies to services scoring at least this"),
                ParameterDescriptor(
                    "parents", .choice(RegressionParents.allCases.map(\.rawValue)), default: "same-metric",
                    "regressors: the callees' series of the same metric name, or all of their series"),
                direction,
            ]
        ) { p, _ in
            RegressionRanker(
                ridge: p.real("ridge"), threshold: p.real("threshold"), parents: RegressionParents(rawValue: p.word("parents")) ?? .sameMetric,
                direction: DeviationDirection(rawValue: p.word("direction")) ?? .signed)
        },
        RootCauseRankerDescriptor(
            name: "pagerank",
            summary:
                "personalised PageRank on the call graph seeded by each service's BARO score (MicroRCA/MonitorRank family): forward to anomalous callees, ρ back to callers, self edge, power iteration",
            parameters: [
                ParameterDescriptor(
                    "damping", .real(min: 0, minInclusive: false, max: 1, maxInclusive: false), default: "0.85",
                    "probability of following an edge rather than jumping to the personalisation"),
                ParameterDescriptor(
                    "backward", .real(min: 0, minInclusive: true, max: 1, maxInclusive: true), default: "0.1",
                    "ρ: weight of the edge back to a caller relative to its anomaly"),
                direction,
            ]
        ) { p, _ in
            PageRankRanker(
                damping: p.real("damping"), backward: p.real("backward"), direction: DeviationDirection(rawValue: p.word("direction")) ?? .signed)
        },
        RootCauseRankerDescriptor(
            name: "rbc",
            summary:
                "reconstruction-based contributions (Alcala & Qin) to a Mahalanobis fault index of the normal window: series standardised there, correlation shrunk towards I, each series scored by its largest (Φx)_j²/Φ_jj in the incident window; entity = max over its series",
            parameters: [
                ParameterDescriptor(
                    "shrinkage", .real(min: 0, minInclusive: false, max: 1, maxInclusive: true), default: "0.1",
                    "α: weight of the identity in the shrunk correlation matrix ((1 − α)R + αI)")
            ]
        ) { p, _ in ContributionRanker(shrinkage: p.real("shrinkage")) },
        RootCauseRankerDescriptor(
            name: "trace",
            summary:
                "spans: each service's excess self-time (duration less its children's) and excess error share in the incident window, and as its callers see it its failed and its missing calls per caller span, as z statistics against the normal window; score = the largest (suites with traces only)",
            needsTraces: true,
            parameters: [
                ParameterDescriptor(
                    "min_spans", .integer(min: 1, max: 1_000_000), default: "3", "spans a service (or its callers) needs in each window to be scored"),
                ParameterDescriptor(
                    "callers", .choice(["on", "off"]), default: "on",
                    "also score failed and missing calls to each service at its callers (off: self-time and error share only, as before)"),
            ]
        ) { p, _ in TraceRanker(minimumSpans: p.integer("min_spans"), callers: p.word("callers") == "on") },
        RootCauseRankerDescriptor(
            name: "random", summary: "seeded uniform scores per entity: the chance level, measured", isRandomised: true, parameters: []
        ) { _, seed in RandomRanker(seed: seed) },
    ])
}
