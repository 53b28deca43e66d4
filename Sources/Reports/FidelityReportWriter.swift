import Evaluation
import Foundation

/// Writes `fidelity.json`, `fidelity.md` and `fidelity.html` into a folder, each atomically.
public enum FidelityReportWriter {
    /// The file names, in the order written.
    public static let files = ["fidelity.json", "fidelity.md", "fidelity.html"]

    /// Writes the three files (creating the folder) and returns their URLs.
    ///
    /// - Throws: `ReportError.write` naming the file that could not be written.
    public static func write(_ report: FidelityReport, to folder: URL) throws -> [URL] {
        let contents = [try report.json(), report.markdown(), try report.html()]
        return try zip(files, contents).map { name, text in
            let url = folder.appendingPathComponent(name)
            try AtomicWrite.write(Data(text.utf8), to: url)
            return url
        }
    }
}
