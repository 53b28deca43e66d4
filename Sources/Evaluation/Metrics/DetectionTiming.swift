import Telemetry

/// Detection timing (METRICS §6): time to detect per event, MTTD, median and p90, missed events, impact
/// lead time and false alarms per day.
///
/// Event e has reference start `s_e` and end `e_e`; its matching span is
/// `M_e = [s_e − early, e_e + late]`. The first alarm of e is the first alarmed row, in stored order,
/// whose time lies in `M_e`. Times are epoch ms; the results are reported in seconds.
public struct DetectionTiming: Sendable, Hashable {
    /// Matching-span tolerances, printed with every value.
    public struct Parameters: Sendable, Hashable, Codable {
        /// How long before `s_e` an alarm still matches, ms.
        public var earlyMs: Int64
        /// How long after `e_e` an alarm still matches, ms.
        public var lateMs: Int64
        /// Sampling step for the scored duration, ms; nil → median positive step of the timestamps.
        public var stepMs: Int64?

        /// Defaults: early = late = 0, step from the data.
        public init(earlyMs: Int64 = 0, lateMs: Int64 = 0, stepMs: Int64? = nil) {
            self.earlyMs = earlyMs
            self.lateMs = lateMs
            self.stepMs = stepMs
        }
    }

    /// Per event, `d_e` in seconds (`t(first alarm in M_e) − s_e`), nil when missed.
    public var delaysSeconds: [Double?]
    /// Per event, `t_impact − t(first alarm in M_e)` in seconds, nil when missed or without impact time.
    public var impactLeadSeconds: [Double?]
    /// Alarm episodes overlapping no matching span.
    public var falseAlarmEpisodes: Int
    /// Scored duration in days, `(t_last − t_first + step)/86 400 000`.
    public var scoredDays: Double
    /// The step used, ms.
    public var stepMs: Int64
    /// The parameters used.
    public var parameters: Parameters

    /// Computes detection timing.
    ///
    /// - Parameters:
    ///   - timeline: events and timestamps (timestamps are required).
    ///   - alarms: the alarm track.
    ///   - parameters: early / late tolerances, step.
    /// - Throws: `EvaluationError.invalidParameter` when the timeline has no timestamps or a tolerance is negative.
    /// - Complexity: O(n + E log n + A log E) for non-decreasing timestamps; O(n·E) where they step back.
    public init(timeline: EventTimeline, alarms: AlarmTrack, parameters: Parameters = Parameters()) throws {
        guard let ts = timeline.timestamps else {
            throw EvaluationError.invalidParameter(name: "timestamps", reason: "detection timing needs row timestamps")
        }
        guard parameters.earlyMs >= 0, parameters.lateMs >= 0 else {
            throw EvaluationError.invalidParameter(name: "early/late", reason: "tolerances must be non-negative")
        }
        precondition(alarms.alarms.count == ts.count, "alarms and timestamps differ in length")
        self.parameters = parameters
        let n = ts.count
        let flags = alarms.alarms
        // nextAlarm[t] = first alarmed row ≥ t (n when none).
        var nextAlarm = [Int](repeating: n, count: n + 1)
        if n > 0 {
            for t in stride(from: n - 1, through: 0, by: -1) { nextAlarm[t] = flags[t] ? t : nextAlarm[t + 1] }
        }
        let monotone = !timeline.timestampsStepBack
        var delays: [Double?] = []
        var leads: [Double?] = []
        var spans: [(Int64, Int64)] = []
        for e in timeline.events {
            let m0 = e.startMs - parameters.earlyMs, m1 = e.endMs + parameters.lateMs
            spans.append((m0, m1))
            var hit: Int?
            if monotone {
                var lo = 0, hi = n
                while lo < hi { let mid = (lo + hi) >> 1; if ts[mid] < m0 { lo = mid + 1 } else { hi = mid } }
                let r = nextAlarm[lo]
                if r < n && ts[r] <= m1 { hit = r }
            } else {
                var t = nextAlarm[0]
                while t < n {
                    if ts[t] >= m0 && ts[t] <= m1 { hit = t; break }
                    t = nextAlarm[t + 1]
                }
            }
            if let r = hit {
                delays.append(Double(ts[r] - e.startMs) / 1000)
                leads.append(e.impactMs.map { Double($0 - ts[r]) / 1000 })
            } else {
                delays.append(nil)
                leads.append(nil)
            }
        }
        delaysSeconds = delays
        impactLeadSeconds = leads
        // Union of matching spans, sorted, for the episode test.
        spans.sort { $0.0 < $1.0 }
        var union: [(Int64, Int64)] = []
        for s in spans {
            if let last = union.last, s.0 <= last.1 { union[union.count - 1].1 = max(last.1, s.1) } else { union.append(s) }
        }
        var falseEpisodes = 0
        for ep in alarms.episodes {
            var t0 = ts[ep.start], t1 = ts[ep.start]
            for t in ep.start...ep.end { t0 = min(t0, ts[t]); t1 = max(t1, ts[t]) }
            // Last union span starting at or before t1.
            var lo = 0, hi = union.count
            while lo < hi { let mid = (lo + hi) >> 1; if union[mid].0 <= t1 { lo = mid + 1 } else { hi = mid } }
            let k = lo - 1
            if !(k >= 0 && union[k].1 >= t0) { falseEpisodes += 1 }
        }
        falseAlarmEpisodes = falseEpisodes
        let step = parameters.stepMs ?? DetectionTiming.medianStep(ts)
        stepMs = step
        if n == 0 {
            scoredDays = 0
        } else {
            let first = monotone ? ts[0] : (ts.min() ?? ts[0])
            let last = monotone ? ts[n - 1] : (ts.max() ?? ts[n - 1])
            scoredDays = Double(last - first + step) / 86_400_000
        }
    }

