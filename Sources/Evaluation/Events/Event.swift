/// One event of the shared event list (METRICS §1): its rows and its reference times.
///
/// Built from a labelled window (times are the window's) or from a maximal run of point labels
/// (times are those of its first and last rows).
public struct Event: Sendable, Hashable {
    /// The event's rows, inclusive.
    public var rows: RowInterval
    /// Reference start `s_e`, epoch ms.
    public var startMs: Int64
    /// Reference end `e_e`, epoch ms.
    public var endMs: Int64
    /// User-impact time, epoch ms, when known.
    public var impactMs: Int64?
    /// Achieved peak |z| of the event's fault (the largest of merged windows'), when known.
    public var peakZ: Double?

    /// Creates an event.
    public init(rows: RowInterval, startMs: Int64, endMs: Int64, impactMs: Int64? = nil, peakZ: Double? = nil) {
        self.rows = rows
        self.startMs = startMs
        self.endMs = endMs
        self.impactMs = impactMs
        self.peakZ = peakZ
    }
}
