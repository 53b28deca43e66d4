import FaultlineTestSupport
import Foundation
import Interop
import Telemetry
import Testing

/// `NezhaTopology` (dependency.csv) and `NezhaEdgeLatency` (source_50/destination_50).
@Suite struct NezhaTopologyTests {
    static func day(dependency: String, source: String? = nil) throws -> URL {
        let root = try SharedData.temporaryDirectory("nezha-topology")
        let metric = root.appendingPathComponent("metric")
        try FileManager.default.createDirectory(at: metric, withIntermediateDirectories: true)
        for pod in ["front-aaa-bbb", "cart-ccc-ddd"] {
            try "Time,TimeStamp,PodName,CpuUsage(m)\n2022-08-22 03:51:19.6 +0000 UTC,1,\(pod),1\n".write(
                to: metric.appendingPathComponent("\(pod)_metric.csv"), atomically: true, encoding: .utf8)
        }
        try dependency.write(to: metric.appendingPathComponent("dependency.csv"), atomically: true, encoding: .utf8)
        if let source { try source.write(to: metric.appendingPathComponent("source_50.csv"), atomically: true, encoding: .utf8) }
        return root
    }

    @Test func edgesBetweenServicesWithMetricsAreKept() throws {
        let url = try Self.day(dependency: "Source,Target,Weight\nfront,cart,1\nfront,33.33.33.1,1\nloadgenerator,front,1\nfront,cart,1\n")
        let (topology, leftOut) = try #require(try NezhaTopology.read(url))
        #expect(topology.edges == [CallEdge(caller: "front", callee: "cart")])
        #expect(leftOut == 2)
        #expect(topology.entities.map(\.id) == ["cart", "front"])
    }

    @Test func aShortRowNamesFileAndLine() throws {
        let url = try Self.day(dependency: "Source,Target,Weight\nfront,cart,1\nfront\n")
        #expect(throws: InteropError.self) { try NezhaTopology.read(url) }
        do {
            _ = try NezhaTopology.read(url)
        } catch let e as InteropError {
            #expect(e.description.contains("dependency.csv") && e.description.contains("3"), "\(e)")
        }
    }

    @Test func edgeLatenciesBecomeSeriesOfTheCallee() throws {
        let url = try Self.day(
            dependency: "Source,Target,Weight\nfront,cart,1\n",
            source: "time,timestamp,front_cart,front_nowhere\n2022-08-22 03:51:20.02 +0000 UTC m=+0.5,1,0.004,0.1\n")
        let (block, leftOut) = try #require(try NezhaEdgeLatency.read(url))
        #expect(leftOut == 1)
        #expect(block.series.map(\.id) == ["cart/EdgeLatencyP50Source(s)<-front"])
        #expect(block.series.map(\.metric) == ["EdgeLatencyP50Source(s)"])
        #expect(block.frame[0, 0] == 0.004)
    }

    @Test(.enabled(if: SharedData.available("nezha-metrics"), "needs ../shared/datasets/nezha-metrics"))
    func onlineBoutiqueHasFourteenCallEdges() throws {
        let data = try SharedData.require("nezha-metrics")
        let (topology, leftOut) = try #require(try NezhaTopology.read(data))
        #expect(topology.edges.count == 14)
        #expect(leftOut == 24)
        #expect(Set(topology.callees(of: "frontend")).count == 7)
        #expect(Set(topology.callees(of: "checkoutservice")).count == 6)
        let (edges, _) = try #require(try NezhaEdgeLatency.read(data))
        #expect(edges.series.count == 28)
    }
}
