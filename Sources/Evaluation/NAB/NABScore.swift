/// NAB result of a whole corpus for one profile at one threshold.
public struct NABScore: Sendable, Hashable {
    /// The profile.
    public var profile: NABProfile
    /// The threshold θ (`a_i ≥ θ` detects).
    public var threshold: Double
    /// `S(θ) = Σ_f S_f(θ)`.
    public var rawScore: Double
    /// `S_null = −A_FN·|W|`.
    public var nullScore: Double
    /// `S_perfect = A_TP·|W|`.
    public var perfectScore: Double
    /// Row counts summed over files (after probation).
    public var tp: Int, fp: Int, fn: Int, tn: Int
    /// Per-file results in corpus order.
    public var files: [NABFileScore]

    /// Windows with at least one detection, over the corpus.
    public var windowsDetected: Int { files.reduce(0) { $0 + $1.windowsDetected } }

    /// Mean credit of a detected window, `σ(y)/σ(−1)` of its first detection (1 on the window's first
    /// row, ≈ 0.86 on its middle); undefined when no window is detected. Where NAB points come from.
    public var meanCreditPerDetectedWindow: MetricValue {
        .ratio(files.reduce(0) { $0 + $1.creditSum }, Double(windowsDetected), undefinedBecause: "no window detected")
    }

    /// `100·(S − S_null)/(S_perfect − S_null)`; undefined for a corpus without windows.
    public var normalizedScore: MetricValue {
        .ratio(100 * (rawScore - nullScore), perfectScore - nullScore, undefinedBecause: "corpus has no windows")
    }
}
