import Evaluation
import Foundation

/// `summary.md`: a leaderboard table per dataset with the baselines beside the models.
public enum MarkdownReport {
    /// Renders the summary.
    public static func render(_ result: RunResult) -> String {
        var out = "# \(result.run.name)\n\n"
        out += "Spec `\(result.run.spec)` · Faultline \(result.run.faultlineVersion)"
        if let rev = result.run.gitRevision { out += " · git \(rev)" }
        out += "\n\n"
        for note in result.notes { out += "> \(note)\n" }
        if !result.notes.isEmpty { out += "\n" }
        for table in Leaderboard.tables(for: result) {
            out += "## \(table.dataset)\n\n"
            for ds in result.datasets where ds.name == table.dataset {
                out +=
                    "\(ds.seed.map { "Seed \($0): " } ?? "")\(ds.rows) rows × \(ds.series) series, step \(ds.stepMs / 1000) s; trained on \(ds.trainRows) rows\(ds.split.map { " (\($0))" } ?? ""), scored \(ds.testRows); \(ds.events) fault events, \(ds.benignChanges) benign changes.\n\n"
            }
            // A run of predictors only has no detector figures: no leaderboard table, only the dataset lines.
            guard !table.columns.isEmpty else { continue }
            if result.datasets.filter({ $0.name == table.dataset }).count > 1 {
                out += "Values are means over seeds (std, min and max in `results.json`).\n\n"
            }
            out += "| model | " + table.columns.map(\.title).joined(separator: " | ") + " |\n"
            out += "| --- |" + String(repeating: " ---: |", count: table.columns.count) + "\n"
            for row in table.rows {
                let name = row.isBaseline ? "\(row.model) *(baseline)*" : row.isUpperBound ? "\(row.model) *(upper bound)*" : row.model
                out += "| \(name) | " + row.cells.map(Leaderboard.format).joined(separator: " | ") + " |\n"
            }
            out += "\n"
        }
        out += LeadTimeSection.markdown(result.leadTimes)
        if !result.models.isEmpty {
            out += "## Models\n\n| model | family | threshold policy | parameters |\n| --- | --- | --- | --- |\n"
            for m in result.models {
                let params = m.parameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
                out += "| \(m.name) | \(m.family) | \(m.thresholdPolicy) | \(params) |\n"
            }
            out += "\n"
        }
        if !result.failures.isEmpty {
            out += "## Failed models\n\n"
            for f in result.failures { out += "- \(f.model) on \(f.dataset): \(f.reason)\(f.logPath.map { " (see `\($0)`)" } ?? "")\n" }
            out += "\n"
        }
        let undefined = result.metrics.filter { $0.value == nil }.count
        if undefined > 0 { out += "\(undefined) metric values are undefined (see `results.json` for the reasons).\n" }
        return out
    }
}
