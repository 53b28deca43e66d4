import Telemetry

/// Services ranked from their spans (issues 12 and 13). Four z statistics per service, each of the incident
/// window against the normal window:
/// - excess **self-time** (a span's duration less its children's, at least 0): `(mean_inc − mean_norm) /
///   (std_norm / √n_inc)`;
/// - excess **error share** of its spans: `(p_inc − p_norm) / √((p_norm(1 − p_norm) + 10⁻⁴) / n_inc)`;
/// - with `callers` on, as its callers see it (issue 12): **failed calls** to it — its spans under a caller's
///   span that end in error with no child in error (the failure began there), plus the calls missing below —
///   and **missing calls**, its spans under its callers' spans against the normal window's calls per caller
///   span. Both are counted per caller span, so traffic changes cancel: with `E` the normal window's count
///   per caller span times the incident window's caller spans (summed over the callers seen in the normal
///   window) and `O` the incident window's count, failed-call z = `(O − E) / √(E + 1)`, missing-call z =
///   `(E − O) / √(E + 1)`. A service whose calls fail or vanish scores even with no span of its own.
/// A service scores the largest of its statistics (fixed before any result was seen, as the original two
/// were combined). The self-time and error statistics need `minimumSpans` of the service's spans in each
/// window, the callers' statistics `minimumSpans` caller spans in each; a service with none scores 0 (ties
/// at the end). Deterministic: children matched by (trace, parent span) ids, services visited in name order.
struct TraceRanker: RootCauseRanker {
    let minimumSpans: Int
    var callers = true

    func rank(_ incident: IncidentCase) throws -> RootCauseRanking {
        try incident.validate()
        guard !incident.normalSpans.isEmpty else { throw RootCauseError.noSpans(caseID: incident.id, window: "normal") }
        guard !incident.incidentSpans.isEmpty else { throw RootCauseError.noSpans(caseID: incident.id, window: "incident") }
        let normal = Self.byService(incident.normalSpans), during = Self.byService(incident.incidentSpans)
        let normalCalls = callers ? Self.calls(incident.normalSpans) : [:], duringCalls = callers ? Self.calls(incident.incidentSpans) : [:]
        var seen = Set<String>()
        let entities = (incident.series.map(\.entity) + incident.candidates).filter { seen.insert($0).inserted }.sorted()
        var ranked: [RankedCandidate] = []
        for e in entities {
            var best = RankedCandidate(entity: e, metric: "spans", score: 0)
            var scored = false
            func offer(_ metric: String, _ z: Double) {
                if !scored || z > best.score { best = RankedCandidate(entity: e, metric: metric, score: z) }
                scored = true
            }
            if let a = normal[e], let b = during[e], a.selfTimes.count >= minimumSpans, b.selfTimes.count >= minimumSpans {
                let n = Double(b.selfTimes.count)
                let (mean, std) = WindowDeviationRanker.meanStd(a.selfTimes)
                let timeZ = (b.selfTimes.reduce(0, +) / n - mean) / (max(std, 1e-9) / n.squareRoot())
                let p0 = Double(a.errors) / Double(a.selfTimes.count), p1 = Double(b.errors) / n
                let errorZ = (p1 - p0) / ((p0 * (1 - p0) + 1e-4) / n).squareRoot()
                offer("span_self_time", timeZ)
                offer("span_errors", errorZ)
            }
            if callers, let base = normalCalls[e] {
                // Per caller service seen in the normal window: its spans there and now, and the calls to e below them.
                var expectedCalls = 0.0, expectedFailed = 0.0, observedCalls = 0.0, observedFailed = 0.0
                var callerSpansNormal = 0, callerSpansNow = 0
                for (caller, c0) in base.sorted(by: { $0.key < $1.key }) {
                    let n0 = normal[caller]?.selfTimes.count ?? 0, n1 = during[caller]?.selfTimes.count ?? 0
                    guard n0 > 0 else { continue }
                    callerSpansNormal += n0
                    callerSpansNow += n1
                    let c1 = duringCalls[e]?[caller] ?? (0, 0)
                    expectedCalls += Double(c0.calls) / Double(n0) * Double(n1)
                    expectedFailed += Double(c0.failed) / Double(n0) * Double(n1)
                    observedCalls += Double(c1.calls)
                    observedFailed += Double(c1.failed)
                }
                if callerSpansNormal >= minimumSpans && callerSpansNow >= minimumSpans {
                    let missing = max(0, expectedCalls - observedCalls)
                    offer("span_calls_failed", (observedFailed + missing - expectedFailed) / (expectedFailed + 1).squareRoot())
                    offer("span_calls_missing", (expectedCalls - observedCalls) / (expectedCalls + 1).squareRoot())
                }
            }
            ranked.append(best)
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

    /// Per callee service, per caller service: the callee's spans whose parent span (in the same window) is
    /// the caller's, and how many of them failed there (error status, no child in error).
    static func calls(_ spans: [Span]) -> [String: [String: (calls: Int, failed: Int)]] {
        var service: [String: String] = [:]
        var failingChild = Set<String>()
        for s in spans {
            service[s.traceId + "/" + s.spanId] = s.service
            if s.status == .error, let parent = s.parentSpanId { failingChild.insert(s.traceId + "/" + parent) }
        }
        var out: [String: [String: (calls: Int, failed: Int)]] = [:]
        for s in spans {
            guard let parent = s.parentSpanId, let caller = service[s.traceId + "/" + parent] else { continue }
            let originates = s.status == .error && !failingChild.contains(s.traceId + "/" + s.spanId)
            out[s.service, default: [:]][caller, default: (0, 0)].calls += 1
            if originates { out[s.service, default: [:]][caller, default: (0, 0)].failed += 1 }
        }
        return out
    }
}
