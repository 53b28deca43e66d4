import FaultlineTestSupport
import Foundation
import Telemetry
import Testing

@testable import Interop

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

    /// The outcome of a parse as comparable text: the dataset's rows, values (bit patterns) and repairs, or the error.
    static func outcome(_ bytes: [UInt8], workers: Int) -> String {
        do {
            let r = try GenericCSVImporter.parse(
                bytes, path: "f.csv", options: CSVImportOptions(labelColumn: "label"), name: "f", workers: workers, minChunkBytes: 8)
            return "\(r.dataset.timestamps) \(r.dataset.frame.values.map(\.bitPattern)) \(r.repairs) \(r.dataset.groundTruth.faults)"
        } catch {
            return "error: \(error)"
        }
    }

    @Test(arguments: [4, 5] as [UInt64]) func mutatedFilesGiveTheSameOutcomeWithOneAndSeveralWorkers(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        // Quote-free seeds, so the data is really cut (the seed file's quoted field would keep it whole).
        let seeds = [
            Array(Self.csv.replacingOccurrences(of: "\"", with: "").utf8),
            Array(("time,a,label\n" + (0..<40).map { "\(1_700_000_000 + 60 * $0),\($0).25,\($0 % 3 == 0 ? 1 : 0)\n" }.joined()).utf8),
        ]
        var differ = 0
        for k in 0..<1_000 {
            let input = Self.mutate(seeds[k % 2], &rng)
            let one = Self.outcome(input, workers: 1)
            for workers in [2, 3] where Self.outcome(input, workers: workers) != one {
                differ += 1
                Issue.record("\(workers) workers differ from 1 on \(String(decoding: input, as: UTF8.self).debugDescription)")
            }
        }
        #expect(differ == 0)
    }
}
