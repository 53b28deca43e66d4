/// Turns per-series alarm rows into alerts, the way Prometheus alerting rules do.
///
/// - **Hold** (`for:`): a series fires once its alarm has held for `holdRows` consecutive rows; the alert
///   starts at that row.
/// - **Flapping suppression**: a firing alert stays active through gaps of fewer than `resolveRows`
///   rows without alarm (an alarm again within the gap continues it, without a new alert); it resolves
///   after `resolveRows` quiet rows and ends at its last alarmed row.
/// - **Deduplication**: at most one active alert per series.
public struct AlertRules: Sendable, Hashable {
    /// Consecutive alarmed rows before a series fires (≥ 1).
    public var holdRows: Int
    /// Quiet rows after which a firing alert resolves (≥ 1).
    public var resolveRows: Int

    public init(holdRows: Int = 2, resolveRows: Int = 20) {
        self.holdRows = max(1, holdRows)
        self.resolveRows = max(1, resolveRows)
    }

    /// The alerts of one series, in time order.
    ///
    /// - Parameters:
    ///   - alarms: one flag per row, in time order.
    ///   - timestamps: one time per row (epoch ms).
    ///   - series, seriesId, entity: what the alerts are about.
    public func alerts(alarms: UnsafeBufferPointer<Bool>, timestamps: [Int64], series: Int, seriesId: String, entity: String) -> [Alert] {
        precondition(alarms.count == timestamps.count, "one alarm flag per row")
        var out: [Alert] = []
        var run = 0  // consecutive alarmed rows ending at the current row
        var active: (start: Int, last: Int)?
        for t in 0..<alarms.count {
            if alarms[t] {
                run += 1
                if var a = active {
                    a.last = t
                    active = a
                } else if run >= holdRows {
                    active = (t, t)
                }
            } else {
                run = 0
                if let a = active, t - a.last >= resolveRows {
                    out.append(
                        Alert(
                            series: series, seriesId: seriesId, entity: entity, startRow: a.start, endRow: a.last,
                            startMs: timestamps[a.start], endMs: timestamps[a.last]))
                    active = nil
                }
            }
        }
        if let a = active {
            out.append(
                Alert(
                    series: series, seriesId: seriesId, entity: entity, startRow: a.start, endRow: a.last,
                    startMs: timestamps[a.start], endMs: timestamps[a.last]))
        }
        return out
    }
}
