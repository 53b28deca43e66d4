import Evaluation
import Foundation
import Interop
import Telemetry

/// Where a detector's committed NAB thresholds come from, looked up in this order:
///
/// 1. `<corpus>/config/thresholds.json` (NAB's own: `{detector: {profile: {"threshold": θ, …}}}`);
/// 2. `<results>/thresholds.json` in the same shape, or `{profile: {"threshold": θ}}`;
/// 3. `<corpus>/reference_<detector>_scores.json` (`profiles.<profile>.threshold`);
/// 4. `<results>/<detector>_<profile>_scores.csv`, the `Threshold` column (written to 12 digits).
public enum NABThresholdSource {
    /// The committed threshold of `detector` for `profile` and the file it came from, or nil.
    ///
    /// - Throws: `DataError` when a thresholds file exists but is malformed.
    public static func committed(corpus: URL, results: URL, detector: String, profile: String) throws -> (threshold: Double, source: String)? {
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

    /// The profile named `name` of the corpus, or all of them for `all`.
    ///
    /// - Throws: `UsageError` for an unknown name (listing the known ones), `DataError` for a malformed file.
    public static func profiles(named name: String, corpus: URL) throws -> [NABProfile] {
        let available = try profiles(corpus: corpus)
        if name == "all" { return available }
        if let p = available.first(where: { $0.name == name }) { return [p] }
        throw UsageError(
            "unknown profile '\(name)'",
            hint: "one of: \((available.map(\.name) + ["all"]).joined(separator: ", "))")
    }

    /// The profiles of `<corpus>/config/profiles.json` (`{name: {"CostMatrix": {tpWeight, fpWeight, fnWeight}}}`),
    /// or METRICS §4's three when the file is absent.
    ///
    /// - Throws: `DataError` for a malformed file.
    public static func profiles(corpus: URL) throws -> [NABProfile] {
        let url = corpus.appendingPathComponent("config/profiles.json")
        guard let doc = try NABJSON.read(url) else { return NABProfile.all }
        guard let obj = doc.object else { throw DataError("\(url.path): not a JSON object") }
        var out: [NABProfile] = []
        for name in obj.keys.sorted() {
            guard let cm = obj[name]?["CostMatrix"],
                let tp = cm["tpWeight"]?.number, let fp = cm["fpWeight"]?.number, let fn = cm["fnWeight"]?.number
            else {
                throw DataError("\(url.path): profile \(name) lacks CostMatrix tpWeight/fpWeight/fnWeight")
            }
            out.append(NABProfile(name: name, tpWeight: tp, fpWeight: fp, fnWeight: fn))
        }
        // NAB's order first, then any extra profiles by name.
        let order = NABProfile.all.map(\.name)
        return out.sorted { (order.firstIndex(of: $0.name) ?? order.count, $0.name) < (order.firstIndex(of: $1.name) ?? order.count, $1.name) }
    }
}
