import Models
import Telemetry

/// One labelled fault on its stretch of telemetry, before the windows are cut: the ranker is told the
/// incident began at `injectMs + tΔ`, and the windows follow from that told time.
///
/// - Incident window: the rows with time in `[align(told), told + incidentSpanMs)`, where `align` floors to
///   a multiple of `alignMs` (a per-minute row covers its minute).
/// - Normal window: the rows with time in `[align(told) − normalSpanMs, align(told))` outside every
///   `excluded` span (other faults).
/// - Series constant, or without a finite value, in either window are dropped (counted); the call graph is
///   restricted to the services that keep a series.
struct IncidentTimeline: Sendable {
    var id: String
    var faultType: String
    var truth: Set<String>
    /// Epoch ms (or a synthetic axis) of each row of `frame`, increasing.
    var timestamps: [Int64]
    var frame: MetricFrame
    var series: [SeriesDescriptor]
    var candidates: [String]
    var topology: Topology?
    var injectMs: Int64
    var normalSpanMs: Int64
    var incidentSpanMs: Int64
    var alignMs: Int64 = 1
    var excluded: [ClosedRange<Int64>] = []
    /// Spans near the fault, by start time (the windows take those that start inside them).
    var spans: [Span] = []

    /// The case the ranker sees when told the incident began `offsetMs` after the injection.
    ///
    /// - Throws: `RootCauseError.emptyWindow` when a window has no rows (the told time is outside the data).
    func incident(offsetMs: Int64) throws -> LabelledIncident {
        let told = injectMs + offsetMs
        let start = told - ((told % alignMs) + alignMs) % alignMs
        let t = timestamps
        let normal = t.indices.filter { i in t[i] >= start - normalSpanMs && t[i] < start && !excluded.contains { $0.contains(t[i]) } }
        let during = t.indices.filter { t[$0] >= start && t[$0] < told + incidentSpanMs }
        guard !normal.isEmpty else { throw RootCauseError.emptyWindow(caseID: id, window: "normal") }
        guard !during.isEmpty else { throw RootCauseError.emptyWindow(caseID: id, window: "incident") }
        var columns: [[Double]] = [], kept: [SeriesDescriptor] = []
        for (c, s) in series.enumerated() {
            let a = frame.withColumn(c) { col in normal.map { col[$0] } }
            let b = frame.withColumn(c) { col in during.map { col[$0] } }
            guard !Self.isConstant(a), !Self.isConstant(b) else { continue }
            columns.append(a + b)
            kept.append(s)
        }
        let observed = Set(kept.map(\.entity))
        let graph = topology.map { g in
            Topology(
                entities: g.entities.filter { observed.contains($0.id) },
                edges: g.edges.filter { observed.contains($0.caller) && observed.contains($0.callee) }, placement: g.placement)
        }
        let rows = normal.count + during.count
        let cut = columns.isEmpty ? MetricFrame(rows: rows, columns: 0) : try MetricFrame(columns: columns)
        let normalSpans = spans.filter { s in s.startMs >= start - normalSpanMs && s.startMs < start && !excluded.contains { $0.contains(s.startMs) }
        }
        let incidentSpans = spans.filter { $0.startMs >= start && $0.startMs < told + incidentSpanMs }
        return LabelledIncident(
            incident: IncidentCase(
                id: id, frame: cut, series: kept, normalRows: 0..<normal.count, incidentRows: normal.count..<rows, candidates: candidates,
                topology: graph, normalSpans: normalSpans, incidentSpans: incidentSpans),
            faultType: faultType, truth: truth)
    }

    /// Every finite value equal, or none finite.
    static func isConstant(_ x: [Double]) -> Bool {
        guard let first = x.first(where: \.isFinite) else { return true }
        return x.allSatisfy { !$0.isFinite || $0 == first }
    }
}
