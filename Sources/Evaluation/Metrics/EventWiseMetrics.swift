/// Event-wise recall, event-wise precision and the composite F score (METRICS §3).
public struct EventWiseMetrics: Sendable, Hashable {
    /// Events holding at least one alarm row.
    public var detectedEvents: Int
    /// All events.
    public var events: Int
    /// Alarm episodes overlapping some event.
    public var matchedEpisodes: Int
    /// All alarm episodes.
    public var episodes: Int

    /// Computes the counts from the shared event list and the alarm episodes.
    ///
    /// - Parameters:
    ///   - events: sorted, disjoint event rows.
    ///   - episodes: sorted, disjoint alarm episodes.
    /// - Complexity: O(E + A) (one merge pass).
    public init(events: [RowInterval], episodes: [RowInterval]) {
        var detected = [Bool](repeating: false, count: events.count)
        var matched = 0
        var i = 0
        for ep in episodes {
            while i < events.count && events[i].end < ep.start { i += 1 }
            var j = i
            var hit = false
            while j < events.count && events[j].start <= ep.end {
                detected[j] = true
                hit = true
                j += 1
            }
            if hit { matched += 1 }
        }
        self.detectedEvents = detected.reduce(0) { $0 + ($1 ? 1 : 0) }
        self.events = events.count
        self.matchedEpisodes = matched
        self.episodes = episodes.count
    }

    /// `R_e` = detected events / events; undefined without events.
    public var recall: MetricValue {
        .ratio(Double(detectedEvents), Double(events), undefinedBecause: "no events")
    }

    /// `P_e` = episodes overlapping an event / episodes; undefined without alarms.
    public var precision: MetricValue {
        .ratio(Double(matchedEpisodes), Double(episodes), undefinedBecause: "no alarm episodes")
    }

    /// `F_c = 2·P_t·R_e/(P_t + R_e)`, 0 when `R_e = 0`.
    ///
    /// - Parameter pointPrecision: the point-wise precision `P_t`.
    public func compositeF(pointPrecision: MetricValue) -> MetricValue {
        guard let re = recall.value else { return .undefined("no events") }
        if re == 0 { return .defined(0) }
        guard let pt = pointPrecision.value else { return .undefined("point-wise precision undefined") }
        return .defined(2 * pt * re / (pt + re))
    }
}
