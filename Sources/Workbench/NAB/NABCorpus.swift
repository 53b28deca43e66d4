import Evaluation
import Foundation
import Interop
import Telemetry

/// A NAB-layout corpus with one detector's results, loaded and checked, ready for `NABScorer`.
///
/// Corpus layout: `data/<category>/<name>.csv` (`timestamp,value`), `labels/combined_windows.json`
/// (`{"<category>/<name>.csv": [[start, end], …]}`, timestamps with an optional `.ffffff` suffix), and
/// optionally `config/profiles.json`. Results layout: `<results>/<category>/<detector>_<name>.csv` with
/// an `anomaly_score` column, one row per data row.
public struct NABCorpus: Sendable {
    /// The corpus folder.
    public var corpusURL: URL
    /// The results folder.
    public var resultsURL: URL
    /// The detector's name (the results files' prefix).
    public var detector: String
    /// Files in label-file order (sorted by name), windows as rows, scores from the results.
    public var files: [NABFile]
    /// Files whose timestamps repeat a value or step back (kept in file order, as NAB does).
    public var filesWithIrregularTimestamps: [String]
    /// Scores outside [0, 1] that were clipped into it (only with `clipScores`).
    public var clippedScores: Int

    /// Loads the corpus and one detector's results.
    ///
    /// - Parameters:
    ///   - corpus: corpus folder.
    ///   - results: the detector's results folder.
    ///   - detector: the results files' prefix; nil → the folder's name, or inferred from the files.
    ///   - clipScores: clip finite scores outside [0, 1] instead of rejecting them (counted in `clippedScores`).
    /// - Throws: `UsageError` for a missing folder, `DataError` (naming file and line) for a missing or
    ///   malformed file, a window bound that matches no row, or a bad score.
    public static func load(corpus: URL, results: URL, detector: String? = nil, clipScores: Bool = false) throws -> NABCorpus {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: corpus.path, isDirectory: &isDir), isDir.boolValue else {
            throw UsageError("corpus folder \(corpus.path) does not exist", hint: "pass the NAB corpus folder (holding data/ and labels/)")
        }
        guard FileManager.default.fileExists(atPath: results.path, isDirectory: &isDir), isDir.boolValue else {
            throw UsageError("results folder \(results.path) does not exist", hint: "pass a folder laid out as <category>/<detector>_<name>.csv")
        }
        let windowsByFile = try NABCorpusLayout.readWindows(corpus.appendingPathComponent("labels/combined_windows.json"))
        let names = windowsByFile.keys.sorted()
        guard let firstName = names.first else {
            throw DataError("\(corpus.path)/labels/combined_windows.json: no files listed")
        }
        let det = try detector ?? NABCorpusLayout.inferDetector(results: results, firstFile: firstName)
        var files: [NABFile] = []
        var irregular: [String] = []
        var clipped = 0
        files.reserveCapacity(names.count)
        for name in names {
            let dataURL = corpus.appendingPathComponent("data").appendingPathComponent(name)
            let ts = try NABCSVReader.timestamps(of: dataURL)
            let resultURL = NABCorpusLayout.resultsFile(results: results, detector: det, file: name)
            guard FileManager.default.fileExists(atPath: resultURL.path) else {
                throw DataError(
                    "\(resultURL.path): missing results file for \(name)",
                    hint: "the results folder must hold <category>/\(det)_<name>.csv for every corpus file")
            }
            let scores = try NABCSVReader.scores(of: resultURL, expecting: ts, dataFile: dataURL, clip: clipScores, clipped: &clipped)
            let windows = try NABCorpusLayout.rows(of: windowsByFile[name] ?? [], in: ts, file: name, dataURL: dataURL)
                .map { RowInterval($0.lowerBound, $0.upperBound) }
            var i = 1
            while i < ts.count { if ts[i] <= ts[i - 1] { irregular.append(name); break }; i += 1 }
            files.append(NABFile(name: name, windows: windows, scores: scores))
        }
        return NABCorpus(
            corpusURL: corpus, resultsURL: results, detector: det, files: files,
            filesWithIrregularTimestamps: irregular, clippedScores: clipped)
    }
}
