import FaultlineTestSupport
import Foundation
import Telemetry
import Testing

@Suite struct InspectTests {
    /// A small dataset: 2 entities, 5 series, 10 rows at 1-minute steps, one fault, one benign change.
    private func writeDataset() throws -> URL {
        let axis = TimeAxis(startMs: 1_700_000_000_000, stepMs: 60_000, count: 10)
        let series = [
            SeriesDescriptor(entity: "cart", metric: "cpu_util", unit: "ratio", kind: .gauge),
            SeriesDescriptor(entity: "cart", metric: "latency_p99", unit: "ms", kind: .quantile),
            SeriesDescriptor(entity: "cart", metric: "errors_total", unit: "count", kind: .counter),
            SeriesDescriptor(entity: "db", metric: "cpu_util", unit: "ratio", kind: .gauge),
            SeriesDescriptor(entity: "db", metric: "latency_p99", unit: "ms", kind: .quantile),
        ]
        let frame = try MetricFrame(columns: (0..<5).map { c in (0..<10).map { Double(c * 10 + $0) } })
        let truth = GroundTruth(
            faults: [
                FaultRecord(
                    id: "fault-db-hog", kind: "cpu-hog", target: "db", injectionStartMs: axis.time(at: 4),
                    injectionEndMs: axis.time(at: 7), firstSymptomMs: axis.time(at: 5), userImpactStartMs: nil,
                    affectedSeries: [AffectedSeries(seriesId: "db/cpu_util", startMs: axis.time(at: 5), endMs: axis.time(at: 7))])
            ],
            benignChanges: [BenignChange(id: "deploy-cart-v2", kind: "deploy", target: "cart", startMs: axis.time(at: 2), endMs: axis.time(at: 2))])
        let logs = (0..<4).map { LogRecord(timeMs: axis.time(at: $0), entity: "cart", severity: .info, body: "line \($0)") }
        let events = [OpsEvent(timeMs: axis.time(at: 2), kind: .deploy, entity: "cart", reason: "ScalingReplicaSet", message: "v2")]
        let ds = try Dataset(
            info: DatasetInfo(name: "e2e", generator: "faultline-test", scenario: "e2e", seed: 9), axis: axis,
            series: series, frame: frame, logs: logs, events: events, groundTruth: truth)
        let url = try SharedData.temporaryDirectory("inspect").appendingPathComponent("e2e")
        try DatasetStore.write(ds, to: url, durable: false)
        return url
    }

    @Test func textReportShowsSpanSeriesFaultsAndRecords() throws {
        let url = try writeDataset()
        let r = try FaultlineBinary.run(["inspect", url.path])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stdout.contains("2023-11-14T22:13:20Z → 2023-11-14T22:22:20Z"))
        #expect(r.stdout.contains("step 1 min  rows 10"))
        #expect(r.stdout.contains("series    5"))
        #expect(r.stdout.contains("by entity  cart 3, db 2"))
        #expect(r.stdout.contains("by metric  cpu_util 2, errors_total 1, latency_p99 2"))
        #expect(r.stdout.contains("fault-db-hog  cpu-hog  target db  injected 2023-11-14T22:17:20Z → 2023-11-14T22:20:20Z"))
        #expect(r.stdout.contains("first symptom 2023-11-14T22:18:20Z  user impact none"))
        #expect(r.stdout.contains("deploy-cart-v2  deploy  target cart"))
        #expect(r.stdout.contains("records   logs 4  spans 0  events 1"))
        #expect(r.stdout.contains("metrics.npy"))
        #expect(r.stdout.contains("verified"))
    }

    @Test func jsonReportIsOneObjectWithTheFigures() throws {
        let url = try writeDataset()
        let r = try FaultlineBinary.run(["inspect", url.path, "--json"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(object["seriesCount"] as? Int == 5)
        #expect(object["rows"] as? Int == 10)
        #expect(object["stepMs"] as? Int == 60_000)
        #expect(object["start"] as? String == "2023-11-14T22:13:20Z")
        #expect(object["seriesByEntity"] as? [String: Int] == ["cart": 3, "db": 2])
        #expect(object["logs"] as? Int == 4)
        #expect(object["events"] as? Int == 1)
        #expect(object["verified"] as? Bool == true)
        let faults = try #require(object["faults"] as? [[String: Any]])
        #expect(faults.count == 1)
        #expect(faults.first?["id"] as? String == "fault-db-hog")
        #expect(faults.first?["userImpact"] == nil)
        let files = try #require(object["files"] as? [[String: Any]])
        let metrics = try #require(files.first { $0["name"] as? String == "metrics.npy" })
        // npy header padded to one 4,096-byte page (format 2) + 10 × 5 doubles.
        #expect(metrics["bytes"] as? Int == 4096 + 400)
        // The generator version recorded by the store is this build's version.
        let version = try FaultlineBinary.run(["--version"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(object["generatorVersion"] as? String == "faultline \(version)")
    }

    @Test func truncatedMetricsExitsThreeNamingTheFile() throws {
        let url = try writeDataset()
        let handle = try FileHandle(forWritingTo: url.appendingPathComponent("metrics.npy"))
        try handle.truncate(atOffset: 200)
        try handle.close()
        let r = try FaultlineBinary.run(["inspect", url.path])
        #expect(r.status == 3)
        #expect(r.stderr.hasPrefix("error: "))
        #expect(r.stderr.contains("metrics.npy)"))
        #expect(r.stdout.isEmpty)
    }

    @Test func corruptedManifestExitsThree() throws {
        let url = try writeDataset()
        let manifest = url.appendingPathComponent("manifest.json")
        var data = try Data(contentsOf: manifest)
        data.removeLast(data.count / 3)
        try data.write(to: manifest)
        let r = try FaultlineBinary.run(["inspect", url.path, "--json"])
        #expect(r.status == 3)
        #expect(r.stderr.hasPrefix("error: malformed JSON"))
        #expect(r.stderr.contains("manifest.json)"))
    }

    @Test func missingFolderExitsThree() throws {
        let dir = try SharedData.temporaryDirectory("inspect")
        let r = try FaultlineBinary.run(["inspect", dir.appendingPathComponent("nope").path])
        #expect(r.status == 3)
        #expect(r.stderr.contains("manifest.json"))
    }
}
