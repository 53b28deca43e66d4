/// A labelled anomaly window in time, both ends inclusive (METRICS §1), with the optional
/// user-impact time used by the impact lead time (§6).
public struct LabelWindow: Sendable, Hashable, Codable {
    /// Window start, epoch ms, inclusive.
    public var startMs: Int64
    /// Window end, epoch ms, inclusive.
    public var endMs: Int64
    /// First user impact (SLO breach or failure), epoch ms, when known.
    public var impactMs: Int64?
    /// The fault's achieved peak |z| (simulated ground truth's `peakZ`), when known: how visible it was.
    public var peakZ: Double?

    /// Creates a window `[startMs, endMs]`.
    public init(startMs: Int64, endMs: Int64, impactMs: Int64? = nil, peakZ: Double? = nil) {
        self.startMs = startMs
        self.endMs = endMs
        self.impactMs = impactMs
        self.peakZ = peakZ
    }
}
