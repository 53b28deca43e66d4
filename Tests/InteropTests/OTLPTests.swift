import FaultlineTestSupport
import Foundation
import Interop
import Telemetry
import Testing

/// OTLP JSON (collector file exporter) import and export.
@Suite struct OTLPTests {
    static func dataset() throws -> Dataset {
        var d = try ExportRoundTripTests.dataset()
        d.spans = [
            Span(
                traceId: "4bf92f3577b34da6a3ce929d0e0e4736", spanId: "00f067aa0ba902b7", parentSpanId: nil, service: "cart", operation: "GET /cart",
                startMs: d.timestamps[1], durationMs: 12.625, status: .ok),
            Span(
                traceId: "4bf92f3577b34da6a3ce929d0e0e4736", spanId: "53995c3f42cd8ad8", parentSpanId: "00f067aa0ba902b7", service: "db",
                operation: "SELECT", startMs: d.timestamps[1] + 2, durationMs: 0.1, status: .error),
        ]
        d.logs = [
            LogRecord(
                timeMs: d.timestamps[0], entity: "cart", severity: .info, templateId: "T1", body: "GET /cart 200", attributes: ["pod": "cart-1"]),
            LogRecord(timeMs: d.timestamps[2], entity: "db", severity: .error, body: "query failed: \"timeout\"\nnext ünïcødé 🚀"),
        ]
        return d
    }

    @Test func exportImportKeepsSpansLogsAndMetricsExactly() throws {
        let d = try Self.dataset()
        let r = OTLPExporter.render(d)
        #expect(r.notes.contains { $0.contains("faults are not exported") })
        let back = try OTLPImporter.parse(r.files[0].bytes, path: "x.jsonl").dataset
        #expect(back.spans == d.spans)
        #expect(back.logs == d.logs)
        #expect(back.timestamps == d.timestamps)
        for c in 0..<d.series.count {
            let k = try #require(back.seriesIndex(id: d.series[c].id))
            #expect(back.series[k] == d.series[c])
            #expect(zip(back.frame.column(k), d.frame.column(c)).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) })
        }
    }

    @Test func readsCollectorLinesWithStringInt64sAndRefusesBadIds() throws {
        let lines = """
            {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"api"}}]},"scopeSpans":[{"spans":[{"traceId":"5B8EFFF798038103D269B633813FC60C","spanId":"EEE19B7EC3C1B174","parentSpanId":"","name":"op","startTimeUnixNano":"1544712660000000000","endTimeUnixNano":"1544712661000000000","status":{}}]}]}]}
            {"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"api"}}]},"scopeLogs":[{"logRecords":[{"timeUnixNano":"1544712660300000000","severityNumber":13,"body":{"stringValue":"slow"},"attributes":[{"key":"n","value":{"intValue":"3"}}],"traceId":"5b8efff798038103d269b633813fc60c"}]}]}]}

            """
        let d = try OTLPImporter.parse(Array(lines.utf8), path: "c.jsonl").dataset
        #expect(d.spans.count == 1 && d.spans[0].durationMs == 1_000 && d.spans[0].traceId == "5b8efff798038103d269b633813fc60c")
        #expect(d.spans[0].parentSpanId == nil && d.spans[0].status == .unset)
        #expect(d.logs.first?.severity == .warn && d.logs.first?.attributes == ["n": "3", "trace_id": "5b8efff798038103d269b633813fc60c"])
        let bad =
            #"{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"xyz","spanId":"eee19b7ec3c1b174","startTimeUnixNano":"1","endTimeUnixNano":"2"}]}]}]}"#
        do {
            _ = try OTLPImporter.parse(Array(("\n" + bad).utf8), path: "b.jsonl")
            Issue.record("a bad trace id was accepted")
        } catch let e as InteropError {
            #expect(e.line == 2 && e.message.contains("resourceSpans[0].scopeSpans[0].spans[0].traceId"))
        }
    }
}
