import FaultlineTestSupport
import Foundation
import Testing

/// `faultline evaluate` on a predicting spec draws the lead-time section of `report.html` (issue 14) from the run's own
/// pooled figures, the same whatever the thread count.
@Suite struct LeadTimeReportTests {
    /// The lead-time section of a report page.
    static func section(_ html: String) throws -> String {
        let start = try #require(html.range(of: "<section id=\"lead-time\">"))
        let end = try #require(html[start.upperBound...].range(of: "</section>"))
        return String(html[start.lowerBound..<end.upperBound])
    }

    @Test func theSectionShowsThePooledRecordsOfResultsJSONAndDoesNotDependOnTheJobCount() throws {
        let dir = try SharedData.temporaryDirectory("lead-time-report")
        let url = dir.appendingPathComponent("lead.yaml")
        try """
        name: lead
        datasets:
          - scenario: tiny
            seeds: [1, 2, 3, 4]
        prediction: {warning_time: 0m, prediction_period: 60m, train_seeds: [1]}
        predictors:
          - name: theil_sen
          - name: persistence
        models:
          - name: zscore
        """.write(to: url, atomically: true, encoding: .utf8)
        var sections: [String] = []
        for jobs in ["1", "2"] {
            let out = dir.appendingPathComponent("out-\(jobs)")
            let r = try FaultlineBinary.run(["evaluate", url.path, "--quiet", "--no-timings", "--jobs", jobs, "--out", out.path])
            #expect(r.status == 0, "\(r.stderr)")
            let html = try String(contentsOf: out.appendingPathComponent("report.html"), encoding: .utf8)
            sections.append(try Self.section(html))
            let summary = try String(contentsOf: out.appendingPathComponent("summary.md"), encoding: .utf8)
            #expect(summary.contains("## Failure prediction — lead time (test seeds, pooled)"))
            #expect(!html.contains("<h2>pooled (test seeds)</h2>"))
        }
        #expect(sections[0] == sections[1])
        let section = sections[0]
        #expect(section.contains("<h3>Test seeds (pooled)</h3>") && section.contains("<h3>Train seeds (pooled)</h3>"))
        #expect(section.contains("This run: Δt_l = 0 s, Δt_p = 60 min."))
        #expect(section.contains("<td>zscore</td><td>detector</td>"))

        let data = try Data(contentsOf: dir.appendingPathComponent("out-1/results.json"))
        let obj = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let leadTimes = try #require(obj["leadTimes"] as? [[String: Any]])
        #expect(leadTimes.count == 6)  // 3 models × 2 roles
        #expect(leadTimes.allSatisfy { $0["runWarningTimeSeconds"] as? Double == 0 && $0["predictionPeriodSeconds"] as? Double == 3600 })
        let metrics = try #require(obj["metrics"] as? [[String: Any]])
        func pooled(_ model: String, _ metric: String) -> Double?? {
            metrics.first {
                $0["dataset"] as? String == "pooled (test seeds)" && $0["model"] as? String == model && $0["metric"] as? String == metric
                    && ($0["group"] as? [String: String] ?? [:]).isEmpty
            }.map { $0["value"] as? Double }
        }
        // tiny's faults reach users within minutes: with Δt_l = 0 persistence and zscore warn before some (leads, defined
        // precision), theil_sen before none (n/a).
        var defined = 0, undefined = 0
        // Each test row's sort keys (data-v) are the pooled records; an undefined record is an empty key and "n/a".
        for model in ["theil_sen", "persistence", "zscore"] {
            let rowStart = try #require(section.range(of: "<tr><td>\(model)</td>"))
            let row = String(section[rowStart.lowerBound..<(section[rowStart.upperBound...].range(of: "</tr>")?.upperBound ?? section.endIndex)])
            let keys = row.components(separatedBy: "data-v=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
            let texts = row.components(separatedBy: "\">").dropFirst().map { String($0.prefix { $0 != "<" }) }
            let metricsInOrder = [
                "predicted_failures", "lead_time_median_s", "lead_time_p10_s", "lead_time_p90_s", "prediction_precision", "prediction_recall",
            ]
            #expect(keys.count == metricsInOrder.count, "\(row)")
            for (k, metric) in metricsInOrder.enumerated() where k < keys.count {
                let want = try #require(pooled(model, metric), "\(model) \(metric): no pooled record")
                if let want {
                    let got = try #require(Double(keys[k]), "\(model) \(metric): '\(keys[k])'")
                    #expect(abs(got - want) <= 1e-9 * max(1, abs(want)), "\(model) \(metric)")
                    defined += 1
                } else {
                    #expect(keys[k].isEmpty && texts.indices.contains(k) && texts[k] == "n/a", "\(model) \(metric): \(row)")
                    undefined += 1
                }
            }
        }
        #expect(defined > 6 && undefined > 0, "defined \(defined), undefined \(undefined)")
    }
}
