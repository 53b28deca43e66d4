import Telemetry

/// A parsed, validated world spec: what to simulate, for how long, with which faults.
///
/// Produced by `ScenarioLoader` from YAML (see `Scenarios/README.md` for the schema) and consumed
/// by `Simulation.run`. All times are milliseconds; fault and change times are relative to the run
/// start. A `Scenario` that exists has passed validation: names resolve, the call graph is acyclic,
/// faults lie inside the run and do not overlap unless marked compound.
public struct Scenario: Sendable, Hashable {
    /// Scenario name (`default`, `slow-burn`).
    public var name: String
    /// One-line description.
    public var description: String
    /// Epoch milliseconds of the first row.
    public var startMs: Int64
    /// Length of the run in milliseconds.
    public var durationMs: Int64
    /// Step between rows in milliseconds.
    public var stepMs: Int64
    /// Seed used when the caller does not give one.
    public var seed: UInt64
    /// Entry traffic.
    public var workload: Workload
    /// Services, databases, caches and queues, in declaration order.
    public var services: [ServiceSpec]
    /// Call edges (caller → callee).
    public var edges: [EdgeSpec]
    /// Service-level objectives on entry services.
    public var slos: [SLOSpec]
    /// Injected faults, in start order.
    public var faults: [FaultSpec]
    /// Benign changes, in start order.
    public var benign: [BenignSpec]
    /// Observation artefacts (noise, gaps, outliers).
    public var observation: Observation
    /// Log emission settings.
    public var logs: LogSettings
    /// Trace sampling settings.
    public var traces: TraceSettings
    /// The generator settings when the graph was generated rather than listed (kept for `--services`).
    public var generated: GeneratedGraph?
    /// The canonical text the scenario was parsed from (hashed into the dataset manifest).
    public var sourceText: String

    /// Number of rows of the run.
    public var rowCount: Int { Int(durationMs / stepMs) }

    /// Entry traffic and its shape.
    public struct Workload: Sendable, Hashable {
        /// Mean requests per second arriving at all entry services together.
        public var entryRate: Double
        /// Relative amplitude of the daily cycle (0 = flat; peak in the afternoon, trough at night).
        public var dailyAmplitude: Double
        /// Relative amplitude of the weekly cycle (weekends quieter).
        public var weeklyAmplitude: Double
        /// Relative growth per day.
        public var trendPerDay: Double
        /// Relative standard deviation of the heavy-tailed traffic noise.
        public var noise: Double
        /// Short bursts (flash crowds): not incidents.
        public var bursts: [Burst]

        public init(
            entryRate: Double = 100, dailyAmplitude: Double = 0.4, weeklyAmplitude: Double = 0.1,
            trendPerDay: Double = 0, noise: Double = 0.03, bursts: [Burst] = []
        ) {
            self.entryRate = entryRate
            self.dailyAmplitude = dailyAmplitude
            self.weeklyAmplitude = weeklyAmplitude
            self.trendPerDay = trendPerDay
            self.noise = noise
            self.bursts = bursts
        }
    }

    /// A flash crowd: traffic multiplied by `factor` for a while.
    public struct Burst: Sendable, Hashable {
        public var startMs: Int64
        public var durationMs: Int64
        public var factor: Double
        public init(startMs: Int64, durationMs: Int64, factor: Double) {
            self.startMs = startMs
            self.durationMs = durationMs
            self.factor = factor
        }
    }

    /// Observation artefacts applied to every series after the physics.
    public struct Observation: Sendable, Hashable {
        /// Relative measurement noise (standard deviation).
        public var noise: Double
        /// Probability that one scrape of one entity is missing (all its series NaN in that row).
        public var scrapeGapRate: Double
        /// Probability that one value is an outlier spike (not an incident).
        public var outlierRate: Double
        /// The world's own variability between the model's values (`Scenarios/README.md`, "Noise model").
        public var variability: Variability
        public init(noise: Double = 0.02, scrapeGapRate: Double = 0.0005, outlierRate: Double = 0.0002, variability: Variability = Variability()) {
            self.noise = noise
            self.scrapeGapRate = scrapeGapRate
            self.outlierRate = outlierRate
            self.variability = variability
        }

