/// The kinds of fault the simulator can inject, named after the Chaos Mesh / LitmusChaos vocabulary.
///
/// Each kind has an intensity (0–1], a start, a duration and a target entity. `memoryLeak` and
/// `diskFill` are *slow*: a precursor phase (resource creeping up, no user impact yet) precedes the
/// impact, which is what failure prediction is scored on. See `Scenarios/README.md` for the effect
/// of each kind.
public enum FaultKind: String, Sendable, CaseIterable, Codable {
    case cpuHog = "cpu-hog"
    case memoryLeak = "memory-leak"
    case memoryStress = "memory-stress"
    case diskFill = "disk-fill"
    case diskIOLatency = "disk-io-latency"
    case networkDelay = "network-delay"
    case networkLoss = "network-loss"
    case networkPartition = "network-partition"
    case podKill = "pod-kill"
    case crashLoop = "crash-loop"
    case dependencyOutage = "dependency-outage"
    case badDeploy = "bad-deploy"
    case configRegression = "config-regression"
    case connectionPoolExhaustion = "connection-pool-exhaustion"
    /// Slow pool exhaustion: connections leak, so the usable pool shrinks as (elapsed/duration)^1.5 (issue 14).
    case connectionLeak = "connection-leak"

    /// True for faults whose impact builds slowly behind a precursor phase.
    public var isSlow: Bool { self == .memoryLeak || self == .diskFill || self == .connectionLeak }
}

/// Changes that are not faults: hard negatives listed in the ground truth as benign.
public enum BenignKind: String, Sendable, CaseIterable, Codable {
    /// A healthy rolling deploy (pods restart one by one; counters reset; no lasting effect).
    case deploy
    /// Replicas added to a service (capacity up, per-replica CPU down).
    case scaleOut = "scale-out"
    /// A marketing campaign: entry traffic multiplied by `factor` for the duration.
    case trafficCampaign = "traffic-campaign"
    /// A nightly batch job adding load to its target (repeated daily when `daily: true`).
    case batchJob = "batch-job"
    /// Traffic drained from the target entry service (`factor` = fraction moved, 0–1) to the other
    /// entry services in proportion to their share, e.g. a regional failover.
    case failover
    /// A cache filling after a restart: the target's memory climbs by `factor` of its limit along
    /// `1 − e^(−3τ/duration)` and is flushed at the end (a look-alike of a memory leak that saturates).
    case cacheWarmup = "cache-warmup"
    /// A planned job writing scratch data: the target's disk use rises by `factor` linearly over the first 80 % of
    /// the window, and the job cleans it up over the last 20 % (a look-alike of a disk fill).
    case diskBatch = "disk-batch"
    /// A healthy deploy whose new version needs more memory: memory steps up by `factor` of the limit over the
    /// window and stays there for the rest of the run (a one-off rise, not a trend).
    case memoryStepDeploy = "memory-step-deploy"
}

/// What kind of entity a scenario service is.
public enum ServiceKind: String, Sendable, CaseIterable, Codable {
    case service, database, cache, queue
}
