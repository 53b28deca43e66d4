import Evaluation
import Foundation

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
        let windowsByFile = try readWindows(corpus.appendingPathComponent("labels/combined_windows.json"))
        let names = windowsByFile.keys.sorted()
        guard let firstName = names.first else {
            throw DataError("\(corpus.path)/labels/combined_windows.json: no files listed")
        }
        let det = try detector ?? inferDetector(results: results, firstFile: firstName)
        var files: [NABFile] = []
        var irregular: [String] = []
        var clipped = 0
        files.reserveCapacity(names.count)
        for name in names {
            let dataURL = corpus.appendingPathComponent("data").appendingPathComponent(name)
            let ts = try NABCSVReader.timestamps(of: dataURL)
            let resultURL = resultsFile(results: results, detector: det, file: name)
            guard FileManager.default.fileExists(atPath: resultURL.path) else {
                throw DataError("\(resultURL.path): missing results file for \(name)",
                                hint: "the results folder must hold <category>/\(det)_<name>.csv for every corpus file")
            }
            let scores = try NABCSVReader.scores(of: resultURL, expecting: ts, dataFile: dataURL, clip: clipScores, clipped: &clipped)
            let windows = try rows(of: windowsByFile[name] ?? [], in: ts, file: name, dataURL: dataURL)
            var i = 1
            while i < ts.count { if ts[i] <= ts[i - 1] { irregular.append(name); break }; i += 1 }
            files.append(NABFile(name: name, windows: windows, scores: scores))
        }
        return NABCorpus(corpusURL: corpus, resultsURL: results, detector: det, files: files,
                         filesWithIrregularTimestamps: irregular, clippedScores: clipped)
    }

    /// `<results>/<category>/<detector>_<name>.csv` for corpus file `<category>/<name>.csv`.
    static func resultsFile(results: URL, detector: String, file: String) -> URL {
        let parts = file.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        var url = results
        for dir in parts.dropLast() { url.appendPathComponent(dir) }
        return url.appendingPathComponent("\(detector)_\(parts.last ?? file)")
    }

    /// The folder's name when its files use it as prefix, else the unique prefix `X` of `X_<name>.csv`.
    static func inferDetector(results: URL, firstFile: String) throws -> String {
        let folderName = results.standardizedFileURL.lastPathComponent
        if FileManager.default.fileExists(atPath: resultsFile(results: results, detector: folderName, file: firstFile).path) {
            return folderName
        }
        let parts = firstFile.split(separator: "/").map(String.init)
        let dir = parts.dropLast().reduce(results) { $0.appendingPathComponent($1) }
        let suffix = "_" + (parts.last ?? firstFile)
        let candidates = ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? [])
            .filter { $0.hasSuffix(suffix) && $0.count > suffix.count }
            .map { String($0.dropLast(suffix.count)) }
        guard candidates.count == 1, let det = candidates.first else {
            throw DataError("\(dir.path): cannot tell the detector from the results files for \(firstFile) (found \(candidates.count) candidates)",
                            hint: "pass --detector NAME")
        }
        return det
    }

    /// Reads `combined_windows.json` into window bounds per file.
    static func readWindows(_ url: URL) throws -> [String: [(String, String)]] {
        guard let doc = try NABJSON.read(url) else {
            throw DataError("\(url.path): missing labels file", hint: "the corpus needs labels/combined_windows.json")
        }
        guard let dict = doc.object else {
            throw DataError("\(url.path): not a JSON object of file → windows")
        }
        var out: [String: [(String, String)]] = [:]
        for (file, value) in dict {
            guard let list = value.array else { throw DataError("\(url.path): key \(file): windows are not a list") }
            var windows: [(String, String)] = []
            for (k, w) in list.enumerated() {
                guard let pair = w.array, pair.count == 2, let a = pair[0].string, let b = pair[1].string else {
                    throw DataError("\(url.path): key \(file), window \(k): expected [start, end] timestamps")
                }
                windows.append((a, b))
            }
            out[file] = windows
        }
        return out
    }

    /// Maps window bounds to rows: the start is the first row with that timestamp, the end the first
    /// row at or after it with the end timestamp (NAB's windows match rows exactly).
    static func rows(of windows: [(String, String)], in ts: [Int64], file: String, dataURL: URL) throws -> [RowInterval] {
        var out: [RowInterval] = []
        var from = 0
        for (k, (a, b)) in windows.enumerated() {
            guard let ta = NABText.timestamp(a), let tb = NABText.timestamp(b) else {
                throw DataError("labels for \(file), window \(k): bad timestamp in [\(a), \(b)]")
            }
            guard let l = ts[from...].firstIndex(of: ta) else {
                throw DataError("labels for \(file), window \(k): start \(a) matches no row of \(dataURL.path) after row \(from)")
            }
            guard let r = ts[l...].firstIndex(of: tb) else {
                throw DataError("labels for \(file), window \(k): end \(b) matches no row of \(dataURL.path) after its start")
            }
            out.append(RowInterval(l, r))
            from = r + 1
        }
        return out
    }
}
