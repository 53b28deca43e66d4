/// One alert: a series' alarm that held long enough to fire, from its firing row to its last alarmed row
/// (`AlertRules`). At most one alert per series is active at a time (deduplication).
public struct Alert: Sendable, Hashable, Codable {
    /// Column of the series in the scored frame.
    public var series: Int
    /// The series' id (`cart/latency_p99`).
    public var seriesId: String
    /// The entity the series describes.
    public var entity: String
    /// Firing row (the row at which the alarm had held for `AlertRules.holdRows` rows) and last alarmed row.
    public var startRow: Int, endRow: Int
    /// Times of those rows, epoch ms.
    public var startMs: Int64, endMs: Int64

    public init(series: Int, seriesId: String, entity: String, startRow: Int, endRow: Int, startMs: Int64, endMs: Int64) {
        self.series = series
        self.seriesId = seriesId
        self.entity = entity
        self.startRow = startRow
        self.endRow = endRow
        self.startMs = startMs
        self.endMs = endMs
    }
}
