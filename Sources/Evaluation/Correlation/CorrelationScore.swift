/// How well alert correlation turned alerts into incidents, against the truth (METRICS §9.1).
///
/// Each alert carries the id of the fault it belongs to, or nil for an alert no fault explains; an
/// incident's *label* is the most common label of its alerts (nil counts as a label; ties go to the
/// label that fired first).
///
/// - `compression_ratio` = alerts / incidents.
/// - `purity` = Σ over incidents of the count of its label / alerts (alert-weighted).
/// - `incident_recall` = faults that are the label of at least one incident / faults.
/// - `fragmentation` = mean, over the faults with at least one alert, of the incidents holding one of its alerts
///   (1 is ideal).
/// - `incident_mttd_s` = mean, over those faults, of (start of the fault's first incident − fault start), seconds.
/// - `pages_per_day` = notifications of incidents no benign change explains / scored days.
public struct CorrelationScore: Sendable, Equatable {
    /// One incident as the score sees it.
    public struct IncidentInput: Sendable, Equatable {
        /// Labels of its alerts, in firing order.
        public var alertLabels: [String?]
        public var startMs: Int64
        public var explained: Bool
        public var notifications: Int
        public init(alertLabels: [String?], startMs: Int64, explained: Bool = false, notifications: Int = 1) {
            self.alertLabels = alertLabels
            self.startMs = startMs
            self.explained = explained
            self.notifications = notifications
        }

        /// The most common label (nil included), ties to the earliest.
        public var label: String? {
            var count: [String: Int] = [:]
            var none = 0
            for l in alertLabels { if let l { count[l, default: 0] += 1 } else { none += 1 } }
            var best: String?? = nil
            var bestCount = -1
            for l in alertLabels {
                let c = l.map { count[$0] ?? 0 } ?? none
                if c > bestCount { best = .some(l); bestCount = c }
            }
            return best ?? nil
        }
    }

    public var alerts: Int
    public var incidents: Int
    public var compressionRatio: MetricValue
    public var purity: MetricValue
    public var incidentRecall: MetricValue
    public var fragmentation: MetricValue
    public var incidentMTTD: MetricValue
    public var pagesPerDay: MetricValue
    /// Incidents labelled with no fault and explained by no benign change.
    public var falseIncidents: Int
    /// Incidents a benign change explains.
    public var explainedIncidents: Int

    /// - Parameters:
    ///   - incidents: every incident.
    ///   - faults: the faults of the scored span, with their start times (epoch ms).
    ///   - scoredDays: length of the scored span, days.
    public init(incidents: [IncidentInput], faults: [(id: String, startMs: Int64)], scoredDays: Double) {
        let alerts = incidents.reduce(0) { $0 + $1.alertLabels.count }
        self.alerts = alerts
        self.incidents = incidents.count
        compressionRatio = .ratio(Double(alerts), Double(incidents.count), undefinedBecause: "no incidents")
        var pure = 0
        var byFault: [String: [Int64]] = [:]
        var holding: [String: Int] = [:]  // incidents holding an alert of the fault
        var falseCount = 0, explained = 0, pages = 0
        for inc in incidents {
            let label = inc.label
            pure += inc.alertLabels.filter { $0 == label }.count
            if let label { byFault[label, default: []].append(inc.startMs) }
            for f in Set(inc.alertLabels.compactMap { $0 }) { holding[f, default: 0] += 1 }
            if inc.explained { explained += 1 } else { pages += inc.notifications }
            if label == nil && !inc.explained { falseCount += 1 }
        }
        purity = .ratio(Double(pure), Double(alerts), undefinedBecause: "no alerts")
        let known = faults.filter { byFault[$0.id] != nil }
        incidentRecall = .ratio(Double(known.count), Double(faults.count), undefinedBecause: "no faults in the scored span")
        let alerted = faults.filter { holding[$0.id] != nil }
        fragmentation = .ratio(
            Double(alerted.reduce(0) { $0 + (holding[$1.id] ?? 0) }), Double(alerted.count), undefinedBecause: "no fault raised an alert")
        let delays = known.map { f in Double((byFault[f.id]?.min() ?? f.startMs) - f.startMs) / 1000 }
        incidentMTTD = .ratio(delays.reduce(0, +), Double(delays.count), undefinedBecause: "no fault became an incident")
        pagesPerDay = .ratio(Double(pages), scoredDays, undefinedBecause: "no scored span")
        falseIncidents = falseCount
        explainedIncidents = explained
    }

    /// The score as records of `results.json` (common `parameters` on each; counts beside the values).
    public func records(dataset: String, seed: UInt64?, model: String, parameters: [String: String]) -> [MetricRecord] {
        let counts = [
            "alerts": "\(alerts)", "incidents": "\(incidents)", "false_incidents": "\(falseIncidents)",
            "explained_incidents": "\(explainedIncidents)",
        ]
        let p = parameters.merging(counts) { $1 }
        func record(_ id: MetricID, _ v: MetricValue) -> MetricRecord {
            MetricRecord(dataset: dataset, seed: seed, model: model, metric: id, value: v, parameters: p)
        }
        return [
            record("compression_ratio", compressionRatio), record("purity", purity), record("incident_recall", incidentRecall),
            record("fragmentation", fragmentation), record("incident_mttd_s", incidentMTTD), record("pages_per_day", pagesPerDay),
        ]
    }
}
