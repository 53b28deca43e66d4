import FaultlineTestSupport
import Foundation
import Interop
import Telemetry
import Testing

/// `SockShopReader`: layout, the README's replay protocol, and errors naming file and line.
@Suite struct RootCauseSockShopReaderTests {
    static let header = "time,a_cpu,a_mem,b_cpu,b_mem,c_lat_50,c_lat_90,c_lat_99,d_cpu"

    /// A one-case suite: normal rows 0..<n, anomalous rows after; `d_cpu` constant in the normal window.
    static func writeSuite(normalRows: Int = 310, anomalousRows: Int = 305, corrupt: String? = nil) throws -> URL {
        let root = try SharedData.temporaryDirectory("sockshop")
        let folder = root.appendingPathComponent("cases/b-cpu/1")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        func rows(_ n: Int, _ t0: Int, anomalous: Bool) -> String {
            (0..<n).map { i in
                let b = anomalous ? 90 + Double(i % 2) : Double(i % 7)
                let d = anomalous ? Double(i % 3) : 1
                return "\(t0 + i),\(Double(i % 5)),\(1e6 * Double(100 + i % 4)),\(b),2e6,0.1,\(0.2 + Double(i % 2)),0.3,\(d)"
            }.joined(separator: "\n")
        }
        var anomalous = header + "\n" + rows(anomalousRows, 5000, anomalous: true) + "\n"
        if let corrupt { anomalous += corrupt + "\n" }
        try (header + "\n" + rows(normalRows, 1000, anomalous: false) + "\n").write(
            to: folder.appendingPathComponent("normal.csv"), atomically: true, encoding: .utf8)
        try anomalous.write(to: folder.appendingPathComponent("anomalous.csv"), atomically: true, encoding: .utf8)
        let index = "case_id,root_cause_service,fault,instance,path\nb-cpu_1,b,cpu,1,cases/b-cpu/1\n"
        try index.write(to: root.appendingPathComponent("cases.csv"), atomically: true, encoding: .utf8)
        return root
    }

    @Test func theReplayProtocolIsApplied() throws {
        let cases = try SockShopReader.read(try Self.writeSuite())
        let c = try #require(cases.first)
        #expect(cases.count == 1 && c.id == "b-cpu_1" && c.rootCause == "b" && c.fault == "cpu")
        #expect(c.normalRows == 300 && c.incidentRows == 300 && c.frame.rows == 600)
        // b_mem is constant in both windows, d_cpu in the normal one; latency p50/p99 are dropped.
        #expect(c.series.map(\.id) == ["a/cpu", "a/mem", "b/cpu", "c/lat_90"])
        #expect(Set(c.dropped) == ["b_mem", "c_lat_50", "c_lat_99", "d_cpu"])
        #expect(c.services == ["a", "b", "c", "d"])
        // The last 300 normal rows (i = 10…309) and memory in MB.
        #expect(c.frame[0, 0] == Double(10 % 5) && c.frame[0, 1] == Double(100 + 10 % 4))
        #expect(c.injectTimeMs == 5_000_000)
    }

    @Test func shortWindowsKeepWhatThereIs() throws {
        let c = try #require(try SockShopReader.read(try Self.writeSuite(normalRows: 280, anomalousRows: 270)).first)
        #expect(c.normalRows == 280 && c.incidentRows == 270)
    }

    @Test func errorsNameTheFileAndLine() throws {
        let root = try Self.writeSuite(anomalousRows: 20, corrupt: "5020,1,2,3")
        #expect {
            try SockShopReader.read(root)
        } throws: { e in
            guard let e = e as? InteropError else { return false }
            return e.path.hasSuffix("cases/b-cpu/1/anomalous.csv") && e.line == 22 && !e.isUsageError
        }
        let bad = try Self.writeSuite(anomalousRows: 20, corrupt: "5020,1,2,x,4,5,6,7,8")
        #expect(throws: InteropError.self) { try SockShopReader.read(bad) }
        #expect {
            try SockShopReader.read(bad.appendingPathComponent("nowhere"))
        } throws: { e in (e as? InteropError)?.isUsageError == true }
    }

    @Test func aHeaderOnlyWindowIsAnError() throws {
        let root = try Self.writeSuite(anomalousRows: 0)
        #expect {
            try SockShopReader.read(root)
        } throws: { e in (e as? InteropError)?.message.contains("b-cpu_1") == true }
    }

    @Test(.enabled(if: SharedData.available("sockshop-rcd"), "needs ../shared/datasets/sockshop-rcd"))
    func theSharedSuiteHasFiftyCases() throws {
        let cases = try SockShopReader.read(try SharedData.require("sockshop-rcd"))
        #expect(cases.count == 50)
        #expect(Set(cases.map(\.rootCause)) == ["carts", "catalogue", "orders", "payment", "user"])
        #expect(Set(cases.map(\.fault)) == ["cpu", "mem"])
        #expect(cases.allSatisfy { $0.services.count == 13 && $0.frame.columns >= 20 && $0.normalRows >= 265 && $0.incidentRows >= 265 })
    }
}
