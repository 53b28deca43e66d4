/// Bounds on every number a scenario accepts and on the work a scenario may ask for.
///
/// `ScenarioLoader` checks each key against its bound as it reads it, so the error names the file,
/// line and key; the command-line overrides (`--days`, `--services`) are checked when applied; and
/// `ScenarioValidator` checks the whole-scenario estimates (series, points, traffic, log lines and
/// spans, simulation work) once the graph is known. All of it happens before anything is allocated
/// or simulated, so a typo or a hostile file fails in milliseconds with an error instead of trapping
/// on an overflow, recursing off the stack or filling memory.
///
/// The bounds are generous — well beyond the worlds the simulator is meant for — and each has a
/// reason, listed in `documented` and in the Limits table of `Scenarios/README.md` (a test keeps the
/// two in step). To raise one, change it here and rebuild.
public enum ScenarioLimits {
    // MARK: time

    /// Longest run (and longest `--days`): 366 days.
    public static let maxDurationMs: Int64 = 366 * 86_400_000
    /// Shortest step: 1 s.
    public static let minStepMs: Int64 = 1000
    /// Longest step: 1 day.
    public static let maxStepMs: Int64 = 86_400_000
    /// Latest `start`: 9999-12-31T23:59:59.999Z, so every timestamp of the run fits an ISO 8601 date.
    public static let maxStartMs: Int64 = 253_402_300_799_999
    /// Largest scenario file read (bytes): a 5,000-service world with 50,000 edges is about 4 MB.
    public static let maxFileBytes = 16 << 20

    // MARK: graph

    /// Services (listed, or `generate.services`, or `--services`).
    public static let maxServices = 5000
    /// Distinct hosts of the world.
    public static let maxHosts = 5000
    /// Hosts one service's replicas are spread over.
    public static let maxHostsPerService = 100
    /// Listed call edges.
    public static let maxEdges = 50_000
    /// Longest call chain (edges from an entry to the deepest callee).
    public static let maxCallDepth = 100
    /// Calls per request along one edge.
    public static let maxFanOut = 100.0
    /// Retries per call.
    public static let maxRetries = 10
    /// Layers of a generated graph.
    public static let maxGeneratedDepth = 100
    /// Callees per service of a generated graph.
    public static let maxGeneratedFanOut = 64

    // MARK: services

    public static let maxReplicas = 10_000
    public static let maxWorkers = 10_000
    public static let maxPoolSize = 100_000
    /// Longest mean own work per request: 10 minutes.
    public static let maxServiceTimeMs = 600_000.0
    /// Longest call timeout and SLO latency: 1 hour.
    public static let maxTimeoutMs = 3_600_000.0
    /// Largest memory limit per replica: 1 TiB.
    public static let maxMemoryLimitMiB = 1_048_576.0

    // MARK: traffic and changes

    /// Largest base entry rate, requests per second.
    public static let maxEntryRate = 1_000_000.0
    /// Largest relative traffic growth (or decline) per day.
    public static let maxTrendPerDay = 1.0
    /// Largest burst, campaign (and other benign) factor.
    public static let maxTrafficFactor = 100.0
    /// Largest batch-job load, as a fraction of the target's capacity.
    public static let maxBatchFactor = 10.0
    /// Most replicas a scale-out adds.
    public static let maxScaleOut = 1000
    /// Largest `observation.variability.scale` (ten times the measured noise model).
    public static let maxVariabilityScale = 10.0
    /// Most faults, benign changes, bursts and SLOs (each).
    public static let maxListed = 1000
    /// Most spans per trace (`traces.max_spans`).
    public static let maxSpansPerTrace = 10_000
    /// Largest `traces.min_traces_per_minute` (per service).
    public static let maxTraceFloorPerMinute = 1000.0
    /// Most services a scenario with tail sampling may have (its tables hold services² call counts).
    public static let maxTailSampledServices = 2000

    // MARK: whole-scenario estimates

    /// Series (14 per service, 2 per host).
    public static let maxSeries = 100_000
    /// Metric points (rows × series); `metrics.npy` takes 8 bytes a point, so 10¹⁰ is 80 GB.
    public static let maxMetricPoints = 1e10
    /// Simulation work: service-steps of the run plus those the ground truth recomputes (about 5 minutes).
    public static let maxWork = 2e9
    /// Peak requests per second at any one service in the healthy world (fan-out counted, retries not).
    public static let maxPeakLoad = 1e9
    /// Expected log lines and spans over the run (about 200 bytes each: 10⁸ is 20 GB of JSON lines).
    public static let maxRecords = 1e8
    /// Info log lines and spans one step may produce at peak traffic in the healthy world (held in
    /// memory until written). Whatever the faults do, a step writes at most its budget
    /// (`WorkEstimate.logBudgetPerStep`, `spanBudgetPerStep`); beyond it, in a retry storm, the step's
    /// remaining records are dropped.
    public static let maxRecordsPerStep = 1e5

    /// One row of the Limits table: key, allowed range, why.
    public struct Row: Sendable, Hashable {
        public var key: String
        public var range: String
        public var why: String
    }