        /// The knobs of the noise model (`observation.variability` in YAML); the defaults are the model as
        /// measured in `Scenarios/README.md` ("Noise model").
        public struct Variability: Sendable, Hashable {
            /// Multiplies every component of the world's own variability (smooth, per-row, spikes, bursts, over-
            /// dispersion) on top of `noise / 0.02`; 0 switches them off (error counting stays). Default 1.
            public var scale: Double
            /// Level of the background CPU (GC, sidecars, co-tenants) as a share of the service's expected
            /// utilisation (plus a floor of 0.01). Default 0.3.
            public var backgroundCPU: Double
            /// Share of rows per service with a heavy-tailed queueing spike on p95/p99. Default 1/32.
            public var latencySpikes: Double
            /// Transient error bursts (not incidents) per service per day, one chance per 20-minute slot. Default 1.125.
            public var errorBursts: Double
            /// Relative over-dispersion of each service's error probability (5-minute knots). Default 0.3.
            public var errorDispersion: Double

            public init(
                scale: Double = 1, backgroundCPU: Double = 0.3, latencySpikes: Double = 0.031_25, errorBursts: Double = 1.125,
                errorDispersion: Double = 0.3
            ) {
                self.scale = scale
                self.backgroundCPU = backgroundCPU
                self.latencySpikes = latencySpikes
                self.errorBursts = errorBursts
                self.errorDispersion = errorDispersion
            }
        }
    }

    /// How many log lines the services write.
    public struct LogSettings: Sendable, Hashable {
        /// Info lines per served request.
        public var linesPerRequest: Double
        public init(linesPerRequest: Double = 0.00005) { self.linesPerRequest = linesPerRequest }
    }

    /// How many traces are sampled.
    public struct TraceSettings: Sendable, Hashable {
        /// Fraction of entry requests whose trace is kept.
        public var sampleRate: Double
        /// Maximum spans per trace (deep fan-out is truncated).
        public var maxSpans: Int
        /// Tail sampling (`traces.keep_errors`): probability of keeping a trace in which some service fails
        /// (its own error, or a call to it lost on the way), although head sampling dropped it; 0 = off.
        public var keepErrors: Double
        /// Tail sampling (`traces.slow_threshold`, ms): a trace with a span whose own time exceeds this is
        /// kept with probability `keepSlow`; nil = off.
        public var slowThresholdMs: Double?
        /// Tail sampling (`traces.keep_slow`): probability of keeping a slow trace (see `slowThresholdMs`).
        public var keepSlow: Double
        /// Tail sampling (`traces.min_traces_per_minute`): traces per minute that should reach every service;
        /// where head sampling gives fewer, traces through the service are added; 0 = off.
        public var minTracesPerMinute: Double
        public init(
            sampleRate: Double = 0.0001, maxSpans: Int = 64, keepErrors: Double = 0, slowThresholdMs: Double? = nil, keepSlow: Double = 0,
            minTracesPerMinute: Double = 0
        ) {
            self.sampleRate = sampleRate
            self.maxSpans = maxSpans
            self.keepErrors = keepErrors
            self.slowThresholdMs = slowThresholdMs
            self.keepSlow = keepSlow
            self.minTracesPerMinute = minTracesPerMinute
        }

        /// True when any tail-sampling policy is on (without one, traces are exactly the head-sampled ones).
        public var tailSampling: Bool { keepErrors > 0 || (slowThresholdMs != nil && keepSlow > 0) || minTracesPerMinute > 0 }
    }

    /// Settings of a generated graph.
    public struct GeneratedGraph: Sendable, Hashable {
        public var services: Int
        public var depth: Int
        public var fanOut: Int
        public var hosts: Int
        public var databases: Int
        public init(services: Int, depth: Int, fanOut: Int, hosts: Int, databases: Int) {
            self.services = services
            self.depth = depth
            self.fanOut = fanOut
            self.hosts = hosts
            self.databases = databases
        }
    }
}

/// One service (or database, cache, queue) of the world.
public struct ServiceSpec: Sendable, Hashable {
    public var name: String
    public var kind: ServiceKind
    /// Pods serving requests.
    public var replicas: Int
    /// Concurrent requests one replica works on (servers of the M/M/c queue).
    public var workers: Int
    /// Mean own work per request, milliseconds (excluding downstream calls).
    public var serviceTimeMs: Double
    /// Share of entry traffic this service receives directly (0 for internal services).
    public var entryShare: Double
    /// Hosts its replicas run on (round-robin).
    public var hosts: [String]
    /// Memory limit per replica, MiB.
    public var memoryLimitMiB: Double
    /// Connection pool size per replica (towards its callees).
    public var poolSize: Int
    /// Own error ratio when healthy.
    public var baseErrorRatio: Double
    /// Region, when the world has several.
    public var region: String?

