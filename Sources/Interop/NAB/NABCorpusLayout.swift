import Foundation
import Telemetry

/// The files of a NAB-layout corpus: `data/<category>/<name>.csv` (`timestamp,value`),
/// `labels/combined_windows.json` (`{"<category>/<name>.csv": [[start, end], …]}`, timestamps with an
/// optional `.ffffff` suffix), and a detector's results `<results>/<category>/<detector>_<name>.csv`.
/// Window bounds map to inclusive row ranges; Workbench turns them into the scorer's `NABFile`s.
public enum NABCorpusLayout {
    /// `<results>/<category>/<detector>_<name>.csv` for corpus file `<category>/<name>.csv`.
    public static func resultsFile(results: URL, detector: String, file: String) -> URL {
        let parts = file.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        var url = results
        for dir in parts.dropLast() { url.appendPathComponent(dir) }
        return url.appendingPathComponent("\(detector)_\(parts.last ?? file)")
    }

    /// The folder's name when its files use it as prefix, else the unique prefix `X` of `X_<name>.csv`.
    public static func inferDetector(results: URL, firstFile: String) throws -> String {
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
            throw DataError(
                "\(dir.path): cannot tell the detector from the results files for \(firstFile) (found \(candidates.count) candidates)",
                hint: "pass --detector NAME")
        }
        return det
    }

    /// Reads `combined_windows.json` into window bounds per file.
    public static func readWindows(_ url: URL) throws -> [String: [(String, String)]] {
        guard let doc = try NABJSON.read(url) else {
            throw DataError("\(url.path): missing labels file", hint: "the corpus needs labels/combined_windows.json")
        }
        guard let dict = doc.object else {
            throw DataError("\(url.path): not a JSON object of file → windows")
        }
        var out: [String: [(String, String)]] = [:]
        for (file, value) in dict {
            // Keys name data files and, in `nab run`, results files: `<category>/<name>.csv`, plain components only.
            let parts = file.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && !$0.hasPrefix(".") && !$0.contains("\\") }), file.hasSuffix(".csv") else {
                throw DataError("\(url.path): key '\(file.prefix(80))' is not a corpus file name <category>/<name>.csv")
            }
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
    public static func rows(of windows: [(String, String)], in ts: [Int64], file: String, dataURL: URL) throws -> [ClosedRange<Int>] {
        var out: [ClosedRange<Int>] = []
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
            out.append(l...r)
            from = r + 1
        }
        return out
    }

    /// The committed NAB threshold of `detector` for `profile` and the file it came from, or nil: from
    /// `<corpus>/config/thresholds.json`, `<results>/thresholds.json`, `<corpus>/reference_<detector>_scores.json`
    /// or the `Threshold` column of `<results>/<detector>_<profile>_scores.csv`, in that order.
    ///
    /// - Throws: `DataError` when a thresholds file exists but is malformed.
    public static func committedThreshold(corpus: URL, results: URL, detector: String, profile: String) throws -> (threshold: Double, source: String)?
    {
        let configURL = corpus.appendingPathComponent("config/thresholds.json")
        if let t = try NABJSON.read(configURL)?[detector]?[profile]?["threshold"]?.number {
            return (t, "config/thresholds.json")
        }
        let resultsJSON = results.appendingPathComponent("thresholds.json")
        if let obj = try NABJSON.read(resultsJSON),
            let t = (obj[detector]?[profile] ?? obj[profile])?["threshold"]?.number
        {
            return (t, resultsJSON.lastPathComponent + " in the results folder")
        }
        let referenceURL = corpus.appendingPathComponent("reference_\(detector)_scores.json")
        if let t = try NABJSON.read(referenceURL)?["profiles"]?[profile]?["threshold"]?.number {
            return (t, referenceURL.lastPathComponent)
        }
        let csvURL = results.appendingPathComponent("\(detector)_\(profile)_scores.csv")
        if FileManager.default.fileExists(atPath: csvURL.path) {
            guard let text = try? String(contentsOf: csvURL, encoding: .utf8) else {
                throw DataError("\(csvURL.path): cannot read the file")
            }
            let lines = text.split(whereSeparator: \.isNewline)
            guard let header = lines.first?.split(separator: ",").map(String.init),
                let col = header.firstIndex(of: "Threshold")
            else {
                throw DataError("\(csvURL.path) line 1: no 'Threshold' column")
            }
            for (k, line) in lines.enumerated().dropFirst() {
                let fields = line.split(separator: ",", omittingEmptySubsequences: false)
                guard fields.count > col, fields.first != "Totals" else { continue }
                guard let t = Double(fields[col]) else {
                    throw DataError("\(csvURL.path) line \(k + 1): Threshold '\(fields[col])' is not a number")
                }
                return (t, csvURL.lastPathComponent)
            }
        }
        return nil
    }

    /// The cost matrices of `<corpus>/config/profiles.json`
    /// (`{name: {"CostMatrix": {tpWeight, fpWeight, fnWeight}}}`) sorted by name, or nil when the file is absent.
    ///
    /// - Throws: `DataError` for a malformed file.
    public static func costMatrices(corpus: URL) throws -> [(name: String, tp: Double, fp: Double, fn: Double)]? {
        let url = corpus.appendingPathComponent("config/profiles.json")
        guard let doc = try NABJSON.read(url) else { return nil }
        guard let obj = doc.object else { throw DataError("\(url.path): not a JSON object") }
        var out: [(name: String, tp: Double, fp: Double, fn: Double)] = []
        for name in obj.keys.sorted() {
            guard let cm = obj[name]?["CostMatrix"],
                let tp = cm["tpWeight"]?.number, let fp = cm["fpWeight"]?.number, let fn = cm["fnWeight"]?.number
            else {
                throw DataError("\(url.path): profile \(name) lacks CostMatrix tpWeight/fpWeight/fnWeight")
            }
            out.append((name, tp, fp, fn))
        }
        return out
    }
}
