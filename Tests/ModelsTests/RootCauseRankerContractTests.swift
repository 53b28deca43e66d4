import Foundation
import Models
import Telemetry
import Testing

/// The contract every registered root-cause ranker meets (ARCHITECTURE.md, "Model contracts").
@Suite struct RootCauseRankerContractTests {
    static let names = RootCauseRegistry.standard.names

    /// The fixture's call graph: a calls b and c, c calls d.
    static let graph = Topology(edges: [CallEdge(caller: "a", callee: "b"), CallEdge(caller: "a", callee: "c"), CallEdge(caller: "c", callee: "d")])

    /// Four services, two metrics each, the call graph above; `b/cpu` jumps in the incident window.
    static func fixture(permuted: Bool = false) throws -> IncidentCase {
        var rng = SplitMix64(seed: 3)
        let entities = ["a", "b", "c", "d"], metrics = ["cpu", "mem"]
        var series: [SeriesDescriptor] = [], columns: [[Double]] = []
        for e in entities {
            for m in metrics {
                var col = (0..<60).map { _ in Double(rng.next() % 1000) / 100 }
                if e == "b" && m == "cpu" { for r in 40..<60 { col[r] += 50 } }
                series.append(SeriesDescriptor(entity: e, metric: m, unit: "", kind: .gauge))
                columns.append(col)
            }
        }
        var order = Array(series.indices)
        if permuted { order = [5, 2, 7, 0, 3, 6, 1, 4] }
        // Traces for the span rankers: a calls b, c and d each minute; b's own time rises in the incident window.
        var spans: [Span] = []
        for minute in 0..<60 {
            let trace = String(format: "%032x", minute)
            let root = String(format: "%016x", 4 * minute)
            spans.append(
                Span(
                    traceId: trace, spanId: root, parentSpanId: nil, service: "a", operation: "GET /", startMs: Int64(minute) * 60_000,
                    durationMs: 40 + Double(rng.next() % 100) / 50, status: .ok))
            for (k, e) in ["b", "c", "d"].enumerated() {
                let own = 5 + Double(rng.next() % 100) / 50 + (e == "b" && minute >= 40 ? 20 : 0)
                spans.append(
                    Span(
                        traceId: trace, spanId: String(format: "%016x", 4 * minute + k + 1), parentSpanId: root, service: e, operation: "GET /\(e)",
                        startMs: Int64(minute) * 60_000 + 1, durationMs: own, status: .ok))
            }
        }
        return IncidentCase(
            id: "fixture", frame: try MetricFrame(columns: order.map { columns[$0] }), series: order.map { series[$0] },
            normalRows: 0..<40, incidentRows: 40..<60, topology: graph, normalSpans: spans.filter { $0.startMs < 40 * 60_000 },
            incidentSpans: spans.filter { $0.startMs >= 40 * 60_000 })
    }

    @Test(arguments: names)
    func deterministic(_ name: String) throws {
        let c = try Self.fixture()
        let a = try RootCauseRegistry.standard.make(name: name, seed: 9).rank(c)
        let b = try RootCauseRegistry.standard.make(name: name, seed: 9).rank(c)
        #expect(a == b)
        #expect(Set(a.entities.map(\.entity)) == ["a", "b", "c", "d"])
    }

    @Test(arguments: names)
    func permutingTheSeriesChangesNoServiceRanking(_ name: String) throws {
        let r = try RootCauseRegistry.standard.make(name: name, seed: 9)
        let plain = try r.rank(try Self.fixture()), permuted = try r.rank(try Self.fixture(permuted: true))
        #expect(plain.entities == permuted.entities)
        #expect(plain.metrics == permuted.metrics)
    }

    @Test(arguments: names)
    func emptyWindowsAreTypedErrorsNamingTheCase(_ name: String) throws {
        let r = try RootCauseRegistry.standard.make(name: name, seed: 9)
        var c = try Self.fixture()
        c.normalRows = 0..<0
        #expect(throws: RootCauseError.emptyWindow(caseID: "fixture", window: "normal")) { try r.rank(c) }
        c = try Self.fixture()
        c.incidentRows = 60..<60
        #expect(throws: RootCauseError.emptyWindow(caseID: "fixture", window: "incident")) { try r.rank(c) }
    }

    @Test(arguments: names)
    func aMissingMetricIsATypedError(_ name: String) throws {
        let r = try RootCauseRegistry.standard.make(name: name, seed: 9)
        var c = try Self.fixture()
        c.series[3].metric = ""
        #expect(throws: RootCauseError.missingMetric(caseID: "fixture", series: c.series[3].id, reason: "has no metric name")) { try r.rank(c) }
        c = try Self.fixture()
        c.series.removeLast()
        #expect(throws: RootCauseError.self) { try r.rank(c) }
    }

    @Test(arguments: ["baro", "nsigma", "circa", "pagerank"])
    func aSeriesWithoutFiniteValuesInAWindowIsATypedError(_ name: String) throws {
        let r = try RootCauseRegistry.standard.make(name: name, seed: 9)
        var c = try Self.fixture()
        for row in 40..<60 { c.frame[row, 2] = .nan }
        #expect(throws: RootCauseError.missingMetric(caseID: "fixture", series: c.series[2].id, reason: "has no finite value in the incident window"))
        {
            try r.rank(c)
        }
    }

    @Test(arguments: ["baro", "nsigma", "circa", "pagerank", "rbc"])
    func theJumpingServiceRanksFirst(_ name: String) throws {
        let ranking = try RootCauseRegistry.standard.make(name: name, seed: 1).rank(try Self.fixture())
        #expect(ranking.entities.first?.entity == "b")
        #expect(ranking.entities.first?.metric == "cpu")
    }

