import FaultlineTestSupport
import Foundation
import Interop
import Telemetry
import Testing

/// The recording readers behind `faultline fidelity --reference` on small hand-written fixtures, plus a read of
/// the real Nezha release when it is present.
@Suite struct FidelityReaderTests {
    func write(_ text: String, _ path: String, in dir: URL) throws -> URL {
        let url = dir.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    /// The error a body throws, as `InteropError`.
    func interopError(_ body: () throws -> Recording) -> InteropError? {
        do {
            _ = try body()
            return nil
        } catch {
            return error as? InteropError
        }
    }

    // MARK: - Wide CSV

    @Test func wideCSVReadsEpochSecondsMillisecondsAndISOTimestamps() throws {
        let dir = try SharedData.temporaryDirectory("fid-csv")
        for (name, stamps) in [
            ("s.csv", ["1700000000", "1700000060", "1700000120"]),
            ("ms.csv", ["1700000000000", "1700000060000", "1700000120000"]),
            ("iso.csv", ["2023-11-14T22:13:20Z", "2023-11-14 22:14:20", "2023-11-14T23:15:20.000+01:00"]),
        ] {
            let url = try write(
                "time,web/cpu_util,db/latency_p99,rps\n\(stamps[0]),0.5,12,3\n\(stamps[1]),,13,4\n\(stamps[2]),0.7,nan,5\n", name, in: dir)
            #expect(try RecordingFormat.infer(url) == .csv)
            let r = try WideCSVReader.read(url)
            let b = try #require(r.blocks.first)
            #expect(b.timestamps == [1_700_000_000_000, 1_700_000_060_000, 1_700_000_120_000], "\(name)")
            #expect(b.series.map(\.id) == ["web/cpu_util", "db/latency_p99", "rps"])
            #expect(b.series.map(\.entity) == ["web", "db", url.deletingPathExtension().lastPathComponent])
            #expect(b.frame[1, 0].isNaN && b.frame[2, 1].isNaN && b.frame[2, 2] == 5)
            #expect(!r.hasGroundTruth && r.format == "csv")
        }
    }

    @Test(arguments: [
        ("t,a\n1,2\n2,x\n", 3, "'x' is not a number"),
        ("t,a\n1,2\n2,3,4\n", 3, "3 fields, the header has 2"),
        ("t,a\n1,2\n1,3\n", 3, "not after the previous row's"),
        ("t,a\n5,2\n3,3\n", 3, "not after the previous row's"),
        ("t,a\n1,2\nyesterday,3\n", 3, "is not epoch seconds, epoch ms or ISO-8601"),
        ("t,a,a\n1,2,3\n", 1, "appears twice"),
        ("t,a\n\n1,2\n", 2, "empty line"),
    ])
    func malformedCSVLinesNameTheFileAndLine(text: String, line: Int, message: String) throws {
        let url = try write(text, "bad.csv", in: try SharedData.temporaryDirectory("fid-csv-bad"))
        let e = try #require(interopError { try WideCSVReader.read(url) })
        #expect(e.path == url.path && e.line == line && e.message.contains(message) && !e.isUsageError, "\(e)")
    }

    @Test func aNaNOnlyColumnAndAMissingFileAreErrors() throws {
        let dir = try SharedData.temporaryDirectory("fid-csv-nan")
        let url = try write("t,a,b\n1,2,nan\n2,3,\n", "nan.csv", in: dir)
        let e = try #require(interopError { try WideCSVReader.read(url) })
        #expect(e.message.contains("column 'b' has no finite value") && e.path == url.path)
        let missing = try #require(interopError { try WideCSVReader.read(dir.appendingPathComponent("none.csv")) })
        #expect(missing.isUsageError)
        #expect(throws: InteropError.self) { try RecordingFormat.infer(dir.appendingPathComponent("none")) }
        #expect(throws: UsageError.self) { try RecordingFormat.infer(dir) }  // a folder of CSVs: which format?
    }

    // MARK: - Nezha

    /// A Nezha-like root: one system, one day, two pods on one node (one scraping at :19, one at :20 and missing
    /// a minute), the entry service file, a fault list.
    func nezhaFixture() throws -> URL {
        let root = try SharedData.temporaryDirectory("fid-nezha")
        let header =
            "Time,TimeStamp,PodName,CpuUsageRate(%),MemoryUsage(Mi),SyscallRead,PodServerLatencyP90(s),PodWorkload(Ops),PodSuccessRate(%),NodeCpuUsageRate(%)\n"
        var cart = header, pay = header
        for m in 0..<5 {
            cart +=
                "2022-08-22 04:0\(m):19.5 +0000 UTC m=+\(m * 60).1,1861140279,cartservice-579f59597d-wc2lz,\(10 + m),200,5,0.01,\(4 + m),0,\(50 + m)\n"
            if m != 2 {
                pay +=
                    "2022-08-22 04:0\(m):20.1 +0000 UTC m=+\(m * 60).2,1661140280,paymentservice-9cdb6588f-554sm,\(20 + m),100,6,0.02,7,0,\(50 + m)\n"
            }
        }
        let metric = "online-boutique/2022-08-22/metric/"
        _ = try write(cart, metric + "cartservice-579f59597d-wc2lz_metric.csv", in: root)
        _ = try write(pay, metric + "paymentservice-9cdb6588f-554sm_metric.csv", in: root)
        _ = try write(
            "Time,TimeStamp,ServiceName,SuccessRate(%),LatencyP50(s)\n2022-08-22 04:00:19.6 +0000 UTC,1661140279,Frontend,100,0.2\n"
                + "2022-08-22 04:01:19.6 +0000 UTC,1661140339,Frontend,95,0.3\n", metric + "front_service.csv", in: root)
        _ = try write("time,timestamp,a_b\n2022-08-22 04:00:19,1,0.1\n", metric + "source_50.csv", in: root)
        _ = try write(
            #"{"04": [{"inject_time": "2022-08-22 04:02:07", "inject_timestamp": "1661140927", "inject_pod": "cartservice-579f59597d-wc2lz", "inject_type": "cpu_contention"}]}"#,
            "online-boutique/2022-08-22/fault_list.json", in: root)
        return root
    }

    @Test func nezhaJoinsPodsOnTheMinuteAndNamesSeriesByService() throws {
        let root = try nezhaFixture()
        #expect(try RecordingFormat.infer(root) == .nezha)
        let day = root.appendingPathComponent("online-boutique/2022-08-22")
        #expect(try RecordingFormat.infer(day) == .nezha)
        for url in [root, day] {
            let r = try NezhaReader.read(url)
            let b = try #require(r.blocks.first)
            // Five minutes, at the minute's start, although the two pods scraped at :19 and :20.
            let t0 = try #require(NABText.timestamp("2022-08-22 04:00:00"))
            #expect(b.timestamps == (0..<5).map { t0 + Int64($0) * 60_000 })
            let ids = b.series.map(\.id)
            #expect(ids.contains("cartservice/CpuUsageRate(%)") && ids.contains("paymentservice/PodWorkload(Ops)"))
            #expect(ids.contains("frontend/SuccessRate(%)") && ids.contains("frontend/LatencyP50(s)"))
            // The two pods' node columns agree: one node series.
            #expect(ids.filter { $0.hasSuffix("NodeCpuUsageRate(%)") } == ["node:cartservice+paymentservice/NodeCpuUsageRate(%)"])
            // PodSuccessRate(%) is 0 everywhere: skipped with the reason, not a series.
            #expect(!ids.contains { $0.hasSuffix("PodSuccessRate(%)") })
            #expect(r.skipped.map(\.seriesId).sorted() == ["cartservice/PodSuccessRate(%)", "paymentservice/PodSuccessRate(%)"])
            // The missed minute is NaN; the unit comes from the column name.
            let pay = try #require(b.series.firstIndex { $0.id == "paymentservice/CpuUsageRate(%)" })
            #expect(b.frame[2, pay].isNaN && b.frame[3, pay] == 23 && b.series[pay].unit == "%")
            // One 3-minute fault on the cart service.
            #expect(r.hasGroundTruth && r.faults.count == 1)
            let f = try #require(r.faults.first)
            #expect(f.targets == ["cartservice"] && f.kind == "cpu_contention" && f.endMs - f.startMs == 180_000 - 1)
            #expect(f.startMs == (NABText.timestamp("2022-08-22 04:02:07") ?? 0))
        }
    }

    @Test func nezhaRootReadsFaultsCSVAndRejectsBadRows() throws {
        let root = try nezhaFixture()
        _ = try write(
            "system,day,inject_time,inject_timestamp_raw,root_cause_pod,root_cause_service,fault_type\n"
                + "online-boutique,2022-08-22,2022-08-22 04:01:00,1,paymentservice-9cdb6588f-554sm,paymentservice,network_delay\n"
                + "online-boutique,2022-08-23,2022-08-23 04:01:00,1,x-1-2,x,return\n", "faults.csv", in: root)
        let r = try NezhaReader.read(root)
        #expect(r.faults.map(\.targets) == [["paymentservice"]])  // the other day was not read
        let pod = root.appendingPathComponent("online-boutique/2022-08-22/metric/cartservice-579f59597d-wc2lz_metric.csv")
        let original = try String(contentsOf: pod, encoding: .utf8)
        // A second scrape in the last row's minute (04:04:19.5, then 04:04:50): the minute holds their mean, no row is added.
        try (original + "2022-08-22 04:04:50 +0000 UTC,1,cartservice-579f59597d-wc2lz,20,1,1,1,1,0,1\n").write(
            to: pod, atomically: true, encoding: .utf8)
        let twice = try #require(try NezhaReader.read(root).blocks.first)
        let cpu = try #require(twice.series.firstIndex { $0.id == "cartservice/CpuUsageRate(%)" })
        #expect(twice.timestamps.count == 5 && twice.frame[4, cpu] == 17, "\(twice.timestamps.count) rows, last cpu \(twice.frame[4, cpu])")
        // A row earlier than the one before is refused, naming the file and line.
        let text = original + "2022-08-22 04:03:55 +0000 UTC,1,cartservice-579f59597d-wc2lz,1,1,1,1,1,0,1\n"
        try text.write(to: pod, atomically: true, encoding: .utf8)
        let e = try #require(interopError { try NezhaReader.read(root) })
        #expect(e.path == pod.path && e.line == 7 && e.message.contains("not later than the previous row"))
        try (text + "garbage,1,2\n").write(to: pod, atomically: true, encoding: .utf8)
        #expect(interopError { try NezhaReader.read(root) }?.line == 7)
        let empty = try SharedData.temporaryDirectory("fid-nezha-empty")
        #expect(interopError { try NezhaReader.read(empty) }?.isUsageError == true)
    }

    @Test(.enabled(if: SharedData.available("nezha-metrics"), "needs ../shared/datasets/nezha-metrics"))
    func theRealNezhaReleaseReadsBothDaysAndAllFaults() throws {
        let root = try SharedData.require("nezha-metrics")
        let r = try NezhaReader.read(root)
        #expect(r.faults.count == 56 && r.hasGroundTruth)  // README: 24 + 32
        let b = try #require(r.blocks.first)
        // 1209 + 721 minutes (some pod files miss a minute; the union has them all).
        #expect(b.timestamps.count == 1_930)
        #expect(Set(r.faults.flatMap(\.targets)).isSubset(of: Set(b.series.map(\.entity))))
        #expect(b.series.contains { $0.id == "frontend/SuccessRate(%)" })
        #expect(r.skipped.count == 10 && r.skipped.allSatisfy { $0.seriesId.hasSuffix("PodSuccessRate(%)") })
        // The adservice file's TimeStamp is 200,000,000 s off; the Time string is what counts.
        #expect((b.timestamps.first ?? 0) == (NABText.timestamp("2022-08-22 03:51:00") ?? -1))
        let day = try NezhaReader.read(root.appendingPathComponent("online-boutique/2022-08-23"))
        #expect(day.faults.count == 32 && day.blocks[0].timestamps.count == 721)
    }

    // MARK: - SMD, NAB, dataset

    @Test func smdMachineIsReadByItsFileOrItsLoneRoot() throws {
        let root = try SharedData.temporaryDirectory("fid-smd")
        let rows = (0..<30).map { r in "\(Double(r % 7) / 10),\(Double(r % 3) / 10)" }.joined(separator: "\n") + "\n"
        _ = try write(rows, "train/machine-9-9.txt", in: root)
        _ = try write(rows, "test/machine-9-9.txt", in: root)
        _ = try write((0..<30).map { $0 >= 10 && $0 < 14 ? "1" : "0" }.joined(separator: "\n") + "\n", "test_label/machine-9-9.txt", in: root)
        _ = try write("10-14:2\n", "interpretation_label/machine-9-9.txt", in: root)
        let file = root.appendingPathComponent("test/machine-9-9.txt")
        #expect(try RecordingFormat.infer(file) == .smd)
        #expect(try RecordingFormat.infer(root) == .smd)
        for url in [file, root] {
            let r = try SMDRecording.read(url)
            #expect(r.blocks[0].timestamps.count == 60 && r.blocks[0].series.map(\.metric) == ["dim1", "dim2"])
            #expect(r.faults.count == 1 && r.faults[0].seriesIds == ["machine-9-9/dim2"] && r.faults[0].targets.isEmpty)
        }
        _ = try write(rows, "train/machine-9-8.txt", in: root)
        #expect(throws: UsageError.self) { try SMDRecording.read(root) }
    }

    @Test func nabCorpusFilesAreBlocksWithTheirWindowsAndIrregularFilesAreSkipped() throws {
        let root = try SharedData.temporaryDirectory("fid-nab")
        let ts = (0..<20).map { String(format: "2014-04-01 %02d:%02d:00", $0 / 12, ($0 % 12) * 5) }
        _ = try write(
            "timestamp,value\n" + ts.enumerated().map { "\($1),\($0)" }.joined(separator: "\n") + "\n", "data/realX/ec2_cpu_utilization_1.csv",
            in: root)
        _ = try write("timestamp,value\n\(ts[1]),1\n\(ts[0]),2\n", "data/realX/backwards.csv", in: root)
        _ = try write(
            #"{"realX/ec2_cpu_utilization_1.csv": [["\#(ts[5]).000000", "\#(ts[8]).000000"]], "realX/backwards.csv": []}"#,
            "labels/combined_windows.json", in: root)
        #expect(try RecordingFormat.infer(root) == .nab)
        let one = root.appendingPathComponent("data/realX/ec2_cpu_utilization_1.csv")
        #expect(try RecordingFormat.infer(one) == .nab)
        let r = try NABRecording.read(root)
        #expect(
            r.blocks.count == 1 && r.blocks[0].series[0].id == "realX/ec2_cpu_utilization_1"
                && r.blocks[0].series[0].metric == "ec2_cpu_utilization_1")
        #expect(r.skipped.map(\.seriesId) == ["realX/backwards"] && (r.skipped.first?.reason.contains("line 3") ?? false))
        #expect(
            r.faults.count == 1 && r.faults[0].seriesIds == ["realX/ec2_cpu_utilization_1"] && r.faults[0].endMs - r.faults[0].startMs == 15 * 60_000)
        // One file inside a corpus finds the corpus' labels.
        let single = try NABRecording.read(one)
        #expect(single.hasGroundTruth && single.faults.count == 1 && single.blocks.count == 1)
    }

    @Test func aFaultlineDatasetIsOneBlockWithItsFaults() throws {
        let axis = TimeAxis(startMs: 1_700_000_000_000, stepMs: 15_000, count: 8)
        let series = [
            SeriesDescriptor(entity: "web", metric: "cpu_util", unit: "ratio", kind: .gauge),
            SeriesDescriptor(entity: "web", metric: "requests_total", unit: "count", kind: .counter),
        ]
        let truth = GroundTruth(faults: [
            FaultRecord(
                id: "f1", kind: "cpu-hog", target: "web", injectionStartMs: axis.time(at: 2), injectionEndMs: axis.time(at: 4) - 1,
                affectedSeries: [AffectedSeries(seriesId: "web/cpu_util", startMs: axis.time(at: 2), endMs: axis.time(at: 6))])
        ])
        let ds = try Dataset(
            info: DatasetInfo(name: "mini", generator: "faultline-test"), axis: axis, series: series,
            frame: try MetricFrame(columns: [(0..<8).map(Double.init), (0..<8).map { Double($0 * 10) }]), groundTruth: truth)
        let url = try SharedData.temporaryDirectory("fid-ds").appendingPathComponent("mini")
        try DatasetStore.write(ds, to: url, durable: false)
        #expect(try RecordingFormat.infer(url) == .dataset)
        let r = try RecordingFormat.dataset.read(url)
        #expect(r.name == "mini" && r.blocks.count == 1 && r.blocks[0].series.count == 2 && r.hasGroundTruth)
        #expect(r.faults.count == 1 && r.faults[0].targets == ["web"] && r.faults[0].settledMs == axis.time(at: 6))
    }
}