    /// Every limit with its reason, in the order of the Limits table of `Scenarios/README.md`.
    public static let documented: [Row] = [
        Row(key: "duration", range: "2 steps … 366d", why: "a year of data; longer runs are better made as several datasets"),
        Row(key: "step", range: "1s … 1d", why: "below 1 s the model's per-step rates make no sense; above a day there is no daily cycle"),
        Row(key: "start", range: "0 (1970-01-01) … 9999-12-31T23:59:59.999Z", why: "every row time fits an ISO 8601 date and 64-bit milliseconds"),
        Row(key: "seed, --seed", range: "0 … 18446744073709551615", why: "the seed is an unsigned 64-bit number; negative seeds are refused"),
        Row(key: "--days", range: "above 0 … 366", why: "as `duration`"),
        Row(
            key: "services (listed), generate.services, --services", range: "1 … 5000 (2 … 5000 generated)",
            why: "series and per-step work grow with it"),
        Row(key: "hosts (distinct), generate.hosts", range: "1 … 5000", why: "as services"),
        Row(key: "services[].hosts", range: "1 … 100 per service", why: "replicas are spread round-robin"),
        Row(key: "edges", range: "0 … 50000", why: "per-step work grows with it"),
        Row(key: "call depth", range: "0 … 100 edges", why: "traces walk the call chain recursively; faults propagate one hop per 30 s"),
        Row(key: "edges[].fan_out", range: "above 0 … 100", why: "calls multiply down the graph: see the peak load"),
        Row(key: "edges[].retries", range: "0 … 10", why: "each retry multiplies the load on a failing callee"),
        Row(key: "edges[].timeout, slos[].latency_p99", range: "above 0 … 1h", why: "no request waits longer"),
        Row(key: "generate.depth", range: "1 … 100", why: "as call depth"),
        Row(key: "generate.fan_out", range: "1 … 64", why: "edges per service of a generated graph"),
        Row(key: "generate.databases", range: "1 … services − 1", why: "at least one application service"),
        Row(key: "replicas, workers", range: "1 … 10000", why: "a service far larger than any real one"),
        Row(key: "pool_size", range: "1 … 100000", why: "connections per replica"),
        Row(key: "service_time", range: "above 0 … 10m", why: "own work per request"),
        Row(key: "memory_limit_mib", range: "above 0 … 1048576 (1 TiB)", why: "per replica"),
        Row(
            key: "entry_share, error_ratio, observation.* (but variability), logs.lines_per_request, traces.sample_rate", range: "0 … 1",
            why: "shares, ratios and probabilities"),
        Row(key: "observation.variability.scale", range: "0 … 10", why: "ten times the measured noise model"),
        Row(key: "observation.variability.background_cpu", range: "0 … 1", why: "a share of the expected utilisation"),
        Row(key: "observation.variability.latency_spikes", range: "0 … 0.5", why: "a share of rows; above half, spikes are the norm"),
        Row(key: "observation.variability.error_bursts", range: "0 … 72 per service per day", why: "one chance per 20-minute slot"),
        Row(key: "observation.variability.error_dispersion", range: "0 … 2", why: "relative spread of the error probability"),
        Row(key: "workload.entry_rate", range: "above 0 … 1000000 requests/s", why: "a million requests a second at the entry"),
        Row(key: "workload.daily_amplitude, weekly_amplitude, noise", range: "0 … below 1", why: "traffic stays positive"),
        Row(
            key: "workload.trend_per_day", range: "−1 … 1",
            why: "linear growth (or decline) of at most the base rate per day; traffic never drops below 5 % of it"),
        Row(key: "workload.bursts[].factor", range: "above 0 … 100", why: "a factor of 0 or below would make traffic negative"),
        Row(
            key: "bursts, faults, benign: start and duration", range: "inside the run; at least two steps long (benign: above 0)",
            why: "anything outside the run would be dropped silently"),
        Row(
            key: "faults[].intensity", range: "above 0 … 1, or `drawn`, `mild`, `severe`",
            why: "fraction of the fault's full strength, or which part of the kind's severity distribution to draw from"),
        Row(
            key: "benign[].factor", range: "above 0 … 100; batch-job ≤ 10; failover ≤ 1; scale-out a whole number ≤ 1000",
            why: "traffic multiplier, load as a fraction of capacity, share drained, replicas added"),
        Row(key: "faults, benign, workload.bursts, slos", range: "0 … 1000 entries each", why: "every step checks each of them"),
        Row(key: "traces.max_spans", range: "1 … 10000", why: "spans per trace"),
        Row(key: "traces.keep_errors, traces.keep_slow", range: "0 … 1", why: "probabilities of keeping a failed or slow trace"),
        Row(
            key: "traces.slow_threshold", range: "above 0 … 1h, only with keep_slow (and keep_slow only with it)",
            why: "own time of a span above which the trace is slow"),
        Row(key: "traces.min_traces_per_minute", range: "0 … 1000", why: "traces per minute that reach each service"),
        Row(
            key: "services, with any tail-sampling key on", range: "≤ 2000",
            why: "the sampler holds services² expected call counts and passes over them every step"),
        Row(key: "series (14 per service, 2 per host)", range: "≤ 100000", why: "one step's row is held in memory by every worker"),
        Row(key: "metric points (rows × series)", range: "≤ 10¹⁰", why: "`metrics.npy` takes 8 bytes a point: 80 GB"),
        Row(
            key: "simulation work", range: "≤ 2·10⁹ service-steps",
            why: "the run plus the ground truth's recomputation of every fault window, about 5 minutes"),
        Row(
            key: "peak load at any service", range: "≤ 10⁹ requests/s",
            why: "peak entry traffic × fan-out down every path (retries, which add load only while calls fail, are not counted)"),
        Row(key: "log lines and spans, expected over the run", range: "≤ 10⁸", why: "about 200 bytes each: 20 GB of JSON lines"),
        Row(
            key: "log lines and spans in one step, at peak", range: "≤ 10⁵",
            why: "a step's records are held in memory until written; see the step budgets below the table"),
        Row(key: "scenario file", range: "a regular file of ≤ 16 MiB", why: "a FIFO or device would block or never end"),
    ]

    /// Where the limits are explained, for error hints.
    static let readme = "limits: Scenarios/README.md, Limits"
}
