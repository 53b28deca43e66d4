import Telemetry

/// The resource series a forecast predictor watches and the saturation limit of each: `memory_bytes` (its
/// entity's known memory limit, `PredictionInput.memoryLimits`; else a multiple of its median over the
/// fault-free training rows),
/// `disk_util`, `pool_util` and `error_ratio` (absolute limits; the error limit is the SLO's objective,
/// configuration an operator knows, not a label).
public struct ResourceLimits: Sendable, Equatable {
    /// Memory limit as a multiple of the training median of each `memory_bytes` series.
    public var memoryRatio: Double
    /// Disk utilisation limit (the simulator's writes fail above 0.95).
    public var disk: Double
    /// Connection-pool utilisation limit.
    public var pool: Double
    /// Error-ratio limit.
    public var errorRatio: Double

    /// Creates limits.
    public init(memoryRatio: Double = 1.6, disk: Double = 0.95, pool: Double = 0.95, errorRatio: Double = 0.02) {
        self.memoryRatio = memoryRatio
        self.disk = disk
        self.pool = pool
        self.errorRatio = errorRatio
    }

    /// The four parameters every resource predictor takes.
    static let parameters: [ParameterDescriptor] = [
        ParameterDescriptor(
            "memory_limit", .real(min: 1, minInclusive: false, max: 100, maxInclusive: true), default: "1.6",
            "memory_bytes limit as a multiple of the series' training median, for entities whose memory limit is not known"),
        ParameterDescriptor(
            "disk_limit", .real(min: 0, minInclusive: false, max: 1, maxInclusive: true), default: "0.95", "disk_util saturation limit"),
        ParameterDescriptor(
            "pool_limit", .real(min: 0, minInclusive: false, max: 1, maxInclusive: true), default: "0.95", "pool_util saturation limit"),
        ParameterDescriptor(
            "error_limit", .real(min: 0, minInclusive: false, max: 1, maxInclusive: true), default: "0.02",
            "error_ratio limit (the SLO's error objective)"),
    ]

    /// Limits from validated parameters.
    init(_ p: ParameterValues) {
        self.init(memoryRatio: p.real("memory_limit"), disk: p.real("disk_limit"), pool: p.real("pool_limit"), errorRatio: p.real("error_limit"))
    }

    /// One watched column and its limit.
    public struct Watched: Sendable, Equatable {
        public var column: Int
        public var limit: Double
    }

    /// The watched columns of `training`'s series, with limits; a memory series takes its entity's known limit,
    /// else `memoryRatio` × its median over `training`'s rows (a series with neither is skipped, as it has no
    /// reference).
    func watched(_ training: PredictionInput) -> [Watched] {
        var out: [Watched] = []
        for (c, s) in training.series.enumerated() {
            switch s.metric {
            case "memory_bytes":
                if let known = training.memoryLimits[s.entity], known > 0, known.isFinite {
                    out.append(Watched(column: c, limit: known))
                    continue
                }
                let xs = training.frame.column(c).filter(\.isFinite)
                if let m = Quantile.type7(xs, 0.5), m > 0 { out.append(Watched(column: c, limit: m * memoryRatio)) }
            case "disk_util": out.append(Watched(column: c, limit: disk))
            case "pool_util": out.append(Watched(column: c, limit: pool))
            case "error_ratio": out.append(Watched(column: c, limit: errorRatio))
            default: continue
            }
        }
        return out
    }
}

/// Turns per-column times to failure into the predictor's score: `H/(H + ttf)` of the earliest one (1 at the
/// limit, ½ at the horizon H, → 0 far beyond it), so the threshold ½ means "crosses within the horizon".
enum CrossingScore {
    static func score(ttfSeconds: Double, horizonSeconds: Double) -> Double {
        ttfSeconds.isFinite ? horizonSeconds / (horizonSeconds + max(0, ttfSeconds)) : 0
    }
}
