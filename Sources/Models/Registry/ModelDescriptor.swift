import Telemetry

/// A registered model: its name, family, documentation, parameters and factory.
public struct ModelDescriptor: Sendable, Encodable {
    /// Builds a detector from validated parameters, an explicit seed and optional series kinds.
    public typealias Factory = @Sendable (_ parameters: ParameterValues, _ seed: UInt64, _ kinds: [SeriesKind]?) throws -> any AnomalyDetector

    /// Name used in specs and on the command line.
    public let name: String
    /// Family: `baseline`, `univariate` (per-series streaming, combined by max), …
    public let family: String
    /// One-line description.
    public let summary: String
    /// True when the detector also runs row by row (`StreamingDetector.observe`).
    public let isStreaming: Bool
    /// True when the scores depend on the seed (Isolation Forest): experiments run it with several seeds.
    public let isRandomised: Bool
    /// Documented parameters.
    public let parameters: [ParameterDescriptor]
    /// The factory.
    public let factory: Factory

    /// Creates a descriptor.
    public init(
        name: String, family: String, summary: String, isStreaming: Bool, isRandomised: Bool = false,
        parameters: [ParameterDescriptor], factory: @escaping Factory
    ) {
        self.isRandomised = isRandomised
        self.name = name
        self.family = family
        self.summary = summary
        self.isStreaming = isStreaming
        self.parameters = parameters
        self.factory = factory
    }

    private enum CodingKeys: String, CodingKey { case name, family, summary, streaming, randomised, parameters }

    /// Encodes everything but the factory.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(family, forKey: .family)
        try c.encode(summary, forKey: .summary)
        try c.encode(isStreaming, forKey: .streaming)
        try c.encode(isRandomised, forKey: .randomised)
        try c.encode(parameters, forKey: .parameters)
    }
}
