/// How visible a fault was, by its achieved peak |z| (the simulator's ground truth, `FaultRecord.peakZ`):
/// the bands of the `event_recall_<band>` records (METRICS §6.1).
///
/// The cut-offs are where per-series charts stop and start working: a 3–5σ rule cannot see a fault whose
/// largest standardised excursion stays under 5; one above 20 stands out of any series it touches.
public enum SeverityBand: String, CaseIterable, Sendable {
    /// Peak |z| below 5.
    case subtle
    /// Peak |z| in [5, 20).
    case moderate
    /// Peak |z| of 20 or more.
    case plain

    /// The band of a peak |z|.
    public init(peakZ: Double) {
        self = peakZ < 5 ? .subtle : (peakZ < 20 ? .moderate : .plain)
    }

    /// The record's identifier (`event_recall_subtle`, …).
    public var metric: MetricID {
        switch self {
        case .subtle: return "event_recall_subtle"
        case .moderate: return "event_recall_moderate"
        case .plain: return "event_recall_plain"
        }
    }

    /// The band as printed in the record's parameters.
    public var range: String {
        switch self {
        case .subtle: return "[0, 5)"
        case .moderate: return "[5, 20)"
        case .plain: return "[20, inf)"
        }
    }

    /// Detected events over events of `band`, with detection as in `DetectionTiming` (a first alarm in the
    /// event's matching span); nil when no event carries a peak |z| at all (imported data: no record), an
    /// undefined value when some do but none falls in this band.
    ///
    /// - Parameters:
    ///   - events: the timeline's events.
    ///   - delays: `DetectionTiming.delaysSeconds`, one per event (nil = missed).
    public static func recall(_ band: SeverityBand, events: [Event], delays: [Double?]) -> (value: MetricValue, events: Int)? {
        precondition(events.count == delays.count, "one delay per event")
        guard events.contains(where: { $0.peakZ != nil }) else { return nil }
        var total = 0, detected = 0
        for (e, d) in zip(events, delays) {
            guard let z = e.peakZ, SeverityBand(peakZ: z) == band else { continue }
            total += 1
            if d != nil { detected += 1 }
        }
        guard total > 0 else { return (.undefined("no \(band.rawValue) events (peak |z| \(band.range))"), 0) }
        return (.defined(Double(detected) / Double(total)), total)
    }
}
