/// One series a fault affected and when.
public struct AffectedSeries: Codable, Sendable, Hashable {
    public var seriesId: String
    /// First time the series left its normal band because of the fault (epoch ms).
    public var startMs: Int64
    /// Last time it was outside the band (epoch ms, inclusive).
    public var endMs: Int64

    public init(seriesId: String, startMs: Int64, endMs: Int64) {
        self.seriesId = seriesId
        self.startMs = startMs
        self.endMs = endMs
    }
}

/// The exact truth about one injected fault.
public struct FaultRecord: Codable, Sendable, Hashable {
    /// Unique id within the dataset (`f1`, `f2`, …).
    public var id: String
    /// Fault kind (`cpu-hog`, `memory-leak`, …; imported data may use its own names).
    public var kind: String
    /// Root-cause entity.
    public var target: String
    /// Injection start (epoch ms).
    public var injectionStartMs: Int64
    /// Injection end (epoch ms, inclusive).
    public var injectionEndMs: Int64
    /// First time any series left its normal band, nil if none did.
    public var firstSymptomMs: Int64?
    /// First SLO breach (user impact), nil when the fault had no user impact.
    public var userImpactStartMs: Int64?
    /// Every affected series with its effect window.
    public var affectedSeries: [AffectedSeries]
    /// Entities the fault propagated through, root cause first.
    public var propagationPath: [String]
    /// True only for faults the scenario asked to overlap.
    public var compound: Bool
    /// Intensity the fault was injected with (kind-specific scale, 0–1 typical).
    public var intensity: Double?

    public init(
        id: String, kind: String, target: String, injectionStartMs: Int64, injectionEndMs: Int64,
        firstSymptomMs: Int64? = nil, userImpactStartMs: Int64? = nil, affectedSeries: [AffectedSeries] = [],
        propagationPath: [String] = [], compound: Bool = false, intensity: Double? = nil
    ) {
        self.id = id
        self.kind = kind
        self.target = target
        self.injectionStartMs = injectionStartMs
        self.injectionEndMs = injectionEndMs
        self.firstSymptomMs = firstSymptomMs
        self.userImpactStartMs = userImpactStartMs
        self.affectedSeries = affectedSeries
        self.propagationPath = propagationPath
        self.compound = compound
        self.intensity = intensity
    }
}

/// A change that is *not* a fault: a hard negative a good detector must not page on.
public struct BenignChange: Codable, Sendable, Hashable {
    public var id: String
    /// `deploy`, `scale-out`, `traffic-campaign`, `batch-job`, …
    public var kind: String
    public var target: String
    public var startMs: Int64
    /// Inclusive end (epoch ms).
    public var endMs: Int64

    public init(id: String, kind: String, target: String, startMs: Int64, endMs: Int64) {
        self.id = id
        self.kind = kind
        self.target = target
        self.startMs = startMs
        self.endMs = endMs
    }
}

/// A service-level objective on an entry endpoint; its first breach is user impact.
public struct SLO: Codable, Sendable, Hashable {
    public var entity: String
    /// Latency quantile metric the objective applies to (e.g. `latency_p99`).
    public var latencyMetric: String
    /// Objective in milliseconds.
    public var latencyMs: Double
    /// Maximum error ratio (0–1).
    public var errorRatio: Double

    public init(entity: String, latencyMetric: String, latencyMs: Double, errorRatio: Double) {
        self.entity = entity
        self.latencyMetric = latencyMetric
        self.latencyMs = latencyMs
        self.errorRatio = errorRatio
    }
}

/// Everything known to be true about a dataset: faults, benign changes, SLOs.
public struct GroundTruth: Codable, Sendable, Hashable {
    public var faults: [FaultRecord]
    public var benignChanges: [BenignChange]
    public var slos: [SLO]

    public init(faults: [FaultRecord] = [], benignChanges: [BenignChange] = [], slos: [SLO] = []) {
        self.faults = faults
        self.benignChanges = benignChanges
        self.slos = slos
    }
}