    /// Median of the positive consecutive differences (0 when there are none).
    static func medianStep(_ ts: [Int64]) -> Int64 {
        var diffs: [Int64] = []
        diffs.reserveCapacity(max(ts.count - 1, 0))
        var i = 1
        while i < ts.count { let d = ts[i] - ts[i - 1]; if d > 0 { diffs.append(d) }; i += 1 }
        guard !diffs.isEmpty else { return 0 }
        diffs.sort()
        return diffs[diffs.count / 2]
    }

    /// Events with a first alarm in their matching span.
    public var detectedCount: Int { delaysSeconds.reduce(0) { $0 + ($1 == nil ? 0 : 1) } }
    /// Events without one.
    public var missedCount: Int { delaysSeconds.count - detectedCount }

    private var detectedDelays: [Double] { delaysSeconds.compactMap { $0 } }

    /// MTTD: mean `d_e` over detected events (s); undefined when none was detected.
    public var meanTimeToDetect: MetricValue {
        let d = detectedDelays
        return d.isEmpty ? .undefined(delaysSeconds.isEmpty ? "no events" : "no event detected") : .defined(d.reduce(0, +) / Double(d.count))
    }

    /// Median time to detect (s), type 7.
    public var medianTimeToDetect: MetricValue { quantile(detectedDelays, 0.5, none: delaysSeconds.isEmpty ? "no events" : "no event detected") }

    /// 90th percentile of the time to detect (s), type 7.
    public var p90TimeToDetect: MetricValue { quantile(detectedDelays, 0.9, none: delaysSeconds.isEmpty ? "no events" : "no event detected") }

    /// Median impact lead time (s) over detected events with an impact time.
    public var medianImpactLead: MetricValue {
        quantile(impactLeadSeconds.compactMap { $0 }, 0.5, none: "no detected event with an impact time")
    }

    /// Episodes overlapping no matching span per scored day; undefined for a zero duration.
    public var falseAlarmsPerDay: MetricValue {
        .ratio(Double(falseAlarmEpisodes), scoredDays, undefinedBecause: "scored duration is zero")
    }

    private func quantile(_ xs: [Double], _ p: Double, none: String) -> MetricValue {
        Quantile.type7(xs, p).map { .defined($0) } ?? .undefined(none)
    }
}
