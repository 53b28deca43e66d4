import Evaluation
import Foundation
import Reports
import Telemetry
import Testing

/// The root-cause `report.html`: tables, the tΔ chart, and per case a well-formed call-graph SVG with the true
/// cause ringed and the first ranker's top 3 numbered (issue 13).
@Suite struct RootCauseHTMLTests {
    /// frontend → cart → redis, frontend → checkout → payment; `cart` is the cause of c1, `payment` of c2.
    static let graph = Topology(
        entities: ["frontend", "cart", "redis", "checkout", "payment"].map { Entity(id: $0, kind: .service) },
        edges: [("frontend", "cart"), ("cart", "redis"), ("frontend", "checkout"), ("checkout", "payment")].map {
            CallEdge(caller: $0.0, callee: $0.1)
        }, placement: [:])

    static func report() -> RootCauseReport {
        let candidates = ["frontend", "cart", "redis", "checkout", "payment"]
        func score(_ id: String, _ truth: String, _ order: [String]) -> RootCauseCaseScore {
            RootCauseScoring.score(
                caseID: id, faultType: id == "c1" ? "cpu" : "delay",
                ranking: order.enumerated().map { ScoredEntity(entity: $1, score: Double(10 - $0)) }, truth: [truth],
                candidates: candidates)
        }
        let baro = [score("c1", "cart", ["cart", "redis", "frontend"]), score("c2", "payment", ["checkout", "frontend", "payment"])]
        let random = [score("c1", "cart", ["redis", "cart"]), score("c2", "payment", ["payment"])]
        var r = RootCauseReport(
            suite: "test", dataset: "hand-made <&>", rankers: ["baro", "random"], seed: 1, resamples: 0, offsetSeconds: 0, preprocessing: "none",
            cases: ["baro": baro, "random": random])
        r.curve = [-30, 0, 30].flatMap { o in
            [
                RootCauseCurvePoint.summarise(ranker: "baro", offsetSeconds: o, baro),
                RootCauseCurvePoint.summarise(ranker: "random", offsetSeconds: o, random),
            ]
        }
        r.byDistance = RootCauseDistance.summaries(
            r.cases, rankers: r.rankers, groupOf: ["c1": "hops 1", "c2": "hops 2"], resamples: 0, seed: 1)
        return r
    }

    @Test func casesDrawTheirCallGraphWithTheTruthAndTheTopThreeMarked() {
        let html = RootCauseHTML.render(Self.report(), graphs: ["c1": Self.graph, "c2": Self.graph])
        #expect(html.contains("hand-made &lt;&amp;&gt;"))
        for needle in ["<h3>cpu (1 cases)</h3>", "<h3>all (2 cases)</h3>", "By distance", "hops 2 (1)", "tΔ curve", "<svg class=\"curve\""] {
            #expect(html.contains(needle), "\(needle)")
        }
        let svgs = svgFragments(html)
        #expect(svgs.count == 3)  // the curve and two graphs
        for svg in svgs {
            let (ok, error) = isWellFormedXML(svg)
            #expect(ok, "\(error)\n\(svg.prefix(300))")
        }
        let graphs = svgs.filter { $0.contains("class=\"graph\"") }
        #expect(graphs.count == 2)
        // One ring per case, on its cause; baro's top 3 numbered.
        for (svg, cause) in zip(graphs, ["cart", "payment"]) {
            #expect(svg.components(separatedBy: "class=\"truth\"").count == 2)
            let ringed = svg.components(separatedBy: "<g class=\"truth\">")[1]
            #expect(ringed.contains(">\(cause)</text>"), "\(ringed.prefix(200))")
            #expect(svg.components(separatedBy: "class=\"top\"").count == 4)
        }
        // Columns by hops: frontend at x 10, cart and checkout at 180, redis and payment at 350.
        #expect(graphs[0].contains("<rect x=\"10.0\" y=\"10.0\"") && graphs[0].contains("<rect x=\"350.0\""))
        // No graph without a topology.
        #expect(svgFragments(RootCauseHTML.render(Self.report(), graphs: [:])).count == 1)
    }
}
