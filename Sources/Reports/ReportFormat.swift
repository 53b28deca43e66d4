/// The files `Reports` renders from one `RunResult`.
public enum ReportFormat: String, Sendable, CaseIterable {
    case json = "results.json"
    case markdown = "summary.md"
    case html = "report.html"
    case junit = "junit.xml"
    case openMetrics = "metrics.txt"
}
