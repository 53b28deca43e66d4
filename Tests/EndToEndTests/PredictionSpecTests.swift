import FaultlineTestSupport
import Foundation
import Testing

/// Predictors in `faultline evaluate` specs (METRICS §7): the spec's bad values exit 2 naming the key, and a
/// train/test split writes per-seed and pooled lead-time records with their role.
@Suite struct PredictionSpecTests {
    static func spec(_ name: String, prediction: String, seeds: String = "[1]") throws -> URL {
        let dir = try SharedData.temporaryDirectory("prediction-\(name)")
        let url = dir.appendingPathComponent("\(name).yaml")
        let text = """
            name: \(name)
            datasets:
              - scenario: tiny
                seeds: \(seeds)
            prediction: \(prediction)
            predictors:
              - name: theil_sen
              - name: persistence
            """
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test func aNonPositivePredictionPeriodIsAUsageErrorNamingTheKey() throws {
        let url = try Self.spec("period", prediction: "{warning_time: 5m, prediction_period: 0m}")
        let r = try FaultlineBinary.run([
            "evaluate", url.path, "--quiet", "--out", url.deletingLastPathComponent().appendingPathComponent("out").path,
        ])
        #expect(r.status == 2)
        #expect(r.stderr.contains("prediction.prediction_period"), "\(r.stderr)")
    }

    @Test func aHorizonShorterThanTheStepIsAUsageError() throws {
        // tiny runs at 60 s steps.
        let url = try Self.spec("horizon", prediction: "{warning_time: 1m, prediction_period: 10m, horizon: 30s}")
        let r = try FaultlineBinary.run([
            "evaluate", url.path, "--quiet", "--out", url.deletingLastPathComponent().appendingPathComponent("out").path,
        ])
        #expect(r.status == 2)
        #expect(r.stderr.contains("horizon") && r.stderr.contains("shorter than the step"), "\(r.stderr)")
    }

    /// A `for:` hold on a predictor's threshold is honoured (it was once ignored for predictors): the held copy warns
    /// only on rows where the plain one has warned for the whole hold, so its warning rows are a strict subset (the
    /// seeded random predictor at θ 0.3 warns on about 70 % of rows, in short runs).
    @Test func aForHoldOnAPredictorKeepsOnlyWarningsHeldThatLong() throws {
        let dir = try SharedData.temporaryDirectory("prediction-hold")
        let url = dir.appendingPathComponent("hold.yaml")
        try """
        name: hold
        datasets:
          - scenario: tiny
            seeds: [1]
        prediction: {warning_time: 5m, prediction_period: 30m}
        predictors:
          - name: random
            threshold: {policy: fixed, value: 0.3}
          - name: random
            label: random-held
            threshold: {policy: fixed, value: 0.3, for: 5m}
        """.write(to: url, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("out")
        let r = try FaultlineBinary.run(["evaluate", url.path, "--quiet", "--no-timings", "--out", out.path])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = try String(contentsOf: out.appendingPathComponent("warnings.csv"), encoding: .utf8).split(separator: "\n").dropFirst()
        func rows(_ label: String) -> Set<Int> {
            Set(lines.map { $0.split(separator: ",", omittingEmptySubsequences: false) }.filter { $0[2] == label }.compactMap { Int($0[3]) })
        }
        let plain = rows("random"), held = rows("random-held")
        #expect(!plain.isEmpty && held.count < plain.count && held.isSubset(of: plain), "plain \(plain.count), held \(held.count)")
        // Held 5 minutes at tiny's 60 s steps is 6 rows: about 0.7⁵ ≈ 17 % of the plain warnings survive (warnings.csv
        // lists eligible rows only, so the rows before a held one cannot all be checked here).
        #expect(Double(held.count) < 0.4 * Double(plain.count), "plain \(plain.count), held \(held.count)")
    }

    @Test func trainAndTestSeedsGiveRoleTaggedAndPooledLeadTimeRecords() throws {
        let url = try Self.spec("split", prediction: "{warning_time: 5m, prediction_period: 30m, train_seeds: [1]}", seeds: "[1, 2]")
        let out = url.deletingLastPathComponent().appendingPathComponent("out")
        let r = try FaultlineBinary.run(["evaluate", url.path, "--quiet", "--no-timings", "--out", out.path])
        #expect(r.status == 0, "\(r.stderr)")
        let data = try Data(contentsOf: out.appendingPathComponent("results.json"))
        let obj = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let metrics = try #require(obj["metrics"] as? [[String: Any]])
        func records(_ model: String, _ metric: String) -> [[String: Any]] {
            metrics.filter { $0["model"] as? String == model && $0["metric"] as? String == metric }
        }
        for model in ["theil_sen", "persistence"] {
            let precision = records(model, "prediction_precision")
            let roles = Set(precision.compactMap { ($0["parameters"] as? [String: String])?["role"] })
            #expect(roles == ["train", "test"], "\(model): roles \(roles)")
            #expect(precision.contains { ($0["dataset"] as? String)?.hasPrefix("pooled") == true }, "\(model): no pooled record")
            #expect(!records(model, "lead_time_median_s").isEmpty && !records(model, "false_warnings_per_day").isEmpty)
        }
        // The same spec twice: the same metric records (the run block names its own command and folder).
        let again = url.deletingLastPathComponent().appendingPathComponent("again")
        #expect(try FaultlineBinary.run(["evaluate", url.path, "--quiet", "--no-timings", "--out", again.path]).status == 0)
        let second = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: again.appendingPathComponent("results.json"))) as? [String: Any])
        let a = try JSONSerialization.data(withJSONObject: metrics, options: [.sortedKeys])
        let b = try JSONSerialization.data(withJSONObject: try #require(second["metrics"] as? [[String: Any]]), options: [.sortedKeys])
        #expect(a == b)

        // warnings.csv: every eligible warning row; per predictor and seed its true rows over all rows is the
        // dataset's prediction_precision record, and a second run writes the same bytes.
        let csv = try String(contentsOf: out.appendingPathComponent("warnings.csv"), encoding: .utf8)
        #expect(csv == (try String(contentsOf: again.appendingPathComponent("warnings.csv"), encoding: .utf8)))
        let lines = csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(lines.first == ["dataset", "seed", "predictor", "row", "timestamp_ms", "score", "outcome", "failure", "during"])
        var checked = 0
        for model in ["theil_sen", "persistence"] {
            for seed in ["1", "2"] {
                let rows = lines.dropFirst().filter { $0[2] == model && $0[1] == seed }
                let record = records(model, "prediction_precision").first {
                    ($0["seed"] as? Int).map(String.init) == seed && ($0["group"] as? [String: String] ?? [:]).isEmpty
                        && ($0["dataset"] as? String)?.hasPrefix("pooled") == false
                }
                guard let value = record?["value"] as? Double else { continue }
                let truth = rows.filter { $0[6] == "true" }.count
                #expect(abs(Double(truth) / Double(rows.count) - value) < 1e-12, "\(model) seed \(seed)")
                #expect(rows.allSatisfy { ["true", "too-late", "too-early", "false"].contains($0[6]) })
                checked += 1
            }
        }
        #expect(checked > 0, "no predictor had a defined precision to check against")
    }
}
