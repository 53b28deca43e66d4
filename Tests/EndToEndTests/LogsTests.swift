import FaultlineTestSupport
import Foundation
import Testing

@Suite struct LogsTests {
    @Test(.enabled(if: SharedData.available("loghub-2k"), "needs ../shared/datasets/loghub-2k")) func parseReportsGroupingAccuracyPerSystemAsJSON()
        throws
    {
        let root = try SharedData.require("loghub-2k")
        let r = try FaultlineBinary.run(["logs", "parse", "--dataset", root.path, "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let systems = try #require(obj["systems"] as? [[String: Any]])
        #expect(systems.compactMap { $0["system"] as? String } == ["BGL", "HDFS"])
        for s in systems {
            let ga = try #require((s["groupingAccuracy"] as? NSNumber)?.doubleValue)
            let name = s["system"] as? String
            #expect(ga >= (name == "HDFS" ? 0.99 : 0.95), "\(name ?? "?") GA \(ga)")
            #expect((s["lines"] as? NSNumber)?.intValue == 2000)
            #expect(((s["templates"] as? NSNumber)?.intValue ?? 0) > 0)
        }
    }

    @Test(.enabled(if: SharedData.available("hdfs-100k-sessions"), "needs ../shared/datasets/hdfs-100k-sessions"))
    func sessionsReportsLogisticRegressionNextToTheCeiling() throws {
        let root = try SharedData.require("hdfs-100k-sessions")
        let r = try FaultlineBinary.run(["logs", "sessions", "--dataset", root.path, "--model", "logreg", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect((obj["testSessions"] as? NSNumber)?.intValue == 1588)
        #expect((obj["testAnomalies"] as? NSNumber)?.intValue == 57)
        let ceiling = try #require(obj["ceiling"] as? [String: Any])
        let ceilingF1 = try #require((ceiling["f1"] as? NSNumber)?.doubleValue)
        #expect(agreesToDecimals(ceilingF1, 0.69, 2))
        let models = try #require(obj["models"] as? [[String: Any]])
        #expect(models.count == 1)
        let lr = try #require(models.first)
        #expect(lr["model"] as? String == "logreg")
        #expect(((lr["precision"] as? NSNumber)?.doubleValue ?? 0) >= 0.95)
        #expect(((lr["f1"] as? NSNumber)?.doubleValue ?? 0) >= 0.68)
        let tp = (lr["tp"] as? NSNumber)?.intValue ?? 0, fn = (lr["fn"] as? NSNumber)?.intValue ?? 0
        #expect(tp + fn == 57)
    }

    @Test(.enabled(if: SharedData.available("hdfs-100k-sessions"), "needs ../shared/datasets/hdfs-100k-sessions"))
    func sessionsTextShowsEveryModelAndTheCeiling() throws {
        let root = try SharedData.require("hdfs-100k-sessions")
        let r = try FaultlineBinary.run(["logs", "sessions", "--dataset", root.path])
        #expect(r.status == 0, "\(r.stderr)")
        for name in ["pca", "invariants", "logreg", "separability ceiling"] { #expect(r.stdout.contains(name)) }
    }

    @Test func unknownModelIsAUsageError() throws {
        let dir = try SharedData.temporaryDirectory("logs-usage")
        let r = try FaultlineBinary.run(["logs", "sessions", "--dataset", dir.path, "--model", "svm"])
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("error: unknown model 'svm'"))
    }

    @Test func malformedSessionLabelIsADataErrorNamingFileAndLine() throws {
        let dir = try SharedData.temporaryDirectory("logs-bad")
        let csv = "BlockId,Label,Split,EventSequence\nblk_1,Normal,train,E5 E5\nblk_2,Weird,test,E5\n"
        try csv.write(to: dir.appendingPathComponent("sessions.csv"), atomically: true, encoding: .utf8)
        let r = try FaultlineBinary.run(["logs", "sessions", "--dataset", dir.path])
        #expect(r.status == 3)
        #expect(r.stderr.contains("sessions.csv line 3"))
        #expect(r.stderr.contains("Weird"))
    }

    @Test func logLineNotFittingTheFormatIsADataErrorNamingFileAndLine() throws {
        let dir = try SharedData.temporaryDirectory("logs-badlog").appendingPathComponent("HDFS")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let log = "081109 203615 148 INFO dfs.DataNode$PacketResponder: PacketResponder 1 terminating\nnot a log line\n"
        try log.write(to: dir.appendingPathComponent("HDFS_2k.log"), atomically: true, encoding: .utf8)
        try "LineId,EventId\n1,E1\n2,E2\n".write(to: dir.appendingPathComponent("HDFS_2k.log_structured.csv"), atomically: true, encoding: .utf8)
        let r = try FaultlineBinary.run(["logs", "parse", "--dataset", dir.deletingLastPathComponent().path])
        #expect(r.status == 3)
        #expect(r.stderr.contains("HDFS_2k.log line 2"))
    }

    @Test func missingDatasetIsADataError() throws {
        let dir = try SharedData.temporaryDirectory("logs-empty")
        let r = try FaultlineBinary.run(["logs", "parse", "--dataset", dir.path])
        #expect(r.status == 3)
        #expect(r.stderr.hasPrefix("error: "))
    }

    @Test func windowsMinesSimulatedLogsAndScoresThemAgainstRecordedTemplateIds() throws {
        let dir = try SharedData.temporaryDirectory("logs-windows").appendingPathComponent("tiny")
        let scenario = SharedData.repositoryRoot.appendingPathComponent("Scenarios/tiny.yaml").path
        let sim = try FaultlineBinary.run(["simulate", scenario, "--out", dir.path, "--quiet"])
        #expect(sim.status == 0, "\(sim.stderr)")
        let r = try FaultlineBinary.run(["logs", "windows", "--data", dir.path, "--window-ms", "300000", "--step-ms", "60000", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let records = try #require((obj["records"] as? NSNumber)?.intValue)
        #expect(records > 0)
        let templates = try #require(obj["templates"] as? [[String: Any]])
        #expect(templates.reduce(0) { $0 + ((($1["records"] as? NSNumber)?.intValue) ?? 0) } == records)
        // The simulator's GET and POST "request completed" templates differ only in masked key=value
        // fields, so Drain merges them (and only them): GA = 1 − their share of the records, which
        // depends on the traffic mix. The miner must not split any recorded template.
        let ga = try #require((obj["groupingAccuracy"] as? NSNumber)?.doubleValue)
        let recorded = try String(contentsOf: dir.appendingPathComponent("logs.jsonl"), encoding: .utf8).split(separator: "\n")
        let completed = recorded.filter { $0.contains(#""templateId":"request-completed"#) }.count
        let floor = 1 - Double(completed) / Double(recorded.count)
        #expect(recorded.count == records)
        #expect(ga >= floor - 1e-9, "GA \(ga), below 1 − the request-completed share \(floor)")
        #expect(templates.count >= 5, "\(templates.count) templates")
        #expect(((obj["windows"] as? NSNumber)?.intValue ?? 0) > 0)
    }

    @Test func windowsOnAMissingDatasetIsADataError() throws {
        let dir = try SharedData.temporaryDirectory("logs-nodata")
        let r = try FaultlineBinary.run(["logs", "windows", "--data", dir.path])
        #expect(r.status == 3)
        #expect(r.stderr.hasPrefix("error: "))
    }
}
