import Telemetry

/// The series every simulated dataset has, and where each lives in the frame.
///
/// Column `s * ServiceMetric.count + m` is metric `m` of service `s` (services in scenario order);
/// after all services come the hosts, `HostMetric.count` columns each.
enum ServiceMetric: Int, CaseIterable {
    case requestsPerSecond, requestsTotal, errorsTotal, errorRatio, latencyMean, latencyP50, latencyP95, latencyP99
    case inflight, cpuUtil, memoryBytes, poolUtil, diskUtil, networkBytesPerSecond

    static let count = allCases.count

    var name: String {
        switch self {
        case .requestsPerSecond: return "requests_per_s"
        case .requestsTotal: return "requests_total"
        case .errorsTotal: return "errors_total"
        case .errorRatio: return "error_ratio"
        case .latencyMean: return "latency_mean"
        case .latencyP50: return "latency_p50"
        case .latencyP95: return "latency_p95"
        case .latencyP99: return "latency_p99"
        case .inflight: return "inflight"
        case .cpuUtil: return "cpu_util"
        case .memoryBytes: return "memory_bytes"
        case .poolUtil: return "pool_util"
        case .diskUtil: return "disk_util"
        case .networkBytesPerSecond: return "network_bytes_per_s"
        }
    }

    var unit: String {
        switch self {
        case .requestsPerSecond: return "1/s"
        case .requestsTotal, .errorsTotal, .inflight: return "count"
        case .errorRatio, .cpuUtil, .poolUtil, .diskUtil: return "ratio"
        case .latencyMean, .latencyP50, .latencyP95, .latencyP99: return "ms"
        case .memoryBytes: return "bytes"
        case .networkBytesPerSecond: return "bytes/s"
        }
    }

    var kind: SeriesKind {
        switch self {
        case .requestsTotal, .errorsTotal: return .counter
        case .latencyP50, .latencyP95, .latencyP99: return .quantile
        default: return .gauge
        }
    }

    /// Relative observation noise multiplier (quantiles are noisier estimates). The error ratio is
    /// errors over requests of the row, both counted (`Physics.write`), so it gets no measurement
    /// noise; memory is read exactly up to small page-level jitter.
    var noiseScale: Double {
        switch self {
        case .latencyP95: return 2
        case .latencyP99: return 3
        case .requestsTotal, .errorsTotal, .errorRatio: return 0
        case .diskUtil: return 0.1
        case .memoryBytes: return 0.05
        default: return 1
        }
    }

    /// Quantisation step of the exported value.
    var quantum: Double {
        switch self {
        case .latencyMean, .latencyP50, .latencyP95, .latencyP99: return 0.01
        case .memoryBytes: return 4096
        case .errorRatio, .cpuUtil, .poolUtil, .diskUtil: return 1e-5
        case .requestsPerSecond, .inflight: return 0.001
        case .networkBytesPerSecond: return 1
        case .requestsTotal, .errorsTotal: return 0
        }
    }

    /// Absolute floor of the ground-truth band (see `GroundTruthBuilder`).
    var bandFloor: Double {
        switch self {
        case .errorRatio, .poolUtil: return 0.005
        case .cpuUtil, .diskUtil: return 0.02
        case .latencyMean, .latencyP50, .latencyP95, .latencyP99: return 2
        case .memoryBytes: return 16 * 1_048_576
        case .requestsPerSecond, .inflight: return 0.5
        case .requestsTotal, .errorsTotal: return 5
        case .networkBytesPerSecond: return 4096
        }
    }
}

/// Per-host series.
enum HostMetric: Int, CaseIterable {
    case cpuUtil, memoryUtil
    static let count = allCases.count
    var name: String { self == .cpuUtil ? "cpu_util" : "memory_util" }
}

/// Per-service quantities kept noise-free for logs, traces and ground truth.
enum TruthField: Int, CaseIterable {
    case rate, errorRatio, latencyMean, latencyP99, ownLatency, poolUtil, memoryFraction, diskFraction, restarts
    /// Failure probability of a request at the service itself, not in its calls (tail sampling of traces).
    case ownError
    /// Probability a call to the service is lost on the way (network loss, partition): no server span.
    case callLoss
    static let count = allCases.count
}

extension World {
    var seriesCount: Int { serviceCount * ServiceMetric.count + hostNames.count * HostMetric.count }

    /// The series table in column order.
    var seriesDescriptors: [SeriesDescriptor] {
        var out: [SeriesDescriptor] = []
        out.reserveCapacity(seriesCount)
        for n in names {
            for m in ServiceMetric.allCases { out.append(SeriesDescriptor(entity: n, metric: m.name, unit: m.unit, kind: m.kind)) }
        }
        for h in hostNames {
            for m in HostMetric.allCases { out.append(SeriesDescriptor(entity: h, metric: m.name, unit: "ratio", kind: .gauge)) }
        }
        return out
    }

    /// The topology in Telemetry's vocabulary.
    var topology: Topology {
        var entities: [Entity] = []
        for sv in scenario.services {
            let kind: EntityKind
            switch sv.kind {
            case .service: kind = .service
            case .database: kind = .database
            case .cache: kind = .cache
            case .queue: kind = .queue
            }
            // The same limit the physics OOM-kills at (World.memLimitBytes): all replicas together.
            entities.append(
                Entity(
                    id: sv.name, kind: kind, replicas: sv.replicas, region: sv.region,
                    memoryLimitBytes: sv.memoryLimitMiB * 1_048_576 * Double(sv.replicas)))
        }
        for h in hostNames { entities.append(Entity(id: h, kind: .host)) }
        let edges = scenario.edges.map { CallEdge(caller: $0.from, callee: $0.to, fanOut: $0.fanOut, timeoutMs: $0.timeoutMs, retries: $0.retries) }
        var placement: [String: [String]] = [:]
        for sv in scenario.services { placement[sv.name] = sv.hosts }
        return Topology(entities: entities, edges: edges, placement: placement)
    }
}
