import Evaluation
import Telemetry
import Testing

/// Hops of a root cause from the entry services (issue 13), on a hand-made call graph.
@Suite struct RootCauseDistanceTests {
    /// a → b → c, d → c, c → e; f stands alone (no edge); g → a makes g the only entry upstream of a.
    static let graph = Topology(
        entities: ["a", "b", "c", "d", "e", "f", "g"].map { Entity(id: $0, kind: .service) },
        edges: [("a", "b"), ("b", "c"), ("d", "c"), ("c", "e"), ("g", "a")].map { CallEdge(caller: $0.0, callee: $0.1) }, placement: [:])

    @Test func entriesAreCallersNobodyCallsAndHopsAreShortestPaths() {
        let hops = RootCauseDistance.hops(Self.graph)
        #expect(hops == ["g": 0, "d": 0, "a": 1, "c": 1, "b": 2, "e": 2])
        #expect(RootCauseDistance.group(truth: ["b", "e"], hops: hops) == "hops 2")
        #expect(RootCauseDistance.group(truth: ["b", "c"], hops: hops) == "hops 1")
        #expect(RootCauseDistance.group(truth: ["f"], hops: hops) == "unreachable")
        // A cycle with no entry: nothing is reachable.
        let ring = Topology(
            entities: Self.graph.entities, edges: [CallEdge(caller: "a", callee: "b"), CallEdge(caller: "b", callee: "a")], placement: [:])
        #expect(RootCauseDistance.hops(ring).isEmpty)
    }

    @Test func summariesGroupCasesByDistanceInOrder() {
        func score(_ id: String, hit: Double) -> RootCauseCaseScore {
            RootCauseScoring.score(
                caseID: id, faultType: "k", ranking: [ScoredEntity(entity: hit == 1 ? "x" : "y", score: 1)], truth: ["x"], candidates: ["x", "y"],
                seconds: 0)
        }
        let cases = ["r": [score("1", hit: 1), score("2", hit: 0), score("3", hit: 1)]]
        let groups = ["1": "hops 10", "2": "hops 2", "3": "unreachable"]
        let s = RootCauseDistance.summaries(cases, rankers: ["r"], groupOf: groups, resamples: 0, seed: 1)
        #expect(s.map(\.group) == ["hops 2", "hops 10", "unreachable"])
        #expect(s.map(\.cases) == [1, 1, 1] && s.map { $0.accuracy[0] } == [0, 1, 1])
    }
}
