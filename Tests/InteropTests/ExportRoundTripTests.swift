import FaultlineTestSupport
import Foundation
import Interop
import Telemetry
import Testing

/// export → import gives the same dataset: values, timestamps, series and fault labels.
@Suite struct ExportRoundTripTests {
    /// 40 rows at 15 s of a gauge with a unit, a counter, a quantile and an odd id, some NaN, two faults.
    static func dataset() throws -> Dataset {
        let rows = 40
        let series = [
            SeriesDescriptor(entity: "cart", metric: "cpu_util", unit: "ratio", kind: .gauge),
            SeriesDescriptor(entity: "db", metric: "requests_total", unit: "count", kind: .counter),
            SeriesDescriptor(entity: "cart", metric: "latency_p99", unit: "ms", kind: .quantile),
            SeriesDescriptor(id: "web/rate per s", entity: "web", metric: "rate per s", unit: "", kind: .gauge),
            SeriesDescriptor(entity: "db", metric: "cpu_util", unit: "ratio", kind: .gauge),
        ]
        var cols: [[Double]] = []
        for c in 0..<series.count {
            var col: [Double] = []
            for r in 0..<rows {
                let v: Double = c == 1 ? Double(r * 10) : 0.1 * Double(r) + Double(c) / 3
                col.append((r + c) % 7 == 3 ? Double.nan : v)
            }
            cols.append(col)
        }
        let start: Int64 = 1_767_225_600_000
        let faults = [
            FaultRecord(id: "f1", kind: "cpu-hog", target: "cart", injectionStartMs: start + 150_000, injectionEndMs: start + 300_000),
            FaultRecord(id: "f2", kind: "memory-leak", target: "db", injectionStartMs: start + 450_000, injectionEndMs: start + 465_000),
        ]
        return try Dataset(
            info: DatasetInfo(name: "rt", generator: "test"), axis: TimeAxis(startMs: start, stepMs: 15_000, count: rows), series: series,
            frame: try MetricFrame(columns: cols), groundTruth: GroundTruth(faults: faults))
    }

    /// Same timestamps, series (matched by id: OpenMetrics groups columns by metric name), values and faults.
    func expectSame(_ a: Dataset, _ b: Dataset, kinds: Bool = true) {
        #expect(b.timestamps == a.timestamps)
        #expect(Set(b.series.map(\.id)) == Set(a.series.map(\.id)) && b.series.count == a.series.count)
        for c in 0..<a.series.count {
            guard let k = b.seriesIndex(id: a.series[c].id) else { continue }
            #expect(b.series[k].entity == a.series[c].entity && b.series[k].metric == a.series[c].metric)
            if kinds { #expect(b.series[k] == a.series[c]) }
            let x = a.frame.column(c), y = b.frame.column(k)
            #expect(x.count == y.count && zip(x, y).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }, "series \(a.series[c].id)")
        }
        let fa = a.groundTruth.faults.map { [$0.id, $0.kind, $0.target, "\($0.injectionStartMs)", "\($0.injectionEndMs)"] }
        let fb = b.groundTruth.faults.map { [$0.id, $0.kind, $0.target, "\($0.injectionStartMs)", "\($0.injectionEndMs)"] }
        #expect(fa == fb)
    }

    @Test func openMetricsRoundTrips() throws {
        let d = try Self.dataset()
        let bytes = OpenMetricsExporter.render(d).files[0].bytes
        let back = try OpenMetricsImporter.parse(bytes, path: "x.om", dialect: .openmetrics).dataset
        expectSame(d, back)
    }

    @Test func queryRangeRoundTrips() throws {
        let d = try Self.dataset()
        let bytes = QueryRangeExporter.render(d).files[0].bytes
        expectSame(d, try QueryRangeImporter.parse(bytes, path: "x.json").dataset)
    }

    @Test func csvRoundTripsWithItsLabelsFile() throws {
        let d = try Self.dataset()
        let files = CSVExporter.render(d, labelsName: "x.labels.json").files
        #expect(files.count == 2)
        let windows = try LabelWindow.parse(files[1].bytes, path: "x.labels.json")
        let back = try GenericCSVImporter.parse(files[0].bytes, path: "x.csv", options: CSVImportOptions(labelWindows: windows), name: "x").dataset
        expectSame(d, back, kinds: false)
        #expect(back.series.map(\.kind) == [.gauge, .counter, .gauge, .gauge, .gauge])
    }

    @Test func nabExportReimportsPerSeriesWithItsWindows() throws {
        let d = try Self.dataset()
        let dir = try SharedData.temporaryDirectory("nab-rt")
        for f in try NABExporter.render(d).files {
            let url = dir.appendingPathComponent(f.path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(f.bytes).write(to: url)
        }
        let back = try RecordingImporter.nab(dir.appendingPathComponent("data/rt/cart_cpu_util.csv"), name: "n", duplicates: .error, gaps: .auto)
            .dataset
        // NaN rows are not written; the grid fill puts them back.
        #expect(back.timestamps == d.timestamps)
        let x = d.frame.column(0), y = back.frame.column(0)
        #expect(zip(x, y).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) })
        // f1 targets cart (no affected series listed): its window is on cart's files.
        #expect(back.groundTruth.faults.map(\.injectionStartMs) == [d.groundTruth.faults[0].injectionStartMs])
    }
}