    public init(
        name: String, kind: ServiceKind = .service, replicas: Int = 2, workers: Int = 8, serviceTimeMs: Double = 10,
        entryShare: Double = 0, hosts: [String] = [], memoryLimitMiB: Double = 1024, poolSize: Int = 32,
        baseErrorRatio: Double = 0.0005, region: String? = nil
    ) {
        self.name = name
        self.kind = kind
        self.replicas = replicas
        self.workers = workers
        self.serviceTimeMs = serviceTimeMs
        self.entryShare = entryShare
        self.hosts = hosts
        self.memoryLimitMiB = memoryLimitMiB
        self.poolSize = poolSize
        self.baseErrorRatio = baseErrorRatio
        self.region = region
    }
}

/// A call edge: `from` calls `to` `fanOut` times (on average) per request it serves.
public struct EdgeSpec: Sendable, Hashable {
    public var from: String
    public var to: String
    public var fanOut: Double
    public var timeoutMs: Double
    public var retries: Int
    public init(from: String, to: String, fanOut: Double = 1, timeoutMs: Double = 1000, retries: Int = 0) {
        self.from = from
        self.to = to
        self.fanOut = fanOut
        self.timeoutMs = timeoutMs
        self.retries = retries
    }
}

/// An objective on an entry service: its p99 latency and error ratio.
public struct SLOSpec: Sendable, Hashable {
    public var entry: String
    public var latencyP99Ms: Double
    public var errorRatio: Double
    public init(entry: String, latencyP99Ms: Double, errorRatio: Double) {
        self.entry = entry
        self.latencyP99Ms = latencyP99Ms
        self.errorRatio = errorRatio
    }
}

/// One injected fault.
public struct FaultSpec: Sendable, Hashable {
    /// Unique id (`f1`, or as given).
    public var id: String
    public var kind: FaultKind
    public var target: String
    /// Injection start relative to the run start, ms.
    public var startMs: Int64
    /// Injection length, ms.
    public var durationMs: Int64
    /// Strength in (0, 1], or how to draw it from the kind's `SeverityDistribution` (the default).
    public var intensity: Intensity
    /// True when this fault may overlap others (and is then labelled compound).
    public var compound: Bool
    public init(
        id: String, kind: FaultKind, target: String, startMs: Int64, durationMs: Int64, intensity: Intensity = .drawn, compound: Bool = false
    ) {
        self.id = id
        self.kind = kind
        self.target = target
        self.startMs = startMs
        self.durationMs = durationMs
        self.intensity = intensity
        self.compound = compound
    }
}

/// One benign change.
public struct BenignSpec: Sendable, Hashable {
    public var id: String
    public var kind: BenignKind
    /// Target service (for traffic campaigns: the entry services, written `*`).
    public var target: String
    public var startMs: Int64
    public var durationMs: Int64
    /// Kind-specific size: traffic multiplier (campaign), extra load as a fraction of capacity
    /// (batch job), replicas added (scale-out).
    public var factor: Double
    /// Repeat every day (batch jobs).
    public var daily: Bool
    public init(id: String, kind: BenignKind, target: String, startMs: Int64, durationMs: Int64, factor: Double, daily: Bool = false) {
        self.id = id
        self.kind = kind
        self.target = target
        self.startMs = startMs
        self.durationMs = durationMs
        self.factor = factor
        self.daily = daily
    }
}

extension Scenario {
    /// One line describing the size of the run (`12 services, 17 edges, 2d at 15s = 11520 rows, …`).
    public var summary: String {
        let seriesCount = services.count * ServiceMetric.count + Set(services.flatMap(\.hosts)).count * HostMetric.count
        return "\(services.count) services, \(edges.count) edges, \(DurationText.render(Double(durationMs))) at "
            + "\(DurationText.render(Double(stepMs))) = \(rowCount) rows × \(seriesCount) series, \(faults.count) faults, "
            + "\(benign.count) benign changes, \(slos.count) SLOs, seed \(seed)"
    }
}
