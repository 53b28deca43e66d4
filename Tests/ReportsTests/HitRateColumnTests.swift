import Evaluation
import Reports
import Testing

/// The HitRate@150 leaderboard column: shown where some model has a defined value, absent otherwise.
@Suite struct HitRateColumnTests {
    func run(ensembleHit: MetricValue) -> RunResult {
        var run = sampleRun()
        run.metrics.append(MetricRecord(dataset: "shop@1", seed: 1, model: "zscore", metric: "hit_rate@150", value: ensembleHit))
        run.metrics.append(
            MetricRecord(
                dataset: "shop@1", seed: 1, model: "threshold", metric: "hit_rate@150",
                value: .undefined("the model returns no per-series contributions")))
        return run
    }

    @Test func aDefinedHitRateAddsAColumnWithUndefinedSpelledOutForOtherModels() throws {
        let md = String(decoding: try ReportWriter.render(run(ensembleHit: .defined(0.875)), as: .markdown), as: UTF8.self)
        let header = try #require(md.split(separator: "\n").first { $0.hasPrefix("| model |") })
        #expect(header.contains("HitRate@150"))
        #expect(md.contains("0.875"))
        let thresholdRow = try #require(md.split(separator: "\n").first { $0.hasPrefix("| threshold |") })
        #expect(thresholdRow.contains("undefined"))
        #expect(TerminalSummary.render(run(ensembleHit: .defined(0.875))).contains("HitRate@150"))
    }

    @Test func noDefinedHitRateLeavesTheColumnOut() throws {
        let md = String(
            decoding: try ReportWriter.render(run(ensembleHit: .undefined("no labelled segment names its series")), as: .markdown),
            as: UTF8.self)
        #expect(!md.contains("HitRate@150"))
        // The records keep the reason in results.json.
        #expect(run(ensembleHit: .undefined("x")).metrics.contains { $0.metric == "hit_rate@150" && $0.undefinedReason == "x" })
    }
}