    /// The span ranker finds b by its own time, and without spans says which window has none.
    @Test func theTraceRankerFindsTheSlowServiceAndNeedsSpans() throws {
        let r = try RootCauseRegistry.standard.make(name: "trace", seed: 1)
        let ranking = try r.rank(try Self.fixture())
        #expect(ranking.entities.first?.entity == "b" && ranking.entities.first?.metric == "span_self_time", "\(ranking.entities)")
        var c = try Self.fixture()
        c.incidentSpans = []
        #expect(throws: RootCauseError.noSpans(caseID: "fixture", window: "incident")) { try r.rank(c) }
    }

    /// Issue 12: a callee that vanishes (no span of its own in the incident window) is found by its callers' calls:
    /// a calls b, c and d each minute; from minute 40 every call to c is lost (no c span; a degrades gracefully, no
    /// error) and b's own time stays as before. With `callers` on, c ranks first on its failed calls (20 calls
    /// expected below a's 20 spans, all missing: z = (0 + 20 − 0) / √(0 + 1) = 20); with it off c cannot be scored.
    @Test func theTraceRankerFindsAVanishedCalleeAtItsCallers() throws {
        var c = try Self.fixture()
        // a's span shortened by the lost call's time, so its own time stays as before.
        var lost: [String: Double] = [:]
        for s in c.incidentSpans where s.service == "c" { lost[s.parentSpanId ?? "", default: 0] += s.durationMs }
        c.incidentSpans = c.incidentSpans.filter { $0.service != "c" }.map { s in
            var s = s
            if s.service == "b" { s.durationMs -= 20 }  // the fixture's slow b, undone
            s.durationMs -= lost[s.spanId] ?? 0
            return s
        }
        let on = try RootCauseRegistry.standard.make(name: "trace", seed: 1).rank(c)
        #expect(on.entities.first?.entity == "c" && on.entities.first?.metric == "span_calls_failed", "\(on.entities)")
        #expect(on.entities.first?.score == 20)
        #expect(on.metrics.contains { $0.entity == "c" } && on.entities.count == 4)
        let off = try RootCauseRegistry.standard.make(name: "trace", parameters: ["callers": "off"], seed: 1).rank(c)
        #expect(off.entities.first?.entity != "c", "\(off.entities)")
        #expect(off.entities.first { $0.entity == "c" }?.score == 0)
    }

    /// Two nodes, known answer: x's series reaches 11 after a normal window 0, 1, 0, 1 (median 0.5, type-7 IQR
    /// 1 − 0 → BARO 10.5; mean 0.5, population std 0.5 → N-Sigma 21); y is flat in both windows (spread 0 → 1, score 0).
    @Test func twoNodeCaseWithAKnownAnswer() throws {
        let frame = try MetricFrame(columns: [[0, 1, 0, 1, 11, 10.5], [2, 2, 2, 2, 2, 2]])
        let c = IncidentCase(
            id: "two", frame: frame,
            series: [
                SeriesDescriptor(entity: "x", metric: "cpu", unit: "", kind: .gauge),
                SeriesDescriptor(entity: "y", metric: "cpu", unit: "", kind: .gauge),
            ],
            normalRows: 0..<4, incidentRows: 4..<6)
        for (name, top) in [("baro", 10.5), ("nsigma", 21)] {
            let r = try RootCauseRegistry.standard.make(name: name, seed: 1).rank(c)
            #expect(r.entities.map(\.entity) == ["x", "y"], "\(name)")
            #expect(r.entities.map(\.score) == [top, 0], "\(name)")
        }
        let absolute = try RootCauseRegistry.standard.make(name: "baro", parameters: ["direction": "absolute"], seed: 1)
        let dropping = try MetricFrame(columns: [[0, 1, 0, 1, -9, 0], [2, 2, 2, 2, 3, 2]])
        var d = c
        d.frame = dropping
        #expect(try absolute.rank(d).entities.first?.entity == "x")
        #expect(try RootCauseRegistry.standard.make(name: "baro", seed: 1).rank(d).entities.first?.entity == "y")
    }

    /// Equal scores come out in entity-name order, whatever the column order (the scorer then treats them as one block).
    @Test func tiesAreOrderedByNameNotByInput() throws {
        let frame = try MetricFrame(columns: [[0, 0, 5], [0, 0, 5], [0, 0, 1]])
        let series = ["q", "p", "r"].map { SeriesDescriptor(entity: $0, metric: "cpu", unit: "", kind: .gauge) }
        let c = IncidentCase(id: "tie", frame: frame, series: series, normalRows: 0..<2, incidentRows: 2..<3)
        let r = try RootCauseRegistry.standard.make(name: "baro", seed: 1).rank(c)
        #expect(r.entities.map(\.entity) == ["p", "q", "r"])
        #expect(r.entities[0].score == r.entities[1].score)
    }

    @Test func unknownRankerSuggestsTheNearestName() {
        #expect(throws: ModelError.unknownModel(name: "barro", nearest: "baro")) { try RootCauseRegistry.standard.make(name: "barro", seed: 1) }
        #expect(throws: ModelError.self) { try RootCauseRegistry.standard.make(name: "baro", parameters: ["direction": "up"], seed: 1) }
    }

    @Test func randomRankerDependsOnTheSeed() throws {
        let c = try Self.fixture()
        let a = try RootCauseRegistry.standard.make(name: "random", seed: 1).rank(c)
        let b = try RootCauseRegistry.standard.make(name: "random", seed: 2).rank(c)
        #expect(a.entities.map(\.score) != b.entities.map(\.score))
    }
}
