import Models
import Telemetry
import Testing

/// The graph rankers (`circa`, `pagerank`) on hand-made cases whose answer is known.
@Suite struct GraphRankerTests {
    static func series(_ entity: String, _ metric: String) -> SeriesDescriptor {
        SeriesDescriptor(entity: entity, metric: metric, unit: "", kind: .gauge)
    }

    /// `front` calls `back`. Over 60 normal rows `back/latency` wanders and `front/latency` = 2·back + noise;
    /// in the 20 incident rows `back/latency` rises by 5 and `front` follows it (+10, twice as much). Both
    /// rise by about 8 of their own normal spreads; the regression explains front's rise by its callee.
    static func twoNode() throws -> IncidentCase {
        var rng = SplitMix64(seed: 11)
        func u() -> Double { Double(rng.next() >> 11) * 0x1p-53 }
        var back: [Double] = [], front: [Double] = []
        for t in 0..<80 {
            let b = 10 + 2 * u() + (t >= 60 ? 5 : 0)
            back.append(b)
            front.append(2 * b + u())
        }
        return IncidentCase(
            id: "two-node", frame: try MetricFrame(columns: [front, back]), series: [series("front", "latency"), series("back", "latency")],
            normalRows: 0..<60, incidentRows: 60..<80, topology: Topology(edges: [CallEdge(caller: "front", callee: "back")]))
    }

    @Test func regressionFindsTheCalleeBehindTheLouderCaller() throws {
        let c = try Self.twoNode()
        let circa = try RootCauseRegistry.standard.make(name: "circa", seed: 1).rank(c)
        #expect(circa.entities.map(\.entity) == ["back", "front"], "\(circa.entities)")
        #expect(circa.entities[0].metric == "latency")
        // front's residual is noise (its rise is explained by back): no adjustment reaches it.
        let front = try #require(circa.entities.first { $0.entity == "front" })
        #expect(front.score < 3)
        // Without the graph the regression has no parents: front's rise is as anomalous as back's.
        var flat = c
        flat.topology = Topology()
        let alone = try RootCauseRegistry.standard.make(name: "circa", seed: 1).rank(flat)
        #expect(try #require(alone.entities.first { $0.entity == "front" }).score > 5, "\(alone.entities)")
    }

    @Test func pageRankHoldsTheWalkerOnTheDeepestAnomaly() throws {
        let c = try Self.twoNode()
        let r = try RootCauseRegistry.standard.make(name: "pagerank", seed: 1).rank(c)
        #expect(r.entities.map(\.entity) == ["back", "front"], "\(r.entities)")
        // Scores are a probability distribution over the graph's nodes.
        #expect(abs(r.entities.reduce(0) { $0 + $1.score } - 1) < 1e-9)
        // Worked example: anomalies a = (front 1, back ½) after normalising, so front → back ½, front → front ½,
        // back → front ρ·1 = 0.1, back → back ½: the walk alone would give back three quarters.
        #expect(r.entities[0].score > 0.6)
    }

    /// Descendant adjustment: `back` gets its caller's residual added only when its own score clears the threshold.
    @Test func descendantAdjustmentNeedsTheThreshold() throws {
        let c = try Self.twoNode()
        let high = try RootCauseRegistry.standard.make(name: "circa", parameters: ["threshold": "1e6"], seed: 1).rank(c)
        let low = try RootCauseRegistry.standard.make(name: "circa", parameters: ["threshold": "0"], seed: 1).rank(c)
        let backHigh = try #require(high.entities.first { $0.entity == "back" }), backLow = try #require(low.entities.first { $0.entity == "back" })
        let frontScore = try #require(high.entities.first { $0.entity == "front" }).score
        #expect(backLow.score == backHigh.score + max(0, frontScore), "adjusted \(backLow.score), raw \(backHigh.score), front \(frontScore)")
    }

    /// Two leaves with identical data behind one caller tie exactly, in name order, for both graph rankers.
    @Test(arguments: ["circa", "pagerank"])
    func symmetricLeavesTie(_ name: String) throws {
        let leaf: [Double] = [1, 2, 1, 2, 1, 2, 9, 9]
        let root: [Double] = [5, 5.5, 5, 5.5, 5, 5.5, 6, 6]
        let c = IncidentCase(
            id: "tie", frame: try MetricFrame(columns: [leaf, root, leaf]),
            series: [Self.series("q", "cpu"), Self.series("r", "cpu"), Self.series("p", "cpu")],
            normalRows: 0..<6, incidentRows: 6..<8,
            topology: Topology(edges: [CallEdge(caller: "r", callee: "q"), CallEdge(caller: "r", callee: "p")]))
        let ranking = try RootCauseRegistry.standard.make(name: name, seed: 1).rank(c)
        #expect(Array(ranking.entities.map(\.entity).prefix(2)) == ["p", "q"], "\(ranking.entities)")
        #expect(ranking.entities[0].score == ranking.entities[1].score)
    }

    @Test(arguments: ["circa", "pagerank"])
    func aGraphNamingAServiceWithoutSeriesIsATypedError(_ name: String) throws {
        var c = try Self.twoNode()
        c.topology = Topology(edges: [CallEdge(caller: "front", callee: "back"), CallEdge(caller: "back", callee: "db")])
        let r = try RootCauseRegistry.standard.make(name: name, seed: 1)
        #expect(throws: RootCauseError.topology(caseID: "two-node", reason: "the call graph names 'db', which has no series")) { try r.rank(c) }
        c.topology = nil
        #expect(throws: RootCauseError.topology(caseID: "two-node", reason: "the case has no call graph (a graph ranker needs one)")) {
            try r.rank(c)
        }
    }

    @Test(arguments: ["circa", "pagerank"])
    func anEmptyWindowIsATypedError(_ name: String) throws {
        var c = try Self.twoNode()
        c.incidentRows = 80..<80
        #expect(throws: RootCauseError.emptyWindow(caseID: "two-node", window: "incident")) {
            try RootCauseRegistry.standard.make(name: name, seed: 1).rank(c)
        }
    }

    @Test func parametersOutOfRangeAreRefused() {
        for (name, key, value) in [
            ("circa", "ridge", "-1"), ("pagerank", "damping", "1"), ("pagerank", "backward", "2"), ("circa", "parents", "some"),
        ] {
            #expect(throws: ModelError.self, "\(name) \(key)=\(value)") {
                try RootCauseRegistry.standard.make(name: name, parameters: [key: value], seed: 1)
            }
        }
    }
}
