import FaultlineTestSupport
import Foundation
import Testing

/// `faultline replay`: a dataset fed row by row through streaming models, evaluated like a batch run.
@Suite struct ReplayCommandTests {
    static let tinyScenario = SharedData.repositoryRoot.appendingPathComponent("Scenarios/tiny.yaml").path

    /// A spec over the tiny scenario with a static, a SPOT-thresholded, a held (`for:`) and a randomised
    /// row-set model (out-of-fold calibration), trained on the first 6 hours.
    static func spec(_ dir: URL) throws -> URL {
        let yaml = """
            name: replay-check
            datasets:
              - scenario: \(tinyScenario)
                seeds: [7]
            split: {train: leading-hours, hours: 6}
            threshold: {policy: quantile, q: 0.995}
            models:
              - name: zscore
                params: {window: 30}
              - name: ewma
                label: ewma-spot
                threshold: {policy: spot, level: 0.98, risk: 0.001}
              - name: mad
                params: {window: 30}
                threshold: {policy: kSigma, k: 3, for: 3m}
              - name: isolation_forest
                params: {trees: 20}
            """
        let url = dir.appendingPathComponent("replay.yaml")
        try yaml.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    static func simulate(_ dir: URL) throws -> URL {
        let data = dir.appendingPathComponent("tiny")
        let sim = try FaultlineBinary.run(["simulate", tinyScenario, "--seed", "7", "--out", data.path, "--quiet"])
        #expect(sim.status == 0, "stderr: \(sim.stderr)")
        return data
    }

    /// Records by (model, metric, group, parameters), cost figures left out.
    static func records(_ folder: URL) throws -> [String: String] {
        let data = try Data(contentsOf: folder.appendingPathComponent("results.json"))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let metrics = try #require(json["metrics"] as? [[String: Any]])
        var out: [String: String] = [:]
        for r in metrics {
            let metric = r["metric"] as? String ?? ""
            let group = (r["group"] as? [String: String] ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            let parameters = (r["parameters"] as? [String: String] ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            let key = [r["model"] as? String ?? "", metric, group.joined(separator: ";"), parameters.joined(separator: ";")].joined(separator: "|")
            out[key] = "\(r["value"] ?? "null")"
        }
        return out
    }

    @Test func aReplayGivesTheBatchRunsFiguresAndItsAlarmsAsTheyFired() throws {
        let dir = try SharedData.temporaryDirectory("e2e-replay")
        let spec = try Self.spec(dir)
        let data = try Self.simulate(dir)
        let batch = dir.appendingPathComponent("batch"), live = dir.appendingPathComponent("live")
        let e = try FaultlineBinary.run(["evaluate", spec.path, "--out", batch.path, "--no-timings", "--quiet"])
        #expect(e.status == 0, "stderr: \(e.stderr)")
        let r = try FaultlineBinary.run([
            "replay", data.path, "--spec", spec.path, "--train-hours", "6", "--out", live.path, "--no-timings", "--quiet",
        ])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stdout.contains("Time to detect"))
        let a = try Self.records(batch), b = try Self.records(live)
        #expect(a.count > 100)
        let differing = Set(a.keys).union(b.keys).filter { a[$0] != b[$0] }.sorted()
        #expect(
            differing.isEmpty,
            "replay and evaluate disagree on \(differing.count) records, e.g. \(differing.prefix(3)) \(differing.prefix(3).map { (a[$0], b[$0]) })")

        // alarms.csv: every episode start, in row order per model; a fault column when the row is in a fault.
        let csv = try String(contentsOf: live.appendingPathComponent("alarms.csv"), encoding: .utf8)
        let lines = csv.split(separator: "\n").map(String.init)
        #expect(lines.first == "dataset,model,seed,row,timestamp_ms,time,score,threshold,fault,fault_kind,time_to_detect_s")
        var lastRow: [String: Int] = [:]
        var inFault = 0
        for line in lines.dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            #expect(f.count == 11, "\(line)")
            let key = f[1] + "#" + f[2], row = try #require(Int(f[3]))
            #expect(row > (lastRow[key] ?? -1), "\(line)")
            lastRow[key] = row
            #expect(try #require(Double(f[6])) >= (try #require(Double(f[7]))), "an alarm's score is at least θ: \(line)")
            if !f[8].isEmpty {
                inFault += 1
                #expect(try #require(Double(f[10])) >= 0)
            }
        }
        #expect(inFault > 0, "some alarm falls in a fault")
        #expect(lastRow.keys.contains { $0.hasPrefix("isolation_forest#") })
    }

