import FaultlineTestSupport
import Foundation
import Interop
import Telemetry
import Testing

/// Seeded random inputs for the text parsers (the ordinary suite's companion of the libFuzzer targets): byte
/// mutations of valid files must either import or throw `InteropError` — never crash, trap or hang.
@Suite struct RandomInputTests {
    static let csv = "time,web/cpu,db/requests_total,label\n2023-11-14T22:13:20Z,0.5,12,0\n1700000060,,13,1\n1700000120000,\"0.7\",nan,0\r\n"
    static let queryRange =
        #"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"__name__":"up","job":"a"},"values":[[1700000000,"1"],[1700000015.5,"NaN"],[1700000030,"+Inf"]]},{"metric":{"__name__":"faultline_fault_active","fault_id":"f1","kind":"cpu-hog","target":"a"},"values":[[1700000000,"0"],[1700000015,"1"]]}]}}"#
    static let openMetrics =
        "# HELP x_total help\n# TYPE x_total counter\nx_total{entity=\"a\",faultline_unit=\"ms\"} 1 1700000000\nx_total{entity=\"a\",faultline_unit=\"ms\"} 2.5e3 1700000015.250\n# TYPE g gauge\ng{a=\"\\\"q\\\\\"} NaN 1700000000\n# EOF\n"

    static let otlp: [UInt8] = {
        var d = try? OTLPTests.dataset()
        d?.groundTruth = GroundTruth()
        return d.map { OTLPExporter.render($0).files[0].bytes } ?? []
    }()

    /// A copy of `seed` with 1–8 random byte edits (replace, insert, delete, duplicate a span).
    static func mutate(_ seed: [UInt8], _ rng: inout SplitMix64) -> [UInt8] {
        var b = seed
        let interesting: [UInt8] = Array(",\n\r\"{}[]:=.-+eE0123456789 #\\".utf8) + [0, 0xFF, 0xEF, 0xBB, 0xBF]
        for _ in 0..<(1 + Int(rng.next() % 8)) {
            let at = b.isEmpty ? 0 : Int(rng.next() % UInt64(b.count))
            switch rng.next() % 5 {
            case 0 where !b.isEmpty: b[at] = interesting[Int(rng.next() % UInt64(interesting.count))]
            case 1: b.insert(interesting[Int(rng.next() % UInt64(interesting.count))], at: at)
            case 2 where !b.isEmpty: b.remove(at: at)
            case 3 where !b.isEmpty:
                let end = min(b.count, at + 1 + Int(rng.next() % 40))
                b.insert(contentsOf: b[at..<end], at: at)
            default: if !b.isEmpty { b[at] = UInt8(truncatingIfNeeded: rng.next()) }
            }
        }
        return b
    }

    @Test(arguments: [1, 2, 3] as [UInt64]) func mutatedFilesImportOrThrowInteropErrors(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        var imported = 0, refused = 0
        for _ in 0..<1_500 {
            let inputs: [([UInt8], ([UInt8]) throws -> ImportResult)] = [
                (
                    Self.mutate(Array(Self.csv.utf8), &rng),
                    { try GenericCSVImporter.parse($0, path: "f.csv", options: CSVImportOptions(labelColumn: "label"), name: "f") }
                ),
                (
                    Self.mutate(Array(Self.csv.utf8), &rng),
                    { try GenericCSVImporter.parse($0, path: "f.csv", options: CSVImportOptions(), name: "f") }
                ),
                (Self.mutate(Array(Self.queryRange.utf8), &rng), { try QueryRangeImporter.parse($0, path: "f.json") }),
                (Self.mutate(Array(Self.openMetrics.utf8), &rng), { try OpenMetricsImporter.parse($0, path: "f.om", dialect: .openmetrics) }),
                (Self.mutate(Array(Self.openMetrics.utf8), &rng), { try OpenMetricsImporter.parse($0, path: "f.om", dialect: .promText) }),
                (Self.mutate(Self.otlp, &rng), { try OTLPImporter.parse($0, path: "f.jsonl") }),
            ]
            for (input, body) in inputs {
                do {
                    _ = try body(input)
                    imported += 1
                } catch is InteropError {
                    refused += 1
                } catch {
                    Issue.record("unexpected error \(error) for input \(String(decoding: input, as: UTF8.self).debugDescription)")
                }
            }
        }
        // Both outcomes occur: the mutations are neither all harmless nor all fatal.
        #expect(imported > 100 && refused > 100)
    }
}
