import Telemetry

/// A registered root-cause ranker: name, documentation, parameters and factory.
public struct RootCauseRankerDescriptor: Sendable, Encodable {
    /// Builds a ranker from validated parameters and an explicit seed.
    public typealias Factory = @Sendable (_ parameters: ParameterValues, _ seed: UInt64) throws -> any RootCauseRanker

    public let name: String
    public let summary: String
    /// True when the ranking depends on the seed (`random`).
    public let isRandomised: Bool
    public let parameters: [ParameterDescriptor]
    public let factory: Factory

    public init(name: String, summary: String, isRandomised: Bool = false, parameters: [ParameterDescriptor], factory: @escaping Factory) {
        self.name = name
        self.summary = summary
        self.isRandomised = isRandomised
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

    /// `baro`, `nsigma` and `random`.
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
            name: "random", summary: "seeded uniform scores per entity: the chance level, measured", isRandomised: true, parameters: []
        ) { _, seed in RandomRanker(seed: seed) },
    ])
}
