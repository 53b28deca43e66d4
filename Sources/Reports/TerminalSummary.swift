import Evaluation
import Foundation

/// The short leaderboard `faultline evaluate` and `faultline demo` print on stdout: aligned plain
/// text, one block per dataset.
public enum TerminalSummary {
    /// Renders the leaderboards as aligned text.
    public static func render(_ result: RunResult) -> String {
        var out = ""
        for table in Leaderboard.tables(for: result) where !table.columns.isEmpty {  // predictors only: no figures here
            out += "\(table.dataset)\n"
            let header = ["model"] + table.columns.map(\.title)
            let rows = table.rows.map { row in
                [row.isBaseline ? "\(row.model) (baseline)" : row.isUpperBound ? "\(row.model) (upper bound)" : row.model]
                    + row.cells.map(Leaderboard.format)
            }
            let widths = header.indices.map { c in ([header] + rows).map { $0[c].count }.max() ?? 0 }
            func line(_ cells: [String]) -> String {
                cells.enumerated().map { c, s in
                    let pad = String(repeating: " ", count: widths[c] - s.count)
                    return c == 0 ? s + pad : pad + s
                }.joined(separator: "  ")
            }
            out += "  " + line(header) + "\n"
            for r in rows { out += "  " + line(r) + "\n" }
            out += "\n"
        }
        return out
    }
}
