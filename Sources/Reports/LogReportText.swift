import Evaluation
import Foundation

/// What `faultline logs parse` prints.
extension LogParsingReport {
    /// A plain-text table.
    public func text() -> String {
        var out =
            "Template mining (Drain-style, depth \(configuration.depth), similarity \(configuration.similarityThreshold), max children \(configuration.maxChildren)) on \(dataset)\n"
        out += "system      lines     GA   templates  truth  µs/line\n"
        for s in systems {
            out += s.system.padding(toLength: 8, withPad: " ", startingAt: 0)
            out += String(
                format: " %8d  %6.4f  %9d  %5d  %7.2f\n", s.lines, s.groupingAccuracy, s.templates, s.truthTemplates, s.microsecondsPerLine)
        }
        return out
    }

    /// Pretty-printed JSON with sorted keys.
    public func json() throws -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try e.encode(self), as: UTF8.self) + "\n"
    }
}

/// What `faultline logs sessions` prints.
extension LogSessionReport {
    /// A plain-text report: one confusion matrix and P/R/F1 line per model, then the ceiling.
    public func text() -> String {
        var out = "Session anomaly detection on \(dataset)\n"
        out +=
            "train \(trainSessions) sessions (\(trainAnomalies) anomalous), test \(testSessions) sessions (\(testAnomalies) anomalous), \(eventTypes.count) event types\n\n"
        out += "model        TP   FP   FN    TN   precision  recall     F1      AP   ROC-AUC  threshold\n"
        func f(_ v: Double?) -> String { v.map { String(format: "%.4f", $0) } ?? "  n/a " }
        for m in models {
            out += m.model.padding(toLength: 10, withPad: " ", startingAt: 0)
            out += String(format: " %4d %4d %4d %5d", m.tp, m.fp, m.fn, m.tn)
            out += "     \(f(m.precision))   \(f(m.recall))  \(f(m.f1))  \(f(m.averagePrecision))  \(f(m.rocAUC))  \(m.threshold)\n"
        }
        out += "\n"
        for m in models { out += "\(m.model): \(m.details) (\(String(format: "%.1f", m.milliseconds)) ms)\n" }
        out += "\nseparability ceiling (majority label per distinct test count vector): F1 \(f(ceiling.f1)), "
        out += "TP \(ceiling.tp) FP \(ceiling.fp) FN \(ceiling.fn); \(ceiling.ambiguousTestAnomalies) of \(testAnomalies) test anomalies "
        out += "share their count vector with a Normal test session\n"
        return out
    }

    /// Pretty-printed JSON with sorted keys.
    public func json() throws -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try e.encode(self), as: UTF8.self) + "\n"
    }
}

/// What `faultline logs windows` prints.
extension LogWindowReport {
    /// A plain-text summary.
    public func text() -> String {
        var out = "Log templates of \(dataset): \(records) records, \(templates.count) templates, "
        out += "\(windows) windows of \(windowMs) ms every \(stepMs) ms\n"
        if let ga = groupingAccuracy, let n = recordedTemplates {
            out += String(format: "grouping accuracy against the %d recorded template ids: %.4f\n", n, ga)
        }
        out += "\n   id  records  windows  template\n"
        for t in templates {
            out += String(format: "%5d  %7d  %7d  ", t.id, t.records, t.windows) + t.text + "\n"
        }
        return out
    }

    /// Pretty-printed JSON with sorted keys.
    public func json() throws -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try e.encode(self), as: UTF8.self) + "\n"
    }
}
