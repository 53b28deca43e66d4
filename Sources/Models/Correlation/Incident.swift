/// A group of alerts the correlation step believes are one incident (`IncidentGrouper`).
public struct Incident: Sendable, Hashable, Codable {
    /// Indices into the grouped alert list, in firing order.
    public var alerts: [Int]
    /// Entities of its alerts, sorted.
    public var entities: [String]
    /// First firing and last alarmed time, epoch ms.
    public var startMs: Int64, endMs: Int64
    /// The benign change (deploy, scale-out, batch job, …) that explains it, when one does.
    public var explainedBy: String?
    /// Notifications Alertmanager-like grouping would have sent for it (`NotificationPolicy`); 0 when explained.
    public var notifications: Int

    public init(alerts: [Int], entities: [String], startMs: Int64, endMs: Int64, explainedBy: String? = nil, notifications: Int = 0) {
        self.alerts = alerts
        self.entities = entities
        self.startMs = startMs
        self.endMs = endMs
        self.explainedBy = explainedBy
        self.notifications = notifications
    }
}
