/// Command-line scaling of a scenario (`--days`, `--services`, `--seed`), applied before validation
/// so that, e.g., a fault that no longer fits a shortened run is reported as an error.
public struct ScenarioOverrides: Sendable, Hashable {
    /// Run length in days (fractional allowed).
    public var days: Double?
    /// Service count of a generated graph (scenarios that list their services reject it).
    public var services: Int?
    /// Seed replacing the scenario's own.
    public var seed: UInt64?
    /// Every fault's intensity replaced by a drawn form (`drawn`, `mild`, `severe`; per seed and fault, from the
    /// kind's severity mixture): the same layout at strengths the scenario does not fix.
    public var intensity: FaultSpec.Intensity?

    public init(days: Double? = nil, services: Int? = nil, seed: UInt64? = nil, intensity: FaultSpec.Intensity? = nil) {
        self.days = days
        self.services = services
        self.seed = seed
        self.intensity = intensity
    }
}
