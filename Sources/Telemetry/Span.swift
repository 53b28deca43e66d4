/// Outcome of a span, as in OpenTelemetry's status code.
public enum SpanStatus: String, Codable, Sendable, CaseIterable {
    case unset, ok, error
}

/// One span of a distributed trace (OTLP-JSON-shaped: hex ids, epoch times).
public struct Span: Codable, Sendable, Hashable {
    /// 32 hex digits.
    public var traceId: String
    /// 16 hex digits.
    public var spanId: String
    /// Parent span id, nil for a root span.
    public var parentSpanId: String?
    /// Service that executed the span.
    public var service: String
    /// Operation or endpoint name.
    public var operation: String
    /// Start, epoch milliseconds.
    public var startMs: Int64
    /// Duration in milliseconds (fractional).
    public var durationMs: Double
    /// Status.
    public var status: SpanStatus

    public init(
        traceId: String, spanId: String, parentSpanId: String?, service: String, operation: String, startMs: Int64, durationMs: Double,
        status: SpanStatus
    ) {
        self.traceId = traceId
        self.spanId = spanId
        self.parentSpanId = parentSpanId
        self.service = service
        self.operation = operation
        self.startMs = startMs
        self.durationMs = durationMs
        self.status = status
    }
}