    @Test func replayWithoutTimingsIsByteIdenticalAndPacingKeepsTheFigures() throws {
        let dir = try SharedData.temporaryDirectory("e2e-replay-det")
        let spec = try Self.spec(dir)
        let data = try Self.simulate(dir)
        // Byte-identical apart from the run block (the command line and the run folder's name differ).
        func withoutRun(_ url: URL) throws -> Data {
            var json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
            json["run"] = nil
            return try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys])
        }
        var outputs: [(Data, Data)] = []
        for (name, speed) in [("a", "max"), ("b", "max")] {
            let out = dir.appendingPathComponent(name)
            let r = try FaultlineBinary.run([
                "replay", data.path, "--spec", spec.path, "--train-hours", "6", "--speed", speed, "--out", out.path, "--no-timings", "--quiet",
                "--jobs", name == "a" ? "1" : "2",
            ])
            #expect(r.status == 0, "stderr: \(r.stderr)")
            outputs.append(
                (try withoutRun(out.appendingPathComponent("results.json")), try Data(contentsOf: out.appendingPathComponent("alarms.csv"))))
        }
        #expect(outputs[0].0 == outputs[1].0)
        #expect(outputs[0].1 == outputs[1].1)
        // Paced at 100000× the 6 scored hours take ~0.2 s; the figures are those of the unpaced run, and the
        // row latencies are recorded.
        let paced = dir.appendingPathComponent("paced")
        let r = try FaultlineBinary.run([
            "replay", data.path, "--spec", spec.path, "--train-hours", "6", "--speed", "100000x", "--out", paced.path, "--quiet",
        ])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let timed = try Self.records(paced).filter { !$0.key.contains("|row_latency_") && !$0.key.contains("|fit_s|") }
        let untimed = try Self.records(dir.appendingPathComponent("a"))
        let comparable = timed.filter { k, _ in !["|score_s|", "|points_per_s|"].contains { k.contains($0) } }
        #expect(comparable == untimed)
        let results = try String(contentsOf: paced.appendingPathComponent("results.json"), encoding: .utf8)
        #expect(results.contains("\"row_latency_p99_us\""))
        let alarms = try String(contentsOf: paced.appendingPathComponent("alarms.csv"), encoding: .utf8)
        #expect(alarms.hasPrefix("dataset,model,seed,row,timestamp_ms,time,score,threshold,fault,fault_kind,time_to_detect_s,wall_s\n"))
    }

    @Test func whatCannotRunLiveIsAUsageErrorNamingTheSpecEntry() throws {
        let dir = try SharedData.temporaryDirectory("e2e-replay-bad")
        let data = try Self.simulate(dir)
        let bestOnTest = dir.appendingPathComponent("best.yaml")
        try """
        name: best
        datasets: [{scenario: \(Self.tinyScenario)}]
        models:
          - name: zscore
            threshold: {policy: bestOnTest}
        """.write(to: bestOnTest, atomically: true, encoding: .utf8)
        let b = try FaultlineBinary.run(["replay", data.path, "--spec", bestOnTest.path, "--out", dir.appendingPathComponent("x").path, "--quiet"])
        #expect(b.status == 2)
        #expect(b.stderr.contains("best.yaml") && b.stderr.contains("models[0].threshold") && b.stderr.contains("cannot run live"), "\(b.stderr)")

        let speed = try FaultlineBinary.run(["replay", data.path, "--speed", "fast", "--quiet"])
        #expect(speed.status == 2)
        #expect(speed.stderr.contains("--speed takes max, realtime or N×"), "\(speed.stderr)")

        let hours = try FaultlineBinary.run(["replay", data.path, "--train-hours", "0", "--quiet"])
        #expect(hours.status == 2)

        let missing = try FaultlineBinary.run(["replay", dir.appendingPathComponent("nowhere").path, "--quiet"])
        #expect(missing.status == 3, "\(missing.stderr)")
        #expect(missing.stderr.contains("nowhere"))
    }

    @Test func anImportedQueryRangeFileReplaysWithTimeToDetect() throws {
        let dir = try SharedData.temporaryDirectory("e2e-replay-qr")
        let data = try Self.simulate(dir)
        let json = dir.appendingPathComponent("tiny.json"), imported = dir.appendingPathComponent("imported")
        let e = try FaultlineBinary.run(["export", data.path, "--format", "query-range", "--out", json.path, "--quiet"])
        #expect(e.status == 0, "stderr: \(e.stderr)")
        let i = try FaultlineBinary.run(["import", "query-range", json.path, "--out", imported.path, "--quiet"])
        #expect(i.status == 0, "stderr: \(i.stderr)")
        let out = dir.appendingPathComponent("run")
        let r = try FaultlineBinary.run(["replay", imported.path, "--train-hours", "6", "--out", out.path, "--quiet"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        // Both faults of the tiny scenario come back from faultline_fault_active and get a row each.
        let table = r.stdout.split(separator: "\n").map(String.init)
        #expect(table.first?.hasPrefix("Time to detect") == true, "\(r.stdout)")
        #expect(table.contains { $0.contains("f1") && $0.contains("cpu-hog") })
        #expect(table.contains { $0.contains("f2") && $0.contains("dependency-outage") })
        let results = try String(contentsOf: out.appendingPathComponent("results.json"), encoding: .utf8)
        #expect(results.contains("\"time_to_detect_median_s\""))
    }

    @Test(.enabled(if: SharedData.available("nezha-metrics"), "needs ../shared/datasets/nezha-metrics"))
    func aNezhaDayReplaysTrainedOnTheDayBefore() throws {
        let nezha = try SharedData.require("nezha-metrics")
        let dir = try SharedData.temporaryDirectory("e2e-replay-nezha")
        var days: [URL] = []
        for day in ["2022-08-22", "2022-08-23"] {
            let out = dir.appendingPathComponent(day)
            let i = try FaultlineBinary.run([
                "import", "nezha", nezha.appendingPathComponent("online-boutique/\(day)").path, "--out", out.path, "--quiet",
            ])
            #expect(i.status == 0, "stderr: \(i.stderr)")
            days.append(out)
        }
        // The 23rd's first fault is two minutes in: no lead-in to train on, so the automatic split refuses it.
        let refused = try FaultlineBinary.run(["replay", days[1].path, "--out", dir.appendingPathComponent("x").path, "--quiet"])
        #expect(refused.status == 3, "\(refused.stderr)")
        let out = dir.appendingPathComponent("run")
        let r = try FaultlineBinary.run(["replay", days[1].path, "--train-on", days[0].path, "--out", out.path, "--quiet", "--no-timings"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let faultRows = r.stdout.split(separator: "\n").filter { $0.contains("2022-08-23T") }
        #expect(faultRows.count >= 30, "\(r.stdout)")
        let results = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("results.json"))) as? [String: Any])
        let notes = try #require(results["notes"] as? [String])
        #expect(notes.contains { $0.contains("trained on") && $0.contains("after its last labelled fault") }, "\(notes)")
        let datasets = try #require(results["datasets"] as? [[String: Any]])
        #expect((datasets.first?["events"] as? Int ?? 0) >= 30)
        // End to end (issue 13): the suite's faults of the 23rd ranked again at a streaming detector's alarms.
        let detections = try String(contentsOf: out.appendingPathComponent("detections.csv"), encoding: .utf8)
        let holt = detections.split(separator: "\n").dropFirst().filter { $0.split(separator: ",")[1] == "holt_winters" }
        #expect(holt.count == datasets.first?["events"] as? Int)
        let rca = try FaultlineBinary.run([
            "rca", nezha.path, "--detected", out.path, "--detector", "holt_winters", "--offsets", "0", "--resamples", "0", "--json",
        ])
        #expect(rca.status == 0, "stderr: \(rca.stderr)")
        let report = try RootCauseCurveTests.json(rca)
        let coupled = try #require(report["coupled"] as? [String: Any])
        let cases = coupled["cases"] as? Int ?? 0, detected = coupled["detected"] as? Int ?? -1
        #expect(cases == holt.count && cases >= 30)
        #expect(detected + (coupled["masked"] as? Int ?? 0) + (coupled["missed"] as? Int ?? 0) == cases)
        #expect(coupled["masked"] as? Int == holt.filter { $0.hasSuffix(",true") }.count)
        #expect(detected == holt.filter { $0.hasSuffix(",false") && !$0.contains(",,") }.count)
        let rankers = try #require(coupled["rankers"] as? [[String: Any]])
        #expect(rankers.count == 6)
        for r in rankers {
            // Coupled accuracy over every case can never beat "detected cases only" weighted by their share.
            let all = r["coupled_avg@5"] as? Double ?? -1, onDetected = r["detected_avg@5"] as? Double ?? .nan
            if detected > 0 { #expect(abs(all - onDetected * Double(detected) / Double(cases)) < 1e-9, "\(r)") }
        }
    }

    /// `rca --detected`: the tiny scenario replayed, its two faults ranked again at a detector's alarms; bad
    /// detections input is refused with the file, line or flag named.
    @Test func aReplaysDetectionsRankTheFaultsAgainAtTheAlarms() throws {
        let dir = try SharedData.temporaryDirectory("e2e-replay-rca")
        let data = try Self.simulate(dir)
        let spec = try Self.spec(dir)
        let out = dir.appendingPathComponent("run")
        let r = try FaultlineBinary.run([
            "replay", data.path, "--spec", spec.path, "--train-hours", "6", "--out", out.path, "--quiet", "--no-timings",
        ])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let file = out.appendingPathComponent("detections.csv")
        let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n")
        #expect(lines.first == "dataset,model,seed,fault,fault_kind,start_ms,detected_ms,time_to_detect_s,already_alarming")
        // Every model and seed (isolation_forest has 5) on every scored fault.
        #expect(lines.count - 1 == (3 + 5) * 2, "\(lines)")
        let rca = try FaultlineBinary.run([
            "rca", Self.tinyScenario, "--seed", "7", "--detected", file.path, "--detector", "zscore", "--offsets", "0", "--resamples", "0", "--json",
        ])
        #expect(rca.status == 0, "stderr: \(rca.stderr)")
        let coupled = try #require(try RootCauseCurveTests.json(rca)["coupled"] as? [String: Any])
        #expect(coupled["cases"] as? Int == 2 && coupled["detector"] as? String == "zscore", "\(coupled)")
        let text = try FaultlineBinary.run([
            "rca", Self.tinyScenario, "--seed", "7", "--detected", out.path, "--detector", "zscore", "--offsets", "0",
        ])
        #expect(text.status == 0 && text.stdout.contains("Detected time (zscore"), "\(text.stdout)")
        // Several models and none named; a model the file does not hold; --detector alone; a missing file.
        for (args, word) in [
            (["--detected", file.path], "--detector"), (["--detected", file.path, "--detector", "zscor"], "zscore"),
            (["--detector", "zscore"], "--detected"), (["--detected", dir.appendingPathComponent("none.csv").path], "none.csv"),
        ] {
            let bad = try FaultlineBinary.run(["rca", Self.tinyScenario, "--offsets", "0", "--resamples", "0"] + args)
            #expect(bad.status == 2 && bad.stderr.contains(word), "\(args): \(bad.status) \(bad.stderr)")
        }
        // A malformed row: exit 3 naming the line and column.
        let broken = dir.appendingPathComponent("broken.csv")
        let cut = lines[2][..<(lines[2].lastIndex(of: ",") ?? lines[2].endIndex)]
        try (lines[0] + "\n" + lines[1] + "\n" + cut + ",maybe\n").write(to: broken, atomically: true, encoding: .utf8)
        let bad = try FaultlineBinary.run(["rca", Self.tinyScenario, "--offsets", "0", "--detected", broken.path, "--detector", "zscore"])
        #expect(bad.status == 3 && bad.stderr.contains("broken.csv:3:9") && bad.stderr.contains("maybe"), "\(bad.stderr)")
    }

    @Test func anInjectedFaultIsLabelledScoredAndWrittenWithTheRecording() throws {
        let dir = try SharedData.temporaryDirectory("e2e-replay-inject")
        let data = try Self.simulate(dir)
        let out = dir.appendingPathComponent("run")
        // The tiny run is 12 h: trained on the first 6, an API memory leak 3 h into the scored part.
        let r = try FaultlineBinary.run([
            "replay", data.path, "--train-hours", "6", "--inject", "kind=memory-leak,target=api,at=2h,for=40m,intensity=severe", "--out",
            out.path, "--quiet", "--no-timings",
        ])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stdout.split(separator: "\n").contains { $0.contains("inj1") && $0.contains("memory-leak") })
        let inspect = try FaultlineBinary.run(["inspect", out.appendingPathComponent("dataset").path])
        #expect(inspect.status == 0, "stderr: \(inspect.stderr)")
        #expect(inspect.stdout.contains("inj1  memory-leak  target api"), "\(inspect.stdout)")
        let results = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("results.json"))) as? [String: Any])
        let datasets = try #require(results["datasets"] as? [[String: Any]])
        #expect(datasets.first?["events"] as? Int == 3, "two simulated faults and the injected one")
        // The written recording evaluates to the replay's figures.
        let again = dir.appendingPathComponent("again")
        let r2 = try FaultlineBinary.run([
            "replay", out.appendingPathComponent("dataset").path, "--train-hours", "6", "--out", again.path, "--quiet", "--no-timings",
        ])
        #expect(r2.status == 0, "stderr: \(r2.stderr)")
        let a = try Self.records(out), b = try Self.records(again)
        #expect(a == b)

        let bad = try FaultlineBinary.run(["replay", data.path, "--train-hours", "6", "--inject", "kind=cpu-hog,target=nowhere,at=1h", "--quiet"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("no entity 'nowhere'"), "\(bad.stderr)")
    }
}
