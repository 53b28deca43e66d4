import Evaluation
import Foundation

/// `junit.xml`: one test suite per dataset, one test case per model; a model that failed to run is
/// a failing case. (The gate writes its own JUnit file with one case per rule.)
public enum JUnitReport {
    /// Renders the JUnit XML.
    public static func render(_ result: RunResult) -> String {
        var datasets = result.datasets.map(\.name)
        for f in result.failures where !datasets.contains(f.dataset) { datasets.append(f.dataset) }
        var models = result.models.map(\.name)
        for f in result.failures where !models.contains(f.model) { models.append(f.model) }
        let totalFailures = result.failures.count
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"\(XMLText.escape(result.run.name))\" tests=\"\(datasets.count * models.count)\" failures=\"\(totalFailures)\">\n"
        for ds in datasets {
            let failures = result.failures.filter { $0.dataset == ds }
            out += "  <testsuite name=\"\(XMLText.escape(ds))\" tests=\"\(models.count)\" failures=\"\(failures.count)\">\n"
            for m in models {
                out += "    <testcase classname=\"\(XMLText.escape(ds))\" name=\"\(XMLText.escape(m))\""
                if let f = failures.first(where: { $0.model == m }) {
                    out += ">\n      <failure message=\"\(XMLText.escape(f.reason))\"/>\n    </testcase>\n"
                } else {
                    let f1 = result.value(.f1, dataset: ds, model: m)
                    out += ">\n      <system-out>f1=\(f1.map { String(format: "%.6f", $0) } ?? "undefined")</system-out>\n    </testcase>\n"
                }
            }
            out += "  </testsuite>\n"
        }
        out += "</testsuites>\n"
        return out
    }
}

/// Escaping for XML and HTML text and attribute values.
enum XMLText {
    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.count)
        for ch in s {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(ch)
            }
        }
        return out
    }
}
