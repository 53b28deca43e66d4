import Evaluation
import Reports
import Testing

/// A model scored with best-on-test thresholds is labelled an upper bound in every leaderboard (METRICS §10).
@Suite struct UpperBoundLabelTests {
    @Test func bestOnTestRowsAreMarkedInTheTerminalAndMarkdownLeaderboards() {
        var run = sampleRun()
        for i in run.metrics.indices where run.metrics[i].model == "threshold" { run.metrics[i].parameters["upper_bound"] = "best-on-test" }
        let text = TerminalSummary.render(run)
        #expect(text.contains("threshold (upper bound)"))
        #expect(!text.contains("zscore (upper bound)"))
        #expect(MarkdownReport.render(run).contains("threshold *(upper bound)*"))
    }
}
