/// What happened to an entity, in the vocabulary of Kubernetes events and chaos tools.
public enum OpsEventKind: String, Codable, Sendable, CaseIterable {
    case deploy, rollback, scale, configChange = "config_change", restart, oomKill = "oom_kill"
    case chaosStart = "chaos_start", chaosStop = "chaos_stop", batchStart = "batch_start", batchStop = "batch_stop"
    case campaignStart = "campaign_start", campaignStop = "campaign_stop", failover
}

/// An operational event (Kubernetes-event-like: type, reason, involved object, message).
public struct OpsEvent: Codable, Sendable, Hashable {
    /// Epoch milliseconds.
    public var timeMs: Int64
    /// Kind of event.
    public var kind: OpsEventKind
    /// Involved entity.
    public var entity: String
    /// `Normal` or `Warning`, as Kubernetes classifies events.
    public var type: String
    /// Short CamelCase reason (`ScalingReplicaSet`, `Killing`, `ChaosInjected`).
    public var reason: String
    /// Human message.
    public var message: String
    /// Extra fields (`version`, `replicas`, `fault_id`, …).
    public var attributes: [String: String]

    public init(
        timeMs: Int64, kind: OpsEventKind, entity: String, type: String = "Normal", reason: String, message: String,
        attributes: [String: String] = [:]
    ) {
        self.timeMs = timeMs
        self.kind = kind
        self.entity = entity
        self.type = type
        self.reason = reason
        self.message = message
        self.attributes = attributes
    }
}
