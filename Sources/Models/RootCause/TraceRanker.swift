import Telemetry

/// Services ranked from their spans (issue 13): excess **self-time** (a span's duration less its children's, at
/// least 0) and excess **error share**, each as a z statistic of the incident window's mean against the normal
/// window — `(mean_inc − mean_norm) / (std_norm / √n_inc)` for self-time, `(p_inc − p_norm) / √((p_norm(1 − p_norm)
/// + 10⁻⁴) / n_inc)` for errors — and a service scores the larger of the two. A service needs `minimumSpans` spans
/// in each window to be scored; every other candidate scores 0 (they tie at the end). Deterministic: children are
/// matched by (trace, parent span) ids, services visited in name order.
struct TraceRanker: RootCauseRanker {
    let minimumSpans: Int

    func rank(_ incident: IncidentCase) throws -> RootCauseRanking {
        try incident.validate()
        guard !incident.normalSpans.isEmpty else { throw RootCauseError.noSpans(caseID: incident.id, window: "normal") }
        guard !incident.incidentSpans.isEmpty else { throw RootCauseError.noSpans(caseID: incident.id, window: "incident") }
        let normal = Self.byService(incident.normalSpans), during = Self.byService(incident.incidentSpans)
        var seen = Set<String>()
        let entities = (incident.series.map(\.entity) + incident.candidates).filter { seen.insert($0).inserted }.sorted()
        var ranked: [RankedCandidate] = []
        for e in entities {
            guard let a = normal[e], let b = during[e], a.selfTimes.count >= minimumSpans, b.selfTimes.count >= minimumSpans else {
                ranked.append(RankedCandidate(entity: e, metric: "spans", score: 0))
                continue
            }
            let n = Double(b.selfTimes.count)
            let (mean, std) = WindowDeviationRanker.meanStd(a.selfTimes)
            let timeZ = (b.selfTimes.reduce(0, +) / n - mean) / (max(std, 1e-9) / n.squareRoot())
            let p0 = Double(a.errors) / Double(a.selfTimes.count), p1 = Double(b.errors) / n
            let errorZ = (p1 - p0) / ((p0 * (1 - p0) + 1e-4) / n).squareRoot()
            ranked.append(RankedCandidate(entity: e, metric: timeZ >= errorZ ? "span_self_time" : "span_errors", score: max(timeZ, errorZ)))
        }
        return RootCauseRanking(metrics: ranked)
    }

    /// Per service: the self-time of each of its spans (ms) and how many ended in error.
    static func byService(_ spans: [Span]) -> [String: (selfTimes: [Double], errors: Int)] {
        var children: [String: Double] = [:]
        for s in spans {
            if let parent = s.parentSpanId { children[s.traceId + "/" + parent, default: 0] += s.durationMs }
        }
        var out: [String: (selfTimes: [Double], errors: Int)] = [:]
        for s in spans {
            let own = max(0, s.durationMs - (children[s.traceId + "/" + s.spanId] ?? 0))
            out[s.service, default: ([], 0)].selfTimes.append(own)
            if s.status == .error { out[s.service, default: ([], 0)].errors += 1 }
        }
        return out
    }
}
