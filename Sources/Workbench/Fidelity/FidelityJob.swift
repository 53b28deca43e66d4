import Evaluation
import Foundation
import Interop
import Reports
import Telemetry

/// `faultline fidelity DATASET --reference PATH`: read a Faultline dataset and a recording, compare them
/// statistic by statistic (METRICS.md §12), render, and write the report files when asked.
public enum FidelityJob {
    /// What the command prints and which files it wrote.
    public struct Outcome: Sendable {
        /// The table (or, with `json`, the JSON object).
        public var output: String
        /// `fidelity.json`, `fidelity.md`, `fidelity.html` when an output folder was given.
        public var files: [URL]
        /// The comparison itself.
        public var report: FidelityReport
    }

    /// Runs the comparison.
    ///
    /// - Parameters:
    ///   - dataset: the Faultline dataset folder (the simulated side).
    ///   - reference: the recording to compare with.
    ///   - format: `nezha`, `smd`, `nab`, `csv` or `dataset`; nil infers it (`RecordingFormat.infer`).
    ///   - json: print the JSON instead of the table.
    ///   - out: folder for the three report files, written atomically.
    /// - Throws: `UsageError` (exit 2) for an unknown format, a missing path or a reference whose format
    ///   cannot be told; the readers' errors naming the file and line (exit 3 for bad content); `DataError`
    ///   when a side has nothing to compare.
    public static func run(dataset: URL, reference: URL, format: String?, json: Bool, out: URL?) throws -> Outcome {
        let chosen: RecordingFormat
        if let format {
            guard let f = RecordingFormat(rawValue: format) else {
                let names = RecordingFormat.allCases.map(\.rawValue)
                throw UsageError(
                    "unknown reference format '\(format)'\(NearestName.hint(format, among: names))", hint: "formats: \(names.joined(separator: ", "))"
                )
            }
            chosen = f
        } else {
            chosen = try RecordingFormat.infer(reference)
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dataset.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw UsageError("no dataset folder \(dataset.path)", hint: "write one with `faultline simulate SCENARIO --out DIR`")
        }
        let simulated = try RecordingFormat.dataset.read(dataset)
        let recorded = try chosen.read(reference)
        let report = try FidelityComparison.compare(simulated: simulated, reference: recorded)
        let files = try out.map { try FidelityReportWriter.write(report, to: $0) } ?? []
        var text = json ? try report.json() : report.text()
        if !json, let out { text += "wrote     \(FidelityReportWriter.files.joined(separator: ", ")) to \(out.path)\n" }
        return Outcome(output: text, files: files, report: report)
    }
}
