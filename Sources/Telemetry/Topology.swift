/// The kind of an entity in the service graph.
public enum EntityKind: String, Codable, Sendable, CaseIterable {
    case service, database, cache, queue, host, pod, region, loadBalancer = "load_balancer"
}

/// A node of the topology.
public struct Entity: Codable, Sendable, Hashable {
    /// Unique id (`cart`, `host-3`, `cart-7f9c-1`).
    public var id: String
    /// What it is.
    public var kind: EntityKind
    /// Replica count for services.
    public var replicas: Int?
    /// Region, when the world has several.
    public var region: String?
    /// The memory limit of all its replicas together, bytes (what Kubernetes exports as
    /// `kube_pod_container_resource_limits{resource="memory"}`), when known: the level at which its
    /// `memory_bytes` is OOM-killed. Failure predictors read it (`ResourceLimits`).
    public var memoryLimitBytes: Double?

    public init(id: String, kind: EntityKind, replicas: Int? = nil, region: String? = nil, memoryLimitBytes: Double? = nil) {
        self.id = id
        self.kind = kind
        self.replicas = replicas
        self.region = region
        self.memoryLimitBytes = memoryLimitBytes
    }
}

/// A call edge: `caller` sends `fanOut` requests to `callee` per request it serves.
public struct CallEdge: Codable, Sendable, Hashable {
    public var caller: String
    public var callee: String
    /// Mean calls to the callee per request served by the caller.
    public var fanOut: Double
    /// Client timeout in milliseconds, if any.
    public var timeoutMs: Double?
    /// Retries on error or timeout.
    public var retries: Int

    public init(caller: String, callee: String, fanOut: Double = 1, timeoutMs: Double? = nil, retries: Int = 0) {
        self.caller = caller
        self.callee = callee
        self.fanOut = fanOut
        self.timeoutMs = timeoutMs
        self.retries = retries
    }
}

/// Entities, call edges and placement (which host runs which service).
public struct Topology: Codable, Sendable, Hashable {
    public var entities: [Entity]
    public var edges: [CallEdge]
    /// Service id → host ids it runs on.
    public var placement: [String: [String]]

    public init(entities: [Entity] = [], edges: [CallEdge] = [], placement: [String: [String]] = [:]) {
        self.entities = entities
        self.edges = edges
        self.placement = placement
    }

    /// Callees of `entity`, in edge order.
    public func callees(of entity: String) -> [String] { edges.filter { $0.caller == entity }.map(\.callee) }
    /// Callers of `entity`, in edge order.
    public func callers(of entity: String) -> [String] { edges.filter { $0.callee == entity }.map(\.caller) }
}
