import FaultlineTestSupport
import Foundation
import Telemetry
import Testing

/// `faultline import` and `faultline export` as a user runs them: exit codes, printed repairs, promtool on an
/// export, the real corpora in ../shared/datasets.
@Suite struct InteropCommandTests {
    /// `promtool` on PATH (the Debian `prometheus` package; `.ci/run` installs it).
    static let promtool: String? = ["/usr/bin/promtool", "/usr/local/bin/promtool"].first { FileManager.default.isExecutableFile(atPath: $0) }
    /// The promtool test runs when promtool is there, and fails without it under FAULTLINE_REQUIRE_DATA=1 or
    /// FAULTLINE_REQUIRE_PROMTOOL=1.
    static var promtoolRequired: Bool {
        SharedData.dataRequired || ProcessInfo.processInfo.environment["FAULTLINE_REQUIRE_PROMTOOL"] == "1"
    }

    static func run(_ tool: String, _ args: [String], stdin: URL? = nil) throws -> (Int32, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = args
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        if let stdin { p.standardInput = try FileHandle(forReadingFrom: stdin) }
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    func simulateTiny(_ dir: URL) throws -> URL {
        let ds = dir.appendingPathComponent("tiny")
        let r = try FaultlineBinary.run([
            "simulate", SharedData.repositoryRoot.appendingPathComponent("Scenarios/tiny.yaml").path, "--out", ds.path, "--quiet",
        ])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        return ds
    }

    @Test(.enabled(if: promtool != nil || promtoolRequired, "needs promtool (apt install prometheus)"))
    func promtoolChecksAnOpenMetricsExportAndLoadsItIntoBlocks() throws {
        let tool = try #require(Self.promtool, "promtool is missing (FAULTLINE_REQUIRE_DATA=1 / FAULTLINE_REQUIRE_PROMTOOL=1 make this a failure)")
        let dir = try SharedData.temporaryDirectory("promtool")
        let ds = try simulateTiny(dir)
        let om = dir.appendingPathComponent("tiny.om")
        let e = try FaultlineBinary.run(["export", ds.path, "--format", "openmetrics", "--out", om.path])
        #expect(e.status == 0, "stderr: \(e.stderr)")
        let (checkStatus, checkText) = try Self.run(tool, ["check", "metrics"], stdin: om)
        #expect(checkStatus == 0, "promtool check metrics: \(checkText)")
        let blocks = dir.appendingPathComponent("blocks")
        try FileManager.default.createDirectory(at: blocks, withIntermediateDirectories: true)
        let (createStatus, createText) = try Self.run(tool, ["tsdb", "create-blocks-from", "openmetrics", om.path, blocks.path])
        #expect(createStatus == 0, "promtool tsdb create-blocks-from openmetrics: \(createText)")
        // The blocks hold every exported sample: each series' non-NaN values plus the fault series' rows.
        try FileManager.default.createDirectory(at: blocks.appendingPathComponent("wal"), withIntermediateDirectories: true)
        let (dumpStatus, dump) = try Self.run(tool, ["tsdb", "dump", blocks.path])
        #expect(dumpStatus == 0)
        let dataset = try DatasetStore.read(from: ds)
        var expected = dataset.groundTruth.faults.count * dataset.frame.rows
        for c in 0..<dataset.series.count { expected += dataset.frame.column(c).filter { !$0.isNaN }.count }
        #expect(dump.split(separator: "\n").count == expected)
        #expect(dump.contains("__name__=\"faultline_fault_active\""))
        // And the export imports back to the same values and faults.
        let back = dir.appendingPathComponent("back")
        let i = try FaultlineBinary.run(["import", "openmetrics", om.path, "--out", back.path])
        #expect(i.status == 0, "stderr: \(i.stderr)")
        let b = try DatasetStore.read(from: back)
        // OpenMetrics groups series by metric name, so the columns come back in family order: match them by id.
        #expect(b.timestamps == dataset.timestamps && Set(b.series.map(\.id)) == Set(dataset.series.map(\.id)))
        #expect(b.groundTruth.faults.map(\.injectionStartMs) == dataset.groundTruth.faults.map(\.injectionStartMs))
        for c in 0..<dataset.series.count {
            let k = try #require(b.seriesIndex(id: dataset.series[c].id))
            #expect(b.series[k] == dataset.series[c])
            #expect(zip(b.frame.column(k), dataset.frame.column(c)).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) })
        }
    }

    @Test func csvImportPrintsItsRepairsAndWritesAVerifiedDataset() throws {
        let dir = try SharedData.temporaryDirectory("import-csv")
        let csv = dir.appendingPathComponent("shop.csv")
        try "time,cart/cpu,label\n1700000120,3,0\n1700000000,1,0\n1700000000,9,0\n1700000060,4,0\n1700000300,5,1\n".write(
            to: csv, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("ds")
        let r = try FaultlineBinary.run(["import", "csv", csv.path, "--label-column", "label", "--out", out.path])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stdout.contains("repair    sorted:"))
        #expect(r.stdout.contains("repair    duplicates-merged:") && r.stdout.contains("'last'"))
        #expect(r.stdout.contains("repair    gaps-filled: 2 missing steps"))
        let inspect = try FaultlineBinary.run(["inspect", out.path])
        #expect(inspect.status == 0 && inspect.stdout.contains("verified"), "\(inspect.stderr)")
        let d = try DatasetStore.read(from: out)
        #expect(d.frame.column(0)[0] == 9 && d.groundTruth.faults.count == 1)
        // Every export format writes and the CSV one reads back.
        for (format, name) in [("openmetrics", "x.om"), ("query-range", "x.json"), ("csv", "x.csv"), ("nab", "nabdir")] {
            let e = try FaultlineBinary.run(["export", out.path, "--format", format, "--out", dir.appendingPathComponent(name).path])
            #expect(e.status == 0, "\(format): \(e.stderr)")
        }
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("x.labels.json").path))
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("nabdir/labels/combined_windows.json").path))
    }

    @Test func badInputExitsThreeNamingFileLineAndColumnAndBadUsageTwo() throws {
        let dir = try SharedData.temporaryDirectory("import-bad")
        let csv = dir.appendingPathComponent("bad.csv")
        try "time,a\n1700000000,1\n1700000060,x\n".write(to: csv, atomically: true, encoding: .utf8)
        let r = try FaultlineBinary.run(["import", "csv", csv.path, "--out", dir.appendingPathComponent("o").path])
        #expect(r.status == 3)
        #expect(r.stderr.contains("\(csv.path):3:12"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("o").path))
        #expect(try FaultlineBinary.run(["import", "xls", csv.path, "--out", dir.appendingPathComponent("o").path]).status == 2)
        #expect(try FaultlineBinary.run(["import", "csv", csv.path, "--out", dir.appendingPathComponent("o").path, "--gaps", "x"]).status == 2)
        #expect(
            try FaultlineBinary.run(["import", "csv", dir.appendingPathComponent("none.csv").path, "--out", dir.appendingPathComponent("o").path])
                .status == 2)
        #expect(try FaultlineBinary.run(["export", dir.path, "--format", "openmetrics", "--out", dir.appendingPathComponent("x").path]).status == 2)
    }

    @Test func randomInputsExitOnlyZeroTwoOrThree() throws {
        let dir = try SharedData.temporaryDirectory("import-random")
        var rng = SplitMix64(seed: 15)
        let seeds: [(String, String, String)] = [
            ("csv", "in.csv", "time,a,b\n1700000000,1,2\n1700000060,3,\n"),
            (
                "query-range", "in.json",
                #"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"__name__":"m"},"values":[[1,"1"],[2,"NaN"]]}]}}"#
            ),
            ("openmetrics", "in.om", "m{a=\"b\"} 1 1700000000\nm{a=\"b\"} 2 1700000015\n# EOF\n"),
        ]
        for k in 0..<24 {
            let (format, name, text) = seeds[k % seeds.count]
            var bytes = Array(text.utf8)
            for _ in 0..<(1 + Int(rng.next() % 4)) {
                let at = Int(rng.next() % UInt64(bytes.count))
                if rng.next() % 2 == 0 { bytes[at] = UInt8(truncatingIfNeeded: rng.next()) } else { bytes.remove(at: at) }
            }
            let file = dir.appendingPathComponent(name)
            try Data(bytes).write(to: file)
            let r = try FaultlineBinary.run(["import", format, file.path, "--out", dir.appendingPathComponent("o\(k)").path])
            #expect(
                [0, 2, 3].contains(r.status),
                "\(format) input \(String(decoding: bytes, as: UTF8.self).debugDescription): status \(r.status) \(r.stderr)")
        }
    }

    @Test(.enabled(if: SharedData.available("nab"), "needs ../shared/datasets/nab"))
    func importsARealNABFileWithItsWindows() throws {
        let nab = try SharedData.require("nab")
        let out = try SharedData.temporaryDirectory("import-nab").appendingPathComponent("taxi")
        let r = try FaultlineBinary.run(["import", "nab", nab.appendingPathComponent("data/realKnownCause/nyc_taxi.csv").path, "--out", out.path])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let d = try DatasetStore.read(from: out)
        #expect(d.frame.rows == 10_320 && d.groundTruth.faults.count == 5)
    }

    @Test(.enabled(if: SharedData.available("smd-subset"), "needs ../shared/datasets/smd-subset"))
    func importsARealSMDMachine() throws {
        let smd = try SharedData.require("smd-subset")
        let out = try SharedData.temporaryDirectory("import-smd").appendingPathComponent("m")
        let r = try FaultlineBinary.run(["import", "smd", smd.appendingPathComponent("test/machine-1-6.txt").path, "--out", out.path])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let d = try DatasetStore.read(from: out)
        #expect(d.series.count == 38 && !d.groundTruth.faults.isEmpty && d.info.trainRows != nil)
    }

    @Test(.enabled(if: SharedData.available("sockshop-rcd"), "needs ../shared/datasets/sockshop-rcd"))
    func importsARealRCAEvalCase() throws {
        let root = try SharedData.require("sockshop-rcd")
        let out = try SharedData.temporaryDirectory("import-rca").appendingPathComponent("c")
        let r = try FaultlineBinary.run(["import", "rcaeval", root.appendingPathComponent("cases/carts-cpu/1").path, "--out", out.path])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stdout.contains("irregular-kept"))
        let d = try DatasetStore.read(from: out)
        #expect(d.series.count == 38 && d.frame.rows == 292 + 282)
        let f = try #require(d.groundTruth.faults.first)
        #expect(f.target == "carts" && f.kind == "cpu" && f.injectionStartMs == 1_652_812_675_000)
    }

    @Test(.enabled(if: SharedData.available("nezha-metrics"), "needs ../shared/datasets/nezha-metrics"))
    func importsARealNezhaDay() throws {
        let root = try SharedData.require("nezha-metrics")
        let out = try SharedData.temporaryDirectory("import-nezha").appendingPathComponent("d")
        let r = try FaultlineBinary.run(["import", "nezha", root.appendingPathComponent("online-boutique/2022-08-22").path, "--out", out.path])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let d = try DatasetStore.read(from: out)
        #expect(d.frame.rows > 100 && d.series.count > 20 && !d.groundTruth.faults.isEmpty)
    }
}
