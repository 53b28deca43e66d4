import FaultlineTestSupport
import Foundation
import Interop
import Telemetry
import Testing

/// `query_range` JSON and OpenMetrics / Prometheus text imports on small fixtures.
@Suite struct PrometheusImportTests {
    func interopError(_ body: () throws -> ImportResult) -> InteropError? {
        do {
            _ = try body()
            return nil
        } catch {
            return error as? InteropError
        }
    }

    static let matrix = """
        {"status":"success","data":{"resultType":"matrix","result":[
        {"metric":{"__name__":"up","job":"api","instance":"a:9090"},"values":[[1700000000,"1"],[1700000015,"NaN"],[1700000030,"+Inf"]]},
        {"metric":{"__name__":"http_requests_total","job":"api"},"values":[[1700000000.5,"10"],[1700000030,"12"]]}
        ]}}
        """

    @Test func queryRangeReadsStringValuesNaNAndInfinity() throws {
        let r = try QueryRangeImporter.parse(Array(Self.matrix.utf8), path: "q.json")
        let d = r.dataset
        #expect(d.series.map(\.id) == ["api/up{instance=\"a:9090\"}", "api/http_requests_total"])
        #expect(d.series[1].kind == .counter && d.series[0].kind == .gauge)
        #expect(d.timestamps == [1_700_000_000_000, 1_700_000_000_500, 1_700_000_015_000, 1_700_000_030_000])
        let up = d.frame.column(0)
        #expect(up[0] == 1 && up[1].isNaN && up[2].isNaN && up[3] == .infinity)
        #expect(d.frame.column(1)[1] == 10)
    }

    @Test func queryRangeMergesFilesByLabelSetAndReportsRepeatedSamples() throws {
        let dir = try SharedData.temporaryDirectory("qr-merge")
        let a = dir.appendingPathComponent("a.json"), b = dir.appendingPathComponent("b.json")
        try #"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"__name__":"x","job":"j"},"values":[[100,"1"],[160,"2"]]}]}}"#
            .write(to: a, atomically: true, encoding: .utf8)
        try #"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"job":"j","__name__":"x"},"values":[[160,"3"],[220,"4"]]}]}}"#
            .write(to: b, atomically: true, encoding: .utf8)
        let r = try QueryRangeImporter.importFiles([a, b], name: "m")
        #expect(r.dataset.series.count == 1)
        #expect(r.dataset.frame.column(0) == [1, 3, 4])
        #expect(r.repairs.contains { $0.kind == .duplicatesMerged && $0.message.contains("'last'") })
    }

    @Test func queryRangeRefusesOtherResultTypesAndBadValuesNamingTheKey() {
        let vector = #"{"status":"success","data":{"resultType":"vector","result":[]}}"#
        #expect(interopError { try QueryRangeImporter.parse(Array(vector.utf8), path: "q") }?.message.contains("data.resultType") == true)
        let bad = #"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1,"1"],[2,"x"]]}]}}"#
        #expect(interopError { try QueryRangeImporter.parse(Array(bad.utf8), path: "q") }?.message.contains("data.result[0].values[1]") == true)
        let failed = #"{"status":"error","error":"bad query"}"#
        #expect(interopError { try QueryRangeImporter.parse(Array(failed.utf8), path: "q") }?.message.contains("bad query") == true)
    }

    /// What `promtool tsdb dump-openmetrics` writes: no TYPE lines, ", " between labels, seconds with three decimals.
    static let dump = """
        node_cpu_seconds_total{cpu="0", instance="n1", job="node", mode="idle"} 100 1700000000.000
        node_cpu_seconds_total{cpu="0", instance="n1", job="node", mode="idle"} 115 1700000015.000
        go_goroutines{instance="n1", job="node"} 7 1700000000.000
        go_goroutines{instance="n1", job="node"} NaN 1700000015.000
        # EOF

        """

    @Test func openMetricsReadsAPromtoolDump() throws {
        let d = try OpenMetricsImporter.parse(Array(Self.dump.utf8), path: "d.om", dialect: .openmetrics).dataset
        #expect(
            d.series.map(\.id) == ["node/node_cpu_seconds_total{cpu=\"0\",instance=\"n1\",mode=\"idle\"}", "node/go_goroutines{instance=\"n1\"}"])
        #expect(d.series[0].kind == .counter)
        #expect(d.frame.column(0) == [100, 115])
        #expect(d.frame[1, 1].isNaN)
        #expect(d.axis.stepMs == 15_000)
    }

    @Test func openMetricsRequiresEOFAndNothingAfterIt() {
        let noEOF = Self.dump.replacingOccurrences(of: "# EOF\n", with: "")
        let e = interopError { try OpenMetricsImporter.parse(Array(noEOF.utf8), path: "d.om", dialect: .openmetrics) }
        #expect(e?.message.contains("no '# EOF'") == true)
        // prom-text does not need it (and reads ms).
        let text = "a{job=\"x\"} 1 1700000000000\na{job=\"x\"} 2 1700000015000\n"
        #expect((try? OpenMetricsImporter.parse(Array(text.utf8), path: "p.txt", dialect: .promText))?.dataset.frame.rows == 2)
        let after = Self.dump + "x 1 2\n"
        #expect(
            interopError { try OpenMetricsImporter.parse(Array(after.utf8), path: "d.om", dialect: .openmetrics) }?.message == "content after '# EOF'"
        )
    }

    @Test func openMetricsTypesEscapesAndErrorsWithColumns() throws {
        let text = """
            # TYPE rpc_duration summary
            rpc_duration{quantile="0.99",service="a\\"b\\\\c"} 3 1700000000
            rpc_duration_count{service="a\\"b\\\\c"} 9 1700000000
            rpc_duration_created{service="a\\"b\\\\c"} 1600000000 1700000000
            # EOF

            """
        let r = try OpenMetricsImporter.parse(Array(text.utf8), path: "t.om", dialect: .openmetrics)
        #expect(r.dataset.series.map(\.kind) == [.quantile, .counter])
        #expect(r.dataset.series[0].entity == "a\"b\\c")
        #expect(r.repairs.contains { $0.kind == .samplesNotSeries && $0.message.contains("_created") })
        let e = interopError { try OpenMetricsImporter.parse(Array("m{a=\"1\"} 1\n# EOF\n".utf8), path: "t.om", dialect: .openmetrics) }
        #expect(e?.line == 1 && e?.column == 11 && e?.message.contains("no timestamp") == true)
        let e2 = interopError { try OpenMetricsImporter.parse(Array("m{a=1} 1 2\n# EOF\n".utf8), path: "t.om", dialect: .openmetrics) }
        #expect(e2?.line == 1 && e2?.column == 5)
    }
}
