/// Log severity, ordered from least to most severe.
public enum Severity: String, Codable, Sendable, CaseIterable, Comparable {
    case debug, info, warn, error, fatal

    private var rank: Int { Severity.allCases.firstIndex(of: self) ?? 0 }
    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// One log line, as emitted by an entity at a time.
public struct LogRecord: Codable, Sendable, Hashable {
    /// Epoch milliseconds.
    public var timeMs: Int64
    /// Emitting entity (service, pod, host).
    public var entity: String
    /// Severity level.
    public var severity: Severity
    /// Template identifier when known (simulated logs know it; mined logs get one from the miner).
    public var templateId: String?
    /// The rendered message.
    public var body: String
    /// Structured attributes (`trace_id`, `pod`, …).
    public var attributes: [String: String]

    public init(timeMs: Int64, entity: String, severity: Severity, templateId: String? = nil, body: String, attributes: [String: String] = [:]) {
        self.timeMs = timeMs
        self.entity = entity
        self.severity = severity
        self.templateId = templateId
        self.body = body
        self.attributes = attributes
    }
}
